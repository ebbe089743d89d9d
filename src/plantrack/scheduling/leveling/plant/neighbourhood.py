"""Large plants: the plan improved a few projects at a time, the others' bookings held fixed.

One CP-SAT model of ten thousand tasks finds no better plan than its warm start within minutes; a
model of three projects' tasks, with every other project's bookings taken off the capacities, is
solved in a second or two. Freeing a few projects at a time and keeping each better plan never makes
the plant's priority-weighted finish worse, and moves it towards what the projects can gain from each
other's room. The plan stays valid throughout (each sub-plan is checked by the same model).
"""

from __future__ import annotations

import random
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from plantrack.scheduling.leveling.bounds import EarlyPass, early_pass
from plantrack.scheduling.leveling.heuristic import solve_heuristic
from plantrack.scheduling.leveling.plant.weighted import Groups, solve_weighted
from plantrack.scheduling.leveling.problem import LevelingProblem

#: Projects freed together in one step.
FREED = 3
#: Seconds given to one step at most (a step that proves its sub-plan optimal ends earlier).
STEP_SECONDS = 3.0


def sub_problem(
    problem: LevelingProblem, jobs: Sequence[int], busy: list[list[tuple[int, int, int]]]
) -> LevelingProblem:
    """The problem of `jobs` alone, with `busy` capacity already taken."""
    position = {i: n for n, i in enumerate(jobs)}
    precs = [
        replace(p, pred=position[p.pred], succ=position[p.succ])
        for p in problem.precs
        if p.pred in position and p.succ in position
    ]
    return LevelingProblem(
        jobs=[replace(problem.jobs[i]) for i in jobs],
        precs=precs,
        resource_ids=problem.resource_ids,
        capacities=problem.capacities,
        scales=problem.scales,
        busy=[list(row) for row in busy],
        horizon=problem.horizon,
        axis=problem.axis,
    )


def bookings_except(
    problem: LevelingProblem, starts: Sequence[int], freed: set[int]
) -> list[list[tuple[int, int, int]]]:
    """Each resource's absences plus the bookings of every job not in `freed`."""
    busy = [list(row) for row in problem.busy]
    for i, job in enumerate(problem.jobs):
        if i in freed:
            continue
        end = job.end(starts[i]) or starts[i]
        if end > starts[i]:
            for k, units in job.demands.items():
                if units > 0:
                    busy[k].append((starts[i], end, units))
    return busy


def projects_in_turn(
    problem: LevelingProblem,
    groups: Groups,
    order: Sequence[int],
    *,
    by_lateness: bool,
    time_limit: float,
    workers: int,
    seed: int,
) -> tuple[list[int] | None, int | None]:
    """Each project leveled alone in `order`, against the bookings of the ones before (what a pool of
    separate project files gives); (the plan, None), or (None, the project that found no room)."""
    began = time.perf_counter()
    busy = [list(row) for row in problem.busy]
    starts = [0] * len(problem.jobs)
    for place, g in enumerate(order):
        jobs = groups.members[g]
        if not jobs:
            continue
        sub = sub_problem(problem, jobs, busy)
        early = early_pass(sub)
        if early.stuck is not None:
            return None, g
        # past the limit each project still needs one greedy plan, no more passes than that
        heuristic = solve_heuristic(
            sub, seed=seed, by_lateness=by_lateness, passes=4, until=began + time_limit
        )
        hint = heuristic.start if heuristic is not None else None
        # each project gets its share of what is left; none left: its heuristic plan stands (CP-SAT
        # is not started), so that the projects still to place do not run past the limit
        share = (time_limit - (time.perf_counter() - began)) / (len(order) - place)
        outcome = solve_weighted(
            sub,
            early,
            Groups(members=[list(range(len(jobs)))], weights=[1]),
            by_lateness=by_lateness,
            time_limit=max(share, 0.0),
            workers=workers,
            seed=seed,
            hint=hint,
        )
        found = outcome.starts if outcome.starts is not None else hint
        if found is None:
            return None, g
        for n, i in enumerate(jobs):
            starts[i] = found[n]
            job = problem.jobs[i]
            end = job.end(found[n]) or found[n]
            for k, units in job.demands.items():
                if units > 0 and end > found[n]:
                    busy[k].append((found[n], end, units))
    return starts, None


@dataclass(frozen=True)
class _Step:
    """One step's freed projects: their jobs, the problem of those jobs with every other booking held,
    its earliest starts, the projects as groups of the sub-problem, and the current plan as its hint."""

    jobs: list[int]
    sub: LevelingProblem
    early: EarlyPass
    local: Groups
    hint: list[int]


