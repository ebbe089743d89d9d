"""PERT: three-point expected durations, the critical chain's variance and the odds of meeting a date.

The network, its working-minute axis and the progress rules live in `risk_network.py` (re-exported
here); the same network feeds the Monte Carlo simulation in `montecarlo.py`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass

from plantrack.scheduling.model import Project, TaskActual
from plantrack.scheduling.risk_network import (
    CalendarAxis,
    Edge,
    RiskNetwork,
    RiskNode,
    WorkingAxis,
    axis_minutes,
    place_in_window,
    risk_network,
)

__all__ = [
    "CalendarAxis",
    "Edge",
    "PertResult",
    "PertTarget",
    "RiskNetwork",
    "RiskNode",
    "TaskPert",
    "WorkingAxis",
    "axis_minutes",
    "normal_cdf",
    "pert",
    "place_in_window",
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


def pert(
    project: Project,
    axis: WorkingAxis,
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
    net = risk_network(project, axis, status_date=status_date, actuals=actuals)
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
    tasks = tuple(
        TaskPert(n.id, n.name, n.expected, n.std, n.stochastic, n.status) for n in net.nodes if not n.summary
    )
    return PertResult(tasks=tasks, project=target(None), targets=tuple(target(j) for j in targets))
