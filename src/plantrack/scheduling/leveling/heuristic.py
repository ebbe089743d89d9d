"""Serial schedule generation (latest-finish-time priority), multi-pass with forward-backward improvement.

Gives CP-SAT its warm start and is the fallback (`Method.HEURISTIC`). Deterministic for a seed: the
number of passes depends on the problem size, never on the clock.
"""

from __future__ import annotations

import heapq
import random
import time
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, replace

from plantrack.scheduling.leveling.problem import LevelingProblem
from plantrack.scheduling.model import LinkType

NEG = -(10**12)


@dataclass(frozen=True, slots=True)
class Arc:
    """point(succ) >= point(pred) + lag, where a point is the start or the end of a job."""

    pred: int
    succ: int
    from_end: bool
    to_end: bool
    lag: int
    shift: dict[int, int] | None = None  # pred point -> earliest succ point (working lags)


@dataclass(frozen=True, slots=True)
class SJob:
    duration: int
    table: dict[int, int] | None
    release: int
    latest_finish: int | None
    windows: tuple[tuple[int, int], ...] | None
    fixed_start: int | None
    demands: tuple[tuple[int, int], ...]
    deadline: int | None
    weight: int
    starts: tuple[int, ...] = ()  # the table's starts in order, to jump over non-working time


@dataclass(frozen=True, slots=True)
class SProblem:
    jobs: tuple[SJob, ...]
    arcs: tuple[Arc, ...]
    profiles: tuple[tuple[int, ...], ...]  # available units per step, per resource

    @property
    def horizon(self) -> int:
        return len(self.profiles[0]) if self.profiles else 10**9


def from_problem(problem: LevelingProblem) -> SProblem:
    jobs = tuple(
        SJob(
            duration=j.duration,
            table=j.table,
            release=j.release,
            latest_finish=j.latest_finish,
            windows=tuple(j.windows) if j.windows is not None else None,
            fixed_start=j.fixed_start,
            demands=tuple(sorted((k, u) for k, u in j.demands.items() if u > 0)),
            deadline=j.deadline,
            weight=j.weight,
            starts=tuple(sorted(j.table)) if j.table is not None else (),
        )
        for j in problem.jobs
    )
    kinds = {
        LinkType.FS: (True, False),
        LinkType.SS: (False, False),
        LinkType.FF: (True, True),
        LinkType.SF: (False, True),
    }
    arcs = tuple(Arc(p.pred, p.succ, *kinds[p.type], p.lag, p.shift) for p in problem.precs)
    profiles = tuple(tuple(problem.capacity_profile(k)) for k in range(len(problem.capacities)))
    return SProblem(jobs=jobs, arcs=arcs, profiles=profiles)


def reverse(sp: SProblem, span: int) -> SProblem:
    """The mirror problem on [0, span): start' = span - end. Only for fixed lengths."""
    jobs = tuple(
        replace(
            j,
            release=0 if j.latest_finish is None else max(0, span - j.latest_finish),
            latest_finish=span - j.release,
            windows=None
            if j.windows is None
            else tuple((span - hi - j.duration, span - lo - j.duration) for lo, hi in j.windows),
            fixed_start=None if j.fixed_start is None else span - j.fixed_start - j.duration,
            deadline=None,
        )
        for j in sp.jobs
    )
    arcs = tuple(Arc(a.succ, a.pred, not a.to_end, not a.from_end, a.lag) for a in sp.arcs)
    # step t mirrors step span - 1 - t; steps from span on are closed
    profiles = tuple(
        tuple(p[span - 1 :: -1] if span > 0 else ()) + (0,) * (len(p) - span) for p in sp.profiles
    )
    return SProblem(jobs=jobs, arcs=arcs, profiles=profiles)