def _freed(problem: LevelingProblem, groups: Groups, plan: list[int], chosen: Sequence[int]) -> _Step | None:
    """The step that frees the projects `chosen` from `plan`; None when their own room cannot hold them
    (cannot happen with the current plan's room, kept for safety)."""
    jobs = [i for g in chosen for i in groups.members[g]]
    sub = sub_problem(problem, jobs, bookings_except(problem, plan, set(jobs)))
    early = early_pass(sub)
    if early.stuck is not None:
        return None
    owned = [set(groups.members[g]) for g in chosen]
    local = Groups(
        members=[[n for n, i in enumerate(jobs) if i in own] for own in owned],
        weights=[groups.weights[g] for g in chosen],
    )
    return _Step(jobs, sub, early, local, [plan[i] for i in jobs])


def improve_by_projects(
    problem: LevelingProblem,
    groups: Groups,
    starts: list[int],
    *,
    by_lateness: bool,
    time_limit: float,
    workers: int,
    seed: int,
) -> list[int]:
    """The plan after as many steps as `time_limit` allows; never worse than `starts`."""
    began = time.perf_counter()
    rng = random.Random(seed)
    plan = list(starts)
    projects = [g for g, jobs in enumerate(groups.members) if jobs]
    if len(projects) < 2:
        return plan
    # building a step's model and bookings takes time CP-SAT's limit does not count: the largest
    # seen so far is kept in hand, so that the last step ends within the limit
    overhead = 0.5
    while (left := time_limit - (time.perf_counter() - began)) > overhead + 0.2:
        step_began = time.perf_counter()
        step = _freed(problem, groups, plan, rng.sample(projects, min(FREED, len(projects))))
        if step is None:
            continue
        before = step.local.value(step.sub, step.hint, by_lateness)
        outcome = solve_weighted(
            step.sub,
            step.early,
            step.local,
            by_lateness=by_lateness,
            time_limit=(allowed := min(STEP_SECONDS, left - overhead - 0.1)),
            workers=workers,
            seed=rng.randrange(1 << 30),
            hint=step.hint,
        )
        overhead = max(overhead, time.perf_counter() - step_began - allowed)
        if outcome.starts is not None and step.local.value(step.sub, outcome.starts, by_lateness) < before:
            for n, i in enumerate(step.jobs):
                plan[i] = outcome.starts[n]
    return plan


def deviation(plan: Sequence[int], reference: Mapping[int, int], jobs: Sequence[int] | None = None) -> int:
    """Axis steps the starts of `jobs` (all: None) lie from the stored plan's."""
    chosen = reference.keys() if jobs is None else [i for i in jobs if i in reference]
    return sum(abs(plan[i] - reference[i]) for i in chosen)


def steady_by_projects(
    problem: LevelingProblem,
    groups: Groups,
    starts: list[int],
    reference: Mapping[int, int],
    *,
    by_lateness: bool,
    time_limit: float,
    workers: int,
    seed: int,
) -> list[int]:
    """Stability on a large plant: the projects that moved from their stored plans, a few at a time,
    each step keeping the plant's objective and moving its projects' starts back towards the stored
    ones (the joint model's two stages on the freed projects only, the others' bookings held). A step
    is kept only when it is no worse on the objective and closer to the stored plans."""
    began = time.perf_counter()
    plan = list(starts)
    moved = sorted(
        (g for g, jobs in enumerate(groups.members) if deviation(plan, reference, jobs) > 0),
        key=lambda g: (-deviation(plan, reference, groups.members[g]), g),
    )
    if not moved:
        return plan
    rng = random.Random(seed)
    others = [g for g, jobs in enumerate(groups.members) if jobs]
    overhead, turn, quiet = 0.5, 0, 0
    # two rounds over the moved projects without a step kept: the search has settled
    while quiet < 2 * len(moved) and (left := time_limit - (time.perf_counter() - began)) > overhead + 0.2:
        step_began = time.perf_counter()
        # the projects furthest from their stored plans in turn, each with partners that share its
        # crews' room (chosen at random: the freed room is what lets a project move back)
        first = moved[turn % len(moved)]
        turn += 1
        partners = rng.sample([g for g in others if g != first], min(FREED - 1, len(others) - 1))
        step = _freed(problem, groups, plan, [first, *partners])
        if step is None:
            quiet += 1
            continue
        own_reference = {n: reference[i] for n, i in enumerate(step.jobs) if i in reference}
        before, away = step.local.value(step.sub, step.hint, by_lateness), deviation(step.hint, own_reference)
        outcome = solve_weighted(
            step.sub,
            step.early,
            step.local,
            by_lateness=by_lateness,
            time_limit=(allowed := min(STEP_SECONDS, left - overhead - 0.1)),
            workers=workers,
            seed=rng.randrange(1 << 30),
            hint=step.hint,
            reference=own_reference,
            steady=True,  # the objective was searched before: all the step's time goes to stability
        )
        overhead = max(overhead, time.perf_counter() - step_began - allowed)
        found = outcome.starts
        quiet += 1
        if found is None:
            continue
        value = step.local.value(step.sub, found, by_lateness)
        if value < before or (value == before and deviation(found, own_reference) < away):
            for n, i in enumerate(step.jobs):
                plan[i] = found[n]
            quiet = 0
            if deviation(plan, reference) == 0:
                break
    return plan
