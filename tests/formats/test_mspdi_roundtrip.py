"""MSPDI round trips of what MSPDI has no element for (windows, gates, estimates, effort, resource kinds,
exact progress) and the MS Project inputs plantrack must not misread (must finish on, a stale header start).

Expected dates are worked by hand on the standard calendar (Mon-Fri 08:00-12:00 and 13:00-17:00).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from builders import hours, link, resource, use
from plantrack.formats.mspdi.read import read_mspdi
from plantrack.formats.mspdi.write import write_mspdi
from plantrack.scheduling.cpm import Schedule, cpm
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.model import (
    Calendar,
    ConstraintKind,
    Estimate,
    Period,
    Project,
    ResourceKind,
    Task,
    TimeRange,
    Window,
)
from plantrack.scheduling.tracking.progress import fold, task_actuals
from plantrack.scheduling.tracking.records import ProgressRecord

D = dt.datetime
NS = "{http://schemas.microsoft.com/project}"
FIXTURES = Path(__file__).parent / "mspdi"
STATUS = D(2027, 7, 6, 12)


def plan() -> tuple[Project, list[ProgressRecord]]:
    """Prepare (in progress, 37.5 % done) -> effort task (32 h over 2 fitters) -> installation bound to
    the August shutdown -> gate; Prepare -> a three-point estimated task -> gate."""
    project = Project(
        name="Round trip",
        start=D(2027, 7, 5, 8),
        calendars=(Calendar(id="standard", name="Standard"),),
        resources=(
            resource("ann", name="Ann"),
            resource("fitters", name="Fitters", kind=ResourceKind.TEAM, capacity=2),
            resource("press", name="Press", kind=ResourceKind.MACHINE),
            resource("acme", name="Acme", kind=ResourceKind.CONTRACTOR),
        ),
        windows=(
            Window(
                id="aug",
                name="August shutdown",
                # the weekend stop gives 8 working hours on Monday: too short for Install's 24
                periods=(
                    Period(start=D(2027, 7, 17, 6), end=D(2027, 7, 19, 22)),
                    Period(start=D(2027, 8, 2, 6), end=D(2027, 8, 20, 22)),
                ),
            ),
        ),
        tasks=(
            Task(id="prepare", name="Prepare", duration=hours(16)),
            Task(id="assemble", name="Assemble", effort=hours(32)),
            Task(id="install", name="Install", duration=hours(24), window="aug"),
            Task(
                id="tune",
                name="Tune",
                estimate=Estimate(optimistic=hours(8), likely=hours(12), pessimistic=hours(30)),
            ),
            # MSPDI milestones are 0-minute tasks: the reader gives them that duration
            Task(id="g1", name="Released", duration=hours(0), milestone=True, gate=True),
        ),
        links=(
            link("prepare", "assemble"),
            link("assemble", "install"),
            link("prepare", "tune"),
            link("install", "g1"),
            link("tune", "g1"),
        ),
        assignments=(
            use("prepare", "ann"),
            use("assemble", "fitters", 2),
            use("install", "press"),
            use("tune", "acme"),
        ),
    )
    progress = [
        ProgressRecord(
            task="prepare", status_date=STATUS, actual_start=D(2027, 7, 5, 8), percent_complete=37.5
        )
    ]
    return project, progress


def forecast(project: Project, progress: list[ProgressRecord]) -> Schedule:
    return cpm(project, status_date=STATUS, actuals=task_actuals(fold(progress), project))


def rows(schedule: Schedule) -> list[tuple[str, dt.datetime, dt.datetime, dt.datetime, int, int]]:
    return [
        (t.id, t.early_start_at, t.early_finish_at, t.late_finish_at, t.total_float, t.free_float)
        for t in schedule.tasks
    ]


def test_round_trip_keeps_windows_gates_estimates_effort_kinds_and_the_forecast() -> None:
    project, progress = plan()
    before = forecast(project, progress)
    data, warnings = write_mspdi(project, schedule=before, progress=progress)
    assert warnings == []
    again = read_mspdi(Path("again.xml"), data=data)
    assert again.warnings == []
    assert again.project.tasks == project.tasks
    assert again.project.resources == project.resources
    assert again.project.windows == project.windows
    assert again.project.assignments == project.assignments
    assert fold(again.progress)["prepare"].percent == 37.5  # not MSPDI's whole 38
    assert again.project.status_date == STATUS
    after = forecast(again.project, again.progress)
    assert rows(after) == rows(before)
    # worked by hand: 600 of Prepare's 960 minutes remain at Tuesday 12:00 -> Wednesday 15:00;
    # Assemble is 32 h / 2 units = 16 h -> Friday 15:00; Install waits for the window: Aug 2 08:00-Aug 4 17:00
    dates = {t.id: (t.early_start_at, t.early_finish_at) for t in after.tasks}
    assert dates["prepare"] == (D(2027, 7, 5, 8), D(2027, 7, 7, 15))
    assert dates["assemble"] == (D(2027, 7, 7, 15), D(2027, 7, 9, 15))
    assert dates["install"] == (D(2027, 8, 2, 8), D(2027, 8, 4, 17))


NIGHTS = Calendar(
    id="nights",
    name="Nights",
    weekdays=(0, 1, 2, 3, 4, 5, 6),
    hours=(TimeRange(start=0, end=360), TimeRange(start=1320, end=1440)),
)


@pytest.mark.parametrize("case", ["no schedule", "scheduled", "crew on nights"])
def test_effort_task_is_written_with_its_working_duration_not_as_a_milestone(case: str) -> None:
    project, _progress = plan()
    if case == "crew on nights":  # the work runs on the fitters' calendar, not the project's
        fitters = dataclasses.replace(project.resource_map()["fitters"], calendar="nights")
        project = dataclasses.replace(
            project,
            calendars=(*project.calendars, NIGHTS),
            resources=tuple(fitters if r.id == "fitters" else r for r in project.resources),
        )
    data, _ = write_mspdi(project, schedule=None if case == "no schedule" else cpm(project))
    task = next(t for t in ET.fromstring(data).iter(f"{NS}Task") if t.findtext(f"{NS}Name") == "Assemble")
    assert task.findtext(f"{NS}Duration") == "PT16H0M0S"  # 32 h of work over 2 units
    assert task.findtext(f"{NS}Work") == "PT32H0M0S"
    assert task.findtext(f"{NS}Milestone") == "0"
    if case == "crew on nights":  # Prepare ends Tuesday 17:00; 16 night hours: Tue 22-06, Wed 22-06
        span = cpm(project).task("assemble")
        assert (span.early_start_at, span.early_finish_at) == (D(2027, 7, 6, 22), D(2027, 7, 8, 6))
    # a reader that knows nothing of plantrack's fields (their definitions gone) reads a 16 h task
    bare = re.sub(rb"<ExtendedAttributes>.*?</ExtendedAttributes>", b"", data, flags=re.DOTALL)
    tasks = {t.name: t for t in read_mspdi(Path("bare.xml"), data=bare).project.tasks}
    assert tasks["Assemble"].duration == hours(16) and not tasks["Assemble"].milestone
    again = read_mspdi(Path("again.xml"), data=data).project
    assert again.task_map()["assemble"] == project.task_map()["assemble"]


def test_shutdown_window_is_a_calendar_ms_project_can_show() -> None:
    project, _progress = plan()
    data, _ = write_mspdi(project, schedule=cpm(project))
    names = [c.findtext(f"{NS}Name") for c in ET.fromstring(data).iter(f"{NS}Calendar")]
    assert "plantrack window aug: August shutdown" in names
    again = read_mspdi(Path("again.xml"), data=data).project
    assert [c.name for c in again.calendars] == ["Standard"]  # the window is not a plan calendar


def test_progress_edited_in_ms_project_wins_over_the_exact_percent() -> None:
    project, progress = plan()
    data, _ = write_mspdi(project, schedule=forecast(project, progress), progress=progress)
    edited = data.replace(b"<PercentComplete>38</PercentComplete>", b"<PercentComplete>50</PercentComplete>")
    assert edited != data
    again = read_mspdi(Path("again.xml"), data=edited)
    assert fold(again.progress)["prepare"].percent == 50.0


def test_must_finish_on_is_pinned_and_written_back() -> None:
    plan_ = read_mspdi(FIXTURES / "must_finish_on.xml")
    task = plan_.project.task_map()["1"]
    # 16 h ending Friday 17:00 start Thursday 08:00
    assert {(c.kind, c.date) for c in task.constraints} == {
        (ConstraintKind.MUST_START_ON, D(2027, 1, 14, 8)),
        (ConstraintKind.FINISH_NO_LATER_THAN, D(2027, 1, 15, 17)),
    }
    warning = next(w for w in plan_.warnings if w.code == "constraint-must-finish-on")
    assert "task 1" in warning.message and "2027-01-15 17:00" in warning.message
    schedule = cpm(plan_.project)
    assert (schedule.task("1").early_start_at, schedule.task("1").early_finish_at) == (
        D(2027, 1, 14, 8),
        D(2027, 1, 15, 17),
    )
    assert schedule.task("2").early_finish_at == D(2027, 1, 18, 12)
    data, warnings = write_mspdi(plan_.project, schedule=schedule)
    assert not [w for w in warnings if w.code == "constraint-dropped"]
    written = next(
        t for t in ET.fromstring(data).iter(f"{NS}Task") if t.findtext(f"{NS}Name") == "Commissioning"
    )
    assert written.findtext(f"{NS}ConstraintType") == "3"
    assert written.findtext(f"{NS}ConstraintDate") == "2027-01-15T17:00:00"
    assert read_mspdi(Path("again.xml"), data=data).project.tasks == plan_.project.tasks


def test_header_start_two_years_after_the_tasks_is_replaced_by_their_dates() -> None:
    plan_ = read_mspdi(FIXTURES / "header_start_late.xml")
    assert plan_.project.start == D(2027, 1, 4, 8)
    warning = next(w for w in plan_.warnings if w.code == "start-date-mismatch")
    # 2027-01-04 08:00 to 2029-01-08 08:00: 735 days
    assert "735 days" in warning.message and "2029-01-08" in warning.message
    schedule = cpm(plan_.project)
    assert [(t.early_start_at, t.early_finish_at) for t in schedule.tasks] == [
        (D(2027, 1, 4, 8), D(2027, 1, 5, 17)),
        (D(2027, 1, 6, 8), D(2027, 1, 8, 17)),
    ]


def test_header_start_years_before_the_tasks_is_replaced_too() -> None:
    data = (FIXTURES / "header_start_late.xml").read_bytes().replace(b"2029-01-08", b"2024-01-08")
    plan_ = read_mspdi(Path("early.xml"), data=data)
    assert plan_.project.start == D(2027, 1, 4, 8)
    assert any(w.code == "start-date-mismatch" and "before" in w.message for w in plan_.warnings)


def test_header_start_a_little_before_the_first_task_is_kept() -> None:
    # a first task waiting a week is an ordinary plan: its start stays the header's
    data = (FIXTURES / "header_start_late.xml").read_bytes().replace(b"2029-01-08", b"2026-12-28")
    plan_ = read_mspdi(Path("week.xml"), data=data)
    assert plan_.project.start == D(2026, 12, 28, 8)
    assert not any(w.code == "start-date-mismatch" for w in plan_.warnings)


def test_window_names_stay_text_and_the_file_stays_xml() -> None:
    project, _progress = plan()
    hostile = Window(
        id="w2",
        name='evil\x01\x1b[31m <b>&amp; "name"',
        periods=(Period(start=D(2027, 9, 3, 20), end=D(2027, 9, 6, 6)),),
    )
    project = dataclasses.replace(project, windows=(*project.windows, hostile))
    data, _ = write_mspdi(project)
    again = read_mspdi(Path("again.xml"), data=data).project
    assert again.windows[-1].name == 'evil[31m <b>&amp; "name"'
    assert again.windows[-1].periods == hostile.periods  # across two midnights, one period again


def test_files_of_earlier_versions_with_only_the_id_fields_still_give_ids() -> None:
    data = b"""<?xml version="1.0" encoding="UTF-8"?>
