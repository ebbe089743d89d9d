"""`plant demo`: the line-3 retrofit and two smaller projects over-allocating the crew during line stop 1."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Result, fingerprint
from plantrack.commands.plant import read_demo_plant
from plantrack.formats.demo import load_demo
from plantrack.operations.plant_demo import adopt_shared
from plantrack.store import open_workspace
from plantrack.store.plant import read_plant

Cli = Callable[..., Result]

MEMBERS = ["line3-retrofit.plantrack.json", "line3-vision.plantrack.json", "line3-conveyor.plantrack.json"]


def _over(out: str) -> dict[str, list[tuple[str, str, float, float, list[tuple[str, str]]]]]:
    found = {}
    for resource in json.loads(out)["resources"]:
        found[resource["id"]] = [
            (
                o["start"],
                o["end"],
                o["peak_units"],
                o["capacity_units"],
                [(t["project"], t["task"]) for t in o["tasks"]],
            )
            for o in resource["overallocations"]
        ]
    return found


def test_the_demo_plant_names_the_crew_over_allocated_in_stop_1(cli: Cli, tmp_path: Path) -> None:
    r = cli("plant", "demo")
    assert r.code == 0, r.err
    plant = read_plant(tmp_path / "assembly-plant.plant.json")
    assert [(p.workspace, p.priority) for p in plant.projects] == list(zip(MEMBERS, (3, 2, 1), strict=True))
    assert {r.id for r in plant.resources} == {"elec", "mech"}
    assert {w.id for w in plant.windows} == {"stop-1", "stop-2"}
    # the retrofit keeps its progress; the crew, calendars and stops are the plant's, not its own
    retrofit = open_workspace(tmp_path / MEMBERS[0]).read()
    assert retrofit.progress and retrofit.baselines
    assert not {"elec", "mech"} & {r.id for r in retrofit.project.resources}
    assert "elec" in r.out and "mech" in r.out
    assert f"plantrack schedule -w {MEMBERS[1]}" in r.out
    # each member is a project of its own too, with the plant's crew and stops as its own
    member = cli("schedule", "--json", "-w", MEMBERS[1])
    assert member.code == 0, member.err
    r = cli("plant", "load", "--json")
    assert r.code == 0, r.err
    retro, vision, conveyor = (
        "Screwing station retrofit, line 3",
        "Vision check of screw presence, line 3",
        "Conveyor drive replacement, line 3",
    )
    # Friday 21 May 20:00, stop 1 opens: removal (mech 2, elec 1), mounting (mech 1, elec 1) and the
    # drive change (mech 2, elec 1) all start at once: mech 5 of 2, elec 3 of 2. Into Saturday the
    # vision cabling (elec 2) meets the drive's tuning (elec 1).
    assert _over(r.out) == {
        "elec": [
            (
                "2027-05-21",
                "2027-05-23",
                3.0,
                2.0,
                [
                    (retro, "removal"),
                    (vision, "mounting"),
                    (vision, "cabling"),
                    (conveyor, "replace-drive"),
                    (conveyor, "tune"),
                ],
            )
        ],
        "mech": [
            (
                "2027-05-21",
                "2027-05-23",
                5.0,
                2.0,
                [
                    (retro, "removal"),
                    (retro, "set-station"),
                    (vision, "mounting"),
                    (conveyor, "replace-drive"),
                ],
            )
        ],
    }
    text = cli("plant", "load", "--resource", "mech").out
    assert f"over-allocated 2027-05-21 to 2027-05-22: 5 booked of 2 ({retro}: removal, set-station;" in text


def test_the_demo_plant_refuses_to_overwrite_and_writes_nothing(cli: Cli, tmp_path: Path) -> None:
    existing = tmp_path / MEMBERS[1]
    existing.write_text("{}", encoding="utf-8")
    before = fingerprint(existing)
    r = cli("plant", "demo")
    assert r.code == 1 and MEMBERS[1] in r.err
    assert fingerprint(existing) == before


def test_the_french_demo_plant_has_the_same_ids_and_figures() -> None:
    english, french = read_demo_plant("en"), read_demo_plant("fr")
    assert french.plant.name != english.plant.name
    assert [p.workspace for p in french.plant.projects] == [p.workspace for p in english.plant.projects]
    for (name_en, en), (name_fr, fr) in zip(english.members, french.members, strict=True):
        assert name_en == name_fr
        assert [(t.id, t.duration, t.window, t.calendar) for t in en.project.tasks] == [
            (t.id, t.duration, t.window, t.calendar) for t in fr.project.tasks
        ]
        assert en.project.assignments == fr.project.assignments and en.project.links == fr.project.links
    assert [(r.id, r.capacity) for r in english.plant.resources] == [
        (r.id, r.capacity) for r in french.plant.resources
    ]


def test_adopting_keeps_a_definition_that_differs_from_the_plant() -> None:
    from dataclasses import replace

    plant = read_demo_plant("en").plant
    project, _warnings = load_demo("en")
    assert {r.id for r in adopt_shared(project, plant).resources}.isdisjoint({"elec", "mech"})
    bigger = replace(
        project, resources=tuple(replace(r, capacity=3) if r.id == "elec" else r for r in project.resources)
    )
    assert "elec" in {r.id for r in adopt_shared(bigger, plant).resources}


def test_leveling_the_demo_plant_leaves_no_over_allocation_to_name(cli: Cli, tmp_path: Path) -> None:
    assert cli("plant", "demo").code == 0
    r = cli("plant", "level", "--time-limit", "5", "--json")
    assert r.code == 0, r.err
    r = cli("plant", "load", "--json")
    assert r.code == 0, r.err
    assert _over(r.out) == {"elec": [], "mech": []}
    # the stop-1 work is still in stop 1: the crew's load moved within the weekend, not out of it
    weeks = {
        w["week"]: w for res in json.loads(r.out)["resources"] for w in res["weeks"] if res["id"] == "mech"
    }
    assert weeks["2027-W20"]["load_hours"] == pytest.approx(57.666667)
