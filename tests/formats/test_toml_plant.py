"""Reading a plant.toml: the project file's tables, every problem with file and line."""

from __future__ import annotations

import pytest

from plantrack.formats.toml.plant import loads_plant_toml
from plantrack.scheduling.errors import InvalidInput

GOOD = """\
[plant]
name = "Plant 1"

[calendars.crew]
weekdays = ["mon", "tue", "wed", "thu", "fri", "sat"]

[resources.elec]
name = "Maintenance electricians"
capacity = 2
calendar = "crew"

[windows.aug-stop]
periods = [{ from = 2027-08-02T06:00:00, to = 2027-08-20T22:00:00 }]
"""


def test_a_plant_file_is_read_with_the_project_readers() -> None:
    plant = loads_plant_toml(GOOD, source="plant.toml")
    assert plant.name == "Plant 1"
    assert [c.id for c in plant.calendars] == ["crew"]
    assert [(r.id, r.capacity, r.calendar) for r in plant.resources] == [("elec", 2.0, "crew")]
    assert [w.id for w in plant.windows] == ["aug-stop"]


def test_errors_name_file_and_line() -> None:
    bad = GOOD.replace("capacity = 2", "capacity = -2").replace('calendar = "crew"', 'calendar = "nights"')
    with pytest.raises(InvalidInput) as caught:
        loads_plant_toml(bad, source="plant.toml")
    [problem] = caught.value.problems()
    assert problem.location == "plant.toml:9"
    assert "elec" in problem.message


def test_a_calendar_the_plant_lacks_is_located_at_its_resource() -> None:
    with pytest.raises(InvalidInput) as caught:
        loads_plant_toml(GOOD.replace('calendar = "crew"', 'calendar = "nights"'), source="plant.toml")
    [problem] = caught.value.problems()
    assert (problem.code, problem.location) == ("calendar-unknown", "plant.toml:7")


def test_a_missing_plant_table_is_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        loads_plant_toml(GOOD.replace("[plant]\n", "[plantt]\n"), source="plant.toml")
    assert caught.value.problems()[0].location is not None
