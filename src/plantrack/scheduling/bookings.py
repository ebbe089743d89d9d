"""Bookings: when each assigned task works and with how many units, and the sweep over the units booked.

The common part of two answers about a resource's units against its capacity, each in its module:
`load.py` gives the hours booked and available per day and per ISO week (the TUI's resources screen,
the HTML dashboard); `overallocation.py` gives the peak instant and the time above capacity over the
work left to do (the warning `plantrack schedule` prints).
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator

from plantrack.scheduling.calendar import CalendarCache
from plantrack.scheduling.cpm import Schedule
from plantrack.scheduling.model import Project

#: (task id, units, first minute, end minute) of an assigned task's bar, the end exclusive
Bar = tuple[str, float, int, int]
#: (change of the units booked, change of the units available, the task booked or None)
Event = tuple[float, float, str | None]


def bars(project: Project, schedule: Schedule, *, since: int | None = None) -> dict[str, list[Bar]]:
    """Per resource of the plan: the bar of each task assigned to it, in assignment order.

    Summaries and milestones book nobody; with `since` (a minute) a bar starts no earlier, and a bar
    left empty is left out. Assignments to a resource the plan does not list are skipped.
    """
    resources = project.resource_map()
    rows = {r.id: r for r in schedule.tasks if not r.summary and not r.milestone}
    out: dict[str, list[Bar]] = {}
    for a in project.assignments:
        row = rows.get(a.task)
        if row is None or a.resource not in resources:
            continue
        lo = row.early_start if since is None else max(row.early_start, since)
        if lo < row.early_finish:
            out.setdefault(a.resource, []).append((a.task, a.units, lo, row.early_finish))
    return out


class TaskWork:
    """When assigned tasks work within their bars, each task computed once.

    A task works on its own calendar (the task's, else the one its resources share, else the
    project's) minus the absences of every resource assigned to it (`CalendarCache.for_task`).
    """

    def __init__(self, project: Project, cache: CalendarCache) -> None:
        self._cache = cache
        self._tasks = project.task_map()
        self._assigned: dict[str, list[str]] = {}
        for a in project.assignments:
            self._assigned.setdefault(a.task, []).append(a.resource)
        self._found: dict[tuple[str, int, int], list[tuple[int, int]]] = {}

    def intervals(self, task: str, lo: int, hi: int) -> list[tuple[int, int]]:
        """The working intervals of `task` within [lo, hi), in time order."""
        key = (task, lo, hi)
        found = self._found.get(key)
        if found is None:
            work = self._cache.for_task(self._tasks[task], self._assigned.get(task, []))
            found = self._found[key] = work.intervals(lo, hi)
        return found


def book(events: dict[int, list[Event]], intervals: list[tuple[int, int]], units: float, task: str) -> None:
    """Add the events of `task` booking `units` over each of `intervals`."""
    for a, b in intervals:
        events.setdefault(a, []).append((units, 0.0, task))
        events.setdefault(b, []).append((-units, 0.0, task))


def segments(
    events: dict[int, list[Event]], capacity: float
) -> Iterator[tuple[int, int, float, float, Counter[str]]]:
    """Between each two successive instants of `events`: (start, end, booked, available, tasks booked).

    Booked and available units are constant over each segment (they change only at an event; every
    event of an instant counts before the segment starts, so spans are half-open). The available
    units start at `capacity`. The tasks are a live count of their booked intervals, changed as the
    sweep goes on: copy what you keep.
    """
    booked, available = 0.0, capacity
    active: Counter[str] = Counter()
    for t, nxt in itertools.pairwise(sorted(events)):
        for d_booked, d_available, who in events[t]:
            booked += d_booked
            available += d_available
            if who is not None:
                active[who] += 1 if d_booked > 0 else -1
                if not active[who]:
                    del active[who]  # only tasks booked now, so an over-allocation names just those
        yield t, nxt, booked, available, active
