"""The reference model: intervals, one cumulative per resource, precedences, minimise makespan.

No hint, no redundant constraint, default parameters: what a first CP-SAT model of the RCPSP looks like.
It reads the same imported project as the leveler (hours on the 24/7 PSPLIB calendar).
"""

from __future__ import annotations

from dataclasses import dataclass

from ortools.sat.python import cp_model

from plantrack.scheduling.model import Project


@dataclass(frozen=True, slots=True)
class PlainOutcome:
    makespan: int | None
    bound: int
    optimal: bool
    time_s: float


def solve_plain(project: Project, time_limit: float, workers: int = 0) -> PlainOutcome:
    hours = {t.id: (t.duration.minutes if t.duration else 0) // 60 for t in project.tasks}
    horizon = sum(hours.values())
    model = cp_model.CpModel()
    start = {tid: model.new_int_var(0, horizon, f"s{tid}") for tid in hours}
    interval = {tid: model.new_fixed_size_interval_var(start[tid], d, f"i{tid}") for tid, d in hours.items()}
    for r in project.resources:
        uses = [(interval[a.task], round(a.units)) for a in project.assignments if a.resource == r.id]
        model.add_cumulative([i for i, _ in uses], [u for _, u in uses], round(r.capacity))
    for link in project.links:
        model.add(start[link.successor] >= start[link.predecessor] + hours[link.predecessor])
    makespan = model.new_int_var(0, horizon, "makespan")
    for tid, d in hours.items():
        model.add(makespan >= start[tid] + d)
    model.minimize(makespan)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    if workers:
        solver.parameters.num_workers = workers
    status = solver.solve(model)
    found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    return PlainOutcome(
        makespan=round(solver.objective_value) if found else None,
        bound=round(solver.best_objective_bound),
        optimal=status == cp_model.OPTIMAL,
        time_s=solver.wall_time,
    )
