"""The plant's shutdown windows as its projects fill them: who works in each, and how much of each crew.

For each window the plant shares, each shared resource's hours booked within the window's periods,
project by project, against its units times the time it can work there: when its own calendar works,
or a calendar its tasks in the window run on (a day-shift crew working a weekend stop on the shutdown
crew's round-the-clock calendar has the whole weekend, not the zero hours of its day shift). The bookings are
the ones `scheduling.load` and `scheduling.plant_load` count (each task's own working time times the
units assigned), every project's moved onto one axis from midnight of the earliest project start.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from plantrack.scheduling.calendar import CalendarCache, to_minute
from plantrack.scheduling.calendar.intervals import union
from plantrack.scheduling.load import _bookings
from plantrack.scheduling.model import Plant, Project, Task, Window
from plantrack.scheduling.plant_load import MemberPlan, SharedLoad, SharedOverload, WeekLoad


@dataclass(frozen=True, slots=True, kw_only=True)
class CrewShare:
    """What one project books on a shared resource within a window: hours and the tasks working there."""

    project: str  # the member's name
    load_hours: float
    tasks: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class CrewInWindow:
    """A shared resource within a window's periods: hours worked there by project against its hours."""

    resource: str
    name: str
    load_hours: float
    capacity_hours: float  # units x the window's time on its own calendar or its tasks' there
    projects: tuple[CrewShare, ...]  # member order

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


def week_overloads(load: SharedLoad, week: WeekLoad) -> tuple[SharedOverload, ...]:
    """The runs of over-allocated days of `load` that fall (at least partly) in `week`."""
    end = week.start + dt.timedelta(days=7)
    return tuple(o for o in load.overallocations if o.start < end and o.end > week.start)


def _host(plant: Plant, origin: dt.datetime) -> Project:
    """A project holding only the plant's shared part, from `origin`: the calendars the crews work on."""
    return Project(
        name=plant.name,
        start=origin,
        calendar=plant.calendar,
        calendars=plant.calendars,
        resources=plant.resources,
    )


def _overlap(intervals: Sequence[tuple[int, int]], periods: Sequence[tuple[int, int]]) -> int:
    return sum(max(0, min(b, q) - max(a, p)) for a, b in intervals for p, q in periods)


@dataclass(frozen=True, slots=True)
class _Calendars:
    """One member's compiled calendars, the tasks' resources, and its shift onto the plant's axis."""

    cache: CalendarCache
    tasks: dict[str, Task]
    assigned: dict[str, list[str]]
    shift: int

    def task_time(self, task: str, periods: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
        """When `task`'s own calendar works within `periods` (plant axis)."""
        calendar = self.cache.for_task(self.tasks[task], self.assigned.get(task, []))
        return [
            (a + self.shift, b + self.shift)
            for p, q in periods
            for a, b in calendar.intervals(p - self.shift, q - self.shift)
        ]


def window_occupation(plant: Plant, members: Sequence[MemberPlan]) -> tuple[WindowOccupation, ...]:
    """Every shutdown window of `plant` (plant order) as `members` (resolved against it) fill it."""
    if not members:
        return ()
    origin = min(m.project.origin for m in members)
    cache = CalendarCache(_host(plant, origin))
    shared = {r.id for r in plant.resources}
    # per shared resource: (member index, task, working intervals on the common axis, units)
    booked: dict[str, list[tuple[int, str, list[tuple[int, int]], float]]] = {}
    calendars = []
    for index, member in enumerate(members):
        shift = to_minute(origin, member.project.origin)  # whole days: both are midnights
        own = member.calendars or CalendarCache(member.project)
        assigned: dict[str, list[str]] = {}
        for a in member.project.assignments:
            assigned.setdefault(a.task, []).append(a.resource)
        calendars.append(_Calendars(own, member.project.task_map(), assigned, shift))
        for resource, spans in _bookings(member.project, member.schedule, own).items():
            if resource in shared:
                for intervals, units, task in spans:
                    moved = [(a + shift, b + shift) for a, b in intervals]
                    booked.setdefault(resource, []).append((index, task, moved, units))
    return tuple(_occupation(w, plant, members, booked, cache, calendars) for w in plant.windows)


def _occupation(
    window: Window,
    plant: Plant,
    members: Sequence[MemberPlan],
    booked: dict[str, list[tuple[int, str, list[tuple[int, int]], float]]],
    cache: CalendarCache,
    calendars: Sequence[_Calendars],
) -> WindowOccupation:
    periods = [(to_minute(cache.origin, p.start), to_minute(cache.origin, p.end)) for p in window.periods]
    working: set[tuple[int, str]] = set()
    crews = []
    for res in plant.resources:
        minutes: dict[int, float] = {}
        tasks: dict[int, list[str]] = {}
        for index, task, intervals, units in booked.get(res.id, []):
            inside = _overlap(intervals, periods)
            if inside:
                minutes[index] = minutes.get(index, 0.0) + units * inside
                if task not in tasks.setdefault(index, []):
                    tasks[index].append(task)
                working.add((index, task))
        if not minutes:
            continue
        # the crew's hours in the window: its own calendar's, and those of the calendars its tasks there
        # run on (a shutdown crew works the weekend stop on its round-the-clock calendar)
        own = cache.get(res.calendar or plant.calendar, res.absences)
        available = [iv for p, q in periods for iv in own.intervals(p, q)]
        for index, names in tasks.items():
            for task in names:
                available += calendars[index].task_time(task, periods)
        capacity = res.capacity * sum(b - a for a, b in union(available))
        crews.append(
            CrewInWindow(
                resource=res.id,
                name=res.name,
                load_hours=round(sum(minutes.values()) / 60, 6),
                capacity_hours=round(capacity / 60, 6),
                projects=tuple(
                    CrewShare(
                        project=members[i].name, load_hours=round(minutes[i] / 60, 6), tasks=tuple(tasks[i])
                    )
                    for i in sorted(minutes)
                ),
            )
        )
    return WindowOccupation(
        id=window.id,
        name=window.name,
        start=min(p.start for p in window.periods),
        finish=max(p.end for p in window.periods),
        crews=tuple(crews),
        tasks=tuple(
            (member.name, task.id)
            for index, member in enumerate(members)
            for task in member.project.tasks
            if task.window == window.id or (index, task.id) in working
        ),
    )
