"""The risk analysis network: one working-minute axis, three-point durations and progress at a status date.

Risk analysis runs on one time axis: working minutes on the project calendar counted from the project
start. A task whose time is not the project calendar's working time (an elapsed duration `5ed`, or work
on another calendar) gets its axis length from the critical path schedule's own dates for it, so the
expected plan lands where `cpm` puts it; the spread scales in the same ratio. Elapsed lags are converted
the same way at the event they follow. Where `cpm` cannot run (a missed shutdown window), elapsed time
falls back to the project's working share of a week (`minutes_per_week / 10080`). A task bound to a
shutdown window is placed in the first period it fits in, its work spread over the project calendar's
working time in that period (none for a weekend stop).

With a status date and actuals it follows `cpm`'s rescheduling: finished tasks are fixed at their actual
dates (no spread), tasks in progress continue with their remaining work from the status date, and no
unstarted work starts before the status date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

import networkx as nx

from plantrack.scheduling.calendar import CalendarCache, to_datetime, to_minute
from plantrack.scheduling.cpm import Schedule, cpm
from plantrack.scheduling.cpm_network import COMPLETE, IN_PROGRESS, PLANNED
from plantrack.scheduling.duration import ELAPSED_MINUTES_PER_WEEK, Duration
from plantrack.scheduling.errors import InvalidInput, Problem
from plantrack.scheduling.model import ConstraintKind, Link, LinkType, Project, Task, TaskActual, Window
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
    status: str = PLANNED  # "complete": fixed at its actual dates; "in-progress": remaining work only

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


def _three_points(task: Task, units: float) -> tuple[tuple[float, float, float], bool]:
    """Optimistic, likely and pessimistic lengths in the task's own minutes, and whether they are elapsed."""
    if task.milestone:
        return (0.0, 0.0, 0.0), False
    if task.estimate is not None:  # the estimate is what risk analysis is about, even beside a duration
        est = task.estimate
        points = (est.optimistic.minutes, est.likely.minutes, est.pessimistic.minutes)
        return (float(points[0]), float(points[1]), float(points[2])), est.likely.elapsed
    if task.duration is not None:
        d = float(task.duration.minutes)
        return (d, d, d), task.duration.elapsed
    if task.effort is not None:
        d = task.effort.minutes / (units or 1.0)
        return (d, d, d), task.effort.elapsed
    return (0.0, 0.0, 0.0), False


def _planned_minutes(task: Task, units: Mapping[str, float]) -> int:
    """The length `cpm` gives the task (its `_durations`), the base of the remaining share."""
    planned = task.planned_duration()
    if planned is not None:
        return planned.minutes
    if task.effort is not None:
        return max(1, round(task.effort.minutes / units.get(task.id, 1.0)))
    return 0


def _remaining_points(
    points: tuple[float, float, float], remaining: int, planned: int
) -> tuple[float, float, float]:
    """An in-progress task's three points for its `remaining` minutes (as `cpm` counts them).

    Rule: the whole estimate is scaled by the remaining share of the planned length, remaining /
    planned (an explicit remaining time, else (100 - % complete) / 100 of the plan). The work left keeps
    the relative spread of the whole task (more remaining than planned widens it), and with a
    zero-spread estimate the remaining length is exactly `cpm`'s.
    """
    if planned <= 0:  # nothing planned to scale: the stated remaining time, without spread
        return float(remaining), float(remaining), float(remaining)
    share = remaining / planned
    return points[0] * share, points[1] * share, points[2] * share


def _remaining_minutes(actual: TaskActual, planned: int) -> int:
    """The remaining length `cpm` schedules for a task in progress."""
    if actual.remaining is not None:
        return actual.remaining.minutes
    return round(planned * (100 - actual.percent_complete) / 100)


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


def _check_actuals(project: Project, actuals: Mapping[str, TaskActual]) -> None:
    known = project.task_map()
    unknown = [tid for tid in actuals if tid not in known]
    if unknown:
        raise InvalidInput(
            [
                Problem(code="task-unknown", message=f"progress names an unknown task {t}", ids=(t,))
                for t in unknown
            ]
        )


def _schedule(
    project: Project, status_date: dt.datetime | None, actuals: Mapping[str, TaskActual]
) -> Schedule | None:
    """The critical path schedule whose dates convert non-working time to the axis; None if it fails."""
    try:
        return cpm(project, status_date=status_date, actuals=actuals)
    except InvalidInput:  # e.g. a shutdown window missed: the simulation reports that per run instead
        return None


