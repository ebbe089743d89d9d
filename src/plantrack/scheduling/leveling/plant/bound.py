"""A lower bound on the plant's priority-weighted sum of finishes: links, dates and every crew's work at once.

A linear programme over each task's start S_i and each project's finish F_p, whose constraints hold in
every plan the model allows (starts within the horizon), so its least sum_p w_p F_p is a lower bound:

1. S_i >= the task's earliest start without resource limits (links, dates, windows: early pass),
   S_i <= the horizon (a fixed start: both equal it).
2. F_p >= S_i + d_i for each task of p, d_i its shortest length (a length that depends on the start
   is never shorter), and F_p >= the project's finish without resource limits.
3. Links, with lag l (a lag that depends on the point is never below l): FS S_j >= S_i + d_i + l;
   SS S_j >= S_i + l; FF S_j + d_j >= S_i + d_i + l and SF S_j + d_j >= S_i + l, these two only where
   the lengths they use are fixed (end = start + d).
4. For a resource k of capacity c and a set T of its tasks starting no earlier than r (their earliest
   starts): count of each task only its first d_i steps, at rate a_i = units_i / c, so p_i = a_i d_i
   and its mean time there is S_i + d_i / 2. Read k as one machine of speed 1: the tasks' joint rate
   is at most 1 at any time (the capacity; absences only lower what is free) and zero before r, so
   sum_{i in T} p_i (S_i + d_i / 2) = integral of t x joint rate >= integral of t over [r, r + p(T)]
   = p(T) r + p(T)^2 / 2 (Goemans' mean-busy-time inequality; a set of one task gives S_i >= r).

The sets of (4) are many; only violated ones are added (cutting planes, GLOP): for each resource and
a few earliest starts r, the tasks starting no earlier than r in order of their LP mean time, the
prefix most violated (Queyranne's separation). Every round's value is a bound, so the rounds stop at
`seconds` with the best so far.

The value returned is not the solver's: it is recomputed from the solver's duals y >= 0 by weak
duality. For any y >= 0 and every plan x (l <= x <= u), c.x >= y.A.x + (c - y.A).x >= y.b +
sum_v min(d_v l_v, d_v u_v), d = c - y.A; the finishes have no upper bound, so y is first scaled down
until each finish's reduced cost is >= 0. Solver tolerances therefore cannot lift the value above the
truth; a plan's value being whole, the bound is the next whole number at or above it (less a
margin far above the sums' rounding error).
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass

from ortools.linear_solver import pywraplp

from plantrack.scheduling.leveling.bounds import EarlyPass
from plantrack.scheduling.leveling.problem import LevelingProblem
from plantrack.scheduling.model import LinkType

#: Cutting-plane rounds at most (each solves the LP once and adds the violated sets).
ROUNDS = 200
#: Earliest starts r tried per resource and round at most (spread over the resource's tasks).
THRESHOLDS = 20
#: Seconds per task the programme needs at least to be worth building (building it takes about half).
SECONDS_PER_JOB = 2e-4
#: A set is added when its right-hand side beats the left by more than this share.
VIOLATION = 1e-6


@dataclass(slots=True)
class _Programme:
    """The LP as solved and as kept for the certificate: rows of (variable, coefficient) >= rhs."""

    solver: pywraplp.Solver
    variables: list[pywraplp.Variable]
    lows: list[float]
    highs: list[float]  # math.inf: no upper bound
    costs: list[float]
    rows: list[tuple[list[tuple[int, float]], float, pywraplp.Constraint]]

    def variable(self, low: float, high: float) -> int:
        """A new variable of no cost within [low, high]; its index."""
        self.variables.append(self.solver.NumVar(low, max(low, high), f"m{len(self.variables)}"))
        self.lows.append(low)
        self.highs.append(max(low, high))
        self.costs.append(0.0)
        return len(self.variables) - 1

    def add(self, terms: list[tuple[int, float]], rhs: float) -> None:
        constraint = self.solver.Constraint(rhs, self.solver.infinity())
        for v, a in terms:
            constraint.SetCoefficient(self.variables[v], a)
        self.rows.append((terms, rhs, constraint))

    def certified(self) -> float:
        """Weak duality from the solver's duals, made feasible (module docstring)."""
        duals = [max(0.0, constraint.dual_value()) for _t, _b, constraint in self.rows]
        used = [0.0] * len(self.variables)
        for (terms, _b, _c), y in zip(self.rows, duals, strict=True):
            if y:
                for v, a in terms:
                    used[v] += y * a
        scale = 1.0
        for v, high in enumerate(self.highs):
            if high == math.inf and used[v] > self.costs[v]:
                scale = min(scale, self.costs[v] / used[v])
        value = scale * sum(y * b for (_t, b, _c), y in zip(self.rows, duals, strict=True))
        for v, (low, high) in enumerate(zip(self.lows, self.highs, strict=True)):
            reduced = self.costs[v] - scale * used[v]
            if high == math.inf:
                reduced = max(reduced, 0.0)  # >= 0 by the scaling; only float noise can dip below
            value += reduced * low if reduced >= 0 else reduced * high
        return float(value)


