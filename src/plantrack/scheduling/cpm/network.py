"""The scheduler's graph as plain arrays: nodes, edges with their link codes, time axes and bounds.

A leaf task is one node. A summary is two nodes: an entry node before its children (links *to* the
summary reach every child through it) and an exit node after them (links *from* the summary leave once
the last child has started or finished). So a link on a summary acts exactly as the same link on each of
its leaf descendants. Each node keeps its dates as coordinates on its own time axis: working minutes
on its calendar (W, see calendar/compiled.py), or plain minutes for elapsed tasks, milestones and
summary nodes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from plantrack.scheduling.calendar import (
    ELAPSED,
    CalendarCache,
    TimeAxis,
    WorkCalendar,
    calendar_parts,
    task_calendar_id,
    to_minute,
)
from plantrack.scheduling.errors import InvalidInput, Problem, Severity, Unschedulable
from plantrack.scheduling.model import ConstraintKind, LinkType, Project, Task, TaskActual, Window
from plantrack.scheduling.validate import check, gc_paused
from plantrack.scheduling.validate import validate as validate_network

NEG = -(1 << 62)
INF = 1 << 62
LEAF, ENTRY, EXIT = 0, 1, 2
#: Edge code bits: the predecessor's finish (else start) binds the successor's finish (else start).
PRED_FINISH, SUCC_FINISH = 1, 2
CODES = {LinkType.FS: PRED_FINISH, LinkType.SS: 0, LinkType.FF: PRED_FINISH | SUCC_FINISH, LinkType.SF: 2}
PLANNED, IN_PROGRESS, COMPLETE = "planned", "in-progress", "complete"

#: (other node, code, lag, fast, lag is elapsed, link index or -1 for a parent/child edge).
#: `fast` means the bound is plain `value + lag` (same axis, and the lag is counted on that axis).
Edge = tuple[int, int, int, bool, bool, int]


@dataclass(slots=True)
class Network:
    project: Project
    origin: dt.datetime
    warnings: list[Problem]
    status_minute: int | None
    node_task: list[int] = field(default_factory=list)
    kind: list[int] = field(default_factory=list)
    name: list[str] = field(default_factory=list)  # task id of the node (ties are broken on it)
    axis: list[TimeAxis] = field(default_factory=list)
    work: list[WorkCalendar] = field(default_factory=list)
    dur: list[int] = field(default_factory=list)
    ins: list[list[Edge]] = field(default_factory=list)
    outs: list[list[Edge]] = field(default_factory=list)
    order: list[int] = field(default_factory=list)
    floor: list[int] = field(default_factory=list)  # earliest start coordinate
    cap: list[int] = field(default_factory=list)  # latest finish coordinate (constraints, deadlines)
    must_start: list[int | None] = field(default_factory=list)
    window: list[Window | None] = field(default_factory=list)
    status: list[str] = field(default_factory=list)
    fixed_start: list[int | None] = field(default_factory=list)  # actual start (minutes)
    leaf_node: dict[int, int] = field(default_factory=dict)  # task index -> node, leaves
    entry_node: dict[int, int] = field(default_factory=dict)  # task index -> node, summaries
    exit_node: dict[int, int] = field(default_factory=dict)
    leaves_under: dict[int, list[int]] = field(default_factory=dict)  # summary task -> leaf nodes
    parent_exit: list[int] = field(default_factory=list)  # node -> exit node of its parent, or -1
    calendars: CalendarCache | None = None
    # leveling delays (scheduling/leveled.py), on the few leaves that have one: the delay as
    # (minutes, elapsed), the floor without the status date (the delay counts from the date the links
    # and constraints allow, so a later status date does not add to it), and what the forward pass added
    delay: dict[int, tuple[int, bool]] = field(default_factory=dict)
    pre_floor: dict[int, int] = field(default_factory=dict)
    applied: dict[int, int] = field(default_factory=dict)
    # leveled starts (minutes) to derive the delays from, instead of applying stored ones
    targets: dict[int, int] = field(default_factory=dict)
    # leaves whose early start a window period holds back: (window id, instant the links and floors
    # allow, instant the period lets it start), in minutes
    waits: dict[int, tuple[str, int, int]] = field(default_factory=dict)

    def add_node(self, task: int, kind: int, name: str, axis: TimeAxis, work: WorkCalendar, dur: int) -> int:
        self.node_task.append(task)
        self.kind.append(kind)
        self.name.append(name)
        self.axis.append(axis)
        self.work.append(work)
        self.dur.append(dur)
        self.ins.append([])
        self.outs.append([])
        self.floor.append(NEG)
        self.cap.append(INF)
        self.must_start.append(None)
        self.window.append(None)
        self.status.append(PLANNED)
        self.fixed_start.append(None)
        self.parent_exit.append(-1)
        return len(self.kind) - 1

    def add_edge(self, src: int, dst: int, code: int, lag: int, elapsed: bool, link: int) -> None:
        same = self.axis[src] is self.axis[dst]
        fast = same and (
            lag == 0
            or (elapsed and self.axis[dst] is ELAPSED)
            or (not elapsed and self.axis[dst] is self.work[dst])
        )
        self.ins[dst].append((src, code, lag, fast, elapsed, link))
        self.outs[src].append((dst, code, lag, fast, elapsed, link))


def _duration(task: Task, units: Mapping[str, float]) -> tuple[int, bool]:
    """Working (or elapsed) minutes of a task; effort-driven: effort / total assigned units."""
    if task.duration is not None and not task.milestone:
        return task.duration.minutes, task.duration.elapsed
    planned = task.planned_duration()
    if planned is not None:
        return planned.minutes, planned.elapsed
    if task.effort is not None:
        share = units.get(task.id, 1.0)
        return max(1, round(task.effort.minutes / share)), task.effort.elapsed
    return 0, False


def _topological(net: Network) -> list[int]:
    """Kahn's order, first in first out (ties in node order)."""
    indeg = [len(e) for e in net.ins]
    outs = net.outs
    order = [v for v, d in enumerate(indeg) if d == 0]
    for v in order:  # the list grows while it is walked: a FIFO queue without a deque
        for e in outs[v]:
            w = e[0]
            indeg[w] -= 1
            if indeg[w] == 0:
                order.append(w)
    if len(order) != len(indeg):  # a cycle: validation (which left the search to this sort) names it
        named = [p for p in validate_network(net.project) if p.code == "dep-cycle"]
        raise InvalidInput(named or [Problem(code="dep-cycle", message="the links form a cycle")])
    return order


