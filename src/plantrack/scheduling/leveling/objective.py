"""CP-SAT objectives: the project finish, weighted lateness against deadlines, stability to a reference."""

from __future__ import annotations

from ortools.sat.python import cp_model

from plantrack.scheduling.leveling.problem import LevelingProblem
from plantrack.scheduling.leveling.variables import Variables

#: Priority 500 (the default) weighs one: lateness is reported in normal-priority hours.
NORMAL_PRIORITY = 500


def finish(vars: Variables) -> cp_model.LinearExprT:
    return vars.finish


def lateness(model: cp_model.CpModel, problem: LevelingProblem, vars: Variables) -> cp_model.LinearExprT:
    """Sum of priority-weighted lateness of the jobs that carry a deadline."""
    terms: list[cp_model.LinearExprT] = []
    for i, job in enumerate(problem.jobs):
        if job.deadline is None:
            continue
        late = model.new_int_var(0, max(vars.horizon * 2, 1), f"late_{i}")
        model.add(late >= vars.end[i] - job.deadline)
        terms.append(job.weight * late)
    return sum(terms) if terms else 0


def deviation(model: cp_model.CpModel, vars: Variables, reference: dict[int, int]) -> cp_model.LinearExprT:
    """Total distance of the starts from a reference plan (stability: move as little as possible)."""
    terms: list[cp_model.LinearExprT] = []
    for i, ref in sorted(reference.items()):
        dev = model.new_int_var(0, max(vars.horizon, abs(ref)) * 2, f"dev_{i}")
        model.add(dev >= vars.start[i] - ref)
        model.add(dev >= ref - vars.start[i])
        terms.append(dev)
    return sum(terms) if terms else 0