def _programme(
    problem: LevelingProblem, early: EarlyPass, members: Sequence[Sequence[int]], weights: Sequence[int]
) -> _Programme | None:
    """Facts (1) to (3): starts, finishes and links."""
    solver = pywraplp.Solver.CreateSolver("GLOP")
    if solver is None:
        return None
    # rounds add rows to a solved LP: the dual simplex starts from the last basis
    solver.SetSolverSpecificParametersAsString("use_dual_simplex: true")
    lows: list[float] = []
    highs: list[float] = []
    variables = []
    for i, job in enumerate(problem.jobs):
        low = float(early.start[i])
        high = float(job.fixed_start) if job.fixed_start is not None else float(max(problem.horizon, low))
        lows.append(low)
        highs.append(max(high, low))
        variables.append(solver.NumVar(low, max(high, low), f"S{i}"))
    for g, jobs in enumerate(members):
        low = float(max((early.end[i] for i in jobs), default=0))
        lows.append(low)
        highs.append(math.inf)
        variables.append(solver.NumVar(low, solver.infinity(), f"F{g}"))
    n = len(problem.jobs)
    costs = [0.0] * n + [float(w) for w in weights]
    objective = solver.Objective()
    for g, w in enumerate(weights):
        objective.SetCoefficient(variables[n + g], float(w))
    objective.SetMinimization()
    lp = _Programme(solver, variables, lows, highs, costs, [])
    for g, jobs in enumerate(members):
        for i in jobs:
            lp.add([(n + g, 1.0), (i, -1.0)], float(problem.jobs[i].duration))
    for p in problem.precs:
        before, after = problem.jobs[p.pred], problem.jobs[p.succ]
        pair = [(p.succ, 1.0), (p.pred, -1.0)]
        if p.type is LinkType.FS:
            lp.add(pair, float(before.duration + p.lag))
        elif p.type is LinkType.SS:
            lp.add(pair, float(p.lag))
        elif p.type is LinkType.FF and before.fixed_length and after.fixed_length:
            lp.add(pair, float(before.duration + p.lag - after.duration))
        elif p.type is LinkType.SF and after.fixed_length:
            lp.add(pair, float(p.lag - after.duration))
    return lp


@dataclass(frozen=True, slots=True)
class _Use:
    """A task's counted work on one resource: p_i (steps at full capacity), earliest start, d_i."""

    job: int
    work: float
    release: int
    length: int


def _uses(problem: LevelingProblem, early: EarlyPass) -> list[list[_Use]]:
    out = []
    for k, capacity in enumerate(problem.capacities):
        if capacity <= 0:
            continue
        row = [
            _Use(i, job.demands[k] * job.duration / capacity, early.start[i], job.duration)
            for i, job in enumerate(problem.jobs)
            if job.demands.get(k, 0) > 0 and job.duration > 0
        ]
        if len(row) > 1:
            out.append(row)
    return out


