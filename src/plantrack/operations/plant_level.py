"""Leveling a stored plant: every project leveled together, each new plan saved in its own workspace.

The projects are read (each at its status date with its recorded actuals, resolved against the
plant), leveled together without holding any lock, then saved as one group (`store/group_save.py`):
every project gets its new plan or none does. A project changed by someone else while the plant was
being leveled stops the save (nothing written): its plan would be leveled against a stale one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path

from plantrack.i18n import _
from plantrack.scheduling.errors import InvalidInput, Problem
from plantrack.scheduling.leveled import with_leveling
from plantrack.scheduling.leveling.plant.level_plant import PlantLevelingResult, ProjectLeveling, level_plant
from plantrack.scheduling.leveling.plant.members import PlantMember
from plantrack.scheduling.leveling.result import Objective, Status
from plantrack.scheduling.model import Plant, Project
from plantrack.scheduling.shared import resolve
from plantrack.store import WorkspaceState, open_workspace
from plantrack.store.group_save import Step, locked, recover, save_group
from plantrack.store.plan import stored_plan
from plantrack.store.plant import member_paths, read_plant
from plantrack.store.tracking_codec import actuals_at


@dataclass(frozen=True, slots=True, kw_only=True)
class ProjectChange:
    """One project's plan before and after the plant was leveled."""

    workspace: str  # as the plant lists it
    name: str
    priority: int
    finish_before: dt.datetime | None  # the stored plan's finish (None: never scheduled)
    finish_after: dt.datetime | None  # None: nothing left to do
    moved: int  # tasks whose start changed from the stored plan


@dataclass(frozen=True, slots=True, kw_only=True)
class PlantLeveled:
    """The plant's leveling and what was saved (`saved` False: no plan found, every plan kept)."""

    result: PlantLevelingResult
    changes: tuple[ProjectChange, ...]
    saved: bool


def recover_plant(plant_file: Path, *, timeout: float = 10.0) -> bool:
    """Undo a plant save a kill interrupted (every project back on its old plan); True if one was."""
    plant = read_plant(plant_file)
    present, _missing = member_paths(plant_file, plant)
    paths = [p for p, _priority in present]
    with locked(paths, timeout=timeout):
        return recover(plant_file, paths)


def level_plant_file(
    plant_file: Path,
    *,
    objective: Objective = Objective.FINISH,
    time_limit: float = 30.0,
    workers: int = 0,
    seed: int = 0,
    timeout: float = 10.0,
    program: str | None = None,
    step: Step | None = None,
) -> PlantLeveled:
    """Level the plant stored at `plant_file` and save every project's new plan as one.

    InvalidInput when a project is gone or changed during the run; Unschedulable (plant-infeasible)
    when no plan exists; nothing is written in either case.
    """
    plant = read_plant(plant_file)
    present, missing = member_paths(plant_file, plant)
    if missing:
        raise InvalidInput(missing)
    paths = [p for p, _priority in present]
    recover_plant(plant_file, timeout=timeout)
    workspaces = [open_workspace(p, program=program) for p in paths]
    states = [w.read() for w in workspaces]
    names = [
        str(p.relative_to(plant_file.parent)) if p.is_relative_to(plant_file.parent) else str(p)
        for p in paths
    ]
    members = [
        _member(state, plant, priority, name)
        for state, (_path, priority), name in zip(states, present, names, strict=True)
    ]
    result = level_plant(
        members, objective=objective, time_limit=time_limit, workers=workers, seed=seed, stable=True
    )
    changes = tuple(
        ProjectChange(
            workspace=name,
            name=state.project.name,
            priority=priority,
            finish_before=state.schedule.finish if state.schedule is not None else None,
            finish_after=outcome.finish,
            moved=_moved(state, outcome.starts()),
        )
        for state, (_path, priority), name, outcome in zip(
            states, present, names, result.projects, strict=True
        )
    )
    if result.status is Status.UNKNOWN:
        return PlantLeveled(result=result, changes=changes, saved=False)
    revisions = [s.revision for s in states]

    def edit(n: int, state: WorkspaceState) -> None:
        if state.revision != revisions[n]:
            message = _(
                "project {workspace} changed while the plant was being leveled; nothing was saved, "
                "level the plant again"
            ).format(workspace=names[n])
            raise InvalidInput([Problem(code="plant-project-changed", message=message, ids=(names[n],))])
        _keep(state, plant, result.projects[n])

    save_group(plant_file, workspaces, edit, timeout=timeout, program=program, step=step)
    return PlantLeveled(result=result, changes=changes, saved=True)


def _member(state: WorkspaceState, plant: Plant, priority: int, name: str) -> PlantMember:
    status_date, actuals = actuals_at(state)
    stored = state.schedule.starts() if state.schedule is not None else None
    return PlantMember(
        project=resolve(state.project, plant),
        status_date=status_date,
        actuals=actuals,
        priority=priority,
        stored_starts=stored,
        key=name,
    )


def _moved(state: WorkspaceState, starts: dict[str, dt.datetime]) -> int:
    before = state.schedule.starts() if state.schedule is not None else {}
    return sum(1 for tid, when in starts.items() if before.get(tid) != when)


def _keep(state: WorkspaceState, plant: Plant, outcome: ProjectLeveling) -> None:
    """The leveled starts as the project's leveling delays, and the schedule they give as its plan."""
    status_date, actuals = actuals_at(state)
    leveled, schedule = with_leveling(
        resolve(state.project, plant), outcome.starts(), status_date=status_date, actuals=actuals
    )
    state.project = _delays_onto(state.project, leveled)
    levels = {tid: (t.delay_minutes, t.delayed_by) for tid, t in outcome.tasks.items()}
    state.schedule = stored_plan(
        schedule.origin,
        (schedule.start, schedule.finish),
        [(t.id, t.early_start, t.early_finish) for t in schedule.tasks],
        status_date=status_date,
        leveling=levels,
    )


def _delays_onto(own: Project, leveled: Project) -> Project:
    """The project as stored (plant ids unresolved) with the leveled project's delays."""
    delays = {t.id: t.leveling_delay for t in leveled.tasks}
    return replace(own, tasks=tuple(replace(t, leveling_delay=delays.get(t.id)) for t in own.tasks))