<Project xmlns="http://schemas.microsoft.com/project"><Name>old.xml</Name><StartDate>2027-01-04T08:00:00</StartDate>
<ExtendedAttributes>
<ExtendedAttribute><FieldID>188743731</FieldID><FieldName>Text1</FieldName>
<Alias>plantrack id</Alias></ExtendedAttribute>
<ExtendedAttribute><FieldID>205520904</FieldID><FieldName>Text1</FieldName>
<Alias>plantrack id</Alias></ExtendedAttribute>
</ExtendedAttributes>
<Tasks><Task><UID>1</UID><ID>1</ID><Name>A</Name><OutlineLevel>1</OutlineLevel><Duration>PT8H0M0S</Duration>
<ExtendedAttribute><FieldID>188743731</FieldID><Value>survey</Value></ExtendedAttribute></Task></Tasks>
<Resources><Resource><UID>1</UID><ID>1</ID><Name>Ann</Name><Type>1</Type>
<ExtendedAttribute><FieldID>205520904</FieldID><Value>ann</Value></ExtendedAttribute></Resource></Resources>
</Project>"""
    project = read_mspdi(Path("old.xml"), data=data).project
    assert [t.id for t in project.tasks] == ["survey"]
    assert [(r.id, r.kind) for r in project.resources] == [("ann", ResourceKind.PERSON)]


def test_a_manual_task_before_the_header_start_does_not_move_it() -> None:
    data = (FIXTURES / "header_start_late.xml").read_bytes().replace(b"2029-01-08", b"2027-01-06")
    data = data.replace(b"<Name>Survey</Name>", b"<Name>Survey</Name><Manual>1</Manual>")
    plan_ = read_mspdi(Path("manual.xml"), data=data)
    assert plan_.project.start == D(2027, 1, 6, 8)
    assert not any(w.code == "start-date-mismatch" for w in plan_.warnings)


def test_leveling_delays_of_a_leveled_plan_come_back() -> None:
    project, progress = plan()
    delays = {"tune": hours(8), "assemble": Duration(minutes=1440, elapsed=True)}
    project = dataclasses.replace(
        project,
        tasks=tuple(
            dataclasses.replace(t, leveling_delay=delays[t.id]) if t.id in delays else t
            for t in project.tasks
        ),
    )
    before = forecast(project, progress)
    data, _ = write_mspdi(project, schedule=before, progress=progress)
    written = next(t for t in ET.fromstring(data).iter(f"{NS}Task") if t.findtext(f"{NS}Name") == "Assemble")
    assert (written.findtext(f"{NS}LevelingDelay"), written.findtext(f"{NS}LevelingDelayFormat")) == (
        "14400",  # tenths of a minute
        "8",  # elapsed days
    )
    again = read_mspdi(Path("again.xml"), data=data)
    assert again.project.tasks == project.tasks
    assert rows(forecast(again.project, again.progress)) == rows(before)
    # by hand: Prepare ends Wednesday 15:00; Tune waits 8 working hours (to Thursday 15:00), Assemble a
    # calendar day (to Thursday 15:00 too)
    dates = {t.id: t.early_start_at for t in before.tasks}
    assert dates["tune"] == D(2027, 7, 8, 15) and dates["assemble"] == D(2027, 7, 8, 15)
