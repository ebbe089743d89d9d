"""Leveling a stored plant: every project leveled together, each new plan saved in its own workspace.

The projects are read (each at its status date with its recorded actuals, resolved against the
plant), leveled together without holding any lock, then saved as one by the plant's store (a file
plant's members as a journaled group, `store/group_save.py`; a server plant's in one transaction,
`store/team/plant_save.py`): every project gets its new plan or none does. A project changed by
someone else while the plant was being leveled stops the save (nothing written): its plan would be
leveled against a stale one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from plantrack.i18n import _
from plantrack.operations.plant import Member, PlantAt, open_plant
from plantrack.scheduling.cpm import cpm
from plantrack.scheduling.errors import InvalidInput, Problem
from plantrack.scheduling.leveled import with_leveling
from plantrack.scheduling.leveling.plant.level_plant import PlantLevelingResult, ProjectLeveling, level_plant
from plantrack.scheduling.leveling.plant.members import PlantMember
from plantrack.scheduling.leveling.result import Objective, Status
from plantrack.scheduling.model import Plant, Project
from plantrack.scheduling.shared import resolve
from plantrack.store import WorkspaceState
from plantrack.store.plan import plan_of_schedule
from plantrack.store.plant_steps import Step
from plantrack.store.plant_store import plant_store
from plantrack.store.tracking_codec import actuals_at


@dataclass(frozen=True, slots=True, kw_only=True)
class ProjectChange:
    """One project's plan before and after the plant was leveled."""

    workspace: str  # as the plant lists it
    name: str
    priority: int
    finish_before: dt.datetime | None  # the stored plan's finish, else the unleveled forecast
    finish_after: dt.datetime | None  # None: nothing left to do
    moved: int  # tasks whose start changed from the stored plan


@dataclass(frozen=True, slots=True, kw_only=True)
class PlantLeveled:
    """The plant's leveling and what was saved (`saved` False: no plan found, every plan kept)."""

    result: PlantLevelingResult
    changes: tuple[ProjectChange, ...]
    saved: bool


def level_plant_file(
    plant_file: PlantAt,
    *,
    objective: Objective = Objective.FINISH,
    time_limit: float = 30.0,
    workers: int = 0,
    seed: int = 0,
    timeout: float = 10.0,
    program: str | None = None,
    step: Step | None = None,
) -> PlantLeveled:
    """Level the plant stored at `plant_file` (its store, or its file) and save every project's new plan
    as one.

    InvalidInput when a project is gone or changed during the run; Unschedulable (plant-infeasible)
    when no plan exists; nothing is written in either case.
    """
    store = plant_store(plant_file, program=program)
    store.recover(timeout=timeout)
    opened = open_plant(store)
    if opened.missing:
        raise InvalidInput(opened.missing)
    plant = opened.plant
    workspaces = [m.store for m in opened.members]
    states = [m.state for m in opened.members]
    names = [m.workspace for m in opened.members]
    members = [_member(m) for m in opened.members]
    result = level_plant(
        members, objective=objective, time_limit=time_limit, workers=workers, seed=seed, stable=True
    )
    changes = tuple(
        ProjectChange(
            workspace=m.workspace,
            name=m.state.project.name,
            priority=m.priority,
            finish_before=before[0],
            finish_after=outcome.finish,
            moved=sum(1 for tid, when in outcome.starts().items() if before[1].get(tid) != when),
        )
        for m, outcome, before in zip(
            opened.members, result.projects, (_before(m) for m in opened.members), strict=True
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

    store.save_members(workspaces, edit, timeout=timeout, program=program, step=step)
    return PlantLeveled(result=result, changes=changes, saved=True)


def _member(member: Member) -> PlantMember:
    status_date, actuals = actuals_at(member.state)
    stored = member.state.schedule.starts() if member.state.schedule is not None else None
    return PlantMember(
        project=member.project,
        status_date=status_date,
        actuals=actuals,
        priority=member.priority,
        stored_starts=stored,
        key=member.workspace,
    )


def _before(member: Member) -> tuple[dt.datetime, dict[str, dt.datetime]]:
    """The project's finish and task starts before the plant is leveled: its stored plan, else the plan
    `schedule` would show (the CPM from its status date, crews unlimited), so a project never scheduled
    is compared with something."""
    if member.state.schedule is not None:
        return member.state.schedule.finish, dict(member.state.schedule.starts())
    status_date, actuals = actuals_at(member.state)
    planned = cpm(member.project, status_date=status_date, actuals=actuals)
    return planned.finish_at, {t.id: t.early_start_at for t in planned.tasks}


def _keep(state: WorkspaceState, plant: Plant, outcome: ProjectLeveling) -> None:
    """The leveled starts as the project's leveling delays, and the schedule they give as its plan."""
    status_date, actuals = actuals_at(state)
    leveled, schedule = with_leveling(
        resolve(state.project, plant), outcome.starts(), status_date=status_date, actuals=actuals
    )
    state.project = _delays_onto(state.project, leveled)
    state.schedule = plan_of_schedule(schedule, status_date=status_date, leveled=outcome.tasks)


def _delays_onto(own: Project, leveled: Project) -> Project:
    """The project as stored (plant ids unresolved) with the leveled project's delays."""
    delays = {t.id: t.leveling_delay for t in leveled.tasks}
    return replace(own, tasks=tuple(replace(t, leveling_delay=delays.get(t.id)) for t in own.tasks))