def build_network(
    project: Project,
    *,
    status_date: dt.datetime | None = None,
    actuals: Mapping[str, TaskActual] | None = None,
    validate: bool = True,
    targets: Mapping[str, dt.datetime] | None = None,
) -> Network:
    """Validate the project (InvalidInput on errors) and lay it out as arrays for the passes.

    `targets` (leveled starts by task id) make the forward pass derive each task's leveling delay
    instead of applying the stored ones (see scheduling/leveled.py).
    """
    with gc_paused():  # validation and layout build sets and lists of every task and link, all kept
        # the cycle search is left to the network's own topological sort (same graph, done once)
        warnings = check(project, cycles=False) if validate else []
        return _build(project, warnings, status_date or project.status_date, actuals or {}, targets or {})


def _build(
    project: Project,
    warnings: list[Problem],
    status_date: dt.datetime | None,
    actuals: Mapping[str, TaskActual],
    targets: Mapping[str, dt.datetime],
) -> Network:
    origin = project.origin
    net = Network(
        project=project,
        origin=origin,
        warnings=warnings,
        status_minute=None if status_date is None else to_minute(origin, status_date),
    )
    cache = CalendarCache(project)
    net.calendars = cache
    assigned: dict[str, list[str]] = {}
    units: dict[str, float] = {}
    for a in project.assignments:
        assigned.setdefault(a.task, []).append(a.resource)
        units[a.task] = units.get(a.task, 0.0) + a.units
    summaries = project.summary_ids()
    tasks = project.tasks
    index = {t.id: i for i, t in enumerate(tasks)}
    # the node columns, filled here in one sweep rather than node by node (add_node)
    node_task, kind, name, axes, works, dur = (
        net.node_task,
        net.kind,
        net.name,
        net.axis,
        net.work,
        net.dur,
    )
    # most tasks share a calendar and resources: look each combination up once
    calendar_of: dict[tuple[str | None, tuple[str, ...]], WorkCalendar] = {}
    entry_of = [-1] * len(tasks)
    exit_of = [-1] * len(tasks)
    for i, task in enumerate(tasks):
        tid = task.id
        if tid in summaries:
            work = cache.get(task.calendar or project.calendar)
            net.entry_node[i] = entry_of[i] = len(kind)
            net.exit_node[i] = exit_of[i] = len(kind) + 1
            node_task += (i, i)
            kind += (ENTRY, EXIT)
            name += (tid, tid)
            axes += (ELAPSED, ELAPSED)
            works += (work, work)
            dur += (0, 0)
            continue
        resources = tuple(assigned.get(tid, ()))
        key = (task.calendar, resources)
        found = calendar_of.get(key)
        if found is None:
            found = calendar_of[key] = cache.for_task(task, resources)
            combined = task_calendar_id(project, task, resources)
            if combined in cache.disjoint:
                warnings.append(
                    Problem(
                        code="calendars-disjoint",
                        message=f"task {tid}: the calendars {combined} of the task and its resources have no "
                        f"working time in common; it runs on {cache.disjoint[combined]} alone",
                        ids=(tid, *calendar_parts(combined)),
                        severity=Severity.WARNING,
                    )
                )
        work = found
        minutes, elapsed = _duration(task, units)
        net.leaf_node[i] = entry_of[i] = exit_of[i] = len(kind)
        node_task.append(i)
        kind.append(LEAF)
        name.append(tid)
        axes.append(ELAPSED if elapsed or minutes == 0 else work)
        works.append(work)
        dur.append(minutes)
    n = len(kind)
    net.ins = [[] for _ in range(n)]
    net.outs = [[] for _ in range(n)]
    net.floor = [NEG] * n
    net.cap = [INF] * n
    net.must_start = [None] * n
    net.window = [None] * n
    net.status = [PLANNED] * n
    net.fixed_start = [None] * n
    net.parent_exit = [-1] * n
    _apply_actuals(net, project, actuals, index)
    for i, task in enumerate(tasks):
        if task.parent is not None:
            p = index[task.parent]
            net.add_edge(entry_of[p], entry_of[i], 0, 0, False, -1)
            net.add_edge(entry_of[p], entry_of[i], PRED_FINISH | SUCC_FINISH, 0, False, -1)
            net.add_edge(exit_of[i], exit_of[p], 0, 0, False, -1)
            net.add_edge(exit_of[i], exit_of[p], PRED_FINISH | SUCC_FINISH, 0, False, -1)
            net.parent_exit[exit_of[i]] = exit_of[p]
    _add_links(net, project, index, entry_of, exit_of)
    for i, task in enumerate(tasks):
        if task.parent is not None and i in net.leaf_node:
            for anc in _ancestors(project, index, i):
                net.leaves_under.setdefault(anc, []).append(net.leaf_node[i])
    net.order = _topological(net)
    for tid, when in targets.items():
        leaf = net.leaf_node.get(index[tid])
        if leaf is not None:
            net.targets[leaf] = to_minute(origin, when)
    _bounds(net, project)
    return net


