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


MEMBER = """\
[project]
name = "Vision"
start = 2027-05-03
calendar = "{project_calendar}"

[resources.cam]
name = "Camera integrator"
calendar = "{resource_calendar}"

[[tasks]]
id = "mount"
duration = "1d"

[[tasks]]
id = "wire"
duration = "8h"
window = "{window}"
calendar = "{task_calendar}"
resources = {{ elec = 1, {resource} = 1 }}
"""
GOOD_IDS = {
    "project_calendar": "standard",
    "resource_calendar": "crew",
    "window": "aug-stop",
    "task_calendar": "crew",
    "resource": "cam",
}


def _member_problems(**ids: str) -> list[tuple[str, str | None, tuple[str, ...]]]:
    from plantrack.formats.toml.reader import loads_project_toml

    plant = loads_plant_toml(GOOD, source="plant.toml")
    text = MEMBER.format(**{**GOOD_IDS, **ids})
    with pytest.raises(InvalidInput) as caught:
        loads_project_toml(text, source="vision.toml", plant=plant)
    return [(p.code, p.location, p.ids) for p in caught.value.problems()]


def test_a_member_file_naming_the_plant_ids_reads() -> None:
    from plantrack.formats.toml.reader import loads_project_toml

    project, warnings = loads_project_toml(
        MEMBER.format(**GOOD_IDS), source="vision.toml", plant=loads_plant_toml(GOOD)
    )
    assert [r.id for r in project.resources] == ["cam"] and warnings == []


@pytest.mark.parametrize(
    ("ids", "line", "user"),
    [
        ({"window": "july-stop"}, 17, ("wire",)),
        ({"task_calendar": "weekend"}, 18, ("wire",)),
        ({"resource": "robot"}, 19, ("wire",)),
        ({"resource_calendar": "nights"}, 8, ("cam",)),
        ({"project_calendar": "nights"}, 4, ()),
    ],
)
def test_an_id_neither_has_is_located_at_the_line_using_it(
    ids: dict[str, str], line: int, user: tuple[str, ...]
) -> None:
    [ident] = ids.values()
    assert _member_problems(**ids) == [("plant-id-unknown", f"vision.toml:{line}", (*user, ident))]


def test_every_unknown_use_is_named_at_its_own_line() -> None:
    found = _member_problems(window="july-stop", resource="robot", resource_calendar="nights")
    assert [(location, ids) for _, location, ids in found] == [
        ("vision.toml:8", ("cam", "nights")),
        ("vision.toml:17", ("wire", "july-stop")),
        ("vision.toml:19", ("wire", "robot")),
    ]
