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

from plantrack.scheduling.leveling.build import build_problem
from plantrack.scheduling.leveling.level import check_levelable
from plantrack.scheduling.leveling.plant.joint import joint_plan
from plantrack.scheduling.leveling.plant.level_plant import member_groups, priority_order
from plantrack.scheduling.leveling.plant.members import PlantMember
from plantrack.scheduling.leveling.plant.neighbourhood import projects_in_turn
from plantrack.scheduling.leveling.plant.weighted import integer_weights
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
    check_levelable(plan.project)
    problem = build_problem(plan.project, hard_deadlines=not by_lateness)
    groups = member_groups(plan, problem)
    order = priority_order([m.priority for m in members])
    placed, stuck = projects_in_turn(
        problem,
        groups,
        order,
        by_lateness=by_lateness,
        time_limit=max(time_limit - (time.perf_counter() - began), 0.0),
        workers=workers,
        seed=seed,
    )
    if placed is None:
        return OneAtATimeResult(
            objective=None,
            finishes=(),
            starts={},
            time_s=time.perf_counter() - began,
            stuck=plan.members[stuck or 0].project.name,
        )
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
