"""A plant's shared resources: load by project and ISO week against capacity, overloads across projects.

Each project is booked by `load.py`'s own helpers (each task on its own working time, times its
units), its minutes moved onto one plant axis (minute 0 = midnight of the earliest project start),
then `load.py`'s sweep, once per shared resource over every project's bookings, gives the capacity,
the peak and the instants where the projects together book more units than the resource has. A crew
busy 1 of 2 units in each of three projects at once is over-allocated, though no project alone shows it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from plantrack.scheduling.calendar import DAY, CalendarCache, to_minute
from plantrack.scheduling.cpm import Schedule
from plantrack.scheduling.load import WEEK_DAYS, _Booking, _bookings, _Day, _sweep
from plantrack.scheduling.model import Project, Resource

#: Joins a member's index and a task id into one booking key (a character no id may hold).
_SEP = "\x1f"


@dataclass(frozen=True, slots=True, kw_only=True)
class MemberPlan:
    """One project of the plant as the load reads it: its name, its plan resolved against the plant, its
    schedule."""

    name: str
    project: Project
    schedule: Schedule
    #: the calendars the schedule was computed with, if kept: compiled once for both
    calendars: CalendarCache | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class WeekLoad:
    """A shared resource over one ISO week (Monday to Sunday), all projects together and each one."""

    start: dt.date
    load_hours: float  # work booked in the week by every project
    capacity_hours: float  # the resource's working hours in the week x its capacity units
    by_project: tuple[tuple[str, float], ...]  # (project, hours) of each member booking it, member order
    peak_units: float  # the most units booked at one instant
    over: bool  # more units booked than available at some instant of the week


@dataclass(frozen=True, slots=True, kw_only=True)
class SharedOverload:
    """Days in a row on which the projects together book more units of a resource than it has."""

    resource: str
    start: dt.date
    end: dt.date  # exclusive
    peak_units: float  # units booked at the worst instant
    capacity_units: float  # units available at that instant
    tasks: tuple[tuple[str, str], ...]  # (project, task) booked while over capacity, member order

    @property
    def projects(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(project for project, _task in self.tasks))


@dataclass(frozen=True, slots=True, kw_only=True)
class SharedLoad:
    """A shared resource's load and capacity per ISO week and its over-allocations across projects."""

    id: str
    name: str
    capacity: float
    projects: tuple[str, ...]  # the members with work assigned to it, in member order
    weeks: tuple[WeekLoad, ...]
    overallocations: tuple[SharedOverload, ...]


