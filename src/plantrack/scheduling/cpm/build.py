"""The project laid out as the CPM network: validated, one node per leaf and two per summary, edges for
links and parents, in topological order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from plantrack.scheduling.calendar import (
    ELAPSED,
    CalendarCache,
    WorkCalendar,
    calendar_parts,
    task_calendar_id,
    to_minute,
)
from plantrack.scheduling.cpm.bounds import apply_actuals, place_bounds
from plantrack.scheduling.cpm.network import (
    CODES,
    ENTRY,
    EXIT,
    INF,
    LEAF,
    NEG,
    PLANNED,
    PRED_FINISH,
    SUCC_FINISH,
    Network,
)
from plantrack.scheduling.errors import InvalidInput, Problem, Severity
from plantrack.scheduling.model import LinkType, Project, Task, TaskActual
from plantrack.scheduling.validate import check, gc_paused
from plantrack.scheduling.validate import validate as validate_network


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
    apply_actuals(net, project, actuals, index)
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
    place_bounds(net, project)
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
