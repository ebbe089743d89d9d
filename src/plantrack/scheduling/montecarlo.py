"""Monte Carlo schedule risk: percentile dates, odds of each deadline, criticality and sensitivity.

Every run samples each three-point task's duration (beta-PERT with lambda = 4, or triangular) and
replays the forward pass over all FS/SS/FF/SF links with their lags, vectorised over runs with numpy:
each task's start is a `(runs,)` array. Like `pert.py` it works on the working-minute axis of the
project calendar (elapsed durations and other calendars converted by the working share of a week),
so percentiles are exact on a single calendar and an approximation across calendars. Windows and
resource leveling are outside the simulation: it measures the spread the estimates alone cause.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from plantrack.scheduling.model import Project
from plantrack.scheduling.pert import RiskNetwork, WorkingAxis, risk_network

DEFAULT_RUNS = 10_000
PERCENTILES = (50, 80, 95)
#: Weight of the most likely value in the beta-PERT distribution (the classic PERT mean uses 4).
PERT_LAMBDA = 4.0
#: Events closer than this (minutes) are tied: every tied chain is a critical chain.
_TIE = 1e-6

Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]


class Distribution(StrEnum):
    BETA = "beta"
    TRIANGULAR = "triangular"


@dataclass(frozen=True, slots=True)
class Simulation:
    """Raw results on the working-minute axis (arrays over runs), before conversion to dates."""

    finish: Floats  # (runs,) project finish
    node_finish: dict[int, Floats]  # (runs,) finish of each target node
    criticality: Floats  # (n_nodes,) share of runs each node is on a critical chain (leaves only)
    sampled: tuple[int, ...]  # nodes whose duration was sampled
    sensitivity: Floats  # (len(sampled),) Spearman rank correlation with the project finish


def sample_durations(
    low: Floats,
    mode: Floats,
    high: Floats,
    runs: int,
    rng: np.random.Generator,
    distribution: Distribution,
) -> Floats:
    """A (tasks, runs) matrix of durations; every task must have high > low."""
    width = (high - low)[:, None]
    if distribution is Distribution.BETA:
        alpha = 1 + PERT_LAMBDA * (mode - low) / (high - low)
        beta = 1 + PERT_LAMBDA * (high - mode) / (high - low)
        shape = (len(low), runs)
        return np.asarray(low[:, None] + width * rng.beta(alpha[:, None], beta[:, None], size=shape))
    # triangular by its inverse distribution function: one uniform per sample
    u = rng.random((len(low), runs))
    c = ((mode - low) / (high - low))[:, None]
    left = low[:, None] + np.sqrt(u * width * (mode - low)[:, None])
    right = high[:, None] - np.sqrt((1 - u) * width * (high - mode)[:, None])
    return np.asarray(np.where(u < c, left, right))


def _ranks(matrix: Floats) -> Floats:
    """Ordinal ranks along the last axis (continuous samples have no ties)."""
    order = np.argsort(matrix, axis=-1)
    ranks = np.empty(matrix.shape, dtype=np.float64)
    np.put_along_axis(ranks, order, np.arange(matrix.shape[-1], dtype=np.float64), axis=-1)
    return ranks


def _average_ranks(values: Floats) -> Floats:
    """Ranks of a vector with ties sharing their average rank (the finish often repeats)."""
    _, inverse, counts = np.unique(values, return_inverse=True, return_counts=True)
    ends = np.cumsum(counts)
    average = ends - (counts + 1) / 2.0
    return np.asarray(average[inverse], dtype=np.float64)


def spearman(durations: Floats, finish: Floats) -> Floats:
    """Spearman rank correlation of each row of `durations` with `finish` (0 where either is constant)."""
    if durations.shape[0] == 0:
        return np.zeros(0)
    rx = _ranks(durations)
    ry = _average_ranks(finish)
    rx -= rx.mean(axis=1, keepdims=True)
    ry = ry - ry.mean()
    denom = np.sqrt((rx**2).sum(axis=1) * (ry**2).sum())
    num = rx @ ry
    return np.asarray(np.divide(num, denom, out=np.zeros_like(num), where=denom > 0))


def simulate(
    net: RiskNetwork,
    *,
    runs: int = DEFAULT_RUNS,
    seed: int = 0,
    distribution: Distribution = Distribution.BETA,
    targets: tuple[int, ...] = (),
) -> Simulation:
    """Run the simulation on a risk network; pure: the same seed gives the same figures."""
    if runs < 1:
        raise ValueError("runs must be at least 1")
    rng = np.random.default_rng(seed)
    nodes = net.nodes
    n = len(nodes)
    sampled = tuple(i for i in net.leaves if nodes[i].stochastic)
    low = np.array([nodes[i].low for i in sampled], dtype=np.float64)
    mode = np.array([nodes[i].mode for i in sampled], dtype=np.float64)
    high = np.array([nodes[i].high for i in sampled], dtype=np.float64)
    drawn = sample_durations(low, mode, high, runs, rng, distribution)
    row = {node: r for r, node in enumerate(sampled)}

    def duration(j: int) -> Floats | float:
        return drawn[row[j]] if j in row else nodes[j].mode

    start = np.zeros((n, runs))
    finish = np.zeros((n, runs))
    for j, node in enumerate(nodes):
        if node.summary:
            members = list(node.members)
            start[j] = start[members].min(axis=0)
            finish[j] = finish[members].max(axis=0)
            continue
        s = start[j]
        s.fill(node.floor)
        d = duration(j)
        for e in node.incoming:
            cand = (finish if e.source_finish else start)[e.source] + e.lag
            np.maximum(s, cand - d if e.minus_own else cand, out=s)
        np.add(s, d, out=finish[j])

    leaves = list(net.leaves)
    project_finish = finish[leaves].max(axis=0) if leaves else np.zeros(runs)
    criticality = _criticality(net, start, finish, project_finish, duration)
    sensitivity = spearman(drawn, project_finish)
    return Simulation(
        finish=project_finish,
        node_finish={j: finish[j].copy() for j in targets},
        criticality=criticality,
        sampled=sampled,
        sensitivity=sensitivity,
    )


def _criticality(
    net: RiskNetwork,
    start: Floats,
    finish: Floats,
    project_finish: Floats,
    duration: Callable[[int], Floats | float],
) -> Floats:
    """Walk back from the finish through every tight (driving) link, run by run, all runs at once."""
    nodes = net.nodes
    n, runs = start.shape
    on_start = np.zeros((n, runs), dtype=np.bool_)
    on_finish = np.zeros((n, runs), dtype=np.bool_)
    for j in net.leaves:
        on_finish[j] = finish[j] >= project_finish - _TIE
    for j in range(n - 1, -1, -1):
        node = nodes[j]
        if node.summary:
            for m in node.members:
                on_start[m] |= on_start[j] & (start[m] <= start[j] + _TIE)
                on_finish[m] |= on_finish[j] & (finish[m] >= finish[j] - _TIE)
            continue
        # the finish is always start + duration: a critical finish means a critical start
        mask = on_start[j] | on_finish[j]
        on_start[j] = mask
        if not node.incoming or not mask.any():
            continue
        d = duration(j)
        for e in node.incoming:
            cand = (finish if e.source_finish else start)[e.source] + e.lag
            if e.minus_own:
                cand = cand - d
            tight = mask & (cand >= start[j] - _TIE)
            (on_finish if e.source_finish else on_start)[e.source] |= tight
    share = on_start.mean(axis=1)
    for j, node in enumerate(nodes):
        if node.summary:
            share[j] = np.nan
    return np.asarray(share, dtype=np.float64)


@dataclass(frozen=True, slots=True)
class Odds:
    """Percentile dates of one finish (project or target) and the chance of meeting its due date."""

    id: str | None  # None for the project
    name: str
    percentiles: dict[int, dt.datetime]
    percentile_minutes: dict[int, float]
    mean_minutes: float
    std_minutes: float
    due: dt.datetime | None
    probability: float | None


@dataclass(frozen=True, slots=True)
class TaskRisk:
    id: str
    name: str
    criticality: float  # share of runs in which the task is on a critical chain
    sensitivity: float | None  # Spearman rho of its duration with the project finish; None if fixed


@dataclass(frozen=True, slots=True)
class MonteCarloResult:
    runs: int
    seed: int
    distribution: Distribution
    project: Odds
    targets: tuple[Odds, ...]
    tasks: tuple[TaskRisk, ...]  # in schedule order

    def sensitivity_ranking(self) -> tuple[TaskRisk, ...]:
        """Sampled tasks, the one driving the finish date's spread most first."""
        ranked = [t for t in self.tasks if t.sensitivity is not None]
        return tuple(sorted(ranked, key=lambda t: (-(t.sensitivity or 0.0), t.id)))


