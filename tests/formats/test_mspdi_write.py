"""MSPDI export: schema element order, round trips of real files and of the demo, hostile names inert."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from builders import resource
from conftest import SHARED
from hostile import flat
from plantrack.formats.mspdi.read import read_mspdi
from plantrack.formats.mspdi.write import write_mspdi
from plantrack.scheduling.calendar import WorkCalendar
from plantrack.scheduling.cpm import cpm
from plantrack.scheduling.model import Calendar, Project, Task, clean_text
from plantrack.scheduling.tracking.progress import fold

REAL = SHARED / "data" / "real"
# without the data, one placeholder keeps the test collected (and skipped or failed with the reason)
XML_FILES = [pytest.param(p, id=p.name) for p in sorted(REAL.glob("*.xml"))] or [REAL / "none.xml"]
NS = "{http://schemas.microsoft.com/project}"

# The order of the children of <Task> and <Project> in the MSPDI schema (mspdi_pj12.xsd), for the
# elements the writer uses.
TASK_ORDER = [
    "UID",
    "ID",
    "Name",
    "Type",
    "IsNull",
    "Contact",
    "WBS",
    "OutlineNumber",
    "OutlineLevel",
    "Priority",
    "Start",
    "Finish",
    "Duration",
    "DurationFormat",
    "Work",
    "EffortDriven",
    "Milestone",
    "Summary",
    "Critical",
    "FixedCost",
    "PercentComplete",
    "ActualStart",
    "ActualFinish",
    "ActualCost",
    "ActualWork",
    "RemainingDuration",
    "ConstraintType",
    "CalendarUID",
    "ConstraintDate",
    "Deadline",
    "LevelingDelay",
    "LevelingDelayFormat",
    "Notes",
    "PredecessorLink",
    "ExtendedAttribute",
    "Baseline",
]
PROJECT_ORDER = [
    "SaveVersion",
    "Name",
    "Title",
    "LastSaved",
    "ScheduleFromStart",
    "StartDate",
    "FinishDate",
    "CurrencyCode",
    "CalendarUID",
    "MinutesPerDay",
    "MinutesPerWeek",
    "StatusDate",
    "ExtendedAttributes",
    "Calendars",
    "Tasks",
    "Resources",
    "Assignments",
]


def _in_order(tags: list[str], order: list[str]) -> bool:
    positions = [order.index(t) for t in tags]
    return positions == sorted(positions)


def _working_minutes(calendar: Calendar, first: dt.datetime, days: int) -> list[int]:
    work = WorkCalendar(calendar, first)
    return [work.work_before((d + 1) * 1440) - work.work_before(d * 1440) for d in range(days)]


def _roundtrip(path: Path):  # type: ignore[no-untyped-def]
    plan = read_mspdi(path)
    data, _warnings = write_mspdi(
        plan.project,
        schedule=cpm(plan.project) if plan.project.tasks else None,
        baselines=plan.baselines,
        progress=plan.progress,
    )
    return plan, read_mspdi(Path("again.xml"), data=data), data


@pytest.mark.shared
@pytest.mark.parametrize("path", XML_FILES)
def test_round_trip_keeps_tasks_links_resources_calendars_baselines_and_actuals(path: Path) -> None:
    plan, again, data = _roundtrip(path)
    first, second = plan.project, again.project
    assert second.tasks == first.tasks
    assert second.links == first.links
    assert second.resources == first.resources
    assert second.assignments == first.assignments
    assert again.baselines == plan.baselines

    def state(records):  # type: ignore[no-untyped-def]
        return {
            k: (v.actual_start, v.actual_finish, v.percent, v.remaining_minutes)
            for k, v in fold(records).items()
        }

    assert state(again.progress) == state(plan.progress)
    # calendars: the same working minutes on every day of the two years around the project start
    start = dt.datetime.combine(first.start.date(), dt.time()) - dt.timedelta(days=365)
    before = {c.id: _working_minutes(c, start, 730) for c in first.calendars}
    after = {c.id: _working_minutes(c, start, 730) for c in second.calendars}
    assert after == before
    root = ET.fromstring(data)
    assert _in_order([c.tag.removeprefix(NS) for c in root], PROJECT_ORDER)
    for task in root.iter(f"{NS}Task"):
        assert _in_order([c.tag.removeprefix(NS) for c in task], TASK_ORDER)


def test_demo_round_trip_keeps_ids_owners_and_dates() -> None:
    from plantrack.formats.demo import load_demo

    project, _ = load_demo()
    data, warnings = write_mspdi(project, schedule=cpm(project))
    again = read_mspdi(Path("demo.xml"), data=data).project
    assert sorted(t.id for t in again.tasks) == sorted(t.id for t in project.tasks)
    ours = {t.id: t for t in project.tasks}
    for task in again.tasks:
        assert task.name == ours[task.id].name and task.parent == ours[task.id].parent
        assert task.owner == ours[task.id].owner
    assert {(lk.predecessor, lk.successor, lk.type, lk.lag.minutes) for lk in again.links} == {
        (lk.predecessor, lk.successor, lk.type, lk.lag.minutes) for lk in project.links
    }
    assert [r.id for r in again.resources] == [r.id for r in project.resources]
    for task in again.tasks:
        if ours[task.id].duration is not None:
            assert task.duration == ours[task.id].duration
    # windows, their tasks, gates, estimates and resource kinds come back through plantrack's fields
    assert again.windows == project.windows and project.windows
    for task in again.tasks:
        mine = ours[task.id]
        assert (task.window, task.gate, task.estimate, task.effort) == (
            mine.window,
            mine.gate,
            mine.estimate,
            mine.effort,
        )
    assert [r.kind for r in again.resources] == [r.kind for r in project.resources]
    assert not warnings


def test_hostile_names_stay_text(hostile: dict[str, list[str]]) -> None:
    names = flat(hostile)
    tasks = tuple(Task(id=f"t{i}", name=n[:200], duration=None, milestone=True) for i, n in enumerate(names))
    project = Project(
        name='<b>&amp; ]]> "quoted"',
        start=dt.datetime(2027, 1, 4, 8),
        tasks=tasks,
        resources=(resource("r", name='=HYPERLINK("x")'),),
    )
    data, _ = write_mspdi(project)
    assert b"<!DOCTYPE" not in data and b"<b>" not in data
    again = read_mspdi(Path("h.xml"), data=data).project
    assert again.name == project.name
    assert [t.name for t in again.tasks] == [clean_text(t.name).strip() for t in project.tasks]
    assert again.resources[0].name == project.resources[0].name
