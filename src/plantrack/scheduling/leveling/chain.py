"""Large-neighbourhood search on the critical chain: re-pack what sets the finish, beside the searches.

The critical chain of a plan runs back from a job ending at the finish: each job's start is forced
either by a link (the predecessor's point sets it exactly) or by a job on a shared resource that ends
exactly at its start while the job could not start one step earlier for lack of capacity. Only
reordering the chain's jobs against the jobs running beside them on those resources can shorten the
plan, so each round frees a segment of the chain and those jobs, keeps the plan's order for every
other pair of jobs sharing a resource, and asks a short single-thread CP-SAT sub-solve for a plan
finishing earlier; its limit counts deterministic work (the machine's load cannot change what a
round finds). Asking for a shorter plan, rather than minimizing the finish then the sum of ends,
lets small rounds end on a proof that none exists, so the neighbourhood grows at once.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass

from plantrack.scheduling.leveling.bounds import EarlyPass, latest_starts
from plantrack.scheduling.leveling.cpmodel import LevelingModel
from plantrack.scheduling.leveling.heuristic import SProblem, from_problem, serial_sgs
from plantrack.scheduling.leveling.incumbent import Incumbent
from plantrack.scheduling.leveling.lns import conflicting_pairs
from plantrack.scheduling.leveling.problem import LevelingProblem, min_start_after
from plantrack.scheduling.leveling.sat import cp_model

#: CP-SAT deterministic work per round (about 0.1-0.3 s of one core on J90 instances here)
ROUND_WORK = 0.05
#: the clock stops a round only at this many seconds (a backstop: the work limit ends it first)
ROUND_BACKSTOP_S = 2.0
START_SHARE = 0.15  # share of the jobs freed per round at first; adapted to how hard the rounds are
MIN_FREE, MAX_SHARE = 4, 0.6
SOURCE = "chain"  # the name its plans are posted under


def _ends(problem: LevelingProblem, starts: Sequence[int]) -> list[int]:
    return [j.end(s) or s for j, s in zip(problem.jobs, starts, strict=True)]


def critical_chain(
    problem: LevelingProblem, starts: Sequence[int], rng: random.Random | None = None
) -> list[int]:
    """The jobs of a critical chain of the plan `starts` (fixed lengths), first job first.

    Where several jobs could force a start, `rng` picks one at random; without it a link comes
    before a resource and the lowest index wins (a reproducible chain).
    """
    jobs = problem.jobs
    ends = _ends(problem, starts)
    span = max(ends, default=0)
    preds = problem.predecessors()
    last = [i for i, e in enumerate(ends) if e == span]
    # a job of positive length if any: a finishing milestone's chain is that of its predecessor anyway
    last = [i for i in last if jobs[i].duration > 0] or last
    if not last:
        return []
    users: dict[int, list[int]] = {}
    for i, job in enumerate(jobs):
        for k, units in job.demands.items():
            if units > 0 and job.duration > 0:
                users.setdefault(k, []).append(i)
    capacity = {k: problem.capacity_profile(k) for k in users}
    current = last[0] if rng is None else rng.choice(last)
    chain = [current]
    seen = {current}
    while True:
        j, s = current, starts[current]
        by_link: list[int] = []
        lowest = jobs[j].release
        for p in preds[j]:
            s_lo, e_lo = min_start_after(p, starts[p.pred], ends[p.pred])
            push = max(s_lo, e_lo - jobs[j].duration)
            lowest = max(lowest, push)
            if push == s and p.pred not in seen:
                by_link.append(p.pred)
        by_resource = [] if s <= lowest else _resource_blockers(problem, starts, ends, j, users, capacity)
        by_resource = [i for i in by_resource if i not in seen]
        if rng is None:
            found = sorted(by_link) + sorted(by_resource)
            nxt = found[0] if found else None
        else:
            found = by_link + by_resource
            nxt = rng.choice(found) if found else None
        if nxt is None:
            break
        chain.append(nxt)
        seen.add(nxt)
        current = nxt
    chain.reverse()
    return chain


def _resource_blockers(
    problem: LevelingProblem,
    starts: Sequence[int],
    ends: Sequence[int],
    j: int,
    users: dict[int, list[int]],
    capacity: dict[int, list[int]],
) -> list[int]:
    """Jobs ending exactly at job j's start on a resource where j, started one step earlier, would
    overload the capacity (checked over the whole span it would then take)."""
    job, s = problem.jobs[j], starts[j]
    if job.duration <= 0 or s <= 0:
        return []
    lo, hi = s - 1, s - 1 + job.duration
    blockers: list[int] = []
    for k, units in job.demands.items():
        if units <= 0 or k not in users:
            continue
        profile = capacity[k]
        load = [0] * (hi - lo)
        for i in users[k]:
            if i != j and starts[i] < hi and ends[i] > lo:
                for t in range(max(starts[i], lo), min(ends[i], hi)):
                    load[t - lo] += problem.jobs[i].demands[k]
        free = [profile[t] if t < len(profile) else problem.capacities[k] for t in range(lo, hi)]
        if any(load[t] + units > free[t] for t in range(hi - lo)):
            blockers.extend(i for i in users[k] if i != j and ends[i] == s and i not in blockers)
    return blockers


def neighbourhood(
    problem: LevelingProblem, starts: Sequence[int], chain: Sequence[int], size: int, rng: random.Random
) -> set[int]:
    """A segment of `chain` from a random position, grown to the right (then the left) until about
    `size` jobs are free: its jobs and those running beside each of them on a resource they share."""
    if not chain:
        return set()
    ends = _ends(problem, starts)
    jobs = problem.jobs

    def beside(j: int) -> set[int]:
        mine = {k for k, u in jobs[j].demands.items() if u > 0}
        return {
            i
            for i, other in enumerate(jobs)
            if i != j
            and starts[i] < ends[j]
            and ends[i] > starts[j]
            and any(other.demands.get(k, 0) > 0 for k in mine)
        }

    a = rng.randrange(len(chain))
    b = a
    free = {chain[a]} | beside(chain[a])
    while len(free) < size and (b + 1 < len(chain) or a > 0):
        if b + 1 < len(chain):
            b += 1
            pick = chain[b]
        else:
            a -= 1
            pick = chain[a]
        free |= {pick} | beside(pick)
    return free


@dataclass(frozen=True, slots=True)
class Round:
    """A round's plan (None if the sub-solve found none) and whether it was solved to optimality."""

    starts: list[int] | None
    closed: bool


