"""Peak load against capacity: hand-worked cases and a minute-by-minute brute force."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from builders import days, link, plan, resource, task, use
from plantrack.scheduling.calendar import CalendarCache
from plantrack.scheduling.cpm import cpm
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.model import Assignment, Calendar, Link, Period, Project, Task
from plantrack.scheduling.overallocation import overallocations

MON = dt.datetime(2027, 1, 4, 8)
DAY = Duration(minutes=480)


WEEKEND = Calendar(id="weekend", weekdays=(5, 6))


def _project(
    tasks: list[Task],
    assignments: list[Assignment],
    links: list[Link] | None = None,
    capacity: float = 1.0,
    absences: tuple[Period, ...] = (),
) -> Project:
    return plan(
        tasks,
        links or (),
        start=MON,
        calendars=(Calendar(id="standard"), WEEKEND),
        resources=(resource("crew", capacity, absences=absences), resource("idle")),
        assignments=assignments,
    )


def test_two_tasks_on_one_person_the_same_days() -> None:
    # a and b (2 days each) both start Monday 08:00: 1.5 crews needed Mon-Tue, working hours only
    project = _project(
        [task("a", days(2)), task("b", days(2)), task("c", DAY)],
        [use("a", "crew"), use("b", "crew", 0.5)],
    )
    (found,) = overallocations(project, cpm(project))
    assert (found.resource, found.capacity, found.peak) == ("crew", 1.0, 1.5)
    assert found.at == MON and found.tasks == ("a", "b")
    assert (found.first_over, found.last_over) == (MON, dt.datetime(2027, 1, 5, 17))
    assert found.minutes_over == 4 * 240  # two mornings and two afternoons of 4 hours
    # with capacity 1.5 it fits exactly
    assert (
        overallocations(_project(list(project.tasks), list(project.assignments), capacity=1.5), cpm(project))
        == ()
    )


def test_weekend_work_counts_and_overlapping_bars_that_never_work_together_do_not() -> None:
    # w1 works on the weekend calendar (Sat 9 Jan), p works Mon-Fri on the plant calendar: their bars
    # overlap (p runs Mon 4 to Mon 11 with the weekend inside) but they never work at the same time
    p = task("p", days(6))
    w1 = task("w1", DAY, calendar="weekend")
    project = _project([p, w1], [use("p", "crew"), use("w1", "crew")])
    schedule = cpm(project)
    assert schedule.task("w1").early_start_at == dt.datetime(2027, 1, 9, 8)
    assert schedule.task("p").early_finish_at == dt.datetime(2027, 1, 11, 17)
    assert overallocations(project, schedule) == ()
    # a second weekend task the same Saturday, when the plant calendar is closed: that is over capacity
    w2 = task("w2", DAY, calendar="weekend")
    project = _project(
        [p, w1, w2],
        [use(t, "crew") for t in ("p", "w1", "w2")],
    )
    (found,) = overallocations(project, cpm(project))
    assert (found.peak, found.at, found.tasks) == (2.0, dt.datetime(2027, 1, 9, 8), ("w1", "w2"))


def test_work_before_the_status_date_is_history() -> None:
    project = _project(
        [task("a", DAY), task("b", DAY)],
        [use("a", "crew"), use("b", "crew")],
    )
    schedule = cpm(project)
    assert len(overallocations(project, schedule)) == 1
    assert overallocations(project, schedule, since=dt.datetime(2027, 1, 4, 17)) == ()


def _brute_force(project: Project, since: int) -> dict[str, tuple[float, int, int]]:
    """Minute by minute: the load at each minute from the calendars; peak, its minute, minutes over."""
    schedule = cpm(project)
    cache = CalendarCache(project)
    tasks = project.task_map()
    on: dict[str, list[str]] = {}
    for a in project.assignments:
        on.setdefault(a.task, []).append(a.resource)
    out = {}
    for r in project.resources:
        load: dict[int, float] = {}
        for a in project.assignments:
            if a.resource != r.id:
                continue
            s = schedule.task(a.task)
            work = cache.for_task(tasks[a.task], on[a.task])
            elapsed = (tasks[a.task].duration or Duration(minutes=0)).elapsed
            for t in range(max(s.early_start, since), s.early_finish):
                if elapsed or work.is_working(t):  # an elapsed duration runs round the clock
                    load[t] = load.get(t, 0.0) + a.units
        peak = max(load.values(), default=0.0)
        over = sum(1 for v in load.values() if v > r.capacity + 1e-9)
        if over:
            out[r.id] = (peak, min(t for t, v in load.items() if abs(v - peak) < 1e-9), over)
    return out


@st.composite
def plans(draw: st.DrawFn) -> tuple[Project, int]:
    n = draw(st.integers(1, 5))
    capacity = draw(st.sampled_from([0.5, 1.0, 1.5, 2.0]))
    tasks = [
        Task(
            id=f"t{i}",
            duration=Duration(minutes=draw(st.integers(1, 12)) * 120, elapsed=draw(st.booleans()) and i > 0),
            calendar=draw(st.sampled_from([None, "weekend"])),
        )
        for i in range(n)
    ]
    links = [
        link(f"t{a}", f"t{b}")
        for a in range(n)
        for b in range(a + 1, n)
        if draw(st.booleans()) and draw(st.booleans())
    ]
    assignments = [
        Assignment(
            task=t.id,
            resource="crew",
            units=draw(st.sampled_from([u for u in (0.5, 1.0, 2.0) if u <= capacity])),
        )
        for t in tasks
        if draw(st.booleans()) or t.id == "t0"
    ]
    absent = draw(st.booleans())
    absences = (Period(start=dt.datetime(2027, 1, 5), end=dt.datetime(2027, 1, 6)),) if absent else ()
    since = draw(st.sampled_from([0, 0, 24 * 60 + 8 * 60 + 30]))
    return _project(tasks, assignments, links, capacity=capacity, absences=absences), since


@settings(max_examples=60, deadline=None)
@given(plans())
def test_peak_and_time_over_capacity_equal_a_minute_by_minute_count(case: tuple[Project, int]) -> None:
    project, since = case
    schedule = cpm(project)
    found = overallocations(project, schedule, since=schedule.origin + dt.timedelta(minutes=since))
    expected = _brute_force(project, since)
    assert {f.resource: (f.peak, f.at, f.minutes_over) for f in found} == {
        r: (peak, schedule.origin + dt.timedelta(minutes=at), over)
        for r, (peak, at, over) in expected.items()
    }