def _add_links(
    net: Network, project: Project, index: Mapping[str, int], entry_of: list[int], exit_of: list[int]
) -> None:
    """The project's links as edges (what `add_edge` does, inlined: this runs once per link)."""
    axes, works, ins, outs = net.axis, net.work, net.ins, net.outs
    codes = {t: CODES[t] for t in LinkType}
    for k, link in enumerate(project.links):
        src = exit_of[index[link.predecessor]]
        dst = entry_of[index[link.successor]]
        lag, elapsed = link.lag.minutes, link.lag.elapsed
        ax = axes[dst]
        fast = axes[src] is ax and (lag == 0 or (ax is ELAPSED if elapsed else ax is works[dst]))
        code = codes[link.type]
        ins[dst].append((src, code, lag, fast, elapsed, k))
        outs[src].append((dst, code, lag, fast, elapsed, k))


def _ancestors(project: Project, index: Mapping[str, int], i: int) -> list[int]:
    out = []
    parent = project.tasks[i].parent
    while parent is not None:
        out.append(index[parent])
        parent = project.tasks[index[parent]].parent
    return out


def _apply_actuals(
    net: Network, project: Project, actuals: Mapping[str, TaskActual], index: Mapping[str, int]
) -> None:
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


def _bounds(net: Network, project: Project) -> None:
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