def plant_loads(members: Sequence[MemberPlan], resources: Sequence[Resource]) -> tuple[SharedLoad, ...]:
    """Every resource of `resources` (the plant's shared ones), over the ISO weeks holding any of their work.

    One range of weeks for every resource, so the weeks line up from one resource to the next. Each
    member's project must hold the shared resources (resolved against the plant).
    """
    if not members:
        return tuple(
            SharedLoad(id=r.id, name=r.name, capacity=r.capacity, projects=(), weeks=(), overallocations=())
            for r in resources
        )
    first = min(range(len(members)), key=lambda i: members[i].project.origin)
    origin = members[first].project.origin
    # the earliest member's calendars hold the plant's on the plant's axis (minute 0 is its origin)
    cache = members[first].calendars or CalendarCache(members[first].project)
    wanted = {r.id for r in resources}
    spans: dict[str, list[_Booking]] = {}
    order: dict[str, tuple[int, int]] = {}
    for i, member in enumerate(members):
        offset = to_minute(origin, member.project.origin)
        tasks = {t.id: n for n, t in enumerate(member.project.tasks)}
        calendars = member.calendars or CalendarCache(member.project)
        found = _bookings(member.project, member.schedule, calendars)
        for resource, booked in found.items():
            if resource not in wanted:
                continue
            for intervals, units, task in booked:
                key = f"{i}{_SEP}{task}"
                order[key] = (i, tasks[task])
                moved = [(a + offset, b + offset) for a, b in intervals]
                spans.setdefault(resource, []).append((moved, units, key))
    minutes = [m for booked in spans.values() for intervals, _u, _k in booked for m in intervals]
    first_day = last_day = 0
    if minutes:
        first_day = min(a for a, _b in minutes) // DAY
        last_day = (max(b for _a, b in minutes) - 1) // DAY
        first_day -= (origin + dt.timedelta(days=first_day)).weekday()
        last_day += WEEK_DAYS - 1 - (origin + dt.timedelta(days=last_day)).weekday()
    start = origin.date() + dt.timedelta(days=first_day)
    out = []
    for res in resources:
        booked = spans.get(res.id, [])
        users = sorted({order[key][0] for _i, _u, key in booked})
        weeks: list[WeekLoad] = []
        overloads: tuple[SharedOverload, ...] = ()
        if minutes:
            lo, hi = first_day * DAY, (last_day + 1) * DAY
            days = _sweep(res, booked, cache, lo, hi)
            hours = _hours_by_week(booked, order, len(members), lo, len(days) // WEEK_DAYS)
            weeks = [
                _week(
                    start + dt.timedelta(days=w * WEEK_DAYS),
                    days[w * WEEK_DAYS : (w + 1) * WEEK_DAYS],
                    tuple((members[i].name, h) for i, h in enumerate(hours[w]) if h),
                )
                for w in range(len(days) // WEEK_DAYS)
            ]
            overloads = _overloads(res.id, start, days, order, members)
        out.append(
            SharedLoad(
                id=res.id,
                name=res.name,
                capacity=res.capacity,
                projects=tuple(members[i].name for i in users),
                weeks=tuple(weeks),
                overallocations=overloads,
            )
        )
    return tuple(out)


def _hours_by_week(
    booked: Sequence[_Booking], order: dict[str, tuple[int, int]], count: int, lo: int, weeks: int
) -> list[list[float]]:
    """Unit-minutes booked by each member in each week, as hours."""
    week = WEEK_DAYS * DAY
    totals = [[0.0] * count for _ in range(weeks)]
    for intervals, units, key in booked:
        member = order[key][0]
        for a, b in intervals:
            while a < b:  # an interval may run over a Sunday midnight
                w = (a - lo) // week
                cut = min(b, lo + (w + 1) * week)
                totals[w][member] += units * (cut - a)
                a = cut
    return [[round(v / 60, 6) for v in row] for row in totals]


def _week(start: dt.date, days: Sequence[_Day], hours: tuple[tuple[str, float], ...]) -> WeekLoad:
    return WeekLoad(
        start=start,
        load_hours=round(sum(d.load for d in days) / 60, 6),
        capacity_hours=round(sum(d.capacity for d in days) / 60, 6),
        by_project=hours,
        peak_units=round(max(d.peak for d in days), 6),
        over=any(d.over for d in days),
    )


def _overloads(
    resource: str,
    start: dt.date,
    days: Sequence[_Day],
    order: dict[str, tuple[int, int]],
    members: Sequence[MemberPlan],
) -> tuple[SharedOverload, ...]:
    """Each run of over-allocated days, with the tasks booked while over capacity and the worst instant."""
    out = []
    i = 0
    while i < len(days):
        if not days[i].over:
            i += 1
            continue
        j = i
        keys: set[str] = set()
        worst = (0.0, 0.0, 0.0)
        while j < len(days) and days[j].over:
            keys |= days[j].over or set()
            worst = max(worst, days[j].worst)
            j += 1
        ranked = sorted(keys, key=order.__getitem__)
        out.append(
            SharedOverload(
                resource=resource,
                start=start + dt.timedelta(days=i),
                end=start + dt.timedelta(days=j),
                peak_units=round(worst[1], 6),
                capacity_units=round(worst[2], 6),
                tasks=tuple((members[order[k][0]].name, k.split(_SEP, 1)[1]) for k in ranked),
            )
        )
        i = j
    return tuple(out)
