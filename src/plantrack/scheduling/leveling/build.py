"""Project -> LevelingProblem: pick the time axis, scale units to integers, map dates, links and windows."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import replace

from plantrack.scheduling.calendar import (
    CalendarCache,
    calendar_parts,
    project_calendars,
    task_calendar_id,
    to_minute,
)
from plantrack.scheduling.errors import InvalidInput, Problem
from plantrack.scheduling.leveling.axis import Axis, ContinuousAxis, WorkingAxis, is_continuous
from plantrack.scheduling.leveling.general import calendar_unit, tabulate
from plantrack.scheduling.leveling.problem import Job, LevelingProblem, Prec
from plantrack.scheduling.model import ConstraintKind, Project, Task

MAX_SCALE = 1000


def _invalid(code: str, message: str, ids: Iterable[str] = ()) -> InvalidInput:
    return InvalidInput([Problem(code=code, message=message, ids=tuple(ids))])


def _length_minutes(task: Task, units: float) -> int:
    planned = task.planned_duration()
    if planned is not None:
        return planned.minutes
    if task.effort is not None:
        return round(task.effort.minutes / units) if units > 0 else task.effort.minutes
    raise _invalid("duration-missing", f"task {task.id} has no duration, effort or estimate", [task.id])


def _scale(values: list[float]) -> int:
    """The smallest multiplier that makes every value a whole number (fractional units: 0.5 electrician)."""
    for s in range(1, MAX_SCALE + 1):
        if all(abs(v * s - round(v * s)) < 1e-6 for v in values):
            return s
    return MAX_SCALE


def _leaves(project: Project) -> tuple[list[Task], dict[str, list[str]]]:
    """Leaf tasks, and each summary's leaf descendants (links and constraints on a phase apply to them)."""
    children = project.children()
    summaries = project.summary_ids()
    leaves = [t for t in project.tasks if t.id not in summaries]

    def descend(tid: str) -> list[str]:
        if tid not in children:
            return [tid]
        return [leaf for c in children[tid] for leaf in descend(c)]

    return leaves, {s: descend(s) for s in summaries}


def build_problem(project: Project, *, hard_deadlines: bool = True) -> LevelingProblem:
    """The integer problem on the best axis for its calendars; InvalidInput for unknown ids and cycles."""
    leaves, expand = _leaves(project)
    task_map = project.task_map()
    resource_map = project.resource_map()
    assigned: dict[str, list[tuple[str, float]]] = {t.id: [] for t in leaves}
    for a in project.assignments:
        if a.resource not in resource_map or a.task not in task_map:
            missing = a.resource if a.resource not in resource_map else a.task
            raise _invalid("unknown-id", f"assignment names unknown {missing}", [a.task, a.resource])
        for leaf in expand.get(a.task, [a.task]):
            assigned[leaf].append((a.resource, a.units))
    lengths = {t.id: _length_minutes(t, sum(u for _, u in assigned[t.id])) for t in leaves}
    shared = _axis(project, leaves, assigned, lengths)
    axis = shared or ContinuousAxis(origin=project.start, unit=1)
    minute_values = [*lengths.values()] + [link.lag.minutes for link in project.links]
    minute_values += [axis.point_at_or_after(d) for d in _dates(project)]
    unit = math.gcd(*[abs(v) for v in minute_values if v]) or 60
    if shared is None:
        cache = CalendarCache(project)
        cals = [cache.get(task_calendar_id(project, t, [r for r, _ in assigned[t.id]])) for t in leaves]
        unit = calendar_unit(project, cals, unit)
    problem = _assemble(project, leaves, expand, assigned, lengths, replace(axis, unit=unit), hard_deadlines)
    return problem if shared is not None else tabulate(project, problem, leaves, assigned, lengths)


def _axis(
    project: Project,
    leaves: list[Task],
    assigned: dict[str, list[tuple[str, float]]],
    lengths: dict[str, int],
) -> ContinuousAxis | WorkingAxis | None:
    """Elapsed minutes on 24/7 calendars, the working minutes of the one shared calendar, else None."""
    calendars = project_calendars(project)
    busy = [t for t in leaves if lengths[t.id]]
    used: dict[str, list[str]] = {}
    for t in busy:
        cal_id = task_calendar_id(project, t, [r for r, _ in assigned[t.id]])
        for part in calendar_parts(cal_id):
            if part not in calendars:
                raise _invalid("unknown-calendar", f"task {t.id} uses unknown calendar {part}", [t.id, part])
        used.setdefault(cal_id, []).append(t.id)
    if all(is_continuous(calendars[p]) for c in used for p in calendar_parts(c)):
        return ContinuousAxis(origin=project.start, unit=1)
    elapsed = any((d := t.planned_duration()) is not None and d.elapsed for t in busy)
    if len(used) > 1 or elapsed or any(k.lag.elapsed and k.lag.minutes for k in project.links):
        return None  # tasks on different time bases: the elapsed axis with tables (general.py)
    (cal_id,) = used or {project.calendar: []}
    work = CalendarCache(project).get(cal_id)
    base = work.work_before(to_minute(project.origin, project.start))
    return WorkingAxis(calendar=work, origin=project.origin, base=base, unit=1)


