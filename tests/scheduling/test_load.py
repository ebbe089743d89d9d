"""Resource load against capacity: a hand-counted plan with work during the plant's closure, and a
minute-by-minute brute force on random plans."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from builders import link, resource, task, use
from load_fixtures import (
    ELEC_CAPACITY,
    ELEC_LOAD,
    FITTERS_CAPACITY,
    FITTERS_LOAD,
    FITTERS_OVER_DAYS,
    WEEK_30,
    WEEK_31,
    closure_project,
    hours,
)
from plantrack.scheduling.calendar import CalendarCache, to_minute
from plantrack.scheduling.cpm import Schedule, cpm
from plantrack.scheduling.load import Overallocation, ResourceLoad, overallocations, resource_loads
from plantrack.scheduling.model import (
    Assignment,
    Calendar,
    Period,
    Project,
    Resource,
    Task,
    TimeRange,
)

D = dt.datetime


def by_id(project: Project) -> dict[str, ResourceLoad]:
    return {load.id: load for load in resource_loads(project, cpm(project))}


def test_work_during_the_plant_closure_counts_hour_by_hour() -> None:
    loads = by_id(closure_project())
    fitters, elec = loads["fitters"], loads["elec"]
    days = [WEEK_30 + dt.timedelta(days=k) for k in range(14)]
    assert [p.start for p in fitters.days] == days and all(p.days == 1 for p in fitters.days)
    assert [p.load_hours for p in fitters.days] == FITTERS_LOAD
    assert [p.capacity_hours for p in fitters.days] == FITTERS_CAPACITY
    assert [p.load_hours for p in elec.days] == ELEC_LOAD
    assert [p.capacity_hours for p in elec.days] == ELEC_CAPACITY
    # ISO weeks 30 and 31: the sums of their days
    assert [(w.start, w.days) for w in fitters.weeks] == [(WEEK_30, 7), (WEEK_31, 7)]
    assert [w.load_hours for w in fitters.weeks] == [16, 120]
    assert [w.capacity_hours for w in fitters.weeks] == [144, 144]
    assert [w.load_hours for w in elec.weeks] == [0, 24]
    assert [w.capacity_hours for w in elec.weeks] == [40, 0]
    assert fitters.tasks == ("prep", "overhaul", "cabling") and elec.tasks == ("cabling",)


def test_over_allocation_names_the_days_the_tasks_and_the_units() -> None:
    loads = by_id(closure_project())
    fitters, elec = loads["fitters"], loads["elec"]
    assert [p.start for p in fitters.days if p.over] == FITTERS_OVER_DAYS
    assert fitters.overallocated and fitters.peak_units == 3
    assert overallocations(loads.values()) == tuple(
        Overallocation(
            resource="fitters",
            start=day,
            end=day + dt.timedelta(days=1),
            tasks=("overhaul", "cabling"),
            peak_units=3,
            capacity_units=2,
            load_hours=36,
            capacity_hours=24,
        )
        for day in FITTERS_OVER_DAYS
    )
    (week,) = fitters.overallocations(weekly=True)
    assert (week.start, week.end, week.load_hours, week.capacity_hours) == (
        WEEK_31,
        WEEK_31 + dt.timedelta(days=7),
        120,
        144,
    )
    # the electrician works beyond his calendar's hours (12 h against none), but is never booked twice
    assert not elec.overallocated and elec.peak_units == 1


def test_absences_remove_capacity_and_work_booked_through_them_is_over() -> None:
    """An elapsed task ignores the absence (it runs through it); a worked task moves around it."""
    allday = Calendar(id="allday", weekdays=tuple(range(7)), hours=(TimeRange(start=0, end=24 * 60),))
    away = Period(start=D(2027, 3, 16), end=D(2027, 3, 17))  # Tuesday
    project = Project(
        name="P",
        start=D(2027, 3, 15),
        calendar="allday",
        calendars=(allday,),
        resources=(resource("r", capacity=1, absences=(away,)),),
        tasks=(task("a", hours(48)),),
        assignments=(use("a", "r"),),
    )
    (load,) = resource_loads(project, cpm(project))
    # a works Monday, skips the absence and finishes on Wednesday
    assert [p.load_hours for p in load.days[:3]] == [24, 0, 24]
    assert [p.capacity_hours for p in load.days[:3]] == [24, 0, 24]
    assert not load.overallocated


def test_no_assigned_work_gives_empty_periods_for_every_resource() -> None:
    project = closure_project()
    bare = Project(name="P", start=project.start, calendars=project.calendars, calendar="plant",
                   resources=project.resources, tasks=project.tasks)  # fmt: skip
    loads = resource_loads(bare, cpm(bare))
    assert [(ld.id, ld.days, ld.weeks, ld.tasks) for ld in loads] == [
        ("fitters", (), (), ()),
        ("elec", (), (), ()),
    ]


# --- brute force: minute by minute, straight from the calendars -------------------------------------


def brute_force(
    project: Project, schedule: Schedule, first: dt.date, n_days: int
) -> dict[str, tuple[list[float], list[float], list[bool]]]:
    """Per resource and day: load and capacity hours, and whether some minute books more than there is."""
    cache = CalendarCache(project)
    rows = {r.id: r for r in schedule.tasks}
    tasks = project.task_map()
    who = {t.id: [a.resource for a in project.assignments if a.task == t.id] for t in project.tasks}
    booked = [
        (rows[a.task], cache.for_task(tasks[a.task], who[a.task]), a.resource, a.units)
        for a in project.assignments
        if not rows[a.task].milestone
    ]
    lo = to_minute(project.origin, D.combine(first, dt.time()))
    out = {}
    for res in project.resources:
        own = cache.get(res.calendar or project.calendar, res.absences)
        away = [(to_minute(project.origin, p.start), to_minute(project.origin, p.end)) for p in res.absences]
        load, cap, over = [0.0] * n_days, [0.0] * n_days, [False] * n_days
        for minute in range(lo, lo + n_days * 1440):
            day = (minute - lo) // 1440
            units = sum(
                u
                for row, cal, r, u in booked
                if r == res.id and row.start <= minute < row.finish and cal.is_working(minute)
            )
            available = 0.0 if any(a <= minute < b for a, b in away) else res.capacity
            load[day] += units / 60
            cap[day] += res.capacity * own.is_working(minute) / 60
            over[day] |= units > available + 1e-9
        out[res.id] = (load, cap, over)
    return out


def random_project(seed: int) -> Project:
    rng = random.Random(seed)
    always = Calendar(id="always", weekdays=tuple(range(7)), hours=(TimeRange(start=0, end=24 * 60),))
    plant = Calendar(id="plant", off=(Period(start=D(2027, 3, 17), end=D(2027, 3, 19)),))
    crew = Calendar(id="crew", weekdays=(0, 2, 4, 5, 6), hours=(TimeRange(start=6 * 60, end=14 * 60 + 30),))
    resources = tuple(
        Resource(
            id=f"r{k}",
            capacity=rng.choice([2, 2.5, 3]),
            calendar=rng.choice([None, "crew", "always"]),
            absences=(Period(start=D(2027, 3, 16 + k, 10), end=D(2027, 3, 16 + k, 20)),)
            if rng.random() < 0.5
            else (),
        )
        for k in range(3)
    )
    tasks = tuple(
        Task(
            id=f"t{k}",
            duration=hours(rng.choice([3, 7.5, 12, 20, 30])),
            calendar=rng.choice([None, None, "plant", "crew", "always"]),
        )
        for k in range(6)
    )
    links = tuple(link(f"t{k}", f"t{k + 2}") for k in range(4) if rng.random() < 0.5)
    assignments = tuple(
        Assignment(task=t.id, resource=r.id, units=rng.choice([0.5, 1, 2]))
        for t in tasks
        for r in rng.sample(resources, rng.randint(0, 2))
    )
    return Project(
        name="random",
        start=D(2027, 3, 15, 9, 30),
        calendar="plant",
        calendars=(always, plant, crew),
        resources=resources,
        tasks=tasks,
        links=links,
        assignments=assignments,
    )


@pytest.mark.parametrize("seed", range(6))
def test_equals_a_minute_by_minute_count(seed: int) -> None:
    project = random_project(seed)
    schedule = cpm(project)
    loads = resource_loads(project, schedule)
    first, n_days = loads[0].days[0].start, len(loads[0].days)
    assert first.weekday() == 0 and n_days % 7 == 0  # whole ISO weeks
    expected = brute_force(project, schedule, first, n_days)
    # the whole plan, counted without the core's range: no work falls outside that range
    start = min(r.early_start_at for r in schedule.tasks).date() - dt.timedelta(days=1)
    span = (schedule.finish_at.date() - start).days + 2
    total = brute_force(project, schedule, start, span)
    for load in loads:
        want_load, want_cap, want_over = expected[load.id]
        assert [p.load_hours for p in load.days] == pytest.approx(want_load), load.id
        assert [p.capacity_hours for p in load.days] == pytest.approx(want_cap), load.id
        assert [p.over for p in load.days] == want_over, load.id
        assert sum(total[load.id][0]) == pytest.approx(sum(want_load))
        for k, week in enumerate(load.weeks):
            assert week.load_hours == pytest.approx(sum(want_load[7 * k : 7 * k + 7]))
            assert week.capacity_hours == pytest.approx(sum(want_cap[7 * k : 7 * k + 7]))
            assert week.over == any(want_over[7 * k : 7 * k + 7])
