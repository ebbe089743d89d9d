"""Leveling the current plan: progress fixed at the status date, the result kept as leveling delays.

The command line and the terminal UI both level through `level_current`, so the same workspace gives
the same plan from either face: earlier leveling delays are dropped first (the leveler starts from the
unleveled plan), finished and started work is fixed as `project_as_of` describes, and the leveled
starts become each task's leveling delay (`scheduling/leveled.py`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from plantrack.i18n import _
from plantrack.scheduling.cpm import Schedule, cpm
from plantrack.scheduling.errors import Problem, Severity
from plantrack.scheduling.leveled import clear_leveling, with_leveling
from plantrack.scheduling.leveling.level import level
from plantrack.scheduling.leveling.options import CpOptions
from plantrack.scheduling.leveling.result import LevelingResult, Method, Objective, ProgressInfo, Status
from plantrack.scheduling.model import Project, TaskActual
from plantrack.scheduling.tracking.as_of import out_of_sequence, project_as_of
from plantrack.scheduling.validate import gc_paused


@dataclass(frozen=True, slots=True)
class CurrentLeveling:
    """The leveler's answer, the project carrying it (None: no plan found, keep the current one)."""

    result: LevelingResult
    project: Project | None
    schedule: Schedule | None
    warnings: tuple[Problem, ...] = ()


def level_current(
    project: Project,
    *,
    status_date: dt.datetime | None = None,
    actuals: Mapping[str, TaskActual] | None = None,
    objective: Objective = Objective.FINISH,
    time_limit: float = 5.0,
    workers: int = 0,
    seed: int = 0,
    method: Method = Method.CP,
    reference: Callable[[Project], Mapping[str, int] | None] | None = None,
    progress: Callable[[ProgressInfo], None] | None = None,
    options: CpOptions | None = None,
) -> CurrentLeveling:
    """Level what is left of `project` at the status date and keep the plan as leveling delays.

    `reference(project_to_level)` gives the stability reference (`--stable`), built on the project the
    leveler sees.
    """
    # the plan, the leveling problem and the result are all kept: collections would only rescan them
    with gc_paused():
        base = clear_leveling(project)
        unleveled = cpm(base, status_date=status_date, actuals=actuals)
        remaining = project_as_of(base, unleveled)
        warnings = tuple(
            Problem(
                code="out-of-sequence",
                message=_(
                    "task {task} is still under way although its successor {successors} has finished; its "
                    "remaining work keeps its place from the status date and is not leveled"
                ).format(task=tid, successors=", ".join(after)),
                ids=(tid, *after),
                severity=Severity.WARNING,
            )
            for tid, after in out_of_sequence(base, {t.id: t.status for t in unleveled.tasks}).items()
        )
        result = level(
            remaining,
            objective=objective,
            time_limit=time_limit,
            workers=workers,
            seed=seed,
            method=method,
            reference=None if reference is None else reference(remaining),
            progress=progress,
            options=options,
        )
        if result.status is Status.UNKNOWN or not result.tasks:
            return CurrentLeveling(result=result, project=None, schedule=None, warnings=warnings)
        starts = {tid: task.start for tid, task in result.tasks.items()}
        leveled, schedule = with_leveling(base, starts, status_date=status_date, actuals=actuals)
        return CurrentLeveling(result=result, project=leveled, schedule=schedule, warnings=warnings)
