"""Over-allocated resources in a computed schedule: each resource's peak load against its capacity.

A task loads its resources only while it works: on its own calendar (task, crew or project calendar
minus the assigned resources' absences), or all the time for an elapsed duration. So a weekend crew
task loads the crew on Saturday, when the plant calendar is closed, and not on the Friday night its
bar spans.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from plantrack.scheduling.calendar import CalendarCache, to_datetime, to_minute
from plantrack.scheduling.cpm import Schedule, TaskSchedule
from plantrack.scheduling.model import Project, Task

#: Units are floats (0.5 of a person): a load within this of the capacity is not above it.
EPSILON = 1e-9


@dataclass(frozen=True, slots=True, kw_only=True)
class Overallocation:
    """One resource whose assigned tasks need more units at once than it has."""

    resource: str
    capacity: float
    peak: float  # the most units needed at one instant
    at: dt.datetime  # the first instant of the peak
    tasks: tuple[str, ...]  # the tasks working at that instant, in plan order
    first_over: dt.datetime  # the first and last instants above capacity
    last_over: dt.datetime
    minutes_over: int  # elapsed minutes during which the load is above capacity


def _elapsed(task: Task) -> bool:
    length = task.duration or task.effort or task.planned_duration()
    return length is not None and length.elapsed


def _sweep(
    events: list[tuple[int, float, int]], capacity: float
) -> tuple[float, int, set[int], int, int, int] | None:
    """Events (minute, ±units, task index), ends before starts at the same minute (half-open spans).

    Returns the peak, its first minute, the tasks then at work, the first and last minute above
    capacity and the minutes above it; None when the load never exceeds the capacity.
    """
    events.sort(key=lambda e: (e[0], e[1] > 0))
    load, peak, peak_at = 0.0, 0.0, 0
    active: dict[int, int] = {}
    at_peak: set[int] = set()
    first = last = -1
    over = 0
    for k, (minute, delta, task) in enumerate(events):
        load += delta
        active[task] = active.get(task, 0) + (1 if delta > 0 else -1)
        if k + 1 < len(events) and events[k + 1][0] == minute:
            continue  # the load counts once every event of this minute is applied
        if load > capacity + EPSILON and k + 1 < len(events):
            following = events[k + 1][0]
            first = minute if first < 0 else first
            last = following
            over += following - minute
        if load > peak + EPSILON:
            peak, peak_at = load, minute
            at_peak = {i for i, n in active.items() if n > 0}
    if first < 0:
        return None
    return peak, peak_at, at_peak, first, last, over


def _spans_peak(spans: Iterable[tuple[int, int, float]]) -> float:
    events = [(a, u) for a, b, u in spans] + [(b, -u) for a, b, u in spans]
    events.sort(key=lambda e: (e[0], e[1] > 0))
    load = peak = 0.0
    for _minute, delta in events:
        load += delta
        peak = max(peak, load)
    return peak


def overallocations(
    project: Project, schedule: Schedule, *, since: dt.datetime | None = None
) -> tuple[Overallocation, ...]:
    """Every resource whose load goes above its capacity after `since` (default: the whole plan),
    in the order the plan lists its resources."""
    origin = schedule.origin
    start = to_minute(origin, since) if since is not None else None
    tasks = project.task_map()
    dates: dict[str, TaskSchedule] = {t.id: t for t in schedule.tasks if not t.summary and not t.milestone}
    order = {t.id: i for i, t in enumerate(project.tasks)}
    resources_of: dict[str, list[str]] = {}
    spans: dict[str, list[tuple[str, float, int, int]]] = {}
    for a in project.assignments:
        resources_of.setdefault(a.task, []).append(a.resource)
        sched = dates.get(a.task)
        if sched is None:
            continue
        lo = sched.early_start if start is None else max(sched.early_start, start)
        if lo < sched.early_finish:
            spans.setdefault(a.resource, []).append((a.task, a.units, lo, sched.early_finish))
    cache = CalendarCache(project)
    out: list[Overallocation] = []
    for resource in project.resources:
        used = spans.get(resource.id, [])
        # a bar spans at least the time its task works: a resource within capacity over the bars
        # is within it over the work, and needs no calendar
        if _spans_peak((lo, hi, u) for _t, u, lo, hi in used) <= resource.capacity + EPSILON:
            continue
        events: list[tuple[int, float, int]] = []
        for task_id, units, lo, hi in used:
            task = tasks[task_id]
            if _elapsed(task):
                working = [(lo, hi)]
            else:
                working = cache.for_task(task, resources_of[task_id]).intervals(lo, hi)
            for begin, end in working:
                events += [(begin, units, order[task_id]), (end, -units, order[task_id])]
        found = _sweep(events, resource.capacity)
        if found is None:
            continue
        peak, peak_at, at_peak, first, last, over = found
        out.append(
            Overallocation(
                resource=resource.id,
                capacity=resource.capacity,
                peak=peak,
                at=to_datetime(origin, peak_at),
                tasks=tuple(project.tasks[i].id for i in sorted(at_peak)),
                first_over=to_datetime(origin, first),
                last_over=to_datetime(origin, last),
                minutes_over=over,
            )
        )
    return tuple(out)
