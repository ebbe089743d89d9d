"""Large-neighbourhood search around the incumbent with short CP-SAT sub-solves (objective "finish").

Each round frees a few tasks (a time window of the plan, or a random set) and keeps the order the
incumbent gives every other pair of tasks that share a resource; a short single-thread solve then
re-packs the free tasks. Measured weaker than CP-SAT's own interleaved LNS workers, both between two
full solves and on a thread beside one (BENCHMARKS.md), so both uses are experimental options, off.
"""

from __future__ import annotations

import random
import time

from plantrack.scheduling.leveling.bounds import EarlyPass, latest_starts
from plantrack.scheduling.leveling.cpmodel import LevelingModel
from plantrack.scheduling.leveling.incumbent import Incumbent
from plantrack.scheduling.leveling.problem import LevelingProblem
from plantrack.scheduling.leveling.sat import cp_model

ROUND_LIMIT = 0.25  # seconds per sub-solve
START_SHARE = 0.2  # share of the tasks freed per round at first; adapted to how hard the rounds are
MIN_SHARE, MAX_SHARE = 0.05, 0.6


def conflicting_pairs(problem: LevelingProblem) -> list[tuple[int, int]]:
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
    pairs = conflicting_pairs(problem)
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
    late = latest_starts(problem, early, span)
    model = LevelingModel(problem, early.start, late, span)
    model.add_precedences()
    model.add_resources()
    model.add_dates()
    model.add_finish()
    ends = [j.end(s) or s for j, s in zip(problem.jobs, starts, strict=True)]
    for i, j in pairs:
        if i in free or j in free:
            continue
        if ends[i] <= starts[j]:
            model.add_order(i, j)
        elif ends[j] <= starts[i]:
            model.add_order(j, i)
    model.hint(starts)
    # finish first, then the sum of ends: equal-finish rounds still pull tasks left and open room
    model.minimize_finish_then_ends(span)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(limit, 0.01)
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = seed
    status = solver.solve(model.model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, False
    return model.starts(solver), status == cp_model.OPTIMAL