def _dates(project: Project) -> list[dt.datetime]:
    out = [c.date for t in project.tasks for c in t.constraints]
    out += [t.deadline for t in project.tasks if t.deadline is not None]
    out += [p.start for w in project.windows for p in w.periods] + [
        p.end for w in project.windows for p in w.periods
    ]
    out += [p.start for r in project.resources for p in r.absences]
    out += [p.end for r in project.resources for p in r.absences]
    return out


def _assemble(
    project: Project,
    leaves: list[Task],
    expand: dict[str, list[str]],
    assigned: dict[str, list[tuple[str, float]]],
    lengths: dict[str, int],
    axis: Axis,
    hard_deadlines: bool,
) -> LevelingProblem:
    resources = list(project.resources)
    res_index = {r.id: k for k, r in enumerate(resources)}
    scales = [
        _scale([r.capacity] + [u for a in assigned.values() for rid, u in a if rid == r.id])
        for r in resources
    ]
    jobs: list[Job] = []
    for t in leaves:
        duration = lengths[t.id] // axis.unit
        demands: dict[int, int] = {}
        for rid, units in assigned[t.id]:
            k = res_index[rid]
            demands[k] = demands.get(k, 0) + round(units * scales[k])
        jobs.append(
            Job(id=t.id, duration=duration, demands=demands, weight=max(t.priority, 1), minutes=lengths[t.id])
        )
    index = {j.id: i for i, j in enumerate(jobs)}
    windows = project.window_map()
    for t in project.tasks:
        for leaf in expand.get(t.id, [t.id]):
            _apply_dates(jobs[index[leaf]], t, axis, hard_deadlines)
            if t.window is not None:
                if t.window not in windows:
                    raise _invalid("unknown-window", f"task {t.id} names unknown window {t.window}", [t.id])
                job = jobs[index[leaf]]
                job.window_id = t.window
                job.windows = [
                    (axis.point_at_or_after(p.start), axis.point_at_or_before(p.end) - job.duration)
                    for p in windows[t.window].periods
                ]
    precs = _precs(project, expand, index, axis)
    busy = [
        [
            (axis.point_at_or_before(p.start), axis.point_at_or_after(p.end), round(r.capacity * scales[k]))
            for p in r.absences
        ]
        for k, r in enumerate(resources)
    ]
    points = [axis.point_at_or_after(d) for d in _dates(project)]
    horizon = max([0, *points]) + sum(j.duration for j in jobs) + sum(max(p.lag, 0) for p in precs) + 1
    problem = LevelingProblem(
        jobs=jobs,
        precs=precs,
        resource_ids=[r.id for r in resources],
        capacities=[round(r.capacity * scales[k]) for k, r in enumerate(resources)],
        scales=scales,
        busy=busy,
        horizon=horizon,
        axis=axis,
    )
    _check_acyclic(problem)
    return problem


def _check_acyclic(problem: LevelingProblem) -> None:
    order = problem.topological_order()
    if len(order) == len(problem.jobs):
        return
    placed = set(order)
    pred = problem.predecessors()
    # every unplaced job keeps an unplaced predecessor: walking back must loop, and the loop is a cycle
    node = next(i for i in range(len(problem.jobs)) if i not in placed)
    seen: list[int] = []
    while node not in seen:
        seen.append(node)
        node = next(p.pred for p in pred[node] if p.pred not in placed)
    cycle = [*seen[seen.index(node) :], node][::-1]
    names = [problem.jobs[i].id for i in cycle]
    raise _invalid("cycle", f"dependency cycle: {' → '.join(names)}", names)


def _apply_dates(job: Job, task: Task, axis: Axis, hard_deadlines: bool) -> None:
    for c in task.constraints:
        if c.kind is ConstraintKind.START_NO_EARLIER_THAN:
            job.release = max(job.release, axis.point_at_or_after(c.date))
        elif c.kind is ConstraintKind.FINISH_NO_LATER_THAN:
            limit = axis.point_at_or_before(c.date)
            job.latest_finish = limit if job.latest_finish is None else min(job.latest_finish, limit)
        else:
            job.fixed_start = axis.point_at_or_after(c.date)
    if task.deadline is not None:
        job.deadline = axis.point_at_or_before(task.deadline)
        if hard_deadlines:
            limit = job.deadline
            job.latest_finish = limit if job.latest_finish is None else min(job.latest_finish, limit)


def _precs(project: Project, expand: dict[str, list[str]], index: dict[str, int], axis: Axis) -> list[Prec]:
    precs: list[Prec] = []
    for n, link in enumerate(project.links):
        for tid in (link.predecessor, link.successor):
            if tid not in index and tid not in expand:
                raise _invalid(
                    "unknown-id", f"link names unknown task {tid}", [link.predecessor, link.successor]
                )
        lag = link.lag.minutes // axis.unit
        for p in expand.get(link.predecessor, [link.predecessor]):
            for s in expand.get(link.successor, [link.successor]):
                precs.append(Prec(pred=index[p], succ=index[s], type=link.type, lag=lag, link=n))
    return precs
