"""The plant's CP-SAT solve: the single-project model with one finish per project, weighted by priority.

Stages, each keeping the one before at its value: (1) the priority-weighted sum of the projects'
finishes, or the priority-weighted lateness against deadlines; (2) with a stability reference, the
total distance of the starts from it. Hard rules (links, capacities, windows, dates) are the model's
own (`cpmodel.LevelingModel`).
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from plantrack.scheduling.leveling.bounds import EarlyPass, latest_starts
from plantrack.scheduling.leveling.cpmodel import LevelingModel
from plantrack.scheduling.leveling.heuristic import from_problem, latest_finish_times, serial_sgs
from plantrack.scheduling.leveling.plant.bound import weighted_finish_bound
from plantrack.scheduling.leveling.problem import LevelingProblem
from plantrack.scheduling.leveling.result import Status
from plantrack.scheduling.leveling.sat import cp_model

#: Share of the time left given to the first stage when a stability stage follows.
FIRST_STAGE_SHARE = 0.7
#: Below this many seconds left, CP-SAT is not started: the caller's known plan stands.
MIN_SOLVE_SECONDS = 0.02
#: Priority weights are made whole by at most this denominator (priority 1.5 -> weight 3 of 2).
WEIGHT_DENOMINATOR = 100


def integer_weights(priorities: Sequence[float]) -> tuple[list[int], int]:
    """Whole weights in the priorities' proportions, and the divisor back to the priorities."""
    fractions = [Fraction(p).limit_denominator(WEIGHT_DENOMINATOR) for p in priorities]
    scale = 1
    for f in fractions:
        scale = scale * f.denominator // _gcd(scale, f.denominator)
    return [int(f * scale) for f in fractions], scale


def _gcd(a: int, b: int) -> int:
    while b:
        a, b = b, a % b
    return a


@dataclass(frozen=True, slots=True)
class Groups:
    """Which jobs belong to which project, and each project's whole weight."""

    members: list[list[int]]  # job indices per project
    weights: list[int]

    def value(self, problem: LevelingProblem, starts: Sequence[int], by_lateness: bool) -> int:
        """The weighted objective of a plan: sum of weight × project finish, or weighted lateness."""
        total = 0
        for jobs, weight in zip(self.members, self.weights, strict=True):
            if by_lateness:
                for i in jobs:
                    job = problem.jobs[i]
                    if job.deadline is not None:
                        end = job.end(starts[i]) or starts[i]
                        total += weight * job.weight * max(0, end - job.deadline)
            else:
                total += weight * max((problem.jobs[i].end(starts[i]) or starts[i] for i in jobs), default=0)
        return total

    def bound(
        self, problem: LevelingProblem, early: EarlyPass, by_lateness: bool, seconds: float = 0.0
    ) -> int:
        """A lower bound: the objective without resource limits, or (finish) the largest of that, what
        one resource's work alone forces, and, given `seconds`, the links, dates and every resource's
        work together (`bound.py`). No plan does better."""
        first = self.first_bound(problem, early, by_lateness)
        if by_lateness or seconds <= 0:
            return first
        return max(first, weighted_finish_bound(problem, early, self.members, self.weights, seconds=seconds))

    def first_bound(self, problem: LevelingProblem, early: EarlyPass, by_lateness: bool) -> int:
        """The objective without resource limits, or (finish) what one resource's work alone forces,
        whichever is larger: the simpler bound, kept as the floor of `bound`."""
        free = self.value(problem, early.start, by_lateness)
        return free if by_lateness else max(free, self.energy_bound(problem, early))

    def energy_bound(self, problem: LevelingProblem, early: EarlyPass) -> int:
        """For each resource: its work as one machine running at full capacity from the earliest start
        any of it can take, the projects in Smith's order (least work per weight first). A project
        finishes no earlier than its work there, and no order of the projects' work does better than
        Smith's on that machine (preemption does not help it): a valid bound, the best resource kept."""
        best = Fraction(0)
        for k, capacity in enumerate(problem.capacities):
            if capacity <= 0:
                continue
            works: list[tuple[Fraction, int]] = []
            first: int | None = None
            for jobs, weight in zip(self.members, self.weights, strict=True):
                energy = 0
                for i in jobs:
                    units = problem.jobs[i].demands.get(k, 0)
                    if units > 0:
                        # a length that depends on the start is at least its shortest span
                        energy += units * problem.jobs[i].duration
                        first = early.start[i] if first is None else min(first, early.start[i])
                if energy and weight:
                    works.append((Fraction(energy, capacity), weight))
            clock, total = Fraction(first or 0), Fraction(0)
            for work, weight in sorted(works, key=lambda w: w[0] / w[1]):
                clock += work
                total += weight * clock
            best = max(best, total)
        return int(best)  # rounded down: still a bound


