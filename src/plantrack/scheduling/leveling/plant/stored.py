"""The stored plans as a plan of the joint problem, when they still meet every rule: a start for the search.

A plant leveled again after a small change mostly still fits its stored plans; the search starting
from them (when they are at least as good as the plans found without them) keeps the tasks where
they were unless moving them gains something. A stored plan is taken only when it covers every task
and meets the model's rules as the joint problem states them: allowed starts (dates, fixed starts,
windows, calendar tables), latest finishes, links, and every resource's capacity over time with the
capacity it loses to absences.
"""

from __future__ import annotations

from collections.abc import Mapping

from plantrack.scheduling.leveling.problem import LevelingProblem, min_start_after


def stored_plan(problem: LevelingProblem, reference: Mapping[int, int]) -> list[int] | None:
    """The reference as starts of every job, or None when a job has none or a rule is broken."""
    if len(reference) != len(problem.jobs) or any(i not in reference for i in range(len(problem.jobs))):
        return None
    starts = [reference[i] for i in range(len(problem.jobs))]
    ends: list[int] = []
    for i, job in enumerate(problem.jobs):
        end = job.end(starts[i])
        if not job.can_start(starts[i]) or end is None or starts[i] < 0 or end > problem.horizon:
            return None
        if job.latest_finish is not None and end > job.latest_finish:
            return None
        ends.append(end)
    for p in problem.precs:
        lo_start, lo_end = min_start_after(p, starts[p.pred], ends[p.pred])
        if starts[p.succ] < lo_start or ends[p.succ] < lo_end:
            return None
    return starts if _within_capacities(problem, starts, ends) else None


def _within_capacities(problem: LevelingProblem, starts: list[int], ends: list[int]) -> bool:
    """Wherever a job holds a resource, the units in use and those absent stay within its capacity."""
    for k, capacity in enumerate(problem.capacities):
        jobs: dict[int, int] = {}
        for i, job in enumerate(problem.jobs):
            units = job.demands.get(k, 0)
            if units > 0 and ends[i] > starts[i]:
                jobs[starts[i]] = jobs.get(starts[i], 0) + units
                jobs[ends[i]] = jobs.get(ends[i], 0) - units
        if not jobs:
            continue
        away: dict[int, int] = {}
        for start, end, units in problem.busy[k]:
            if end > start:
                away[start] = away.get(start, 0) + units
                away[end] = away.get(end, 0) - units
        working = absent = 0
        for point in sorted(jobs.keys() | away.keys()):
            working += jobs.get(point, 0)
            absent += away.get(point, 0)
            if working > 0 and working + absent > capacity:
                return False
    return True
