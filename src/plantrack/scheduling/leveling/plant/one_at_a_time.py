"""What a pool of separate project files gives: the projects leveled one at a time in priority order.

Each project is leveled alone (its own finish, as `level` does) against the capacity the projects
before it left; the plant's joint leveling is measured against this. A project that no longer fits
(its window taken by the ones before) ends the run: the pool has no plan for it.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from dataclasses import dataclass

from plantrack.scheduling.leveling.bounds import early_pass
from plantrack.scheduling.leveling.build import build_problem
from plantrack.scheduling.leveling.heuristic import solve_heuristic
from plantrack.scheduling.leveling.level import _check
from plantrack.scheduling.leveling.plant.joint import joint_plan
from plantrack.scheduling.leveling.plant.level_plant import member_groups, priority_order
from plantrack.scheduling.leveling.plant.members import PlantMember
from plantrack.scheduling.leveling.plant.neighbourhood import sub_problem
from plantrack.scheduling.leveling.plant.weighted import Groups, integer_weights, solve_weighted
from plantrack.scheduling.leveling.result import NORMAL_PRIORITY, Objective


@dataclass(frozen=True, slots=True, kw_only=True)
class OneAtATimeResult:
    """The pool's plan: its weighted objective in the units of `PlantLevelingResult.objective`.

    `objective` is None when a project found no room (`stuck` names it); `finishes` are by member.
    """

    objective: float | None
    finishes: tuple[dt.datetime | None, ...]
    starts: dict[str, dt.datetime]  # by joint id
    time_s: float
    stuck: str | None = None


def level_one_at_a_time(
    members: Sequence[PlantMember],
    *,
    objective: Objective = Objective.FINISH,
    time_limit: float = 10.0,
    workers: int = 0,
    seed: int = 0,
) -> OneAtATimeResult:
    """Level each project alone, highest priority first, against what the ones before booked."""
    began = time.perf_counter()
    plan = joint_plan(members)
    by_lateness = objective is Objective.LATENESS
    _check(plan.project)
    problem = build_problem(plan.project, hard_deadlines=not by_lateness)
    groups = member_groups(plan, problem)
    busy = [list(row) for row in problem.busy]
    starts: list[int | None] = [None] * len(problem.jobs)
    order = priority_order([m.priority for m in members])
    for place, g in enumerate(order):
        jobs = groups.members[g]
        if not jobs:
            continue
        sub = sub_problem(problem, jobs, busy)
        early = early_pass(sub)
        found: list[int] | None = None
        if early.stuck is None:
            heuristic = solve_heuristic(sub, seed=seed, by_lateness=by_lateness, passes=4)
            hint = heuristic.start if heuristic is not None else None
            share = (time_limit - (time.perf_counter() - began)) / (len(order) - place)
            outcome = solve_weighted(
                sub,
                early,
                Groups(members=[list(range(len(jobs)))], weights=[1]),
                by_lateness=by_lateness,
                time_limit=max(share, 0.05),
                workers=workers,
                seed=seed,
                hint=hint,
            )
            found = outcome.starts if outcome.starts is not None else hint
        if found is None:
            return OneAtATimeResult(
                objective=None,
                finishes=(),
                starts={},
                time_s=time.perf_counter() - began,
                stuck=plan.members[g].project.name,
            )
        for n, i in enumerate(jobs):
            starts[i] = found[n]
            job = problem.jobs[i]
            end = job.end(found[n]) or found[n]
            for k, units in job.demands.items():
                if units > 0 and end > found[n]:
                    busy[k].append((found[n], end, units))
    placed = [s if s is not None else 0 for s in starts]
    _weights, scale = integer_weights([m.priority for m in members])
    factor = problem.axis.unit / 60 / scale / (NORMAL_PRIORITY if by_lateness else 1)
    axis = problem.axis
    finishes = tuple(
        axis.finish_instant(max(problem.jobs[i].end(placed[i]) or placed[i] for i in jobs)) if jobs else None
        for jobs in groups.members
    )
    return OneAtATimeResult(
        objective=groups.value(problem, placed, by_lateness) * factor,
        finishes=finishes,
        starts={job.id: axis.start_instant(placed[i]) for i, job in enumerate(problem.jobs)},
        time_s=time.perf_counter() - began,
    )
