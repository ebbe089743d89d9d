"""MS Project's "must finish on" in plantrack terms, and the working minutes the CPM gives a task.

plantrack has no must-finish-on constraint. Finishing exactly at F is the same as starting exactly at
the instant from which the task's working minutes end at F, on the calendar the CPM uses for it: the
reader writes "must start on S" and "finish no later than F" (the second keeps F visible and makes
the CPM report a conflict should S ever stop matching F); the writer recognises the pair and gives
MS Project its must-finish-on back.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from plantrack.scheduling.calendar import CalendarCache, to_datetime, to_minute
from plantrack.scheduling.errors import Unschedulable
from plantrack.scheduling.model import Constraint, ConstraintKind, Project, Task


def planned_minutes(project: Project, task: Task) -> tuple[int, bool]:
    """(minutes, elapsed) the CPM plans for a leaf task: its duration, else its effort over its units.

    The same rule as the CPM's network builder: effort / total assigned units, at least one minute.
    """
    planned = task.planned_duration()
    if planned is not None:
        return planned.minutes, planned.elapsed
    if task.effort is not None:
        units = sum(a.units for a in project.assignments if a.task == task.id) or 1.0
        return max(1, round(task.effort.minutes / units)), task.effort.elapsed
    return 0, False


def must_start_for(project: Project, task: Task, finish: dt.datetime, cache: CalendarCache) -> dt.datetime:
    """The start from which `task` ends exactly at `finish` on the calendar its work runs on."""
    minutes, elapsed = planned_minutes(project, task)
    if elapsed or minutes == 0:
        return finish - dt.timedelta(minutes=minutes)
    resources = [a.resource for a in project.assignments if a.task == task.id]
    work = cache.for_task(task, resources)
    return to_datetime(cache.origin, work.subtract(to_minute(cache.origin, finish), minutes))


def with_must_finish(
    project: Project, finishes: dict[str, dt.datetime]
) -> tuple[Project, dict[str, dt.datetime | None]]:
    """`project` with each task of `finishes` pinned to finish at its date; and the start chosen for each
    (None where the task's calendar has no working time to end there: it keeps the finish bound only)."""
    if not finishes:
        return project, {}
    cache = CalendarCache(project)
    starts: dict[str, dt.datetime | None] = {}
    tasks = []
    for task in project.tasks:
        finish = finishes.get(task.id)
        if finish is not None:
            bound = Constraint(kind=ConstraintKind.FINISH_NO_LATER_THAN, date=finish)
            try:
                start = must_start_for(project, task, finish, cache)
            except Unschedulable:
                start = None
            starts[task.id] = start
            pinned = (
                (bound,)
                if start is None
                else (Constraint(kind=ConstraintKind.MUST_START_ON, date=start), bound)
            )
            task = dataclasses.replace(task, constraints=pinned)
        tasks.append(task)
    return dataclasses.replace(project, tasks=tuple(tasks)), starts


def must_finish_date(project: Project, task: Task, cache: CalendarCache) -> dt.datetime | None:
    """F when the task's constraints are exactly "must start on S" and "finish no later than F" with S
    the start that ends at F: MS Project's must-finish-on F."""
    kinds = {c.kind: c.date for c in task.constraints}
    if len(task.constraints) != 2 or set(kinds) != {
        ConstraintKind.MUST_START_ON,
        ConstraintKind.FINISH_NO_LATER_THAN,
    }:
        return None
    finish = kinds[ConstraintKind.FINISH_NO_LATER_THAN]
    try:
        if must_start_for(project, task, finish, cache) != kinds[ConstraintKind.MUST_START_ON]:
            return None
    except Unschedulable:
        return None
    return finish
