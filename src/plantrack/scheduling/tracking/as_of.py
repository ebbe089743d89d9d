"""The plan as of a status date: what is left to level once finished and started work is fixed."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping

from plantrack.scheduling.calendar import CalendarCache, to_datetime, to_minute
from plantrack.scheduling.cpm import Schedule
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.model import Constraint, ConstraintKind, Project, Task

COMPLETE = "complete"
IN_PROGRESS = "in-progress"


def project_as_of(project: Project, schedule: Schedule) -> Project:
    """A project whose leveling respects what has happened by the schedule's status date.

    `schedule` is the CPM rescheduled from a status date with the recorded actuals, so the remaining
    work of each started task is the one the CPM computed (explicit remaining, else planned × (1 − %
    done)). Without a status date the project is returned as it is.
    - finished tasks keep their actual dates (must-start-on, elapsed length) and lose their
      assignments: past work cannot compete with future work for capacity, and two finished tasks that
      really overlapped beyond a capacity must not make leveling infeasible;
    - started tasks keep their assignments, lose their incoming links (they are under way whatever
      their predecessors did) and their window (they are already placed), and carry only their
      remaining working time from the point the CPM resumes them;
    - unstarted work may not start before the status date.
    """
    status_date = schedule.status_date
    if status_date is None:
        return project
    rows = {row.id: row for row in schedule.tasks}
    calendars = CalendarCache(project)
    resources_of: dict[str, list[str]] = {}
    for a in project.assignments:
        resources_of.setdefault(a.task, []).append(a.resource)
    summaries = project.summary_ids()
    not_before = Constraint(kind=ConstraintKind.START_NO_EARLIER_THAN, date=status_date)
    statuses = {row.id: row.status for row in schedule.tasks}
    # work that waits on unfinished work is held back by it already; only the first tasks of what is
    # left need the explicit bound (links on a phase count for its children)
    waiting = _waiting_on_open_work(project, statuses)
    # started work whose successor already finished is not held back further (see `out_of_sequence`)
    pinned = set(out_of_sequence(project, statuses))
    finished: set[str] = set()
    started: set[str] = set()
    tasks: list[Task] = []
    for task in project.tasks:
        row = rows.get(task.id)
        if task.id in summaries or row is None:
            tasks.append(task)
        elif row.status == COMPLETE:
            finished.add(task.id)
            tasks.append(_fixed(task, row.early_start_at, row.early_finish_at))
        elif row.status == IN_PROGRESS:
            started.add(task.id)
            calendar = calendars.for_task(task, resources_of.get(task.id, []))
            # the row spans from the actual start; what is left runs from the status date on
            resume_at = max(row.early_start, to_minute(project.origin, status_date))
            remaining = max(calendar.working_between(resume_at, row.early_finish), 0)
            resume = to_datetime(project.origin, resume_at)
            tasks.append(
                dataclasses.replace(
                    task,
                    duration=None if task.milestone else Duration(minutes=remaining),
                    effort=None,
                    estimate=None,
                    window=None,
                    constraints=(
                        Constraint(
                            kind=ConstraintKind.MUST_START_ON
                            if task.id in pinned
                            else ConstraintKind.START_NO_EARLIER_THAN,
                            date=resume,
                        ),
                    ),
                )
            )
        else:
            # a start bound already passed says nothing more; a must-start-on in the past was missed
            kept = tuple(
                c
                for c in task.constraints
                if not (c.kind is not ConstraintKind.FINISH_NO_LATER_THAN and c.date <= status_date)
            )
            bound = () if task.id in waiting else (not_before,)
            tasks.append(dataclasses.replace(task, constraints=(*kept, *bound)))
    return dataclasses.replace(
        project,
        tasks=tuple(tasks),
        links=tuple(
            link for link in project.links if link.successor not in finished and link.successor not in started
        ),
        assignments=tuple(a for a in project.assignments if a.task not in finished),
    )


def out_of_sequence(project: Project, statuses: Mapping[str, str]) -> dict[str, list[str]]:
    """Started, unfinished tasks whose finish-to-start successor has already finished, with those successors.

    The successor did not wait, so the link no longer orders the work. The rule leveling follows: such
    remaining work keeps its place from the status date (a must-start-on there), so leveling can never
    push it further behind work that is done; the user is warned.
    """
    from plantrack.scheduling.model import LinkType

    children = project.children()

    def leaves(tid: str) -> list[str]:
        return [leaf for c in children[tid] for leaf in leaves(c)] if tid in children else [tid]

    out: dict[str, list[str]] = {}
    for link in project.links:
        if link.type is not LinkType.FS:
            continue
        for pred in leaves(link.predecessor):
            if statuses.get(pred) != IN_PROGRESS:
                continue
            done = [s for s in leaves(link.successor) if statuses.get(s) == COMPLETE]
            if done:
                out.setdefault(pred, []).extend(s for s in done if s not in out.get(pred, []))
    return out


def _waiting_on_open_work(project: Project, statuses: Mapping[str, str]) -> set[str]:
    """Tasks with a predecessor (direct, or through one of their phases) that is not finished."""
    parent = {t.id: t.parent for t in project.tasks}
    open_preds: dict[str, bool] = {}
    for link in project.links:
        if statuses.get(link.predecessor) != COMPLETE:
            open_preds[link.successor] = True
    out = set()
    for task in project.tasks:
        node: str | None = task.id
        while node is not None:
            if open_preds.get(node):
                out.add(task.id)
                break
            node = parent.get(node)
    return out


def _fixed(task: Task, start: dt.datetime, finish: dt.datetime) -> Task:
    """A finished task pinned to its actual dates; its length is elapsed so no calendar can stretch it."""
    elapsed = int((finish - start).total_seconds() // 60)
    return dataclasses.replace(
        task,
        duration=None if task.milestone else Duration(minutes=elapsed, elapsed=True),
        effort=None,
        estimate=None,
        window=None,
        calendar=None,
        constraints=(Constraint(kind=ConstraintKind.MUST_START_ON, date=start),),
        deadline=None,
    )