def risk_network(
    project: Project,
    axis: WorkingAxis,
    *,
    status_date: dt.datetime | None = None,
    actuals: Mapping[str, TaskActual] | None = None,
) -> RiskNetwork:
    """Build the PERT/Monte Carlo network: links on summaries apply to their leaves, summaries roll up.

    With a status date (else `project.status_date`) and actuals, progress is applied as `cpm` does.
    Raises InvalidInput with every error `network.check` finds (unknown ids, named cycles…).
    """
    check(project)
    actuals = actuals or {}
    _check_actuals(project, actuals)
    status_date = status_date or project.status_date
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
    plant = calendars.get(project.calendar)
    windows = project.window_map()
    resources: dict[str, list[str]] = {}
    units: dict[str, float] = {}
    for a in project.assignments:
        resources.setdefault(a.task, []).append(a.resource)
        units[a.task] = units.get(a.task, 0.0) + a.units
    status: dict[str, str] = {}
    resume: dict[str, dt.datetime] = {}  # in progress: where the remaining work picks up
    for tid, actual in actuals.items():
        if tid in children:  # a summary's progress is rolled up from its children
            continue
        if actual.actual_finish is not None:
            status[tid] = COMPLETE
        elif actual.actual_start is not None:
            status[tid] = IN_PROGRESS
            resume[tid] = max(actual.actual_start, status_date or actual.actual_start)
    # tasks whose length is not project working time: their axis length comes from cpm's dates
    foreign = {
        t.id
        for t in project.tasks
        if t.id not in children
        and status.get(t.id) != COMPLETE
        and t.window is None
        and (_three_points(t, 0.0)[1] or calendars.for_task(t, resources.get(t.id, [])) is not plant)
    }
    elapsed_lags = any(link.lag.elapsed and link.lag.minutes for link in project.links)
    schedule = _schedule(project, status_date, actuals) if foreign or elapsed_lags else None
    incoming: dict[str, list[Edge]] = {tid: [] for tid in order}
    for link in project.links:
        edge = Edge(
            source=index[link.predecessor],
            source_finish=link.type in (LinkType.FS, LinkType.FF),
            lag=_lag(link, project, axis, schedule, resume),
            minus_own=link.type in (LinkType.FF, LinkType.SF),
        )
        for leaf in leaf_sets[link.successor]:
            if status.get(leaf, PLANNED) == PLANNED:  # started work no longer waits for its links
                incoming[leaf].append(edge)
    nodes = []
    for tid in order:
        task = tasks[tid]
        is_summary = tid in children
        state = status.get(tid, PLANNED)
        floors = [
            axis.minutes_to(c.date)
            for c in task.constraints
            if c.kind is ConstraintKind.START_NO_EARLIER_THAN
            or (c.kind is ConstraintKind.MUST_START_ON and state == PLANNED)
        ]
        if is_summary:
            points = (0.0, 0.0, 0.0)
        elif state == COMPLETE:
            actual = actuals[tid]
            assert actual.actual_finish is not None
            begin = axis.minutes_to(actual.actual_start or actual.actual_finish)
            length = float(axis.minutes_to(actual.actual_finish) - begin)
            points, floors = (length, length, length), [begin]
        else:
            raw, elapsed = _three_points(task, units.get(tid, 0.0))
            planned = _planned_minutes(task, units)
            cpm_length = planned
            if state == IN_PROGRESS:
                cpm_length = _remaining_minutes(actuals[tid], planned)
                raw = _remaining_points(raw, cpm_length, planned)
                floors.append(axis.minutes_to(resume[tid]))
            elif status_date is not None:
                floors.append(axis.minutes_to(status_date))
            scale = None
            if tid in foreign and schedule is not None and cpm_length > 0:
                ts = schedule.task(tid)
                begin_at = resume.get(tid, ts.early_start_at)
                span = axis.minutes_to(ts.early_finish_at) - axis.minutes_to(begin_at)
                scale = span / cpm_length
            elif elapsed:
                scale = project.minutes_per_week / ELAPSED_MINUTES_PER_WEEK
            points = (raw[0] * scale, raw[1] * scale, raw[2] * scale) if scale is not None else raw
        nodes.append(
            RiskNode(
                id=tid,
                name=task.name,
                summary=is_summary,
                milestone=task.milestone,
                low=points[0],
                mode=points[1],
                high=points[2],
                floor=float(max(floors, default=0)),
                incoming=tuple(incoming[tid]),
                members=tuple(index[leaf] for leaf in leaf_sets[tid]) if is_summary else (),
                due=_due(task),
                window=()
                if state != PLANNED
                else _window_periods(task, windows, calendars, resources.get(tid, []), axis),
                status=state,
            )
        )
    return RiskNetwork(nodes=tuple(nodes), leaves=tuple(i for i, n in enumerate(nodes) if not n.summary))


def _lag(
    link: Link,
    project: Project,
    axis: WorkingAxis,
    schedule: Schedule | None,
    resume: Mapping[str, dt.datetime],
) -> float:
    """A link's lag on the axis; an elapsed one measured at the event it follows in `cpm`'s schedule."""
    lag = link.lag
    if not lag.elapsed or schedule is None:
        return axis_minutes(lag, project)
    pred = schedule.task(link.predecessor)
    if link.type in (LinkType.FS, LinkType.FF):
        event = pred.early_finish_at
    else:  # a task in progress drives its SS/SF successors from where its work resumes, as in cpm
        event = resume.get(link.predecessor, pred.early_start_at)
    return float(axis.minutes_to(event + dt.timedelta(minutes=lag.minutes)) - axis.minutes_to(event))
