"""Large-neighbourhood search around the incumbent with short CP-SAT sub-solves (objective "finish").

Each round frees a few tasks (a time window of the plan, or a random set) and keeps the order the
incumbent gives every other pair of tasks that share a resource; a short single-thread solve then
re-packs the free tasks. Measured weaker than CP-SAT's own interleaved LNS workers, both between two
full solves and on a thread beside one (BENCHMARKS.md), so both uses are options, off by default.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable

from ortools.sat.python import cp_model

from plantrack.scheduling.leveling.bounds import EarlyPass, latest_starts
from plantrack.scheduling.leveling.constraints import Constraints
from plantrack.scheduling.leveling.problem import LevelingProblem
from plantrack.scheduling.leveling.variables import Variables

ROUND_LIMIT = 0.25  # seconds per sub-solve
START_SHARE = 0.2  # share of the tasks freed per round at first; adapted to how hard the rounds are
MIN_SHARE, MAX_SHARE = 0.05, 0.6
CP_SAT = "cp-sat"  # the source name of the plans CP-SAT posts to an Incumbent


def _conflicting_pairs(problem: LevelingProblem) -> list[tuple[int, int]]:
    """Pairs of tasks that share a resource (their order in a plan is a choice the search made)."""
    users: dict[int, list[int]] = {}
    for i, job in enumerate(problem.jobs):
        if job.duration > 0:
            for k, units in job.demands.items():
                if units > 0:
                    users.setdefault(k, []).append(i)
    pairs: set[tuple[int, int]] = set()
    for members in users.values():
        for a, i in enumerate(members):
            for j in members[a + 1 :]:
                pairs.add((i, j))
    return sorted(pairs)


def _free_set(
    problem: LevelingProblem, starts: list[int], span: int, share: float, rng: random.Random
) -> set[int]:
    """A time window of the plan (the tasks starting in it) or a random set, about `share` of the tasks."""
    n = len(problem.jobs)
    if rng.random() < 0.5:
        width = max(1, round(span * share))
        a = rng.randrange(0, max(1, span - width + 1))
        return {i for i in range(n) if a <= starts[i] < a + width}
    return set(rng.sample(range(n), k=min(n, max(4, round(n * share)))))


def improve(
    problem: LevelingProblem,
    early: EarlyPass,
    starts: list[int],
    *,
    time_limit: float,
    seed: int,
    bound: int,
    shared: Incumbent | None = None,
) -> list[int]:
    """A plan at least as short as `starts`, searched for `time_limit` seconds (or until `bound`).

    With `shared`, rounds start from the best plan any searcher posted there, post their own
    improvements to it, and stop as soon as it is marked done.
    """
    if any(not j.fixed_length for j in problem.jobs):
        return starts
    rng = random.Random(seed)
    pairs = _conflicting_pairs(problem)
    best = list(starts)
    span = max(j.end(s) or s for j, s in zip(problem.jobs, best, strict=True))
    began = time.perf_counter()
    share = START_SHARE
    while span > bound and time.perf_counter() - began + 0.05 < time_limit:
        if shared is not None:
            if shared.done:
                break
            theirs = shared.best()
            if theirs is not None and theirs[0] < span:
                span, best = theirs[0], list(theirs[1])
        free = _free_set(problem, best, span, share, rng)
        limit = min(ROUND_LIMIT, time_limit - (time.perf_counter() - began))
        found, closed = _round(problem, early, best, span, free, pairs, limit, rng.randrange(1 << 30))
        # rounds solved to optimality are too easy: free more next time; timed-out rounds: fewer
        share = min(MAX_SHARE, share * 1.15) if closed else max(MIN_SHARE, share / 1.15)
        if found is not None:
            best = found
            span = max(j.end(s) or s for j, s in zip(problem.jobs, best, strict=True))
            if shared is not None:
                shared.post(span, best)
    return best


class Incumbent:
    """The best plan found so far by searchers running side by side (threads), and a stop flag."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._best: tuple[int, list[int]] | None = None
        self._by_source: dict[str, tuple[int, list[int]]] = {}
        self.done = False
        self.bound = 0  # the best lower bound a searcher has proven so far
        self.on_stop: Callable[[], None] | None = None  # stops the solve (set once it runs)
        self.on_better: Callable[[int], None] | None = None  # told each shorter plan (progress line)

    def stop(self) -> None:
        """A plan at the bound: nothing is left to search."""
        self.done = True
        if self.on_stop is not None:
            self.on_stop()

    def post(self, value: int, starts: list[int], source: str = "") -> None:
        with self._lock:
            mine = self._by_source.get(source)
            if mine is None or value < mine[0]:
                self._by_source[source] = (value, list(starts))
            better = self._best is None or value < self._best[0]
            if better:
                self._best = (value, list(starts))
        if better and self.on_better is not None:
            self.on_better(value)

    def best(self, source: str | None = None) -> tuple[int, list[int]] | None:
        """The best plan posted, or the best one `source` posted."""
        with self._lock:
            return self._best if source is None else self._by_source.get(source)


def _round(
    problem: LevelingProblem,
    early: EarlyPass,
    starts: list[int],
    span: int,
    free: set[int],
    pairs: list[tuple[int, int]],
    limit: float,
    seed: int,
) -> tuple[list[int] | None, bool]:
    """The re-packed plan (None if none was found) and whether the round was solved to optimality."""
    model = cp_model.CpModel()
    late = latest_starts(problem, early, span)
    vars = Variables(model, problem, early.start, late, span)
    cons = Constraints(model, problem, vars)
    cons.precedences()
    cons.resources(finish_interval=False)
    cons.dates()
    cons.finish()
    ends = [j.end(s) or s for j, s in zip(problem.jobs, starts, strict=True)]
    for i, j in pairs:
        if i in free or j in free:
            continue
        if ends[i] <= starts[j]:
            model.add(vars.start[j] >= vars.end[i])
        elif ends[j] <= starts[i]:
            model.add(vars.start[i] >= vars.end[j])
    for i, s in enumerate(starts):
        model.add_hint(vars.start[i], s)
    # finish first, then the sum of ends: equal-finish rounds still pull tasks left and open room
    model.minimize(vars.finish * (len(starts) * (span + 1) + 1) + sum(vars.end))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(limit, 0.01)
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = seed
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, False
    return [solver.value(v) for v in vars.start], status == cp_model.OPTIMAL


#: Searches running beside CP-SAT: their shared incumbent and their threads.
Running = tuple[Incumbent, list[threading.Thread]]
