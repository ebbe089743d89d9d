"""Over-allocated resources in a computed schedule: each resource's peak load against its capacity.

The question `plantrack schedule` warns about: over the work left after the status date, the worst
instant, which tasks then work, and from when to when and how long the load is above capacity.
`load.py` answers another one, the hours booked and available per day and per ISO week for the
resources screen and the dashboard; the two share the bookings and the sweep over them (`bookings.py`).

A task loads its resources only while it works: on its own calendar (task, crew or project calendar
minus the assigned resources' absences), or all the time for an elapsed duration. So a weekend crew
task loads the crew on Saturday, when the plant calendar is closed, and not on the Friday night its
bar spans. Unlike `load.py`, an elapsed duration here loads round the clock (there it books the working
time of its calendar), and the capacity is the same at every instant (absences shorten the work).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from plantrack.scheduling.bookings import Event, TaskWork, bars, book, segments
from plantrack.scheduling.calendar import CalendarCache, to_datetime, to_minute
from plantrack.scheduling.cpm import Schedule
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


def _over(
    events: dict[int, list[Event]], capacity: float
) -> tuple[float, int, set[str], int, int, int] | None:
    """The peak, its first minute, the tasks then at work, the first and last minute above
    capacity and the minutes above it; None when the load never exceeds the capacity."""
    peak, peak_at = 0.0, 0
    at_peak: set[str] = set()
    first = last = -1
    over = 0
    for minute, following, load, _available, active in segments(events, capacity):
        if load > capacity + EPSILON:
            first = minute if first < 0 else first
            last = following
            over += following - minute
        if load > peak + EPSILON:
            peak, peak_at = load, minute
            at_peak = {task for task, n in active.items() if n > 0}
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
    order = {t.id: i for i, t in enumerate(project.tasks)}
    booked = bars(project, schedule, since=start)
    work = TaskWork(project, CalendarCache(project))
    out: list[Overallocation] = []
    for resource in project.resources:
        used = booked.get(resource.id, [])
        # a bar spans at least the time its task works: a resource within capacity over the bars
        # is within it over the work, and needs no calendar
        if _spans_peak((lo, hi, u) for _t, u, lo, hi in used) <= resource.capacity + EPSILON:
            continue
        events: dict[int, list[Event]] = {}
        for task_id, units, lo, hi in used:
            working = [(lo, hi)] if _elapsed(tasks[task_id]) else work.intervals(task_id, lo, hi)
            book(events, working, units, task_id)
        found = _over(events, resource.capacity)
        if found is None:
            continue
        peak, peak_at, at_peak, first, last, over = found
        out.append(
            Overallocation(
                resource=resource.id,
                capacity=resource.capacity,
                peak=peak,
                at=to_datetime(origin, peak_at),
                tasks=tuple(sorted(at_peak, key=order.__getitem__)),
                first_over=to_datetime(origin, first),
                last_over=to_datetime(origin, last),
                minutes_over=over,
            )
        )
    return tuple(out)
