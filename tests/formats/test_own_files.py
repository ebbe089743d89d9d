"""Importers on small files written by hand for this suite (no shared corpus needed): counts, links,
calendars and dates worked out by hand from each file's text, never taken from the importer's output."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from plantrack.formats.interchange import ImportedPlan, load_plan
from plantrack.scheduling.cpm import cpm
from plantrack.scheduling.model import LinkType
from plantrack.scheduling.validate import validate

FILES = Path(__file__).parent / "files"
D = dt.datetime


def _plan(name: str) -> ImportedPlan:
    plan = load_plan(FILES / name)
    assert plan is not None, name
    assert not [p for p in validate(plan.project) if p.severity == "error"]
    return plan


def test_ganttproject_file() -> None:
    plan = _plan("press_cell.gan")
    project = plan.project
    assert project.name == "Press cell guard"
    assert [(t.id, t.parent) for t in project.tasks] == [
        ("1", None),
        ("2", "1"),
        ("3", "1"),
        ("4", "1"),
        ("5", "1"),
        ("6", None),
    ]
    assert [t.id for t in project.tasks if t.milestone] == ["6"]
    # <depend> inside a task names its successor; type 1 SS, 2 FS, 3 FF; difference in days of 8 h
    assert {(lk.predecessor, lk.successor, lk.type, lk.lag.minutes) for lk in project.links} == {
        ("2", "3", LinkType.FS, 0),
        ("3", "4", LinkType.SS, 480),
        ("3", "5", LinkType.FF, 0),
        ("5", "6", LinkType.FS, 0),
    }
    assert sorted(r.name for r in project.resources) == ["Fitter", "Trainer"]
    names = {r.id: r.name for r in project.resources}
    assert sorted((a.task, names[a.resource], a.units) for a in project.assignments) == [
        ("3", "Fitter", 1.0),
        ("4", "Trainer", 0.5),
    ]
    assert project.task_map()["3"].owner == "Fitter"  # responsible="true"
    assert sorted((r.task, r.percent_complete) for r in plan.progress) == [("2", 100.0), ("3", 50.0)]
    schedule = cpm(project)
    dates = {t.id: (t.early_start_at, t.early_finish_at) for t in schedule.tasks}
    # Mon-Fri, 8 h days; Thursday 7 January is the plant holiday
    assert dates["2"] == (D(2027, 1, 4, 8), D(2027, 1, 5, 17))
    assert dates["3"] == (D(2027, 1, 6, 8), D(2027, 1, 11, 17))  # Wed, (Thu off), Fri, Mon
    assert dates["4"] == (D(2027, 1, 8, 8), D(2027, 1, 11, 17))  # SS + 1 working day
    assert dates["5"] == (D(2027, 1, 11, 8), D(2027, 1, 11, 17))  # FF: finishes with the install
    assert dates["6"] == (D(2027, 1, 11, 17), D(2027, 1, 11, 17))
    assert dates["1"] == (D(2027, 1, 4, 8), D(2027, 1, 11, 17))


def test_planner_file() -> None:
    plan = _plan("weld_jig.planner")
    project = plan.project
    assert project.name == "Weld jig change"
    assert [(t.id, t.parent, t.milestone) for t in project.tasks] == [
        ("1", None, False),
        ("2", "1", False),
        ("3", "1", False),
        ("4", "1", False),
        ("5", None, True),
    ]
    tasks = project.task_map()
    # fixed work in seconds: alone it is the duration, with allocations it is effort shared by them
    assert tasks["2"].duration is not None and tasks["2"].duration.minutes == 57600 // 60
    assert tasks["3"].effort is not None and tasks["3"].effort.minutes == 86400 // 60
    assert {(lk.predecessor, lk.successor, lk.type, lk.lag.minutes) for lk in project.links} == {
        ("2", "3", LinkType.FS, 0),
        ("3", "4", LinkType.FS, 14400 // 60),
        ("4", "5", LinkType.FF, 0),
    }
    names = {r.id: r.name for r in project.resources}
    assert sorted((a.task, names[a.resource], a.units) for a in project.assignments) == [
        ("3", "Welder A", 1.0),
        ("3", "Welder B", 1.0),
    ]
    assert [(r.task, r.percent_complete) for r in plan.progress] == [("2", 40)]
    dates = {t.id: (t.early_start_at, t.early_finish_at) for t in cpm(project).tasks}
    assert dates["2"] == (D(2027, 1, 4, 8), D(2027, 1, 5, 17))
    assert dates["3"] == (D(2027, 1, 6, 8), D(2027, 1, 7, 12))  # 24 h of work by two welders: 12 h
    # 4 h of lag end Thursday 17:00; Friday 8 January is off
    assert dates["4"] == (D(2027, 1, 11, 8), D(2027, 1, 11, 17))
    assert dates["5"] == (D(2027, 1, 11, 17), D(2027, 1, 11, 17))