def _odds(
    ident: str | None,
    name: str,
    values: Floats,
    due: dt.datetime | None,
    axis: WorkingAxis,
) -> Odds:
    levels = np.quantile(values, [p / 100 for p in PERCENTILES])
    minutes = {p: float(v) for p, v in zip(PERCENTILES, levels, strict=True)}
    probability = None
    if due is not None:
        probability = float(np.mean(values <= axis.minutes_to(due) + _TIE))
    return Odds(
        id=ident,
        name=name,
        # a fractional minute still occupies that working minute: round the finish up
        percentiles={p: axis.finish_instant(math.ceil(v - _TIE)) for p, v in minutes.items()},
        percentile_minutes=minutes,
        mean_minutes=float(values.mean()),
        std_minutes=float(values.std()),
        due=due,
        probability=probability,
    )


def monte_carlo(
    project: Project,
    axis: WorkingAxis,
    *,
    runs: int = DEFAULT_RUNS,
    seed: int = 0,
    distribution: Distribution = Distribution.BETA,
) -> MonteCarloResult:
    """Simulate the project `runs` times; dates on the project calendar through `axis`."""
    net = risk_network(project, axis)
    targets = tuple(j for j, node in enumerate(net.nodes) if node.milestone or node.due is not None)
    sim = simulate(net, runs=runs, seed=seed, distribution=distribution, targets=targets)
    median = {j: float(np.median(sim.node_finish[j])) for j in targets}
    ordered = sorted(targets, key=lambda j: (median[j], j))
    rho = dict(zip(sim.sampled, (float(r) for r in sim.sensitivity), strict=True))
    tasks = tuple(
        TaskRisk(
            id=net.nodes[j].id,
            name=net.nodes[j].name,
            criticality=float(sim.criticality[j]),
            sensitivity=rho.get(j),
        )
        for j in net.leaves
    )
    return MonteCarloResult(
        runs=runs,
        seed=seed,
        distribution=distribution,
        project=_odds(None, project.name, sim.finish, project.finish, axis),
        targets=tuple(
            _odds(net.nodes[j].id, net.nodes[j].name, sim.node_finish[j], net.nodes[j].due, axis)
            for j in ordered
        ),
        tasks=tasks,
    )
