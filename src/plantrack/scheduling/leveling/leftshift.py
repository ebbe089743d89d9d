"""Left shift of a leveled plan: every task as early as its links, dates, window and capacities allow."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass

from plantrack.scheduling.leveling.problem import Job, LevelingProblem, Prec, min_start_after

NEG = -(10**12)


@dataclass(frozen=True, slots=True)
class Shifted:
    """The shifted starts, and the jobs that moved (indices into `problem.jobs`)."""

    starts: list[int]
    moved: tuple[int, ...]
    sweeps: int


class _Plan:
    """Starts, ends and free capacity per resource and step, with one job's use taken out or put back."""

    def __init__(self, problem: LevelingProblem, starts: list[int]) -> None:
        self.jobs = problem.jobs
        self.start = list(starts)
        self.end = [j.end(s) or s for j, s in zip(problem.jobs, starts, strict=True)]
        length = max([problem.horizon, *self.end]) + 1
        # the CP model's semantics: a job holds its units over its whole span [start, end) on the axis
        # (nights and weekends included on the elapsed axis); an absence takes its units off capacity
        self.free: list[list[int]] = []
        for k, capacity in enumerate(problem.capacities):
            row = [capacity] * length
            for lo, hi, units in problem.busy[k]:
                for t in range(max(lo, 0), min(hi, length)):
                    row[t] -= units
            self.free.append(row)
        for i in range(len(self.jobs)):
            self.use(i, -1)

    def use(self, i: int, sign: int) -> None:
        """Put job i's units back (sign +1) or take them (sign -1) over its current span."""
        for k, units in self.jobs[i].demands.items():
            if units > 0:
                row = self.free[k]
                for t in range(self.start[i], self.end[i]):
                    row[t] += sign * units

    def last_clash(self, job: Job, s: int, e: int) -> int | None:
        """The latest step of [s, e) where some resource of `job` lacks capacity."""
        worst: int | None = None
        for k, units in job.demands.items():
            if units <= 0:
                continue
            row = self.free[k]
            for t in range(min(e, len(row)) - 1, s - 1, -1):
                if row[t] < units:
                    worst = t if worst is None else max(worst, t)
                    break
        return worst


def left_shift(
    problem: LevelingProblem, starts: list[int], *, floor: Mapping[int, int] | None = None
) -> Shifted:
    """Move each job, in order of start, to its earliest start that keeps every other job where it is
    and breaks no link, date, window or capacity; repeat until no job moves.

    A solver's plan may leave a task idle after its predecessor for no reason (CP-SAT only minimises
    the finish); this closes such gaps. A job never moves later and never ends later (ends grow with
    starts, on calendar tables too), so the finish and the lateness never grow and nothing another job
    relies on breaks. `floor` (the stability reference) stops a job at its reference start.
    """
    plan = _Plan(problem, starts)
    preds, succs = problem.predecessors(), problem.successors()
    table_starts: dict[int, list[int]] = {}
    moved: set[int] = set()
    sweeps = 0
    while True:
        sweeps += 1
        changed = False
        for i in sorted(range(len(problem.jobs)), key=lambda n: (plan.start[n], n)):
            job = problem.jobs[i]
            if job.fixed_start is not None:
                continue
            plan.use(i, +1)
            s = _earliest(plan, i, preds[i], succs[i], table_starts, (floor or {}).get(i, NEG))
            if s < plan.start[i]:
                plan.start[i], plan.end[i] = s, job.end(s) or s
                moved.add(i)
                changed = True
            plan.use(i, -1)
        if not changed:
            return Shifted(starts=plan.start, moved=tuple(sorted(moved)), sweeps=sweeps)


def _earliest(
    plan: _Plan, i: int, preds: list[Prec], succs: list[Prec], table_starts: dict[int, list[int]], floor: int
) -> int:
    """The earliest feasible start of job i below its current one (its current start if none)."""
    job, current = plan.jobs[i], plan.start[i]
    lo_start, lo_end = max(job.release, floor, 0), NEG
    for p in preds:
        s_lo, e_lo = min_start_after(p, plan.start[p.pred], plan.end[p.pred])
        lo_start, lo_end = max(lo_start, s_lo), max(lo_end, e_lo)
    s = lo_start if job.table is not None else max(lo_start, lo_end - job.duration)
    while s < current:
        nxt = _next_allowed(job, s, i, table_starts)
        if nxt is None or nxt >= current:
            break
        s = nxt
        e = job.end(s)
        if e is None or e < lo_end:
            s += 1
            continue
        clash = plan.last_clash(job, s, e)
        if clash is not None:
            # every start up to the clash still covers it: ends never come earlier for later starts
            s = max(clash + 1, s + 1)
            continue
        if job.latest_finish is not None and e > job.latest_finish:
            break  # later starts end no earlier
        if not job.can_start(s) or not _successors_hold(plan, s, e, succs):
            s += 1
            continue
        return s
    return current


def _next_allowed(job: Job, s: int, i: int, table_starts: dict[int, list[int]]) -> int | None:
    """The first start >= s that the job's calendar table and window periods allow."""
    if job.table is not None:
        keys = table_starts.get(i)
        if keys is None:
            keys = table_starts[i] = sorted(job.table)
        k = bisect_left(keys, s)
        return keys[k] if k < len(keys) else None
    if job.windows is not None:
        fits = [max(s, lo) for lo, hi in job.windows if max(s, lo) <= hi]
        return min(fits) if fits else None
    return s


def _successors_hold(plan: _Plan, s: int, e: int, succs: list[Prec]) -> bool:
    """Links out of the job still hold (they do for every monotone lag; checked, not assumed)."""
    for p in succs:
        s_lo, e_lo = min_start_after(p, s, e)
        if plan.start[p.succ] < s_lo or plan.end[p.succ] < e_lo:
            return False
    return True


def plan_value(problem: LevelingProblem, starts: list[int], by_lateness: bool) -> int:
    """The objective of a plan on the axis: its finish, or its priority-weighted lateness."""
    ends = [j.end(s) or s for j, s in zip(problem.jobs, starts, strict=True)]
    if not by_lateness:
        return max(ends, default=0)
    return sum(
        j.weight * max(0, e - j.deadline)
        for j, e in zip(problem.jobs, ends, strict=True)
        if j.deadline is not None
    )