def repack(
    problem: LevelingProblem,
    early: EarlyPass,
    starts: Sequence[int],
    free: set[int],
    pairs: Sequence[tuple[int, int]],
    *,
    work: float,
    seed: int,
    solver: cp_model.CpSolver | None = None,
    shorter: bool = False,
) -> Round:
    """Re-pack the plan `starts` (the hint) with the orders among the `free` jobs open and every
    other order on a resource kept: with `shorter`, a plan finishing at least one step earlier (a
    refuted round is closed); else the finish, then the sum of ends, no later than the plan's.
    `work` is the sub-solve's deterministic limit, `solver` one that another thread may stop."""
    ends = _ends(problem, starts)
    span = max(ends, default=0)
    model = LevelingModel(problem, early.start, latest_starts(problem, early, span), span)
    model.add_precedences()
    model.add_resources()
    model.add_dates()
    model.add_finish()
    for i, j in pairs:
        if i in free and j in free:
            continue  # the orders the round may change: among the freed jobs only
        if ends[i] <= starts[j]:
            model.add_order(i, j)
        elif ends[j] <= starts[i]:
            model.add_order(j, i)
    model.hint(list(starts))
    if shorter:
        model.cap_finish(span - 1)
        model.minimize_finish()
    else:
        model.minimize_finish_then_ends(span)
    solver = solver or cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = seed
    solver.parameters.max_deterministic_time = work
    solver.parameters.max_time_in_seconds = ROUND_BACKSTOP_S
    status = solver.solve(model.model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Round(None, status == cp_model.INFEASIBLE)
    return Round(model.starts(solver), status == cp_model.OPTIMAL)


def _justified(starts: list[int], sgs: SProblem) -> list[int]:
    """The plan with every job as early as its start order allows (a chain needs no idle gaps)."""
    shifted = serial_sgs(sgs, [float(s) for s in starts])
    if shifted is None or any(a > b for a, b in zip(shifted, starts, strict=True)):
        return starts
    return shifted


def improve(
    problem: LevelingProblem,
    early: EarlyPass,
    shared: Incumbent,
    *,
    time_limit: float,
    seed: int,
    bound: int,
    work: float = ROUND_WORK,
    rounds: int | None = None,
) -> list[int] | None:
    """Rounds on the best plan posted to `shared` (by any searcher) until it is done, `time_limit`
    seconds have passed, `rounds` were made or the plan meets the bound; each shorter plan is posted
    as SOURCE. Returns this search's last plan (None if no plan was ever posted)."""
    began = time.perf_counter()
    rng = random.Random(seed)
    pairs = conflicting_pairs(problem)
    sgs = from_problem(problem)
    size = max(MIN_FREE, round(START_SHARE * len(problem.jobs)))
    top = max(MIN_FREE, round(MAX_SHARE * len(problem.jobs)))
    plan: list[int] | None = None
    span = 0
    made = 0
    solver = cp_model.CpSolver()
    # the end of the searches stops the round under way (its sub-solve would delay the answer)
    shared.on_done.append(lambda: solver.stop_search())
    while not shared.done and time.perf_counter() - began < time_limit:
        if rounds is not None and made >= rounds:
            break
        theirs = shared.best()
        if theirs is None:
            time.sleep(0.01)  # the searches post their first plan within moments
            continue
        if plan is None or theirs[0] < span:
            plan = _justified(list(theirs[1]), sgs)
            span = max(_ends(problem, plan))
            if span < theirs[0]:
                shared.post(span, plan, SOURCE)
        if span <= max(bound, shared.bound):
            shared.stop()
            break
        chain = critical_chain(problem, plan, rng)
        free = neighbourhood(problem, plan, chain, size, rng)
        solver = cp_model.CpSolver()
        found = repack(
            problem,
            early,
            plan,
            free,
            pairs,
            work=work,
            seed=rng.randrange(1 << 30),
            solver=solver,
            shorter=True,
        )
        made += 1
        # rounds solved to optimality are too easy: free more next time; cut-off rounds: fewer
        size = min(top, round(size * 1.15) + 1) if found.closed else max(MIN_FREE, round(size / 1.15))
        if found.starts is None:
            continue
        repacked = _justified(found.starts, sgs)
        value = max(_ends(problem, repacked))
        if value > span:
            continue  # cannot happen (the finish is capped at the plan's): never take a longer plan
        plan = repacked  # equal finishes too: a smaller sum of ends opens room for the next round
        if value < span:
            span = value
            shared.post(span, plan, SOURCE)
    return plan


def beside(
    problem: LevelingProblem,
    early: EarlyPass,
    shared: Incumbent,
    *,
    time_limit: float,
    seed: int,
    bound: int,
    work: float = ROUND_WORK,
) -> threading.Thread:
    """Run `improve` on its own thread (CP-SAT releases the GIL while it searches) beside the searches."""
    thread = threading.Thread(
        target=improve,
        args=(problem, early, shared),
        kwargs={"time_limit": time_limit, "seed": seed, "bound": bound, "work": work},
        daemon=True,
    )
    thread.start()
    return thread
