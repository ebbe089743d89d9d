"""Critical path method: `cpm(project) -> Schedule` with early/late dates, floats, drivers and critical paths.

Dates are minutes from `project.origin` (datetimes through the `*_at` properties). Floats are working
minutes on the task's own calendar: the total float is the largest delay d such that a
start-no-earlier-than at the end of the d-th working minute after the early start keeps the project
finish and a place in the task's window (tests/scheduling/test_cpm_floats.py checks exactly this by
moving each task); a task is critical when its total float is <= 0. A leveled task moves by replacing
its leveling delay with that constraint. Completed tasks keep their actual dates and are never critical.

Missed dates follow MS Project's rule, so floats can be negative. A deadline or finish-no-later-than
date bounds the late finish even when the early finish misses it (a must-start-on date the late start):
the late task's float is minus the shortfall, and the shortfall is passed back through the links as
negative float to its predecessors. Their floats are then below the move-and-see slack above by that
shortfall (by less where another bound, such as the project finish, stops the move first);
tests/scheduling/test_cpm_missed_bound.py works one case by hand.

A task that a window's period or a calendar closure holds back, rather than its links, carries a
`Wait` naming it (waits.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from plantrack.scheduling.calendar import TimeAxis, WorkCalendar, to_datetime, to_minute
from plantrack.scheduling.cpm.build import build_network
from plantrack.scheduling.cpm.network import COMPLETE, ENTRY, IN_PROGRESS, PLANNED, Edge, Network
from plantrack.scheduling.cpm.passes import backward, forward
from plantrack.scheduling.cpm.paths import critical_paths, free_floats
from plantrack.scheduling.cpm.waits import CLOSURE, WINDOW, Wait, closure_waits
from plantrack.scheduling.dates import show_end
from plantrack.scheduling.errors import Problem, Severity
from plantrack.scheduling.model import ConstraintKind, Project, TaskActual
from plantrack.scheduling.validate import gc_paused

__all__ = ["CLOSURE", "WINDOW", "Passes", "Schedule", "TaskSchedule", "Wait", "cpm", "run_passes", "solve"]


class TaskSchedule(NamedTuple):
    """One task's computed dates (minutes from `origin`) and floats (working minutes on `calendar`).

    A named tuple rather than a frozen dataclass: as immutable, and a 100k-task plan builds its
    results in half the time (a frozen dataclass sets each field through object.__setattr__).
    """

    id: str
    name: str
    origin: dt.datetime
    early_start: int
    early_finish: int
    late_start: int
    late_finish: int
    total_float: int
    free_float: int
    critical: bool
    driving_predecessor: str | None  # the task whose link sets the early start; None: project start etc.
    summary: bool
    milestone: bool
    calendar: str
    status: str  # "planned", "in-progress" (early start = actual start) or "complete" (actual dates)
    waits: Wait | None = None  # set when a window period or a closure, not the links, sets the early start

    @property
    def start(self) -> int:
        return self.early_start

    @property
    def finish(self) -> int:
        return self.early_finish

    @property
    def early_start_at(self) -> dt.datetime:
        return to_datetime(self.origin, self.early_start)

    @property
    def early_finish_at(self) -> dt.datetime:
        return to_datetime(self.origin, self.early_finish)

    @property
    def late_start_at(self) -> dt.datetime:
        return to_datetime(self.origin, self.late_start)

    @property
    def late_finish_at(self) -> dt.datetime:
        return to_datetime(self.origin, self.late_finish)


@dataclass(frozen=True, slots=True, kw_only=True)
class Schedule:
    """A whole computed plan: tasks in file order, project span, critical chains and warnings."""

    origin: dt.datetime
    start: int
    finish: int
    duration_minutes: int  # working minutes between start and finish on the project calendar
    calendar: str
    tasks: tuple[TaskSchedule, ...]
    critical_paths: tuple[tuple[str, ...], ...]  # each an ordered chain of leaf task ids
    warnings: tuple[Problem, ...] = ()
    status_date: dt.datetime | None = None
    _index: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._index.update((t.id, i) for i, t in enumerate(self.tasks))

    @property
    def start_at(self) -> dt.datetime:
        return to_datetime(self.origin, self.start)

    @property
    def finish_at(self) -> dt.datetime:
        return to_datetime(self.origin, self.finish)

    def task(self, task_id: str) -> TaskSchedule:
        return self.tasks[self._index[task_id]]


def cpm(
    project: Project,
    *,
    status_date: dt.datetime | None = None,
    actuals: Mapping[str, TaskActual] | None = None,
) -> Schedule:
    """Schedule `project` (raises InvalidInput / Unschedulable naming the items at fault).

    With a status date (else `project.status_date`) and actuals: finished tasks keep their actual dates,
    tasks in progress continue with their remaining work from the status date, and no unstarted work is
    placed before it.
    """
    return solve(build_network(project, status_date=status_date, actuals=actuals))


@dataclass(slots=True)
class Passes:
    """Raw results of the passes, in node coordinates."""

    es: list[int]
    ef: list[int]
    ls: list[int]
    lf: list[int]
    driver: list[Edge | None]
    anchor: int
    total_float: list[int]


def run_passes(net: Network) -> Passes:
    """Forward pass, backward pass and total floats (what the benchmark times)."""
    es, ef, driver = forward(net)
    project = net.project
    if project.finish is not None:
        anchor = to_minute(net.origin, project.finish)
    else:
        # finish_at is monotone: the latest finish on each axis, converted once, gives the project finish
        latest: dict[int, tuple[TimeAxis, int]] = {}
        for v in net.leaf_node.values():
            ax = net.axis[v]
            seen = latest.get(id(ax))
            if seen is None or ef[v] > seen[1]:
                latest[id(ax)] = (ax, ef[v])
        anchor = max(
            (ax.finish_at(k) for ax, k in latest.values()), default=to_minute(net.origin, project.start)
        )
    ls, lf = backward(net, es, ef, anchor)
    tf = [0] * len(es)
    axis, work, status = net.axis, net.work, net.status
    for v in net.leaf_node.values():
        ax = axis[v]
        if status[v] == COMPLETE:
            continue
        # in progress: only the finish can still move
        a, b = (ef[v], lf[v]) if status[v] == IN_PROGRESS else (es[v], ls[v])
        if ax is work[v]:
            tf[v] = b - a
        else:
            at = ax.finish_at if status[v] == IN_PROGRESS else ax.start_at
            tf[v] = work[v].work_before(at(b)) - work[v].work_before(at(a))
    return Passes(es=es, ef=ef, ls=ls, lf=lf, driver=driver, anchor=anchor, total_float=tf)


def solve(net: Network) -> Schedule:
    """Run the passes and assemble the Schedule."""
    with gc_paused():  # 100k result objects that all survive: collections would only rescan them
        return _solve(net)


def _solve(net: Network) -> Schedule:
    r = run_passes(net)
    free = free_floats(net, r.es, r.ef, r.total_float)
    es, ef, ls, lf, tf = r.es, r.ef, r.ls, r.lf, r.total_float
    axis, fixed_start, status, dur = net.axis, net.fixed_start, net.status, net.dur
    dates: dict[int, tuple[int, int, int, int]] = {}  # leaf node -> (ES, EF, LS, LF) in minutes
    by_axis: dict[int, list[int]] = {}  # a plan has a handful of axes: convert each one's values at once
    for v in net.leaf_node.values():
        by_axis.setdefault(id(axis[v]), []).append(v)
    for nodes in by_axis.values():
        ax = axis[nodes[0]]
        if isinstance(ax, WorkCalendar):
            columns = (
                ax.starts_at([es[v] for v in nodes]),
                ax.finishes_at([ef[v] for v in nodes]),
                ax.starts_at([ls[v] for v in nodes]),
                ax.finishes_at([lf[v] for v in nodes]),
            )
        else:
            columns = (
                [ax.start_at(es[v]) for v in nodes],
                [ax.finish_at(ef[v]) for v in nodes],
                [ax.start_at(ls[v]) for v in nodes],
                [ax.finish_at(lf[v]) for v in nodes],
            )
        for v, es_at, ef_at, ls_at, lf_at in zip(nodes, *columns, strict=True):
            fixed = fixed_start[v]  # an actual start stands, whatever the passes say
            dates[v] = (es_at, ef_at, ls_at, lf_at) if fixed is None else (fixed, ef_at, fixed, lf_at)
    project = net.project
    closures = closure_waits(net, es, ef, dates)
    critical = {v for v in net.leaf_node.values() if tf[v] <= 0 and status[v] != COMPLETE}
    tasks: list[TaskSchedule] = []
    origin, leaf_node, driver, kind, names, work = (
        net.origin,
        net.leaf_node,
        r.driver,
        net.kind,
        net.name,
        net.work,
    )
    for i, task in enumerate(project.tasks):
        leaf = leaf_node.get(i)
        if leaf is None:
            tasks.append(_summary_schedule(net, r, dates, critical, i))
            continue
        v = leaf
        es_at, ef_at, ls_at, lf_at = dates[v]
        edge = driver[v]
        drive = (
            None
            if edge is None
            else names[edge[0]]
            if kind[edge[0]] != ENTRY or edge[5] >= 0
            else _driving(net, driver, v)
        )
        st = status[v]
        tasks.append(
            TaskSchedule(
                id=task.id,
                name=task.name,
                origin=origin,
                early_start=es_at,
                early_finish=ef_at,
                late_start=ls_at,
                late_finish=lf_at,
                total_float=tf[v],
                free_float=free[v],
                critical=v in critical,
                driving_predecessor=drive,
                summary=False,
                milestone=task.milestone or (dur[v] == 0 and st == PLANNED),
                calendar=work[v].id,
                status=st,
                waits=Wait(*net.waits[v]) if v in net.waits else closures.get(v),
            )
        )
    start = min((t.early_start for t in tasks), default=to_minute(net.origin, project.start))
    finish = max((t.early_finish for t in tasks), default=start)
    assert net.calendars is not None
    calendar = net.calendars.get(project.calendar)
    return Schedule(
        origin=net.origin,
        start=start,
        finish=finish,
        duration_minutes=calendar.working_between(start, finish),
        calendar=project.calendar,
        tasks=tuple(tasks),
        critical_paths=critical_paths(net, r.es, r.ef, critical, dates),
        warnings=(*net.warnings, *_late_warnings(net, dates)),
        status_date=None if net.status_minute is None else to_datetime(net.origin, net.status_minute),
    )


def _summary_schedule(
    net: Network,
    r: Passes,
    dates: dict[int, tuple[int, int, int, int]],
    critical: set[int],
    i: int,
) -> TaskSchedule:
    """A summary spans its leaves; its float is that of its most critical leaf."""
    task = net.project.tasks[i]
    leaves = net.leaves_under[i]
    spans = [dates[c] for c in leaves]
    tf = min(r.total_float[c] for c in leaves)
    node = net.entry_node[i]
    statuses = {net.status[c] for c in leaves}
    return TaskSchedule(
        id=task.id,
        name=task.name,
        origin=net.origin,
        early_start=min(s[0] for s in spans),
        early_finish=max(s[1] for s in spans),
        late_start=min(s[2] for s in spans),
        late_finish=max(s[3] for s in spans),
        total_float=tf,
        free_float=tf,
        critical=any(c in critical for c in leaves),
        driving_predecessor=_driving(net, r.driver, node),
        summary=True,
        milestone=False,
        calendar=net.work[node].id,
        status=next(iter(statuses)) if len(statuses) == 1 else IN_PROGRESS,
    )


def _driving(net: Network, driver: list[Edge | None], v: int) -> str | None:
    """The task whose link set `v`'s early start, looking through summaries' entry nodes."""
    edge = driver[v]
    while edge is not None and net.kind[edge[0]] == ENTRY and edge[5] < 0:
        edge = driver[edge[0]]
    return None if edge is None else net.name[edge[0]]


def _late_warnings(net: Network, dates: dict[int, tuple[int, int, int, int]]) -> list[Problem]:
    """Deadlines and finish-no-later-than dates the early finish misses (dates are never moved)."""
    out = []
    for i, v in net.leaf_node.items():
        task = net.project.tasks[i]
        if task.deadline is None and not task.constraints:
            continue
        finish = dates[v][1]
        checks = [("deadline-missed", "deadline", task.deadline)] + [
            ("constraint-missed", "finish-no-later-than date", c.date)
            for c in task.constraints
            if c.kind is ConstraintKind.FINISH_NO_LATER_THAN
        ]
        for code, what, when in checks:
            if when is None or finish <= to_minute(net.origin, when):
                continue
            slip = net.work[v].working_between(to_minute(net.origin, when), finish)
            out.append(
                Problem(
                    code=code,
                    message=f"task {task.id} finishes {to_datetime(net.origin, finish):%Y-%m-%d %H:%M}, "
                    f"{slip / 60:g} working hours after its {what} {show_end(when, net.work[v])}",
                    ids=(task.id,),
                    severity=Severity.WARNING,
                )
            )
    return out
