"""Genetic search over activity lists for plans of fixed-length jobs: the primal engine beside CP-SAT.

An activity list is decoded by the serial SGS and justified right then left (forward-backward
improvement); two-point crossover keeps every child a topological order. The kernels are compiled
by numba (kernels.py): a decode costs microseconds instead of the Python heuristic's milliseconds.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import numpy as np

from plantrack.scheduling.leveling import kernels
from plantrack.scheduling.leveling.bounds import EarlyPass, latest_starts
from plantrack.scheduling.leveling.heuristic import HeuristicResult, from_problem, ranks
from plantrack.scheduling.leveling.incumbent import CP_SAT, Incumbent
from plantrack.scheduling.leveling.problem import LevelingProblem
from plantrack.scheduling.model import LinkType

STEP = 4  # generations between two looks at the shared incumbent and the clock


@dataclass(frozen=True, slots=True)
class Settings:
    """The search's knobs; the defaults are the measured best on hard J60/J90 instances (BENCHMARKS.md)."""

    population: int = 80
    mutation: float = 0.1  # chance per position of swapping two neighbours that no link joins
    shift: float = 0.3  # chance per child of moving one job elsewhere between its links
    restart: int = 10  # generations without a shorter plan before the population is re-seeded
    rounds: int = 2  # right-left justifications per decoded list at most (2 beat 1 and 4)
    noise: float = 0.5  # random share of the priority's spread in the keys of a fresh list
    climb: int = 0  # at each restart, shifts tried on the best list by hill climbing (0: none)
    # chance per child of the peak crossover (the mother's densest window of her plan, kept) instead
    # of the two-point one; 0: two-point only (BENCHMARKS.md, Leveling: measured at fixed work)
    peak: float = 0.0
    peak_width: float = 0.3  # the peak window's longest length, as a share of the mother's makespan
    tournament: int = 2  # lists drawn per parent, the shortest taken (selection pressure)


def _start_lag(problem: LevelingProblem, pred: int, succ: int, kind: LinkType, lag: int) -> int:
    """The link as start[succ] >= start[pred] + value (lengths are fixed)."""
    dp, ds = problem.jobs[pred].duration, problem.jobs[succ].duration
    if kind is LinkType.FS:
        return dp + lag
    if kind is LinkType.SS:
        return lag
    if kind is LinkType.FF:
        return dp - ds + lag
    return lag - ds  # SF


