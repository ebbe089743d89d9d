"""Freezing a plan into a baseline: per task dates, working duration, work and cost, and the BAC."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from plantrack.i18n import _
from plantrack.scheduling.errors import InvalidInput, Problem
from plantrack.scheduling.model import Project, Task, clean_text
from plantrack.scheduling.tracking.plan import PlannedDates, WorkTime
from plantrack.scheduling.tracking.records import Baseline, BaselineTask


def resource_work(project: Project, task: Task, duration_minutes: int) -> dict[str, float]:
    """Work minutes per assigned resource: units x duration, or the effort shared by the units."""
    assigned = [a for a in project.assignments if a.task == task.id]
    if task.milestone or not assigned:
        return {}
    total_units = sum(a.units for a in assigned)
    out: dict[str, float] = {}
    for a in assigned:
        if task.effort is not None:
            out[a.resource] = out.get(a.resource, 0.0) + task.effort.minutes * a.units / total_units
        else:
            out[a.resource] = out.get(a.resource, 0.0) + a.units * duration_minutes
    return out


def task_cost(project: Project, task: Task, duration_minutes: int) -> tuple[int, float]:
    """(work minutes, cost): resource rates x work plus the task's fixed cost."""
    rates = {r.id: r.rate for r in project.resources}
    work = resource_work(project, task, duration_minutes)
    labour = sum(rates.get(res, 0.0) * minutes / 60 for res, minutes in work.items())
    return round(sum(work.values())), labour + task.fixed_cost


def blended_rate(project: Project, task: Task) -> float:
    """Cost of one hour of the task's work at its resources' rates (0 without resources)."""
    assigned = [a for a in project.assignments if a.task == task.id]
    units = sum(a.units for a in assigned)
    if not units:
        return 0.0
    rates = {r.id: r.rate for r in project.resources}
    return sum(rates.get(a.resource, 0.0) * a.units for a in assigned) / units


def make_baseline(
    project: Project,
    plan: Mapping[str, PlannedDates],
    worktime: WorkTime,
    *,
    name: str,
    saved_at: dt.datetime,
    note: str = "",
) -> Baseline:
    """Freeze `plan` (the current schedule's dates) for every task of `project`."""
    missing = [t.id for t in project.tasks if t.id not in plan]
    if missing:
        raise InvalidInput(
            [
                Problem(
                    code="plan-incomplete",
                    message=_(
                        "the current plan has no dates for {tasks}: run `plantrack schedule` first"
                    ).format(tasks=", ".join(missing[:5])),
                    ids=tuple(missing),
                )
            ]
        )
    summaries = project.summary_ids()
    leaves: dict[str, BaselineTask] = {}
    for task in project.tasks:
        if task.id in summaries:
            continue
        dates = plan[task.id]
        duration = 0 if task.milestone else max(0, worktime.minutes(task.id, dates.start, dates.finish))
        work, cost = task_cost(project, task, duration)
        leaves[task.id] = BaselineTask(
            id=task.id,
            name=task.name,
            start=dates.start,
            finish=dates.finish,
            duration_minutes=duration,
            work_minutes=work,
            cost=cost,
            fixed_cost=task.fixed_cost,
            milestone=task.milestone,
            critical=dates.critical,
        )
    children = project.children()
    rolled: dict[str, BaselineTask] = {}

    def roll(task_id: str) -> tuple[int, float]:
        if task_id in leaves:
            return leaves[task_id].work_minutes, leaves[task_id].cost
        if task_id in rolled:
            return rolled[task_id].work_minutes, rolled[task_id].cost
        parts = [roll(child) for child in children.get(task_id, [])]
        task = project.task_map()[task_id]
        dates = plan[task_id]
        rolled[task_id] = BaselineTask(
            id=task_id,
            name=task.name,
            start=dates.start,
            finish=dates.finish,
            duration_minutes=max(0, worktime.minutes(None, dates.start, dates.finish)),
            work_minutes=sum(p[0] for p in parts),
            cost=sum(p[1] for p in parts) + task.fixed_cost,
            fixed_cost=task.fixed_cost,
            summary=True,
            critical=dates.critical,
        )
        return rolled[task_id].work_minutes, rolled[task_id].cost

    for summary in summaries:
        roll(summary)
    ordered = tuple(leaves.get(t.id) or rolled[t.id] for t in project.tasks)
    starts = [t.start for t in leaves.values()] or [project.start]
    finishes = [t.finish for t in leaves.values()] or [project.start]
    return Baseline(
        name=name,
        saved_at=saved_at,
        note=clean_text(note),
        project_start=min(min(starts), project.start),
        project_finish=max(finishes),
        # a phase's own fixed cost belongs to the budget too; its children carry the rest
        bac=sum(t.cost for t in leaves.values()) + sum(t.fixed_cost for t in rolled.values()),
        tasks=ordered,
    )
