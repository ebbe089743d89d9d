"""The plant's shared resources across its projects: load by ISO week and by project, and window occupation.

Each project is scheduled on its own time axis (minutes from midnight of its start day); a shared
crew sees the work of every project at once. The bookings of each project (the same ones
`scheduling.load` counts for one project: each task's own working time times the units assigned)
are moved onto one axis, from midnight of the earliest project start, and swept together with the
same sweep `scheduling.load` uses, so one project alone gives exactly its own load figures.

- **load by project**: the hours each project books on the resource in the week;
- **over-allocation**: at some instant the projects together book more units than the resource has;
  the tasks booked then are named with their project;
- **window occupation**: for each shutdown window the plant shares, the hours each shared resource
  works within its periods, by project, against the hours its calendar gives there times its units.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from plantrack.scheduling.bookings import TaskWork, bars
from plantrack.scheduling.calendar import DAY, CalendarCache, to_minute
from plantrack.scheduling.cpm import Schedule
from plantrack.scheduling.load import WEEK_DAYS, _Booking, _period, _sweep
from plantrack.scheduling.model import Plant, Project, Resource, Window

#: Separates a project's index from a task id in the sweep's task keys (ids hold no tab).
_SEP = "\t"


@dataclass(frozen=True, slots=True, kw_only=True)
class Member:
    """One project of the plant as the load sees it: its key (workspace), plan resolved against the plant,
    and the schedule its work is booked on (the forecast)."""

    key: str
    project: Project
    schedule: Schedule


@dataclass(frozen=True, slots=True, kw_only=True)
class ProjectShare:
    """What one project books on a shared resource within a week (or a window)."""

    project: str  # the member's key
    load_hours: float
    tasks: tuple[str, ...] = ()  # a week: tasks booked while over-allocated; a window: tasks working in it


@dataclass(frozen=True, slots=True, kw_only=True)
class SharedWeek:
    """A shared resource over one ISO week (Monday to Sunday), all projects together."""

    start: dt.date
    load_hours: float
    capacity_hours: float
    peak_units: float
    over_units: float  # units booked at the worst over-allocated instant (0 when none)
    available_units: float  # units the resource had at that instant
    projects: tuple[ProjectShare, ...]  # projects booking the resource this week, in plant order

    @property
    def over(self) -> bool:
        return any(p.tasks for p in self.projects)


@dataclass(frozen=True, slots=True, kw_only=True)
class SharedLoad:
    id: str
    name: str
    capacity: float
    weeks: tuple[SharedWeek, ...]

    @property
    def overallocated(self) -> bool:
        return any(w.over for w in self.weeks)


@dataclass(frozen=True, slots=True, kw_only=True)
class CrewInWindow:
    """A shared resource within a window's periods: hours worked there by project against its hours."""

    resource: str
    name: str
    load_hours: float
    capacity_hours: float
    projects: tuple[ProjectShare, ...]

    @property
    def beyond(self) -> bool:
        return self.load_hours > self.capacity_hours + 1e-9


@dataclass(frozen=True, slots=True, kw_only=True)
class WindowOccupation:
    id: str
    name: str
    start: dt.datetime  # the first period's start
    finish: dt.datetime  # the last period's end
    crews: tuple[CrewInWindow, ...]  # shared resources working in the window, plant order
    tasks: tuple[tuple[str, str], ...]  # (project, task): bound to the window or working in it


@dataclass(frozen=True, slots=True, kw_only=True)
class PortfolioLoad:
    loads: tuple[SharedLoad, ...]
    windows: tuple[WindowOccupation, ...]


def _host(plant: Plant, origin: dt.datetime) -> Project:
    """A project holding only the plant's shared part, starting at `origin`: the calendars the sweep uses."""
    return Project(
        name=plant.name,
        start=origin,
        calendar=plant.calendar,
        calendars=plant.calendars,
        resources=plant.resources,
    )


def _bookings(plant: Plant, members: Sequence[Member], origin: dt.datetime) -> dict[str, list[_Booking]]:
    """Per shared resource: each project's task bookings on the common axis, keyed `index<TAB>task`."""
    shared = {r.id for r in plant.resources}
    out: dict[str, list[_Booking]] = {}
    for index, member in enumerate(members):
        shift = to_minute(origin, member.project.origin)  # whole days: both are midnights
        work = TaskWork(member.project, CalendarCache(member.project))
        for resource, used in bars(member.project, member.schedule).items():
            if resource not in shared:
                continue
            for task, units, lo, hi in used:
                found = work.intervals(task, lo, hi)
                if found:
                    moved = [(a + shift, b + shift) for a, b in found]
                    out.setdefault(resource, []).append((moved, units, f"{index}{_SEP}{task}"))
    return out


def _split(key: str) -> tuple[int, str]:
    index, task = key.split(_SEP, 1)
    return int(index), task


def _day_hours(spans: Sequence[_Booking], lo: int, days: int) -> dict[int, list[float]]:
    """Per project index: unit-minutes booked in each day of [lo, lo + days·DAY)."""
    out: dict[int, list[float]] = {}
    for intervals, units, key in spans:
        row = out.setdefault(_split(key)[0], [0.0] * days)
        for a, b in intervals:
            while a < b:
                day = (a - lo) // DAY
                end = min(b, lo + (day + 1) * DAY)
                row[day] += units * (end - a)
                a = end
    return out


