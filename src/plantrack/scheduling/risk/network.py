"""The risk analysis network: the scheduler's own network with three-point durations on each node's axis.

PERT and Monte Carlo replay `cpm`'s forward pass on the network `build_network` lays out (cpm/build.py):
each node keeps its coordinates on its own time axis, working minutes on its calendar (the task's, its
resources' with their absences, or the project's) or plain minutes for elapsed tasks, milestones and
summary entry/exit nodes. A three-point estimate is therefore sampled in the units `cpm` counts the task
in, links convert between axes exactly as `cpm` converts them, shutdown windows are placed on the task's
own calendar, and a plan with no spread lands exactly where `cpm` puts it.

Progress is `build_network`'s: finished tasks are fixed at their actual dates (no spread), tasks in
progress continue with their remaining work from the status date (the estimate scaled by the share left),
and no unstarted work starts before the status date.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from plantrack.scheduling.calendar import CalendarCache, TimeAxis, WorkCalendar, to_minute
from plantrack.scheduling.cpm.build import build_network
from plantrack.scheduling.cpm.network import COMPLETE, EXIT, IN_PROGRESS, LEAF, NEG, PLANNED
from plantrack.scheduling.model import ConstraintKind, Project, Task, TaskActual
from plantrack.scheduling.risk.calendar_arrays import ArrayAxis, ArrayCalendar, Floats, array_axis


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
        return self._origin + dt.timedelta(minutes=self._calendar.start_at(self._base + minutes))

    def finish_instant(self, minutes: int) -> dt.datetime:
        if minutes <= 0:  # nothing done yet: the project start, where the scheduler puts a first milestone
            return self._start
        return self._origin + dt.timedelta(minutes=self._calendar.finish_at(self._base + minutes))


@dataclass(frozen=True, slots=True)
class RiskEdge:
    """A link or parent/child edge as `cpm_passes.forward_bound` reads it (see cpm_network.Edge)."""

    source: int
    code: int  # PRED_FINISH: the source's finish (else start); SUCC_FINISH: bounds this node's finish
    lag: int
    fast: bool  # the bound is plain `value + lag` (same axis, lag counted on it)
    elapsed: bool  # the lag counts plain minutes


@dataclass(frozen=True, slots=True)
class RiskNode:
    """A leaf task, or a summary's entry or exit node (`kind`), in the scheduler's coordinates."""

    id: str
    name: str
    kind: int  # LEAF, ENTRY or EXIT
    axis: TimeAxis  # the axis the node's coordinates and durations are counted on
    work: WorkCalendar  # its working calendar (lags count working time on it)
    low: float  # optimistic duration, on `axis`
    mode: float  # most likely
    high: float  # pessimistic
    floor: float | None  # earliest start (project start, status date, constraints); None: summary node
    must_start: float | None
    incoming: tuple[RiskEdge, ...]  # none for finished tasks and tasks in progress (they no longer wait)
    milestone: bool = False
    due: dt.datetime | None = None  # deadline or finish-no-later-than, the earlier of both
    window: tuple[tuple[float, float], ...] = ()  # shutdown window periods (start, end) on `axis`
    status: str = PLANNED  # "complete": fixed at its actual dates; "in-progress": remaining work only
    # a kept leveling delay (minutes, elapsed) and the floor it counts from, as `cpm_passes._delayed`
    delay: tuple[int, bool] | None = None
    pre_floor: float | None = None

    @property
    def summary(self) -> bool:
        return self.kind != LEAF

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
    """Nodes in topological order (every edge's source before its target), minutes from `origin`."""

    nodes: tuple[RiskNode, ...]
    leaves: tuple[int, ...]
    origin: dt.datetime
    start: int  # the project start, minutes from origin
    calendar: WorkCalendar  # the project calendar: the reports' working hours count on it
    _arrays: dict[int, ArrayCalendar] = field(default_factory=dict, compare=False, repr=False)

    def axis_of(self, v: int) -> ArrayAxis:
        """The array maps of node `v`'s axis."""
        return array_axis(self.nodes[v].axis, self._arrays)

    def work_of(self, v: int) -> ArrayAxis:
        """The array maps of node `v`'s working calendar."""
        return array_axis(self.nodes[v].work, self._arrays)

    def finish_minutes(self, v: int, coordinate: Floats) -> Floats:
        """Finish coordinates of node `v` -> minutes from origin (the end of the last working minute)."""
        return self.axis_of(v).finish_at(coordinate)

    def working_minutes(self, minutes: Floats) -> Floats:
        """Minutes from origin -> working minutes on the project calendar since the project start."""
        axis = array_axis(self.calendar, self._arrays)
        base = axis.work_before(np.array([float(self.start)]))[0]
        return np.asarray(np.maximum(axis.work_before(minutes) - base, 0.0), dtype=np.float64)


def _three_points(task: Task) -> tuple[float, float, float] | None:
    """Optimistic, likely and pessimistic minutes of an estimated task (None: no estimate)."""
    if task.milestone or task.estimate is None:
        return None
    est = task.estimate  # the estimate is what risk analysis is about, even beside a duration
    return float(est.optimistic.minutes), float(est.likely.minutes), float(est.pessimistic.minutes)


def _planned_minutes(task: Task, units: Mapping[str, float]) -> int:
    """The length `cpm` gives the task before progress (cpm_network's `_duration`)."""
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
    # multiplied first: a zero-spread estimate then gives `remaining` exactly, not within a rounding
    return points[0] * remaining / planned, points[1] * remaining / planned, points[2] * remaining / planned


def _due(task: Task) -> dt.datetime | None:
    dates = [c.date for c in task.constraints if c.kind is ConstraintKind.FINISH_NO_LATER_THAN]
    if task.deadline is not None:
        dates.append(task.deadline)
    return min(dates) if dates else None


def _risk_project(project: Project) -> Project:
    """The plan whose node axes fit the estimates: an estimate counted in elapsed time beside a working
    duration (or the reverse) puts its task on the estimate's axis, the one its samples are counted on."""
    mismatched = {
        t.id
        for t in project.tasks
        if t.estimate is not None
        and t.duration is not None
        and not t.milestone
        and t.duration.elapsed != t.estimate.likely.elapsed
    }
    if not mismatched:
        return project
    tasks = tuple(dataclasses.replace(t, duration=None) if t.id in mismatched else t for t in project.tasks)
    return dataclasses.replace(project, tasks=tasks)


def risk_network(
    project: Project,
    *,
    status_date: dt.datetime | None = None,
    actuals: Mapping[str, TaskActual] | None = None,
) -> RiskNetwork:
    """Build the PERT/Monte Carlo network from `cpm`'s (links on summaries act on their leaves).

    With a status date (else `project.status_date`) and actuals, progress is applied as `cpm` does.
    Raises InvalidInput with every error validation finds (unknown ids, named cycles…) and
    Unschedulable on contradictory constraints, as `cpm` does.
    """
    project = _risk_project(project)
    net = build_network(project, status_date=status_date, actuals=actuals)
    units: dict[str, float] = {}
    for a in project.assignments:
        units[a.task] = units.get(a.task, 0.0) + a.units
    position = {v: j for j, v in enumerate(net.order)}
    windows = project.window_map()
    nodes: list[RiskNode] = []
    for v in net.order:
        task = project.tasks[net.node_task[v]]
        axis, state, d = net.axis[v], net.status[v], float(net.dur[v])
        points = (d, d, d)
        raw = _three_points(task) if net.kind[v] == LEAF and state != COMPLETE else None
        if raw is not None:
            points = raw
            if state == IN_PROGRESS:
                points = _remaining_points(raw, net.dur[v], _planned_minutes(task, units))
        periods: tuple[tuple[float, float], ...] = ()
        if state == PLANNED and net.kind[v] == LEAF and task.window is not None:
            spans = sorted(
                (to_minute(net.origin, p.start), to_minute(net.origin, p.end))
                for p in windows[task.window].periods
            )
            periods = tuple((float(axis.work_before(a)), float(axis.work_before(b))) for a, b in spans)
        incoming: tuple[RiskEdge, ...] = ()
        if state == PLANNED:  # started work no longer waits for its links (cpm's forward pass)
            incoming = tuple(
                RiskEdge(source=position[src], code=code, lag=lag, fast=fast, elapsed=elapsed)
                for src, code, lag, fast, elapsed, _ in net.ins[v]
            )
        must = net.must_start[v]
        nodes.append(
            RiskNode(
                id=task.id,
                name=task.name,
                kind=net.kind[v],
                axis=axis,
                work=net.work[v],
                low=points[0],
                mode=points[1],
                high=points[2],
                floor=None if net.floor[v] == NEG else float(net.floor[v]),
                must_start=None if must is None or state != PLANNED else float(must),
                incoming=incoming,
                milestone=task.milestone and net.kind[v] == LEAF,
                # a summary's deadline is read at its exit node: where its last child finishes
                due=_due(task) if net.kind[v] in (LEAF, EXIT) else None,
                window=periods,
                status=state,
                # as in `cpm`: a must-start-on date overrides the delay of work not yet started
                delay=None
                if state == COMPLETE or (must is not None and state == PLANNED)
                else net.delay.get(v),
                pre_floor=float(net.pre_floor[v]) if v in net.pre_floor else None,
            )
        )
    assert net.calendars is not None
    return RiskNetwork(
        nodes=tuple(nodes),
        leaves=tuple(j for j, node in enumerate(nodes) if node.kind == LEAF),
        origin=net.origin,
        start=to_minute(net.origin, project.start),
        calendar=net.calendars.get(project.calendar),
    )
