"""Which tasks held the resource a leveled task waited for: its bookings during the wait, in the plan."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left

from plantrack.scheduling.leveling.problem import LevelingProblem
from plantrack.scheduling.leveling.result import LevelingResult


class Bookings:
    """Each resource's bookings in a leveled plan, sorted by start, to find who holds it over a period.

    A booking is a task's run on the axis [start, end) with some units of the resource; zero-length
    runs (milestones) hold nothing.
    """

    def __init__(self, problem: LevelingProblem, starts: list[int]) -> None:
        self.problem = problem
        runs: list[list[tuple[int, int, int]]] = [[] for _ in problem.resource_ids]
        for n, job in enumerate(problem.jobs):
            end = job.end(starts[n])
            if end is None or end <= starts[n]:
                continue
            for k, units in job.demands.items():
                if units > 0:
                    runs[k].append((starts[n], end, n))
        for row in runs:
            row.sort()
        self.runs = runs
        self.index = {rid: k for k, rid in enumerate(problem.resource_ids)}
        self.first = [[s for s, _e, _n in row] for row in runs]
        # the longest booking bounds how far before a period a booking overlapping it can start
        self.longest = [max((e - s for s, e, _n in row), default=0) for row in runs]

    def holders(self, resource: str, since: int, until: int, *, besides: int) -> tuple[str, ...]:
        """Tasks (other than `besides`) booked on `resource` during [since, until), by start."""
        if until <= since:
            return ()
        k = self.index.get(resource)
        if k is None:
            return ()
        row, first = self.runs[k], self.first[k]
        lo = bisect_left(first, since - self.longest[k])
        hi = bisect_left(first, until)
        return tuple(
            self.problem.jobs[n].id for s, e, n in row[lo:hi] if e > since and s < until and n != besides
        )


def held_by_json(
    result: LevelingResult, task_id: str, stamps: dict[str, tuple[str, str]] | None = None
) -> dict[str, object] | None:
    """`leveling_held_by` in --json: the resource waited for and its bookings, ISO dates; None if none.

    `stamps` keeps each holder's ISO dates for a whole document: on a large plan a task waits behind
    hundreds of others, and the same few thousand bookings come back in every list."""
    task = result.tasks.get(task_id)
    if task is None or task.delayed_by is None or task.delay_minutes <= 0:
        return None
    known = {} if stamps is None else stamps
    bookings = []
    for h in task.held_by:
        other = result.tasks.get(h)
        if other is None:
            continue
        if (dates := known.get(h)) is None:
            dates = known[h] = (_iso(other.start), _iso(other.finish))
        bookings.append({"task": other.id, "from": dates[0], "to": dates[1]})
    return {"resource": task.delayed_by, "tasks": bookings}


def _iso(value: dt.datetime) -> str:
    return value.isoformat(timespec="minutes")
