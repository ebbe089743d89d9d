"""PERT: three-point expected durations, the critical chain's variance and the odds of meeting a date.

The expected plan is `cpm`'s forward pass on its own network (risk/network.py) with each task's
expected duration, on the task's own axis; the variance of each event is that of the chain driving
it. On a tie the wider chain wins (the conservative odds), also where the tie is one of dates on the
successor's axis (a plant task ending while the crew is off meets the crew's next shift there). A
task's figures are in its own units: working minutes of its calendar, or elapsed minutes. A target's
expected finish is a real instant (`cpm`'s conversion) and its hours count working time on the
project calendar from the project start; its odds come from the normal approximation, the margin to
its due date counted on the axis of the last task that takes time on its driving chain. The Monte
Carlo simulation (montecarlo.py) uses the same network.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from plantrack.scheduling.calendar import to_datetime, to_minute
from plantrack.scheduling.cpm.network import COMPLETE, LEAF, PRED_FINISH, SUCC_FINISH
from plantrack.scheduling.model import Project, TaskActual
from plantrack.scheduling.risk.network import CalendarAxis, RiskNetwork, RiskNode, WorkingAxis, risk_network
from plantrack.scheduling.risk.passes import bound, delayed_start

__all__ = [
    "CalendarAxis",
    "PertResult",
    "PertTarget",
    "RiskNetwork",
    "RiskNode",
    "TaskPert",
    "WorkingAxis",
    "normal_cdf",
    "pert",
    "probability_by",
    "risk_network",
]


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
    status: str = "planned"  # "in-progress": the figures are the remaining work's; "complete": fixed


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


Event = tuple[int, bool]  # (node, True for its finish)


@dataclass(slots=True)
class _Pass:
    """Expected start and finish coordinates, their variances and the event driving each."""

    start: list[float | None]
    finish: list[float | None]
    var_s: list[float]
    var_f: list[float]
    driver_s: list[Event | None]  # None: the floor, a date or a window sets it
    driver_f: list[Event | None]


def _bound(net: RiskNetwork, node: RiskNode, v: int, p: _Pass) -> list[tuple[float, float, bool, Event]]:
    """Each incoming edge's bound on `v`, with the source event's variance and whether it binds the finish."""
    out = []
    for e in node.incoming:
        at_finish = bool(e.code & PRED_FINISH)
        value = (p.finish if at_finish else p.start)[e.source]
        if value is None:
            continue
        b = float(bound(net, e, v, np.array([value]))[0])
        out.append(
            (
                b,
                (p.var_f if at_finish else p.var_s)[e.source],
                bool(e.code & SUCC_FINISH),
                (e.source, at_finish),
            )
        )
    return out


def _expected_pass(net: RiskNetwork) -> _Pass:
    """Forward pass with expected durations, carrying the variance of each event's driving chain."""
    n = len(net.nodes)
    p = _Pass([None] * n, [None] * n, [0.0] * n, [0.0] * n, [None] * n, [None] * n)
    for v, node in enumerate(net.nodes):
        if node.kind != LEAF:  # a summary's entry or exit node: the latest bound on each event
            for b, var, own, event in _bound(net, node, v, p):
                values, variances, drivers = (
                    (p.finish, p.var_f, p.driver_f) if own else (p.start, p.var_s, p.driver_s)
                )
                current = values[v]
                if current is None or b > current or (b == current and var > variances[v]):
                    values[v], variances[v], drivers[v] = b, var, event
            continue
        d, var = node.expected, node.std**2
        assert node.floor is not None
        best, best_var, best_finish_var, why = node.floor, 0.0, var, None
        links = -math.inf
        for b, base_var, own, event in _bound(net, node, v, p):
            cand = b - d if own else b
            links = max(links, cand)
            # a finish-to-finish bound makes the finish equal to the source event: own spread cancels
            cand_var = base_var + var if own else base_var
            cand_finish_var = base_var if own else base_var + var
            # on a tie the wider chain wins: the conservative odds
            if cand > best or (cand == best and cand_finish_var > best_finish_var):
                best, best_var, best_finish_var, why = cand, cand_var, cand_finish_var, event
        if node.must_start is not None:  # the date, not a predecessor, sets the start: the chain ends
            best, best_var, best_finish_var, why = node.must_start, 0.0, var, None
        elif node.delay is not None:  # a kept leveling delay shifts the chain that drives the task
            best = max(best, float(delayed_start(net, v, np.array([links]), d)[0]))
        if node.window:
            placed = _place(node.window, best, d)
            if placed > best:  # the window, not a predecessor, sets the start: the chain ends here
                best, best_var, best_finish_var, why = placed, 0.0, var, None
        p.start[v], p.finish[v], p.var_s[v], p.var_f[v] = best, best + d, best_var, best_finish_var
        p.driver_s[v] = p.driver_f[v] = why
    return p