def serial_sgs(sp: SProblem, rank: list[float]) -> list[int] | None:
    """Place jobs one by one, the eligible job of lowest rank first, each at its earliest feasible start."""
    n = len(sp.jobs)
    horizon = sp.horizon
    avail = [list(p) for p in sp.profiles]
    preds: list[list[Arc]] = [[] for _ in range(n)]
    succs: list[list[Arc]] = [[] for _ in range(n)]
    for a in sp.arcs:
        preds[a.succ].append(a)
        succs[a.pred].append(a)
    waiting = [len(p) for p in preds]
    # a heap of (rank, job): the same pick as the minimum over the eligible set, in log time
    eligible = [(rank[i], i) for i in range(n) if waiting[i] == 0]
    heapq.heapify(eligible)
    start = [0] * n
    end = [0] * n
    for _ in range(n):
        if not eligible:
            return None
        i = heapq.heappop(eligible)[1]
        job = sp.jobs[i]
        lo_start, lo_end = job.release, NEG
        for a in preds[i]:
            point = (end if a.from_end else start)[a.pred]
            value = point + a.lag if a.shift is None else a.shift.get(point, point + a.lag)
            if a.to_end:
                lo_end = max(lo_end, value)
            else:
                lo_start = max(lo_start, value)
        t = _earliest(job, lo_start, lo_end, avail, horizon)
        if t is None:
            return None
        e = t + job.duration if job.table is None else job.table[t]
        if job.latest_finish is not None and e > job.latest_finish:
            return None
        start[i], end[i] = t, e
        for k, units in job.demands:
            row = avail[k]
            for x in range(t, e):
                row[x] -= units
        for a in succs[i]:
            waiting[a.succ] -= 1
            if waiting[a.succ] == 0:
                heapq.heappush(eligible, (rank[a.succ], a.succ))
    return start


def _earliest(job: SJob, lo_start: int, lo_end: int, avail: list[list[int]], horizon: int) -> int | None:
    if job.fixed_start is not None:
        candidates: list[tuple[int, int]] = [(job.fixed_start, job.fixed_start)]
    elif job.windows is not None:
        candidates = sorted(job.windows)
    else:
        candidates = [(NEG, horizon)]
    for lo, hi in candidates:
        t = max(lo, lo_start, lo_end - job.duration if job.table is None else NEG, 0)
        while t <= hi:
            if job.table is not None:
                k = bisect_left(job.starts, t)  # the next allowed start at or after t
                if k == len(job.starts) or job.starts[k] > hi:
                    break
                t = job.starts[k]
                e = job.table[t]
                if e < lo_end:
                    t += 1
                    continue
            else:
                e = t + job.duration
            if e > horizon:
                break
            clash = _last_clash(job, t, e, avail)
            if clash is None:
                return t
            t = clash + 1
    return None


def _last_clash(job: SJob, t: int, e: int, avail: list[list[int]]) -> int | None:
    worst: int | None = None
    for k, units in job.demands:
        row = avail[k]
        for x in range(e - 1, t - 1, -1):
            if row[x] < units:
                worst = x if worst is None else max(worst, x)
                break
    return worst


def makespan(sp: SProblem, start: list[int]) -> int:
    return max((_end(sp.jobs[i], s) for i, s in enumerate(start)), default=0)


def lateness(sp: SProblem, start: list[int]) -> int:
    return sum(
        j.weight * max(0, _end(j, s) - j.deadline)
        for j, s in zip(sp.jobs, start, strict=True)
        if j.deadline is not None
    )


def _end(job: SJob, s: int) -> int:
    return s + job.duration if job.table is None else job.table[s]


@dataclass(frozen=True, slots=True)
class HeuristicResult:
    start: list[int]
    makespan: int
    lateness: int
    passes: int


def latest_finish_times(sp: SProblem, bound: int) -> list[int]:
    """Latest finishes without resource limits (precedences, deadlines and `bound`): the LFT priority."""
    n = len(sp.jobs)
    succs: list[list[Arc]] = [[] for _ in range(n)]
    indeg = [0] * n
    for a in sp.arcs:
        succs[a.pred].append(a)
        indeg[a.succ] += 1
    order = _topo(n, succs, indeg)
    lf = [bound] * n
    for i in reversed(order):
        job = sp.jobs[i]
        value = bound
        for limit in (job.latest_finish, job.deadline):
            if limit is not None:
                value = min(value, limit)
        for a in succs[i]:
            point = lf[a.succ] - (0 if a.to_end else sp.jobs[a.succ].duration) - a.lag
            value = min(value, point if a.from_end else point + job.duration)
        lf[i] = value
    return lf


