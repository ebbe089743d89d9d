"""`plant new/import/add/remove`: the plant chosen like a workspace, refusals naming items."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import Result, fingerprint
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.model import Assignment, Project, Resource, Task
from plantrack.store import WorkspaceState, create_workspace
from plantrack.store.plant import read_plant

Cli = Callable[..., Result]

PLANT_TOML = """
[plant]
name = "Plant 1"

[resources.elec]
name = "Electricians"
capacity = 2

[windows.stop-1]
name = "Line stop"
periods = [{ from = 2027-01-04T00:00:00, to = 2027-01-20T00:00:00 }]
"""


def member(folder: Path, name: str, *, units: float = 1, local: tuple[Resource, ...] = ()) -> Path:
    """A workspace whose task uses the plant's `elec` and `stop-1` without defining them."""
    path = folder / f"{name}.plantrack.json"
    project = Project(
        name=name.upper(),
        start=dt.datetime(2027, 1, 4),
        resources=local,
        tasks=(Task(id="wire", duration=Duration(minutes=960), window="stop-1"),),
        assignments=(Assignment(task="wire", resource="elec", units=units),),
    )
    create_workspace(path, WorkspaceState(project=project))
    return path


@pytest.fixture
def plant(cli: Cli, tmp_path: Path) -> Path:
    (tmp_path / "plant1.toml").write_text(PLANT_TOML, encoding="utf-8")
    r = cli("plant", "import", "plant1.toml")
    assert r.code == 0, r.err
    return tmp_path / "plant1.plant.json"


def test_new_creates_an_empty_plant_and_never_overwrites(cli: Cli, tmp_path: Path) -> None:
    r = cli("plant", "new", "north")
    assert r.code == 0, r.err
    path = tmp_path / "north.plant.json"
    assert read_plant(path).name == "north" and read_plant(path).projects == ()
    before = fingerprint(path)
    r = cli("plant", "new", "north")
    assert r.code == 1 and "already exists" in r.err
    assert fingerprint(path) == before
    assert cli("plant", "new", "Plant 2 / East").code == 0
    assert read_plant(tmp_path / "plant-2-east.plant.json").name == "Plant 2 / East"


def test_add_lists_workspaces_with_their_priority_and_remove_takes_one_out(
    cli: Cli, tmp_path: Path, plant: Path
) -> None:
    member(tmp_path, "a")
    member(tmp_path, "b")
    r = cli("plant", "add", "a.plantrack.json", "b.plantrack.json", "--priority", "3", "--json")
    assert r.code == 0, r.err
    listed = json.loads(r.out)["projects"]
    assert listed == [
        {"workspace": "a.plantrack.json", "priority": 3},
        {"workspace": "b.plantrack.json", "priority": 3},
    ]
    assert cli("plant", "add", "b.plantrack.json", "--priority", "1").code == 0
    assert [(p.workspace, p.priority) for p in read_plant(plant).projects] == [
        ("a.plantrack.json", 3),
        ("b.plantrack.json", 1),
    ]
    assert cli("plant", "remove", "a.plantrack.json").code == 0
    assert [p.workspace for p in read_plant(plant).projects] == ["b.plantrack.json"]
    assert (tmp_path / "a.plantrack.json").exists()
    r = cli("plant", "remove", "a.plantrack.json")
    assert r.code == 1 and "plant-project-unknown" in r.err and "a.plantrack.json" in r.err


def test_a_shadowed_id_is_refused_naming_project_and_plant(cli: Cli, tmp_path: Path, plant: Path) -> None:
    member(tmp_path, "a", local=(Resource(id="elec", capacity=5),))
    before = fingerprint(plant)
    r = cli("plant", "add", "a.plantrack.json")
    assert r.code == 1
    assert "plant-id-shadowed" in r.err and "elec" in r.err and "A" in r.err and "Plant 1" in r.err
    assert fingerprint(plant) == before


def test_an_id_the_plant_lacks_is_refused(cli: Cli, tmp_path: Path, plant: Path) -> None:
    member(tmp_path, "a")
    assert cli("plant", "add", "a.plantrack.json").code == 0
    # the new shared part no longer has the line stop project A waits for
    (tmp_path / "smaller.toml").write_text(PLANT_TOML.split("[windows")[0], encoding="utf-8")
    before = fingerprint(plant)
    r = cli("plant", "import", "smaller.toml")
    assert r.code == 1
    assert "plant-id-unknown" in r.err and "stop-1" in r.err and "task wire" in r.err
    assert fingerprint(plant) == before


def test_import_replaces_the_shared_part_and_keeps_the_projects(
    cli: Cli, tmp_path: Path, plant: Path
) -> None:
    member(tmp_path, "a")
    assert cli("plant", "add", "a.plantrack.json", "--priority", "2").code == 0
    (tmp_path / "bigger.toml").write_text(
        PLANT_TOML.replace("capacity = 2", "capacity = 4"), encoding="utf-8"
    )
    r = cli("plant", "import", "bigger.toml")
    assert r.code == 0, r.err
    stored = read_plant(plant)
    assert stored.resource_map()["elec"].capacity == 4
    assert [(p.workspace, p.priority) for p in stored.projects] == [("a.plantrack.json", 2)]