def _overlap(intervals: Sequence[tuple[int, int]], periods: Sequence[tuple[int, int]]) -> int:
    return sum(max(0, min(b, q) - max(a, p)) for a, b in intervals for p, q in periods)


def portfolio_load(plant: Plant, members: Sequence[Member]) -> PortfolioLoad:
    """Every shared resource of `plant` (plant order) over the ISO weeks holding any shared work, and
    every shutdown window the plant shares. `members` are in plant order, resolved against the plant."""
    if not members:
        return PortfolioLoad(loads=(), windows=())
    origin = min(m.project.origin for m in members)
    cache = CalendarCache(_host(plant, origin))
    bookings = _bookings(plant, members, origin)
    # over-allocated tasks are named project by project (plant order), each project's in file order
    keys = (f"{index}{_SEP}{task.id}" for index, m in enumerate(members) for task in m.project.tasks)
    order = {key: rank for rank, key in enumerate(keys)}
    minutes = [m for spans in bookings.values() for intervals, _, _ in spans for m in intervals]
    loads = (
        tuple(
            _resource_weeks(r, bookings.get(r.id, []), cache, minutes, order, members)
            for r in plant.resources
        )
        if minutes
        else tuple(SharedLoad(id=r.id, name=r.name, capacity=r.capacity, weeks=()) for r in plant.resources)
    )
    windows = tuple(_occupation(w, plant, members, bookings, cache) for w in plant.windows)
    return PortfolioLoad(loads=loads, windows=windows)


def _resource_weeks(
    res: Resource,
    spans: list[_Booking],
    cache: CalendarCache,
    minutes: Sequence[tuple[int, int]],
    order: dict[str, int],
    members: Sequence[Member],
) -> SharedLoad:
    origin = cache.origin.date()
    first_day = min(a for a, _ in minutes) // DAY
    last_day = (max(b for _, b in minutes) - 1) // DAY
    # whole ISO weeks, the same for every resource so they line up
    first_day -= (origin + dt.timedelta(days=first_day)).weekday()
    last_day += WEEK_DAYS - 1 - (origin + dt.timedelta(days=last_day)).weekday()
    lo, hi = first_day * DAY, (last_day + 1) * DAY
    totals = _sweep(res, spans, cache, lo, hi)
    by_project = _day_hours(spans, lo, len(totals))
    start = origin + dt.timedelta(days=first_day)
    weeks = []
    for i in range(0, len(totals), WEEK_DAYS):
        week = _period(start + dt.timedelta(days=i), WEEK_DAYS, totals[i : i + WEEK_DAYS], order)
        over: dict[int, list[str]] = {}
        for key in week.over_tasks:
            index, task = _split(key)
            over.setdefault(index, []).append(task)
        shares = tuple(
            ProjectShare(
                project=members[index].key,
                load_hours=round(sum(by_project[index][i : i + WEEK_DAYS]) / 60, 6),
                tasks=tuple(over.get(index, ())),
            )
            for index in sorted(by_project)
            if any(by_project[index][i : i + WEEK_DAYS]) or index in over
        )
        weeks.append(
            SharedWeek(
                start=week.start,
                load_hours=week.load_hours,
                capacity_hours=week.capacity_hours,
                peak_units=week.peak_units,
                over_units=week.over_units,
                available_units=week.available_units,
                projects=shares,
            )
        )
    return SharedLoad(id=res.id, name=res.name, capacity=res.capacity, weeks=tuple(weeks))


def _occupation(
    window: Window,
    plant: Plant,
    members: Sequence[Member],
    bookings: dict[str, list[_Booking]],
    cache: CalendarCache,
) -> WindowOccupation:
    origin = cache.origin
    periods = [(to_minute(origin, p.start), to_minute(origin, p.end)) for p in window.periods]
    working: set[tuple[int, str]] = set()
    crews = []
    for res in plant.resources:
        spans = bookings.get(res.id, [])
        minutes: dict[int, float] = {}
        tasks: dict[int, list[str]] = {}
        for intervals, units, key in spans:
            inside = _overlap(intervals, periods)
            if inside:
                index, task = _split(key)
                minutes[index] = minutes.get(index, 0.0) + units * inside
                if task not in tasks.setdefault(index, []):
                    tasks[index].append(task)
                working.add((index, task))
        if not minutes:
            continue
        own = cache.get(res.calendar or plant.calendar, res.absences)
        capacity = res.capacity * sum(own.working_between(a, b) for a, b in periods)
        crews.append(
            CrewInWindow(
                resource=res.id,
                name=res.name,
                load_hours=round(sum(minutes.values()) / 60, 6),
                capacity_hours=round(capacity / 60, 6),
                projects=tuple(
                    ProjectShare(
                        project=members[i].key, load_hours=round(minutes[i] / 60, 6), tasks=tuple(tasks[i])
                    )
                    for i in sorted(minutes)
                ),
            )
        )
    tasks_out = [
        (member.key, task.id)
        for index, member in enumerate(members)
        for task in member.project.tasks
        if task.window == window.id or (index, task.id) in working
    ]
    return WindowOccupation(
        id=window.id,
        name=window.name,
        start=min(p.start for p in window.periods),
        finish=max(p.end for p in window.periods),
        crews=tuple(crews),
        tasks=tuple(tasks_out),
    )