def _topo(n: int, succs: list[list[Arc]], indeg: list[int]) -> list[int]:
    deg = list(indeg)
    ready = [i for i in range(n) if deg[i] == 0]
    order: list[int] = []
    while ready:
        i = ready.pop()
        order.append(i)
        for a in succs[i]:
            deg[a.succ] -= 1
            if deg[a.succ] == 0:
                ready.append(a.succ)
    return order


def _score(sp: SProblem, start: list[int], by_lateness: bool) -> tuple[int, int]:
    return (lateness(sp, start), makespan(sp, start)) if by_lateness else (0, makespan(sp, start))


def improve(sp: SProblem, start: list[int], by_lateness: bool, rounds: int = 3) -> list[int]:
    """Forward-backward improvement: right-justify in order of finish, then left-justify in order of start."""
    if any(j.table is not None for j in sp.jobs) or any(a.shift is not None for a in sp.arcs):
        return start
    best, best_score = start, _score(sp, start, by_lateness)
    current = start
    for _ in range(rounds):
        span = makespan(sp, current)
        mirrored = reverse(sp, span)
        ends = [s + sp.jobs[i].duration for i, s in enumerate(current)]
        back = serial_sgs(mirrored, [float(span - e) for e in ends])
        if back is None:
            break
        right = [span - b - sp.jobs[i].duration for i, b in enumerate(back)]
        forward = serial_sgs(sp, [float(s) for s in right])
        if forward is None:
            break
        score = _score(sp, forward, by_lateness)
        if score >= best_score:
            if score == best_score:
                best = forward
            break
        best, best_score, current = forward, score, forward
    return best


def ranks(sp: SProblem, passes: int, seed: int) -> Iterator[list[float]]:
    """The priority of each pass: latest finish (LFT), latest start, greatest rank positional weight,
    then latest finishes with random noise."""
    n = len(sp.jobs)
    rng = random.Random(seed)
    lf = latest_finish_times(sp, sp.horizon)
    durations = [j.duration for j in sp.jobs]
    succ_work = [0] * n
    for a in sp.arcs:
        succ_work[a.pred] += durations[a.succ]
    rules: list[list[float]] = [
        [float(x) for x in lf],
        [float(lf[i] - durations[i]) for i in range(n)],
        [float(-(durations[i] + succ_work[i])) for i in range(n)],
    ]
    spread = max(1, max(lf, default=0) - min(lf, default=0))
    for p in range(passes):
        yield rules[p] if p < len(rules) else [lf[i] + rng.random() * 0.3 * spread for i in range(n)]


def solve_heuristic(
    problem: LevelingProblem,
    *,
    seed: int = 0,
    passes: int | None = None,
    by_lateness: bool = False,
    work: int = 3000,
    until: float | None = None,
) -> HeuristicResult | None:
    """Multi-pass serial SGS: priority rules, then randomly biased latest-finish ranks, each with FBI.

    `work` caps passes × jobs, so the run's length depends on the problem size, never on the clock;
    `until` (a `time.perf_counter()` instant) also stops the passes, and skips their improvement, once
    passed, as soon as one plan is found.
    """
    sp = from_problem(problem)
    n = len(sp.jobs)
    passes = min(passes or 60, max(4, work // max(n, 1)))
    if any(j.table is not None for j in sp.jobs):
        passes = min(passes, 6)  # long calendar tables make each pass costly; FBI does not apply
    best: list[int] | None = None
    best_score = (0, 0)
    done = 0
    for rank in ranks(sp, passes, seed):
        if until is not None and best is not None and time.perf_counter() >= until:
            break
        start = serial_sgs(sp, rank)
        done += 1
        if start is None:
            continue
        if until is None or time.perf_counter() < until:
            start = improve(sp, start, by_lateness)
        score = _score(sp, start, by_lateness)
        if best is None or score < best_score:
            best, best_score = start, score
    if best is None:
        return None
    return HeuristicResult(start=best, makespan=makespan(sp, best), lateness=lateness(sp, best), passes=done)
