"""Total float checked by moving each task and looking: calendars, plant closures and shutdown windows.

"Delaying a task by d" means a start-no-earlier-than constraint at the end of the d-th working minute
of its calendar after its early start (its early start itself for d = 0), the definition the engine's
floats use (see cpm). The total float is the largest d that keeps the project finish and leaves the
plan schedulable; it is found here by bisection over whole plans recomputed from scratch.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plantrack.scheduling.calendar import CalendarCache, WorkCalendar, to_datetime
from plantrack.scheduling.cpm import Schedule, cpm
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.errors import InvalidInput
from plantrack.scheduling.model import (
    Assignment,
    Calendar,
    Constraint,
    ConstraintKind,
    Link,
    LinkType,
    Period,
    Project,
    Resource,
    Task,
    TaskActual,
    TimeRange,
    Window,
)

START = dt.datetime(2027, 7, 5)  # a Monday
DAY = dt.timedelta(days=1)
CREW = Calendar(id="crew", hours=(TimeRange(start=6 * 60, end=22 * 60),))  # two 8-hour shifts
OFFICE = Calendar(id="office")
#: the plant closes for two weeks in August
PLANT = Calendar(id="plant", off=(Period(start=START + 25 * DAY, end=START + 39 * DAY, reason="closure"),))
ROUND = Calendar(id="24-7", weekdays=tuple(range(7)), hours=(TimeRange(start=0, end=24 * 60),))
CALENDARS = (CREW, OFFICE, PLANT, ROUND)


@st.composite
def windows(draw: st.DrawFn) -> Window:
    periods = []
    day = draw(st.integers(0, 10))
    for _ in range(draw(st.integers(1, 3))):
        length = draw(st.integers(1, 12))
        hour = draw(st.sampled_from([0, 6, 8, 14]))
        begin = START + day * DAY + dt.timedelta(hours=hour)
        periods.append(Period(start=begin, end=begin + length * DAY))
        day += length + draw(st.integers(1, 14))
    return Window(id="stop", periods=tuple(periods))


@st.composite
def plans(draw: st.DrawFn) -> Project:
    n = draw(st.integers(1, 7))
    window = draw(windows())
    tasks = []
    for i in range(n):
        hours = draw(st.sampled_from([0, 1, 4, 8, 16, 24, 40]))
        calendar = draw(st.sampled_from([None, "crew", "plant", "24-7"]))
        elapsed = hours > 0 and draw(st.integers(0, 5)) == 0
        tasks.append(
            Task(
                id=f"T{i}",
                milestone=hours == 0,
                duration=None if hours == 0 else Duration(minutes=hours * 60, elapsed=elapsed),
                calendar=calendar,
                window="stop" if hours and draw(st.integers(0, 3)) == 0 else None,
            )
        )
    links = []
    seen: set[tuple[int, int]] = set()
    for _ in range(draw(st.integers(0, 2 * n))):
        a, b = draw(st.integers(0, n - 1)), draw(st.integers(0, n - 1))
        if a >= b or (a, b) in seen:
            continue
        seen.add((a, b))
        links.append(
            Link(
                predecessor=f"T{a}",
                successor=f"T{b}",
                type=draw(st.sampled_from([LinkType.FS, LinkType.FS, LinkType.SS, LinkType.FF, LinkType.SF])),
                lag=Duration(
                    minutes=draw(st.sampled_from([0, 0, 60, -60, 480, 24 * 60])), elapsed=draw(st.booleans())
                ),
            )
        )
    if n > 2 and draw(st.booleans()):  # a phase over the first tasks (links to it reach each of them)
        k = draw(st.integers(1, n - 2))
        tasks = [
            Task(id="PH"),
            *(dataclasses.replace(t, parent="PH") if i < k else t for i, t in enumerate(tasks)),
        ]
        if draw(st.booleans()):
            links.append(Link(predecessor="PH", successor=f"T{n - 1}"))
    assignments = tuple(
        Assignment(task=f"T{i}", resource="hse") for i in range(n) if draw(st.integers(0, 4)) == 0
    )
    return Project(
        name="floats",
        start=START,
        calendar=draw(st.sampled_from(["office", "plant", "crew"])),
        calendars=CALENDARS,
        resources=(
            Resource(
                id="hse", calendar="office", absences=(Period(start=START + 2 * DAY, end=START + 4 * DAY),)
            ),
        ),
        assignments=assignments,
        tasks=tuple(tasks),
        links=tuple(links),
        windows=(window,),
        status_date=START + dt.timedelta(hours=draw(st.sampled_from([0, 0, 30, 80]))),
    )


def delayed(project: Project, schedule: Schedule, task_id: str, d: int) -> Project:
    """`project` with task `task_id` held back by `d` working minutes of its calendar."""
    t = schedule.task(task_id)
    cal = task_calendar(project, task_id)
    es = t.early_start
    at = es if d == 0 else max(es, cal.finish_at(cal.work_before(es) + d))
    hold = Constraint(kind=ConstraintKind.START_NO_EARLIER_THAN, date=to_datetime(project.origin, at))
    tasks = tuple(
        dataclasses.replace(x, constraints=(*x.constraints, hold)) if x.id == task_id else x
        for x in project.tasks
    )
    return dataclasses.replace(project, tasks=tasks)


def task_calendar(project: Project, task_id: str) -> WorkCalendar:
    """The calendar a task works on: its own (or the project's) with its resources' (floats count there)."""
    task = next(t for t in project.tasks if t.id == task_id)
    resources = [a.resource for a in project.assignments if a.task == task_id]
    return CalendarCache(project).for_task(task, resources)


def keeps_finish(
    project: Project, schedule: Schedule, task_id: str, d: int, actuals: Mapping[str, TaskActual]
) -> bool:
    try:
        moved = cpm(delayed(project, schedule, task_id, d), actuals=actuals)
    except InvalidInput:  # moved out of the last period of its window: no plan at all
        return False
    return moved.finish <= schedule.finish


def brute_float(
    project: Project,
    schedule: Schedule,
    task_id: str,
    limit: int,
    actuals: Mapping[str, TaskActual] | None = None,
) -> int:
    """The largest delay (working minutes) keeping the finish: -1 when even 0 fails."""
    if not keeps_finish(project, schedule, task_id, 0, actuals or {}):
        return -1
    lo, hi = 0, limit  # keeps(lo); the finish moves past hi or the float is at least hi
    if keeps_finish(project, schedule, task_id, hi, actuals or {}):
        return hi
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if keeps_finish(project, schedule, task_id, mid, actuals or {}):
            lo = mid
        else:
            hi = mid
    return lo


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_total_float_is_the_largest_delay_that_keeps_the_finish(project: Project) -> None:
    try:
        schedule = cpm(project)
    except InvalidInput:
        return
    limit = 200 * 60
    for t in schedule.tasks:
        if t.summary or t.total_float >= limit:
            continue
        if t.waits is not None:  # held back by its window: it starts when the period lets it
            assert t.waits.since < t.waits.until == t.early_start
        found = brute_float(project, schedule, t.id, limit)
        assert t.total_float == found, (t.id, t.total_float, found)
        assert t.critical == (found == 0)


def test_shutdown_plan_after_a_slip_g4_keeps_its_float_across_the_plant_closure() -> None:
    """The walkthrough's shape: crew calendar, plant closure, shutdown window, progress that slipped.

    A (crew, 40 h) started on Monday 5 July and, at the status date of Wednesday 06:00, still needs
    24 h: it ends Thursday 14:00. G4 (8 h on the plant calendar) and the changeover S (40 h, which must
    fit in the shutdown window 16-28 August, after the plant closure of 30 July-13 August) both follow
    A; the restart F follows both. S waits for the window and drives the finish; G4 can slip to the
    start of F, across the closure, without moving anything.
    """
    stop = Window(id="stop", periods=(Period(start=START + 42 * DAY, end=START + 54 * DAY),))
    project = Project(
        name="press P4",
        start=START,
        calendar="plant",
        calendars=CALENDARS,
        tasks=(
            Task(id="A", duration=Duration(minutes=40 * 60), calendar="crew"),
            Task(id="G4", duration=Duration(minutes=8 * 60)),
            Task(id="F", duration=Duration(minutes=16 * 60)),
            Task(id="S", duration=Duration(minutes=40 * 60), window="stop"),
        ),
        links=(
            Link(predecessor="A", successor="G4"),
            Link(predecessor="A", successor="S"),
            Link(predecessor="G4", successor="F"),
            Link(predecessor="S", successor="F"),
        ),
        windows=(stop,),
        status_date=START + 2 * DAY + dt.timedelta(hours=6),
    )
    actuals = {
        "A": TaskActual(
            task="A", actual_start=START + dt.timedelta(hours=6), remaining=Duration(minutes=24 * 60)
        )
    }
    schedule = cpm(project, actuals=actuals)
    g4, s, f = schedule.task("G4"), schedule.task("S"), schedule.task("F")
    assert schedule.task("A").early_finish_at == START + 3 * DAY + dt.timedelta(hours=14)
    assert g4.early_start_at == START + 3 * DAY + dt.timedelta(hours=14)
    # S could start when A ends but waits for the window's period, which then drives the finish
    assert s.waits is not None and s.waits.window == "stop"
    assert schedule.task("S").early_start_at == START + 42 * DAY + dt.timedelta(hours=8)
    assert s.critical and f.critical and not g4.critical
    # by hand: G4 may finish when S does (Friday 20 August 17:00), so start at 08:00 that day; from
    # Thursday 8 July 14:00 on the plant calendar: 3 h + Friday 8 h + 14 days to Thursday 29 July,
    # closed 30 July-12 August, Friday 13 August 8 h, 16-19 August 4 days: 163 working hours
    assert g4.total_float == 163 * 60
    assert g4.total_float == brute_float(project, schedule, "G4", 400 * 60, actuals)
    # nothing after G4 but F, which waits for S anyway: its free float is its total float
    assert g4.free_float == g4.total_float
