"""What holds each node of the CPM network: actual progress, floors, caps, constraints and windows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from plantrack.scheduling.calendar import ELAPSED, TimeAxis, to_minute
from plantrack.scheduling.cpm.network import COMPLETE, IN_PROGRESS, Network
from plantrack.scheduling.errors import InvalidInput, Problem, Unschedulable
from plantrack.scheduling.model import ConstraintKind, Project, Task, TaskActual


def apply_actuals(
    net: Network, project: Project, actuals: Mapping[str, TaskActual], index: Mapping[str, int]
) -> None:
    """Done tasks pinned at their actual dates, started ones from their actual start with the work left."""
    unknown = [tid for tid in actuals if tid not in index]
    if unknown:
        raise InvalidInput(
            [
                Problem(code="task-unknown", message=f"progress names an unknown task {t}", ids=(t,))
                for t in unknown
            ]
        )
    for tid, actual in actuals.items():
        v = net.leaf_node.get(index[tid])
        if v is None:  # a summary's progress is rolled up from its children
            continue
        if actual.actual_finish is not None:
            start = actual.actual_start or actual.actual_finish
            net.status[v] = COMPLETE
            net.axis[v] = ELAPSED
            net.floor[v] = to_minute(net.origin, start)
            net.dur[v] = to_minute(net.origin, actual.actual_finish) - net.floor[v]
            net.fixed_start[v] = net.floor[v]
        elif actual.actual_start is not None:
            net.status[v] = IN_PROGRESS
            net.fixed_start[v] = to_minute(net.origin, actual.actual_start)
            if actual.remaining is not None:
                net.dur[v] = actual.remaining.minutes
            else:
                net.dur[v] = round(net.dur[v] * (100 - actual.percent_complete) / 100)
            if net.dur[v] == 0:
                net.axis[v] = ELAPSED


def place_bounds(net: Network, project: Project) -> None:
    """Floors (project start, status date, start-no-earlier-than), caps, must-start-on, windows."""
    start = to_minute(net.origin, project.start)
    windows = project.window_map()
    conflicts: list[Problem] = []
    # the floor of a planned task depends only on its axis: one calendar lookup per axis
    planned_floor: dict[tuple[int, int], int] = {}
    for i, v in net.leaf_node.items():
        task = project.tasks[i]
        ax, d = net.axis[v], net.dur[v]
        if net.status[v] == COMPLETE:
            continue
        if net.status[v] == IN_PROGRESS:
            resume = net.fixed_start[v] or 0
            if net.status_minute is not None:
                resume = max(resume, net.status_minute)
            net.floor[v] = ax.work_before(resume)
            # the remaining work's delay counts from the actual start: a later status date keeps it
            pre = ax.work_before(net.fixed_start[v] or 0)
        else:
            # a milestone (no length, on round-the-clock time) is reached at the first working minute of
            # its calendar from the start, 08:00 and not midnight, as the task after it would begin
            snap = ax is ELAPSED and d == 0
            key = (id(ax), id(net.work[v]) if snap else 0)
            floor = planned_floor.get(key)
            if floor is None:
                floor = ax.work_before(start)
                if net.status_minute is not None:
                    floor = max(floor, ax.work_before(net.status_minute))
                if snap:
                    floor = net.work[v].next_working(floor)
                planned_floor[key] = floor
            net.floor[v] = floor
            pre = ax.work_before(start)
        if v not in net.targets and task.leveling_delay is not None and task.leveling_delay.minutes > 0:
            net.delay[v] = (task.leveling_delay.minutes, task.leveling_delay.elapsed)
        if v in net.delay or v in net.targets:
            net.pre_floor[v] = pre
        if task.window is not None:
            net.window[v] = windows[task.window]
        if task.constraints or task.deadline is not None:
            _constraints(net, task, v, ax, d, conflicts)
    if conflicts:
        raise Unschedulable(conflicts)


def _constraints(net: Network, task: Task, v: int, ax: TimeAxis, d: int, conflicts: list[Problem]) -> None:
    def coord(when: dt.datetime) -> int:
        return ax.work_before(to_minute(net.origin, when))

    snet: tuple[int, str] | None = None
    fnlt: tuple[int, str] | None = None
    mso: tuple[int, str] | None = None
    for c in task.constraints:
        label = f"{c.kind} {c.date.isoformat(sep=' ', timespec='minutes')}"
        k = coord(c.date)
        if c.kind is ConstraintKind.START_NO_EARLIER_THAN:
            if snet is None or k > snet[0]:
                snet = (k, label)
        elif c.kind is ConstraintKind.FINISH_NO_LATER_THAN:
            if fnlt is None or k < fnlt[0]:
                fnlt = (k, label)
        else:
            if mso is not None and mso[0] != k:
                conflicts.append(_conflict(task, mso[1], label))
            mso = (k, label)
    if mso is not None and snet is not None and snet[0] > mso[0]:
        conflicts.append(_conflict(task, snet[1], mso[1]))
    if fnlt is not None:
        for hard in (mso, snet):
            if hard is not None and hard[0] + d > fnlt[0]:
                conflicts.append(_conflict(task, hard[1], fnlt[1]))
        net.cap[v] = min(net.cap[v], fnlt[0])
    if snet is not None:
        net.floor[v] = max(net.floor[v], snet[0])
        if v in net.pre_floor:
            net.pre_floor[v] = max(net.pre_floor[v], snet[0])
    if mso is not None:
        net.must_start[v] = mso[0]
    if task.deadline is not None:
        net.cap[v] = min(net.cap[v], coord(task.deadline))


def _conflict(task: Task, first: str, second: str) -> Problem:
    return Problem(
        code="constraint-conflict",
        message=f"task {task.id}: constraints {first} and {second} cannot both hold",
        ids=(task.id,),
    )