def _thresholds(row: Sequence[_Use]) -> list[int]:
    releases = sorted({u.release for u in row})
    if len(releases) <= THRESHOLDS:
        return releases
    last = len(releases) - 1
    return sorted({releases[q * last // (THRESHOLDS - 1)] for q in range(THRESHOLDS)})


def _violated(row: Sequence[_Use], starts: Sequence[float]) -> list[tuple[list[tuple[int, float]], float]]:
    """Fact (4)'s most violated prefix for each threshold r, as (terms, rhs) over the starts."""
    ordered = sorted(row, key=lambda u: starts[u.job] + u.length / 2)
    found = []
    for release in _thresholds(row):
        best, best_at, total, lhs = 0.0, 0, 0.0, 0.0
        later = [u for u in ordered if u.release >= release]
        for n, u in enumerate(later, start=1):
            total += u.work
            lhs += u.work * (starts[u.job] + u.length / 2)
            excess = total * release + total * total / 2 - lhs
            if excess > best + VIOLATION * max(1.0, abs(lhs)):
                best, best_at = excess, n
        if best_at:
            chosen = later[:best_at]
            total = sum(u.work for u in chosen)
            rhs = total * release + total * total / 2 - sum(u.work * u.length / 2 for u in chosen)
            found.append(([(u.job, u.work) for u in chosen], rhs))
    return found


def _smith_sets(
    lp: _Programme,
    row: Sequence[_Use],
    members: Sequence[Sequence[int]],
    weights: Sequence[int],
    horizon: int,
) -> list[tuple[list[tuple[int, float]], float]]:
    """Fact (4) for the resource's tasks of the first m projects in Smith's order (least work per
    weight first), every m, from the earliest start among them: the sets whose cuts make the single
    resource's Smith bound, given to the first round so that it starts there.

    Each project's part is one new variable m_p <= sum_{i of p} p_i (S_i + d_i / 2) (a row of its
    own; m_p only appears with positive coefficients in the cuts, so it takes the sum's value), which
    keeps the nested sets' rows short; its bounds are the sum's at the earliest starts and at the
    horizon."""
    project = {i: g for g, jobs in enumerate(members) for i in jobs}
    by_project: dict[int, list[_Use]] = {}
    for u in row:
        by_project.setdefault(project[u.job], []).append(u)
    order = sorted(by_project, key=lambda g: sum(u.work for u in by_project[g]) / max(weights[g], 1))
    found = []
    chosen: list[_Use] = []
    terms: list[tuple[int, float]] = []
    for g in order:
        own = by_project[g]
        half = sum(u.work * u.length / 2 for u in own)
        low = sum(u.work * u.release for u in own) + half
        high = sum(u.work * max(horizon, u.release) for u in own) + half
        part = lp.variable(low, high)
        lp.add([(u.job, u.work) for u in own] + [(part, -1.0)], -half)
        chosen += own
        terms.append((part, 1.0))
        release = min(u.release for u in chosen)
        total = sum(u.work for u in chosen)
        found.append((list(terms), total * release + total * total / 2))
    return found


def weighted_finish_bound(
    problem: LevelingProblem,
    early: EarlyPass,
    members: Sequence[Sequence[int]],
    weights: Sequence[int],
    *,
    seconds: float,
    rounds: int = ROUNDS,
) -> int:
    """The linear programme's bound after as many rounds as `seconds` allows (module docstring)."""
    began = time.perf_counter()
    floor = sum(
        w * max((early.end[i] for i in jobs), default=0) for jobs, w in zip(members, weights, strict=True)
    )
    if seconds < SECONDS_PER_JOB * len(problem.jobs):
        return floor  # too little time to build it, let alone solve it: not started
    lp = _programme(problem, early, members, weights)
    if lp is None:
        return floor
    uses = _uses(problem, early)
    best = float(floor)
    # the first round's cuts: the LP's least starts (the early ones) need no solve
    starts = [float(s) for s in early.start]
    fresh = [
        cut
        for row in uses
        for cut in _smith_sets(lp, row, members, weights, problem.horizon) + _violated(row, starts)
    ]
    for terms, rhs in fresh:
        lp.add(terms, rhs)
    for _round in range(rounds):
        left = seconds - (time.perf_counter() - began)
        if left <= 0:
            break
        lp.solver.SetTimeLimit(max(1, int(left * 1000)))
        if lp.solver.Solve() != pywraplp.Solver.OPTIMAL:
            break
        best = max(best, lp.certified())
        starts = [v.solution_value() for v in lp.variables[: len(problem.jobs)]]
        fresh = [cut for row in uses for cut in _violated(row, starts)]
        if not fresh:
            break
        for terms, rhs in fresh:
            lp.add(terms, rhs)
    # float sums of some thousand terms: a margin far above their rounding error; a plan's value is
    # whole (whole weights times axis points), so it is at least the next whole number up
    return max(floor, math.ceil(best - 1e-7 * abs(best) - 1e-4))