def _csr(n: int, arcs: list[tuple[int, int, int]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Arcs (src, dst, lag) grouped by dst: ptr, src, lag."""
    arcs = sorted(arcs, key=lambda a: a[1])
    ptr = np.zeros(n + 1, np.int64)
    for _, dst, _ in arcs:
        ptr[dst + 1] += 1
    return (
        np.cumsum(ptr).astype(np.int64),
        np.array([a[0] for a in arcs], np.int64),
        np.array([a[2] for a in arcs], np.int64),
    )


def _out(n: int, arcs: list[tuple[int, int, int]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Arcs grouped by src: ptr, dst, and each job's number of incoming arcs."""
    ptr, dst, _ = _csr(n, [(d, s, 0) for s, d, _ in arcs])
    indeg = np.zeros(n, np.int64)
    for _, d, _ in arcs:
        indeg[d] += 1
    return ptr, dst, indeg


@dataclass(frozen=True, slots=True)
class Encoded:
    """The problem as the kernels' arrays, forward and mirrored."""

    fwd: tuple[np.ndarray, ...]
    bwd: tuple[np.ndarray, ...]
    linked: np.ndarray  # linked[a, b]: a link joins a and b (they may not swap)
    n: int
    nres: int
    horizon: int


def encode(problem: LevelingProblem, *, linked: bool = True) -> Encoded:
    """The kernels' arrays; without `linked`, no jobs² link matrix (enough to decode, not to search)."""
    n = len(problem.jobs)
    nres = len(problem.capacities)
    dur = np.array([j.duration for j in problem.jobs], np.int64)
    dem = np.zeros((n, max(nres, 1)), np.int64)
    for i, j in enumerate(problem.jobs):
        for r, q in j.demands.items():
            dem[i, r] = q
    release = np.array([max(j.release, 0) for j in problem.jobs], np.int64)
    arcs = [(p.pred, p.succ, _start_lag(problem, p.pred, p.succ, p.type, p.lag)) for p in problem.precs]
    horizon = problem.horizon
    profile = np.zeros((max(nres, 1), horizon), np.int64)
    for r in range(nres):
        profile[r] = problem.capacity_profile(r)
    # mirrored axis: start' = horizon - end; an arc p -> s becomes s -> p with lag + d[s] - d[p]
    back = [(s, p, lag + int(dur[s]) - int(dur[p])) for p, s, lag in arcs]
    pairs = np.zeros((n, n) if linked else (1, 1), np.bool_)
    for p, s, _ in arcs if linked else ():
        pairs[p, s] = pairs[s, p] = True
    fwd = (dur, dem, release, *_csr(n, arcs), profile, *_out(n, arcs))
    bwd = (dem, np.zeros(n, np.int64), *_csr(n, back), profile[:, ::-1].copy(), *_out(n, back))
    return Encoded(fwd=fwd, bwd=bwd, linked=pairs, n=n, nres=nres, horizon=horizon)


def mirror(enc: Encoded) -> Encoded | None:
    """The problem read from its end (a job's start there = the makespan - its finish here), for a
    second population; None where that is not the same problem read backwards (releases, capacities
    that vary over time)."""
    release, profile = enc.fwd[2], enc.fwd[6]
    if release.any() or not (profile == profile[:, :1]).all():
        return None
    return Encoded(
        fwd=(enc.fwd[0], *enc.bwd),
        bwd=enc.fwd[1:],
        linked=enc.linked,
        n=enc.n,
        nres=enc.nres,
        horizon=enc.horizon,
    )


class Search:
    """A population of activity lists; `run` advances it, `best` is the shortest plan found so far."""

    def __init__(
        self,
        enc: Encoded,
        seed: int,
        priority: list[int],
        settings: Settings | None = None,
        halt: np.ndarray | None = None,
        forward: Encoded | None = None,
    ) -> None:
        self.enc = enc
        # set when `enc` is the mirror of `forward`: lists and spans are the mirror's, the plans
        # handed out (`best_start`) and taken in (`inject`) are forward ones
        self.forward = forward
        self.settings = settings = settings or Settings()
        n = enc.n
        self.work = (
            np.empty((max(enc.nres, 1), enc.horizon), np.int64),
            np.zeros(n, np.int64),
            np.zeros(n, np.int64),
        )
        self.start = np.zeros(n, np.int64)
        self.child = np.zeros(n, np.int64)
        self.taken = np.zeros(n, np.bool_)
        self.pop = np.zeros((settings.population, n), np.int64)
        self.starts = np.zeros((settings.population, n), np.int64)  # each list's justified plan
        self.decodes = 0  # lists decoded and justified so far: the search's work, whatever the clock
        self.spans = np.zeros(settings.population, np.int64)
        self.rng = np.random.default_rng(seed)
        # set from another thread (`halt_now`) to end the search between two decodes
        self.halt = np.zeros(1, np.bool_) if halt is None else halt
        self.base = np.asarray(priority, np.float64)
        self.spread = max(float(self.base.max() - self.base.min()), 1.0) if n else 1.0
        self._seed_lists(0)
        self.best_span = int(self.spans.min())
        self.best_order = self.pop[int(self.spans.argmin())].copy()
        self.best_start = self._decode(self.best_order)
        self.stale = 0

    def _seed_lists(self, keep: int) -> None:
        """Fresh lists from `keep` on: the first follows the priority rule, the others noisy copies of it.

        A restart keeps the best list (keep=1): dropping it, or recalling earlier runs' best lists
        into the new population, both measured worse.
        """
        for k in range(keep, self.pop.shape[0]):
            if self.halt[0] and k > 0:
                # stopped while seeding: the lists not made yet repeat the best so far
                best = int(self.spans[:k].argmin())
                self.pop[k:] = self.pop[best]
                self.starts[k:] = self.starts[best]
                self.spans[k:] = self.spans[best]
                return
            width = self.settings.noise * self.spread * min(1.0, k / 8)
            self._order(self.base + (self.rng.uniform(0, width, self.enc.n) if k else 0.0))
            self.spans[k] = self._improve()
            self.pop[k] = self.child
            self.starts[k] = self.start

    def halt_now(self) -> None:
        """End the search at its next decode (from any thread): the time is up or the plan is proven."""
        self.halt[0] = True

    def _improve(self) -> int:
        """Decode and justify `child` (rewritten to the improved plan's order); its makespan."""
        enc = self.enc
        self.decodes += 1
        return int(kernels.improve(self.child, enc.fwd, enc.bwd, self.work, self.start, self.settings.rounds))

    def inject(self, starts: list[int]) -> None:
        """Take in a plan found elsewhere (CP-SAT): its start order replaces the worst list."""
        key = np.asarray(starts, np.float64)
        self._order(key if self.forward is None else -(key + self.enc.fwd[0]))  # mirror: last finish first
        span = self._improve()
        worst = int(self.spans.argmax())
        if span < self.spans[worst]:
            self.pop[worst] = self.child
            self.starts[worst] = self.start
            self.spans[worst] = span
        if span < self.best_span:
            self.best_span = int(span)
            self.best_order = self.child.copy()
            self.best_start = (
                [int(x) for x in self.start] if self.forward is None else self._decode(self.child)
            )
            self.stale = 0

    def _order(self, key: np.ndarray) -> None:
        """`child` := the topological order that follows `key` (lowest first)."""
        sptr, sdst, indeg = self.enc.fwd[7:10]
        kernels.order_by(key, sptr, sdst, indeg, self.child)

    def _decode(self, order: np.ndarray) -> list[int]:
        """The forward plan of `order`: on a mirror, its plan turned round, then decoded forward in
        that plan's start order (a serial decode in start order starts no job later)."""
        f = self.enc.fwd
        span = kernels.sgs(order, f[0], f[1], f[2], f[3], f[4], f[5], f[6], self.work[0], self.start)
        if self.forward is not None and span < kernels.INFEASIBLE:
            g = self.forward.fwd
            forward = np.empty_like(order)
            kernels.order_by((span - self.start - f[0]).astype(np.float64), g[7], g[8], g[9], forward)
            kernels.sgs(forward, g[0], g[1], g[2], g[3], g[4], g[5], g[6], self.work[0], self.start)
        return [int(x) for x in self.start]

    def plan_span(self) -> int:
        """The makespan of `best_start` (on a mirror, at most `best_span`)."""
        dur = self.enc.fwd[0]
        return max((s + int(d) for s, d in zip(self.best_start, dur, strict=True)), default=0)

    def _climb(self) -> None:
        """Hill-climb the best list (`pop[0]`, kept by the restart) before the population is re-seeded."""
        span = int(
            kernels.climb(
                self.pop[0],
                self.starts[0],
                self.spans[0],
                self.enc.fwd,
                self.enc.bwd,
                self.work,
                self.enc.linked,
                self.settings.rounds,
                self.settings.climb,
                self.child,
                self.start,
                self.halt,
            )
        )
        self.spans[0] = span
        self.decodes += self.settings.climb
        if span < self.best_span:
            self.best_span = span
            self.best_order = self.pop[0].copy()

    def run(self, generations: int) -> bool:
        """Advance; True when the best plan got shorter."""
        before = self.best_span
        # numba's generator is one per thread: re-seed it from this search's own stream, so that a
        # search is reproducible whatever else ran on the thread in between
        kernels.seed_rng(int(self.rng.integers(1 << 31)))
        for _ in range(generations):
            if self.halt[0]:
                break
            kernels.generation(
                self.pop,
                self.spans,
                self.starts,
                self.enc.fwd,
                self.enc.bwd,
                self.work,
                self.enc.linked,
                self.settings.mutation,
                self.settings.shift,
                self.settings.rounds,
                self.settings.peak,
                self.settings.peak_width,
                self.settings.tournament,
                self.child,
                self.start,
                self.taken,
                self.halt,
            )
            if self.halt[0]:
                break  # the generation may have ended early: its population is the previous one
            self.decodes += self.pop.shape[0]
            if int(self.spans[0]) < self.best_span:
                self.best_span = int(self.spans[0])
                self.best_order = self.pop[0].copy()
                self.stale = 0
            else:
                self.stale += 1
                if self.stale >= self.settings.restart:
                    self.stale = 0
                    if self.settings.climb:
                        self._climb()
                    self._seed_lists(1)
        if self.best_span < before:
            self.best_start = self._decode(self.best_order)
            return True
        return False


def beside(
    problem: LevelingProblem,
    early: EarlyPass,
    shared: Incumbent,
    *,
    time_limit: float,
    seed: int,
    bound: int,
    source: str = "search",
    migrate: bool = True,
    generations: int | None = None,
    mirrored: bool = False,
    settings: Settings | None = None,
) -> threading.Thread:
    """Run the search on its own thread (numba releases the GIL) beside the warm start and CP-SAT.

    Both post plans to `shared` (the search as `source`); the search takes in better plans — any
    searcher's with `migrate`, else CP-SAT's only — and calls `shared.stop()` when its plan meets
    `bound` or the bound CP-SAT has proven so far (`shared.bound`). With `generations` it ends after
    that many generations at most, whatever is left of the time. `mirrored`: the search runs on the
    problem read from its end where that is the same problem (a second population whose lists and
    plans differ from the forward searches'), else forward.
    """
    began = time.perf_counter()

    halt = np.zeros(1, np.bool_)
    shared.on_done.append(lambda: halt.__setitem__(0, True))
    if shared.done:
        halt[0] = True

    def run() -> None:
        enc = encode(problem)
        back = mirror(enc) if mirrored else None
        if back is None:
            priority = latest_starts(problem, early, problem.horizon)
            search = Search(enc, seed, priority, settings, halt=halt)
        else:  # the mirror's latest starts: latest earliest finishes first
            search = Search(back, seed, [-end for end in early.end], settings, halt=halt, forward=enc)
        if search.best_span < kernels.INFEASIBLE:
            shared.post(search.plan_span(), search.best_start, source)
        made = 0
        while not shared.done and time.perf_counter() - began < time_limit:
            if generations is not None and made >= generations:
                return
            if search.best_span <= max(bound, shared.bound):
                shared.stop()
                return
            theirs = shared.best() if migrate else shared.best(CP_SAT)
            if theirs is not None and theirs[0] < search.best_span:
                search.inject(theirs[1])
            if search.run(STEP) and search.best_span < kernels.INFEASIBLE:
                shared.post(search.plan_span(), search.best_start, source)
            made += STEP

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def warm_start(problem: LevelingProblem, passes: int, seed: int, rounds: int = 3) -> HeuristicResult | None:
    """The multi-pass heuristic's priority rules (`heuristic.ranks`), each decoded and justified by
    the compiled kernels: the warm start of plans the search can decode, in milliseconds where the
    Python passes take seconds on thousands of jobs. Objective "finish" only."""
    enc = encode(problem, linked=False)
    n = enc.n
    sptr, sdst, indeg = enc.fwd[7:10]
    work = (np.empty((max(enc.nres, 1), enc.horizon), np.int64), np.zeros(n, np.int64), np.zeros(n, np.int64))
    order, start = np.zeros(n, np.int64), np.zeros(n, np.int64)
    best: tuple[int, list[int]] | None = None
    done = 0
    for rank in ranks(from_problem(problem), passes, seed):
        done += 1
        kernels.order_by(np.asarray(rank, np.float64), sptr, sdst, indeg, order)
        span = int(kernels.improve(order, enc.fwd, enc.bwd, work, start, rounds))
        if span < kernels.INFEASIBLE and (best is None or span < best[0]):
            best = (span, [int(x) for x in start])
    if best is None:
        return None
    return HeuristicResult(start=best[1], makespan=best[0], lateness=0, passes=done)