def test_two_plants_cannot_claim_one_project(cli: Cli, tmp_path: Path, plant: Path) -> None:
    member(tmp_path, "a")
    assert cli("plant", "add", "a.plantrack.json").code == 0
    (tmp_path / "south.toml").write_text(PLANT_TOML.replace("Plant 1", "South"), encoding="utf-8")
    assert cli("plant", "import", "south.toml", "-p", "south.plant.json").code == 0
    south = tmp_path / "south.plant.json"
    before = fingerprint(south)
    r = cli("plant", "add", "a.plantrack.json", "-p", "south.plant.json")
    assert r.code == 1 and "plant-claimed" in r.err and "Plant 1" in r.err
    assert fingerprint(south) == before


def test_the_plant_is_chosen_like_a_workspace(
    cli: Cli, tmp_path: Path, plant: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    member(tmp_path, "a")
    assert cli("plant", "new", "other").code == 0
    r = cli("plant", "add", "a.plantrack.json")
    assert r.code == 2 and "-p PLANT" in r.err
    monkeypatch.setenv("PLANTRACK_PLANT", "other.plant.json")
    assert cli("plant", "add", "a.plantrack.json").code == 1  # `other` shares nothing: elec is unknown
    assert cli("plant", "add", "a.plantrack.json", "-p", str(plant)).code == 0
    assert [p.workspace for p in read_plant(plant).projects] == ["a.plantrack.json"]
    r = cli("plant", "load", "-p", "nowhere.plant.json")
    assert r.code == 1 and "plant-missing" in r.err


def test_a_missing_workspace_is_named_and_nothing_written(cli: Cli, tmp_path: Path, plant: Path) -> None:
    before = fingerprint(plant)
    r = cli("plant", "add", "gone.plantrack.json")
    assert r.code == 1 and "gone.plantrack.json" in r.err
    assert fingerprint(plant) == before


def test_load_names_the_over_allocation_by_project_task_and_dates(
    cli: Cli, tmp_path: Path, plant: Path
) -> None:
    member(tmp_path, "a", units=2)
    member(tmp_path, "b", units=1)
    assert cli("plant", "add", "a.plantrack.json", "b.plantrack.json").code == 0
    r = cli("plant", "load", "--json")
    assert r.code == 0, r.err
    [elec] = json.loads(r.out)["resources"]
    # each wires 16 working hours on Mon 4 and Tue 5 January: 2 + 1 units of 2
    [week] = elec["weeks"]
    assert (week["week"], week["load_hours"], week["capacity_hours"]) == ("2027-W01", 48.0, 80.0)
    assert week["by_project"] == {"A": 32.0, "B": 16.0}
    [over] = elec["overallocations"]
    assert (over["start"], over["end"], over["peak_units"], over["capacity_units"]) == (
        "2027-01-04",
        "2027-01-06",
        3.0,
        2.0,
    )
    assert over["tasks"] == [{"project": "A", "task": "wire"}, {"project": "B", "task": "wire"}]
    r = cli("plant", "load", "--resource", "elec")
    assert r.code == 0, r.err
    assert "over-allocated 2027-01-04 to 2027-01-05: 3 booked of 2 (A: wire; B: wire)" in r.out
    r = cli("plant", "load", "--resource", "crane")
    assert r.code == 1 and "crane" in r.err and "elec" in r.err


def test_load_refuses_a_member_that_no_longer_resolves(cli: Cli, tmp_path: Path, plant: Path) -> None:
    from plantrack.store import open_workspace

    path = member(tmp_path, "a")
    assert cli("plant", "add", "a.plantrack.json").code == 0
    with open_workspace(path).update() as state:  # edited on its own after it joined the plant
        state.project = replace(state.project, resources=(Resource(id="elec", capacity=9),))
    r = cli("plant", "load")
    assert r.code == 1 and "plant-id-shadowed" in r.err and "elec" in r.err


def test_load_names_a_member_that_is_gone_and_keeps_the_others(cli: Cli, tmp_path: Path, plant: Path) -> None:
    member(tmp_path, "a")
    member(tmp_path, "b")
    assert cli("plant", "add", "a.plantrack.json", "b.plantrack.json").code == 0
    (tmp_path / "b.plantrack.json").unlink()
    r = cli("plant", "load", "--json")
    assert r.code == 0, r.err
    assert "warning [plant-project-missing]" in r.err and "b.plantrack.json" in r.err
    document = json.loads(r.out)
    assert document["resources"][0]["projects"] == ["A"]
    assert [w["code"] for w in document["warnings"]] == ["plant-project-missing"]


def test_load_speaks_french(cli: Cli, tmp_path: Path, plant: Path) -> None:
    member(tmp_path, "a", units=2)
    member(tmp_path, "b", units=1)
    assert cli("plant", "add", "a.plantrack.json", "b.plantrack.json").code == 0
    r = cli("plant", "load", "--lang", "fr")
    assert r.code == 0, r.err
    assert "surutilisée du 04/01/2027 au 05/01/2027 : 3 réservé(s) sur 2 (A : wire; B : wire)" in r.out


def test_a_member_workspace_sees_the_plant_items_as_its_own(cli: Cli, tmp_path: Path, plant: Path) -> None:
    from plantrack.store import open_workspace

    path = member(tmp_path, "a")
    assert cli("plant", "add", "a.plantrack.json").code == 0
    r = cli("schedule", "--json")
    assert r.code == 0, r.err
    assert cli("resource", "add", "welder", "--name", "Welder").code == 0
    stored = open_workspace(path).read().project
    assert [r.id for r in stored.resources] == [
        "welder"
    ] and stored.windows == ()  # elec, stop-1 stay the plant's
    before = fingerprint(path)
    r = cli("resource", "edit", "elec", "--capacity", "5")
    assert r.code == 1 and "plant-item-changed" in r.err and "elec" in r.err and "Plant 1" in r.err
    assert fingerprint(path) == before
    # out of the plant, the project no longer knows the crew nor the stop it names
    assert cli("plant", "remove", "a.plantrack.json").code == 0
    r = cli("schedule")
    assert r.code == 1 and "elec" in r.err and "stop-1" in r.err


MEMBER_TOML = """
[project]
name = "Vision"
start = 2027-01-04

[[tasks]]
id = "mount"
name = "Mount the camera"
duration = "8h"
window = "stop-1"
resources = { elec = 1 }
"""


def test_a_project_file_naming_the_plant_ids_is_imported_against_the_plant(
    cli: Cli, tmp_path: Path, plant: Path
) -> None:
    from plantrack.store import open_workspace

    (tmp_path / "vision.toml").write_text(MEMBER_TOML, encoding="utf-8")
    r = cli("import", "vision.toml")
    assert r.code == 1 and "resource-unknown" in r.err  # alone, elec and stop-1 are nobody's
    r = cli("import", "vision.toml", "-p", "plant1.plant.json")
    assert r.code == 0, r.err
    stored = open_workspace(tmp_path / "vision.plantrack.json").read().project
    assert stored.resources == () and stored.windows == ()
    assert cli("plant", "add", "vision.plantrack.json").code == 0
    # a member is read against its plant without -p; an id neither has is named at its line
    (tmp_path / "vision.toml").write_text(MEMBER_TOML.replace("stop-1", "stop-9"), encoding="utf-8")
    r = cli("import", "vision.toml")
    assert r.code == 1 and "vision.toml:10: " in r.err and "plant-id-unknown" in r.err and "stop-9" in r.err


def _mspdi(path: Path, resource: str) -> None:
    """An MS Project XML file whose only task is done by `resource` (MSPDI defines every resource it uses)."""
    from plantrack.formats.mspdi.write import write_mspdi

    project = Project(
        name="Vision",
        start=dt.datetime(2027, 1, 4, 8),
        resources=(Resource(id=resource, name=resource.title()),),
        tasks=(Task(id="mount", duration=Duration(minutes=480)),),
        assignments=(Assignment(task="mount", resource=resource),),
    )
    path.write_bytes(write_mspdi(project)[0])


def test_a_file_of_another_tool_is_checked_against_the_plant(cli: Cli, tmp_path: Path, plant: Path) -> None:
    from plantrack.store import open_workspace

    _mspdi(tmp_path / "vision.xml", "welder")
    r = cli("import", "vision.xml", "-p", "plant1.plant.json")
    assert r.code == 0, r.err
    assert [r.id for r in open_workspace(tmp_path / "vision.plantrack.json").read().project.resources] == [
        "welder"
    ]
    # its own definition of the plant's crew would make two `elec`: refused, naming the file and both
    _mspdi(tmp_path / "press.xml", "elec")
    r = cli("import", "press.xml", "-p", "plant1.plant.json")
    assert r.code == 1 and "press.xml: " in r.err and "plant-id-shadowed" in r.err
    assert "elec" in r.err and "Plant 1" in r.err and "Traceback" not in r.err
    assert not (tmp_path / "press.plantrack.json").exists()
    # the same file into a member workspace is read against its plant without -p
    assert cli("plant", "add", "vision.plantrack.json").code == 0
    before = fingerprint(tmp_path / "vision.plantrack.json")
    r = cli("import", "press.xml", "-w", "vision.plantrack.json")
    assert r.code == 1 and "plant-id-shadowed" in r.err
    assert fingerprint(tmp_path / "vision.plantrack.json") == before
    # without a plant, the file is a project of its own
    r = cli("import", "press.xml")
    assert r.code == 0, r.err