@dataclass(frozen=True, slots=True, kw_only=True)
class WeightedOutcome:
    status: Status
    starts: list[int] | None
    value: int | None
    bound: int
    deviation: int | None = None


def priority_plan(problem: LevelingProblem, groups: Groups, order: Sequence[int]) -> list[int] | None:
    """Serial schedule generation project after project in `order`: each project placed against the
    capacity the ones before left, its tasks by latest finish (one-at-a-time leveling's plan)."""
    sp = from_problem(problem)
    lf = latest_finish_times(sp, problem.horizon)
    span = max((abs(v) for v in lf), default=0) + 1
    rank = [0.0] * len(problem.jobs)
    for place, g in enumerate(order):
        for i in groups.members[g]:
            job = problem.jobs[i]
            # work bound to a window or a date goes first, whatever its project: a greedy pass that
            # fills the line stop with other work first leaves it no room
            bound = job.windows is not None or job.latest_finish is not None or job.fixed_start is not None
            rank[i] = lf[i] - span if bound else (place + 1) * 2 * span + lf[i]
    return serial_sgs(sp, rank)


def _horizon(problem: LevelingProblem, groups: Groups, early: EarlyPass, known: int | None) -> int:
    """The plan's horizon; a known plan of weighted value `known` caps each project's finish, since the
    other projects finish no earlier than without resource limits."""
    if known is None:
        return problem.horizon
    lows = [
        w * max((early.end[i] for i in jobs), default=0)
        for jobs, w in zip(groups.members, groups.weights, strict=True)
    ]
    total = sum(lows)
    cap = max(
        ((known - (total - low)) // w for low, w in zip(lows, groups.weights, strict=True) if w > 0),
        default=problem.horizon,
    )
    longest = max((j.duration for j in problem.jobs), default=0)
    return max(min(problem.horizon, cap + longest + 1), max(early.end, default=0) + 1)


def solve_weighted(
    problem: LevelingProblem,
    early: EarlyPass,
    groups: Groups,
    *,
    by_lateness: bool,
    time_limit: float,
    workers: int,
    seed: int,
    hint: list[int] | None,
    reference: Mapping[int, int] | None = None,
    floor: int | None = None,
    steady: bool = False,
) -> WeightedOutcome:
    """Solve the joint model; `hint` is a known plan (its value also cuts the horizon); `floor` a lower
    bound already proven (else the simple one is computed here); `steady` (with a hint and a
    reference): no first stage, the hint's objective is kept and all the time goes to stability.

    `time_limit` counts from the call: building the model takes from it, and each stage gets what is
    left (no plan, status UNKNOWN, when too little is left to start CP-SAT).
    """
    ends = time.perf_counter() + time_limit
    known = None if hint is None or by_lateness else groups.value(problem, hint, False)
    horizon = _horizon(problem, groups, early, known)
    model = LevelingModel(problem, early.start, latest_starts(problem, early, horizon), horizon)
    model.add_precedences()
    model.add_resources()
    model.add_dates()
    goal = _objective(model, problem, groups, early, by_lateness, horizon)
    if hint is not None:
        model.hint(hint)
    low = groups.first_bound(problem, early, by_lateness)
    low = low if floor is None else max(low, floor)
    model.model.add(goal >= low)  # redundant: a bound the model alone does not see
    left = ends - time.perf_counter()
    if left < MIN_SOLVE_SECONDS:
        return WeightedOutcome(status=Status.UNKNOWN, starts=None, value=None, bound=low)
    if steady and hint is not None and reference:
        return _steady(model, problem, groups, goal, hint, reference, by_lateness, left, workers, seed, low)
    first = _solver(left * (FIRST_STAGE_SHARE if reference else 1.0), workers, seed)
    code = first.solve(model.model)
    if code == cp_model.INFEASIBLE:
        return WeightedOutcome(status=Status.INFEASIBLE, starts=None, value=None, bound=low)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return WeightedOutcome(status=Status.UNKNOWN, starts=None, value=None, bound=low)
    starts = model.starts(first)
    value = round(first.objective_value)
    bound = max(low, round(first.best_objective_bound))
    status = Status.OPTIMAL if code == cp_model.OPTIMAL or value <= bound else Status.FEASIBLE
    if not reference:
        return WeightedOutcome(status=status, starts=starts, value=value, bound=min(bound, value))
    model.keep(goal, value)
    deviation = model.minimize_deviation(dict(reference))
    model.hint(starts, replace=True)
    left = ends - time.perf_counter()
    moved: int | None = None
    if left < MIN_SOLVE_SECONDS:  # no time for stability: the first stage's plan stands
        return WeightedOutcome(status=status, starts=starts, value=value, bound=min(bound, value))
    second = _solver(left, workers, seed)
    if second.solve(model.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        starts = model.starts(second)
        moved = round(second.value(deviation))
    return WeightedOutcome(
        status=status, starts=starts, value=value, bound=min(bound, value), deviation=moved
    )


def _steady(
    model: LevelingModel,
    problem: LevelingProblem,
    groups: Groups,
    goal: cp_model.LinearExprT,
    hint: list[int],
    reference: Mapping[int, int],
    by_lateness: bool,
    time_limit: float,
    workers: int,
    seed: int,
    low: int,
) -> WeightedOutcome:
    """The stability stage alone: the hint's objective kept, the starts moved towards the reference."""
    value = groups.value(problem, hint, by_lateness)
    model.keep(goal, value)
    deviation = model.minimize_deviation(dict(reference))
    solver = _solver(time_limit, workers, seed)
    if solver.solve(model.model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return WeightedOutcome(status=Status.FEASIBLE, starts=list(hint), value=value, bound=min(low, value))
    starts = model.starts(solver)
    found = groups.value(problem, starts, by_lateness)
    return WeightedOutcome(
        status=Status.FEASIBLE,
        starts=starts,
        value=found,
        bound=min(low, found),
        deviation=round(solver.value(deviation)),
    )


def _objective(
    model: LevelingModel,
    problem: LevelingProblem,
    groups: Groups,
    early: EarlyPass,
    by_lateness: bool,
    horizon: int,
) -> cp_model.LinearExprT:
    """Weighted finishes (one finish variable per project) or weighted lateness, minimised."""
    terms: list[cp_model.LinearExprT] = []
    cp = model.model
    for g, (jobs, weight) in enumerate(zip(groups.members, groups.weights, strict=True)):
        if not jobs:
            continue
        if by_lateness:
            for i in jobs:
                job = problem.jobs[i]
                if job.deadline is None:
                    continue
                late = cp.new_int_var(0, max(2 * horizon, 1), f"late_{i}")
                cp.add(late >= model.end[i] - job.deadline)
                terms.append(weight * job.weight * late)
            continue
        low = max(early.end[i] for i in jobs)
        top = max(low, 2 * horizon + max(problem.jobs[i].duration for i in jobs))
        finish = cp.new_int_var(low, top, f"finish_{g}")
        for i in jobs:
            cp.add(finish >= model.end[i])
        terms.append(weight * finish)
    goal: cp_model.LinearExprT = sum(terms) if terms else 0
    cp.minimize(goal)
    return goal


def _solver(time_limit: float, workers: int, seed: int) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.random_seed = seed
    solver.parameters.num_workers = workers or max(os.cpu_count() or 1, 1) * 2
    return solver
