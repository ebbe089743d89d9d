"""PERT: three-point expected durations, the critical chain's variance and the odds of meeting a date.

Risk analysis runs on one time axis: working minutes on the project calendar counted from the project
start. Elapsed durations (`5ed`) are converted to that axis by the project's working share of a week
(`minutes_per_week / 10080`) and working minutes on another calendar count as the project's — an
approximation a plant planner can live with for odds and percentiles, exact whenever every task works
on the project calendar. A task bound to a shutdown window is placed in the first period it fits in,
its work spread over the project calendar's working time in that period (none for a weekend stop).
The same network (`risk_network`) feeds the Monte Carlo simulation in `montecarlo.py`.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Protocol

import networkx as nx

from plantrack.scheduling.calendar import CalendarCache, to_datetime, to_minute
from plantrack.scheduling.duration import ELAPSED_MINUTES_PER_WEEK, Duration
from plantrack.scheduling.errors import InvalidInput, Problem
from plantrack.scheduling.model import ConstraintKind, LinkType, Project, Task, Window
from plantrack.scheduling.network import check


class WorkingAxis(Protocol):
    """Working minutes since the project start on the project calendar <-> wall-clock instants."""

    def minutes_to(self, instant: dt.datetime) -> int:
        """Working minutes from the project start to `instant` (0 for instants before the start)."""
        ...

    def start_instant(self, minutes: int) -> dt.datetime:
        """The instant the working minute number `minutes` begins."""
        ...

    def finish_instant(self, minutes: int) -> dt.datetime:
        """The end of the last working minute after `minutes` minutes of work (MS Project's finish)."""
        ...


class CalendarAxis:
    """The project calendar as a WorkingAxis: minute 0 is the first working minute of the project."""

    def __init__(self, project: Project) -> None:
        self._origin = project.origin
        self._start = project.start
        self._calendar = CalendarCache(project).get(project.calendar)
        self._base = self._calendar.work_before(to_minute(self._origin, project.start))

    def minutes_to(self, instant: dt.datetime) -> int:
        return max(0, self._calendar.work_before(to_minute(self._origin, instant)) - self._base)

    def start_instant(self, minutes: int) -> dt.datetime:
        return to_datetime(self._origin, self._calendar.start_at(self._base + minutes))

    def finish_instant(self, minutes: int) -> dt.datetime:
        if minutes <= 0:  # nothing done yet: the project start, where the scheduler puts a first milestone
            return self._start
        return to_datetime(self._origin, self._calendar.finish_at(self._base + minutes))


@dataclass(frozen=True, slots=True)
class Edge:
    """A link as the forward pass reads it: successor start >= source event + lag (- own duration)."""

    source: int
    source_finish: bool  # FS, FF read the predecessor's finish; SS, SF its start
    lag: float
    minus_own: bool  # FF, SF constrain the successor's finish: start = bound - own duration


@dataclass(frozen=True, slots=True)
class RiskNode:
    """A task (leaf) or a summary (rolled up from `members`, the indices of its leaf descendants)."""

    id: str
    name: str
    summary: bool
    milestone: bool
    low: float  # optimistic duration, axis minutes
    mode: float  # most likely
    high: float  # pessimistic
    floor: float  # earliest start (project start, start-no-earlier-than, must-start-on)
    incoming: tuple[Edge, ...]
    members: tuple[int, ...]
    due: dt.datetime | None  # deadline or finish-no-later-than, the earlier of both
    # shutdown window periods as (axis start, axis end, working minutes of the task's own calendar)
    window: tuple[tuple[float, float, float], ...] = ()

    @property
    def stochastic(self) -> bool:
        return self.high > self.low

    @property
    def expected(self) -> float:
        return (self.low + 4 * self.mode + self.high) / 6

    @property
    def std(self) -> float:
        return (self.high - self.low) / 6


@dataclass(frozen=True, slots=True)
class RiskNetwork:
    """Nodes in topological order: every edge source and every summary member comes before its user."""

    nodes: tuple[RiskNode, ...]
    leaves: tuple[int, ...]


def axis_minutes(duration: Duration, project: Project) -> float:
    """A duration on the project's working axis; elapsed time by the working share of a week."""
    if duration.elapsed:
        return duration.minutes * project.minutes_per_week / ELAPSED_MINUTES_PER_WEEK
    return float(duration.minutes)


def _three_points(task: Task, project: Project, units: float) -> tuple[float, float, float]:
    if task.milestone:
        return 0.0, 0.0, 0.0
    if task.estimate is not None:  # the estimate is what risk analysis is about, even beside a duration
        est = task.estimate
        return (
            axis_minutes(est.optimistic, project),
            axis_minutes(est.likely, project),
            axis_minutes(est.pessimistic, project),
        )
    if task.duration is not None:
        d = axis_minutes(task.duration, project)
        return d, d, d
    if task.effort is not None:
        d = axis_minutes(task.effort, project) / (units or 1.0)
        return d, d, d
    return 0.0, 0.0, 0.0


def _due(task: Task) -> dt.datetime | None:
    dates = [c.date for c in task.constraints if c.kind is ConstraintKind.FINISH_NO_LATER_THAN]
    if task.deadline is not None:
        dates.append(task.deadline)
    return min(dates) if dates else None


def _window_periods(
    task: Task,
    windows: dict[str, Window],
    calendars: CalendarCache,
    resource_ids: list[str],
    axis: WorkingAxis,
) -> tuple[tuple[float, float, float], ...]:
    """A window-bound task's periods on the axis, with the work its own calendar offers in each."""
    if task.window is None or task.window not in windows:
        return ()
    own = calendars.for_task(task, resource_ids)
    origin = calendars.origin
    out = []
    for period in sorted(windows[task.window].periods, key=lambda p: p.start):
        a, b = to_minute(origin, period.start), to_minute(origin, period.end)
        out.append(
            (
                float(axis.minutes_to(period.start)),
                float(axis.minutes_to(period.end)),
                float(own.working_between(a, b)),
            )
        )
    return tuple(out)


def place_in_window(
    periods: tuple[tuple[float, float, float], ...], ready: float, duration: float
) -> tuple[float, float] | None:
    """(start, finish) on the axis in the first period the whole task fits in from `ready`; else None.

    A period's axis span is the project calendar's working time inside it (none for a weekend stop);
    the task's own work in it is spread evenly over that span, an approximation of its real dates.
    """
    for lo, hi, capacity in periods:
        if hi > lo:
            start = max(ready, lo)
            if duration <= capacity * (hi - start) / (hi - lo):
                return start, start + (hi - lo) * duration / capacity if capacity else start
        elif ready <= lo and duration <= capacity:
            return lo, lo
    return None


def risk_network(project: Project, axis: WorkingAxis) -> RiskNetwork:
    """Build the PERT/Monte Carlo network: links on summaries apply to their leaves, summaries roll up.

    Raises InvalidInput with every error `network.check` finds (unknown ids, named cycles…).
    """
    check(project)
    tasks = project.task_map()
    children = project.children()

    def leaves_under(tid: str) -> list[str]:
        return [leaf for c in children[tid] for leaf in leaves_under(c)] if tid in children else [tid]

    leaf_sets = {t.id: leaves_under(t.id) for t in project.tasks}
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_nodes_from(t.id for t in project.tasks)
    for parent in children:
        graph.add_edges_from((leaf, parent) for leaf in leaf_sets[parent])
    for link in project.links:
        graph.add_edges_from((link.predecessor, leaf) for leaf in leaf_sets[link.successor])
    # file order breaks ties, so the result never depends on set iteration order
    position = {t.id: i for i, t in enumerate(project.tasks)}
    try:
        order = list(nx.lexicographical_topological_sort(graph, key=position.__getitem__))
    except nx.NetworkXUnfeasible:  # validated above: only a link between a summary and its own tree
        cycle = tuple(u for u, _ in nx.find_cycle(graph))
        message = "dependency cycle through a summary: " + " → ".join([*cycle, cycle[0]])
        raise InvalidInput([Problem(code="dep-cycle", message=message, ids=cycle)]) from None
    index = {tid: i for i, tid in enumerate(order)}
    calendars = CalendarCache(project)
    windows = project.window_map()
    resources: dict[str, list[str]] = {}
    for a in project.assignments:
        resources.setdefault(a.task, []).append(a.resource)
    units: dict[str, float] = {}
    for a in project.assignments:
        units[a.task] = units.get(a.task, 0.0) + a.units
    incoming: dict[str, list[Edge]] = {tid: [] for tid in order}
    for link in project.links:
        edge = Edge(
            source=index[link.predecessor],
            source_finish=link.type in (LinkType.FS, LinkType.FF),
            lag=axis_minutes(link.lag, project),
            minus_own=link.type in (LinkType.FF, LinkType.SF),
        )
        for leaf in leaf_sets[link.successor]:
            incoming[leaf].append(edge)
    nodes = []
    for tid in order:
        task = tasks[tid]
        is_summary = tid in children
        low, mode, high = (0.0, 0.0, 0.0) if is_summary else _three_points(task, project, units.get(tid, 0.0))
        floors = [
            axis.minutes_to(c.date)
            for c in task.constraints
            if c.kind in (ConstraintKind.START_NO_EARLIER_THAN, ConstraintKind.MUST_START_ON)
        ]
        nodes.append(
            RiskNode(
                id=tid,
                name=task.name,
                summary=is_summary,
                milestone=task.milestone,
                low=low,
                mode=mode,
                high=high,
                floor=float(max(floors, default=0)),
                incoming=tuple(incoming[tid]),
                members=tuple(index[leaf] for leaf in leaf_sets[tid]) if is_summary else (),
                due=_due(task),
                window=_window_periods(task, windows, calendars, resources.get(tid, []), axis),
            )
        )
    return RiskNetwork(nodes=tuple(nodes), leaves=tuple(i for i, n in enumerate(nodes) if not n.summary))


def normal_cdf(z: float) -> float:
    return 0.5 * (1.0 + math.erf(z / math.sqrt(2.0)))


def probability_by(expected: float, std: float, minutes: float) -> float:
    """P(finish <= minutes) under the normal approximation; a certain duration gives 0 or 1."""
    if std == 0:
        return 1.0 if minutes >= expected else 0.0
    return normal_cdf((minutes - expected) / std)


@dataclass(frozen=True, slots=True)
class TaskPert:
    id: str
    name: str
    expected_minutes: float
    std_minutes: float
    stochastic: bool


@dataclass(frozen=True, slots=True)
class PertTarget:
    """The project finish, a milestone or a task with a deadline, seen along its longest path."""

    id: str | None  # None for the project finish
    name: str
    expected_minutes: float
    std_minutes: float
    expected_finish: dt.datetime
    chain: tuple[str, ...]  # the driving chain of tasks, first to last
    due: dt.datetime | None
    probability: float | None  # of finishing by `due`

    def probability_by(self, minutes: float) -> float:
        return probability_by(self.expected_minutes, self.std_minutes, minutes)


@dataclass(frozen=True, slots=True)
class PertResult:
    tasks: tuple[TaskPert, ...]
    project: PertTarget
    targets: tuple[PertTarget, ...]  # milestones and tasks with a deadline, in schedule order


@dataclass(frozen=True, slots=True)
class _Pass:
    start: list[float]
    finish: list[float]
    var_s: list[float]
    var_f: list[float]
    # the event driving each start: (node, True for its finish) or None when the floor drives it
    driver: list[tuple[int, bool] | None]


def _expected_pass(net: RiskNetwork) -> _Pass:
    """Forward pass with expected durations, carrying the variance of each event's driving chain."""
    n = len(net.nodes)
    start, finish = [0.0] * n, [0.0] * n
    var_s, var_f = [0.0] * n, [0.0] * n
    driver: list[tuple[int, bool] | None] = [None] * n
    for j, node in enumerate(net.nodes):
        if node.summary:
            first = min(node.members, key=lambda m: (start[m], -var_s[m]))
            last = max(node.members, key=lambda m: (finish[m], var_f[m]))
            start[j], var_s[j], finish[j], var_f[j] = start[first], var_s[first], finish[last], var_f[last]
            driver[j] = (last, True)
            continue
        d, v = node.expected, node.std**2
        best, best_var, best_finish_var, best_driver = node.floor, 0.0, v, None
        for e in node.incoming:
            base, base_var = (
                (finish[e.source], var_f[e.source])
                if e.source_finish
                else (
                    start[e.source],
                    var_s[e.source],
                )
            )
            cand = base + e.lag - (d if e.minus_own else 0.0)
            cand_var = base_var + (v if e.minus_own else 0.0)
            # a finish-to-finish bound makes the finish equal to the source event: own spread cancels
            cand_finish_var = base_var if e.minus_own else base_var + v
            # on a tie the wider chain wins: the conservative odds
            if cand > best or (cand == best and cand_finish_var > best_finish_var):
                best, best_var, best_finish_var = cand, cand_var, cand_finish_var
                best_driver = (e.source, e.source_finish)
        start[j], finish[j], var_s[j], var_f[j] = best, best + d, best_var, best_finish_var
        driver[j] = best_driver
        placed = place_in_window(node.window, best, d) if node.window else None
        if placed is not None:
            if placed[0] > best:  # the window, not a predecessor, sets the start: the chain ends here
                var_s[j], driver[j] = 0.0, None
            start[j], finish[j] = placed
            scale = (placed[1] - placed[0]) / d if d else 0.0
            var_f[j] = var_s[j] + scale**2 * v
    return _Pass(start, finish, var_s, var_f, driver)


def _chain(net: RiskNetwork, p: _Pass, node: int) -> tuple[str, ...]:
    """Task ids along the driving chain that ends at `node`'s finish, first to last."""
    out: list[str] = []
    current: int | None = node
    while current is not None:
        n = net.nodes[current]
        if n.summary:
            last = max(n.members, key=lambda m: (p.finish[m], p.var_f[m]))
            current = last
            continue
        out.append(n.id)
        step = p.driver[current]
        current = step[0] if step is not None else None
    return tuple(reversed(out))


def pert(project: Project, axis: WorkingAxis, *, due: dt.datetime | None = None) -> PertResult:
    """PERT figures: per-task expected duration and spread, the project and each milestone/deadline.

    `due` is the date the project's odds are given for (default: the project's finish date, if any).
    """
    net = risk_network(project, axis)
    p = _expected_pass(net)

    def target(j: int | None) -> PertTarget:
        if j is None:
            # ties go to the later task: the milestone closing a chain rather than its last task
            j = max(net.leaves, key=lambda i: (p.finish[i], p.var_f[i], i)) if net.leaves else None
            name, ident, when = project.name, None, due or project.finish
        else:
            name, ident, when = net.nodes[j].name, net.nodes[j].id, net.nodes[j].due
        if j is None:  # an empty project finishes where it starts
            return PertTarget(ident, name, 0.0, 0.0, axis.finish_instant(0), (), when, None)
        expected, std = p.finish[j], math.sqrt(p.var_f[j])
        odds = None if when is None else probability_by(expected, std, axis.minutes_to(when))
        return PertTarget(
            id=ident,
            name=name,
            expected_minutes=expected,
            std_minutes=std,
            expected_finish=axis.finish_instant(math.ceil(expected - 1e-9)),
            chain=_chain(net, p, j),
            due=when,
            probability=odds,
        )

    targets = [j for j, n in enumerate(net.nodes) if n.milestone or n.due is not None]
    targets.sort(key=lambda j: (p.finish[j], j))
    tasks = tuple(TaskPert(n.id, n.name, n.expected, n.std, n.stochastic) for n in net.nodes if not n.summary)
    return PertResult(tasks=tasks, project=target(None), targets=tuple(target(j) for j in targets))
