"""Time bounds without resource limits: earliest starts (with the chain that sets them) and latest starts."""

from __future__ import annotations

from dataclasses import dataclass

from plantrack.scheduling.leveling.problem import Job, LevelingProblem, min_start_after
from plantrack.scheduling.model import LinkType

NEG = -(10**12)


@dataclass(frozen=True, slots=True)
class EarlyPass:
    start: list[int]
    end: list[int]
    driver: list[int | None]  # the predecessor that set each earliest start (None: its own date)
    stuck: int | None  # a job with no feasible start at all (window too short, fixed date too early)


def first_start(job: Job, lo_start: int, lo_end: int) -> int | None:
    """The earliest allowed start >= lo_start whose end is >= lo_end."""
    lo = max(lo_start, job.release)
    if job.fixed_start is not None:
        ok = job.fixed_start >= lo and (job.end(job.fixed_start) or NEG) >= lo_end
        return job.fixed_start if ok and job.can_start(job.fixed_start) else None
    if job.table is None:
        lo = max(lo, lo_end - job.duration)
        if job.windows is None:
            return lo
        fits = [max(lo, a) for a, b in job.windows if max(lo, a) <= b]
        return min(fits) if fits else None
    for s in sorted(k for k in job.table if k >= lo):
        end = job.table[s]
        if end >= lo_end and job.can_start(s):
            return s
    return None


def early_pass(problem: LevelingProblem) -> EarlyPass:
    n = len(problem.jobs)
    preds = problem.predecessors()
    start, end = [0] * n, [0] * n
    driver: list[int | None] = [None] * n
    for i in problem.topological_order():
        job = problem.jobs[i]
        lo_start, lo_end, best_by = 0, NEG, None
        best_push = job.release
        for p in preds[i]:
            s_lo, e_lo = min_start_after(p, start[p.pred], end[p.pred])
            push = max(s_lo, e_lo - job.duration)
            if push > best_push:
                best_push, best_by = push, p.pred
            lo_start, lo_end = max(lo_start, s_lo), max(lo_end, e_lo)
        s = first_start(job, lo_start, lo_end)
        if s is None:
            return EarlyPass(start, end, driver, i)
        start[i], driver[i] = s, best_by
        end[i] = job.end(s) or s
    return EarlyPass(start, end, driver, None)


def latest_starts(problem: LevelingProblem, early: EarlyPass, horizon: int) -> list[int]:
    """Latest starts that still let every job finish by `horizon`, its own latest finish and successors."""
    succ = problem.successors()
    late = [horizon] * len(problem.jobs)
    late_end = [horizon] * len(problem.jobs)
    for i in reversed(problem.topological_order()):
        job = problem.jobs[i]
        limit_end = horizon if job.latest_finish is None else min(horizon, job.latest_finish)
        limit_start = horizon
        for p in succ[i]:
            # succ point >= own point + lag, so own point <= succ's latest point - lag
            succ_point = late_end[p.succ] if p.type in (LinkType.FF, LinkType.SF) else late[p.succ]
            if p.type in (LinkType.FS, LinkType.FF):
                limit_end = min(limit_end, succ_point - p.lag)
            else:
                limit_start = min(limit_start, succ_point - p.lag)
        if job.table is None:
            limit_start = min(limit_start, limit_end - job.duration)
        else:
            ok = [s for s, e in job.table.items() if s <= limit_start and e <= limit_end]
            limit_start = max(ok) if ok else early.start[i] - 1
        if job.fixed_start is not None:
            limit_start = min(limit_start, job.fixed_start)
        late[i] = limit_start
        if job.table is None:
            late_end[i] = limit_start + job.duration
        else:
            late_end[i] = min(limit_end, job.table.get(limit_start, limit_end))
    return late


def energy_bound(problem: LevelingProblem) -> int:
    """Resource lower bound on the finish: no resource can do its work faster than at full capacity.

    For each resource, the earliest release among its tasks + ceil(Σ duration × units / capacity);
    valid for fixed-length jobs (absences only lower the capacity, so the bound stays below the truth).
    """
    best = 0
    for k, capacity in enumerate(problem.capacities):
        users = [j for j in problem.jobs if j.demands.get(k, 0) > 0 and j.duration > 0]
        if users and capacity > 0:
            work = sum(j.duration * j.demands[k] for j in users)
            best = max(best, min(j.release for j in users) + -(-work // capacity))
    return best


def resource_free_bound(problem: LevelingProblem, early: EarlyPass) -> int:
    """Critical path and energy bound (fixed-length jobs): no plan finishes earlier."""
    return max(max(early.end, default=0), energy_bound(problem))