def _place(periods: tuple[tuple[float, float], ...], ready: float, d: float) -> float:
    """The start in the first period the task fits in whole; `ready` when none does (cpm stops there)."""
    for lo, hi in periods:
        start = max(ready, lo)
        if start + d <= hi:
            return start
    return ready


def _chain(net: RiskNetwork, p: _Pass, node: int) -> tuple[str, ...]:
    """Task ids along the driving chain that ends at `node`'s finish, first to last."""
    out: list[str] = []
    current: Event | None = (node, True)
    while current is not None:
        v, at_finish = current
        if net.nodes[v].kind == LEAF:
            out.append(net.nodes[v].id)
            current = p.driver_s[v]  # a task's finish follows its start
        else:
            current = p.driver_f[v] if at_finish else p.driver_s[v]
    return tuple(reversed(out))


def _spread_axis(net: RiskNetwork, p: _Pass, node: int) -> int:
    """The node whose axis measures the margin to a due date: the last task that takes time on the
    driving chain ending at `node` (a milestone's spread is its predecessors', counted on their axis)."""
    current: Event | None = (node, True)
    while current is not None:
        v, at_finish = current
        if net.nodes[v].kind == LEAF:
            if net.nodes[v].expected > 0:
                return v
            current = p.driver_s[v]
        else:
            current = p.driver_f[v] if at_finish else p.driver_s[v]
    return node


def _own_minutes(node: RiskNode) -> tuple[float, float]:
    """A task's expected length and spread in its own units; a finished task's actual working time."""
    if node.status == COMPLETE:  # fixed at its actual dates, counted on its own calendar
        assert node.floor is not None
        begin = int(node.floor)
        return float(node.work.working_between(begin, begin + int(node.mode))), 0.0
    return node.expected, node.std


def pert(
    project: Project,
    *,
    due: dt.datetime | None = None,
    status_date: dt.datetime | None = None,
    actuals: Mapping[str, TaskActual] | None = None,
) -> PertResult:
    """PERT figures: per-task expected duration and spread, the project and each milestone/deadline.

    `due` is the date the project's odds are given for (default: the project's finish date, if any).
    With a status date and actuals only the remaining work is uncertain (see `risk_network`): a finished
    task has no spread, a task in progress the spread of its remaining share.
    """
    net = risk_network(project, status_date=status_date, actuals=actuals)
    p = _expected_pass(net)
    # each target's expected finish as minutes from origin (one conversion per axis)
    ends = [
        j for j, node in enumerate(net.nodes) if p.finish[j] is not None and (node.kind == LEAF or node.due)
    ]
    instant: dict[int, float] = {}
    by_axis: dict[int, list[int]] = {}
    for j in ends:
        by_axis.setdefault(id(net.nodes[j].axis), []).append(j)
    for group in by_axis.values():
        values = np.array([p.finish[j] for j in group], dtype=np.float64)
        instant.update(zip(group, (float(m) for m in net.finish_minutes(group[0], values)), strict=True))

    def target(j: int | None) -> PertTarget:
        if j is None:
            # ties go to the later task: the milestone closing a chain rather than its last task
            j = max(net.leaves, key=lambda i: (instant[i], p.var_f[i], i)) if net.leaves else None
            name, ident, when = project.name, None, due or project.finish
        else:
            name, ident, when = net.nodes[j].name, net.nodes[j].id, net.nodes[j].due
        if j is None:  # an empty project finishes where it starts
            return PertTarget(ident, name, 0.0, 0.0, project.start, (), when, None)
        std = math.sqrt(p.var_f[j])
        odds = None
        if when is not None:  # the margin in the working time the chain's spread is counted in
            axis = net.axis_of(_spread_axis(net, p, j))
            expected, limit = axis.work_before(np.array([instant[j], float(to_minute(net.origin, when))]))
            odds = probability_by(float(expected), std, float(limit))
        return PertTarget(
            id=ident,
            name=name,
            expected_minutes=float(net.working_minutes(np.array([instant[j]]))[0]),
            std_minutes=std,
            # a fractional minute still occupies that working minute: round the finish up
            expected_finish=to_datetime(net.origin, math.ceil(instant[j] - 1e-9)),
            chain=_chain(net, p, j),
            due=when,
            probability=odds,
        )

    targets = [j for j in ends if net.nodes[j].milestone or net.nodes[j].due is not None]
    targets.sort(key=lambda j: (instant[j], j))
    tasks = tuple(
        TaskPert(n.id, n.name, *_own_minutes(n), n.stochastic, n.status) for n in net.nodes if n.kind == LEAF
    )
    return PertResult(tasks=tasks, project=target(None), targets=tuple(target(j) for j in targets))
