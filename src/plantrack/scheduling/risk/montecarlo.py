"""Monte Carlo schedule risk: percentile dates, odds of each deadline, criticality and sensitivity.

Every run samples each three-point task's duration (beta-PERT with lambda = 4, or triangular) in the
units `cpm` counts the task in (working minutes of its own calendar, or elapsed minutes) and replays
`cpm`'s forward pass on its own network, vectorised over runs with numpy (risk/passes.py): task and
resource calendars, elapsed durations and lags, FS/SS/FF/SF links, constraints and shutdown windows
act in every run exactly as in `cpm`, so a plan without spread finishes where `cpm` says. Progress
is honoured: finished tasks are fixed, tasks in progress sample their remaining work only. Resource
leveling stays outside: the simulation measures the spread the estimates alone cause.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

import numpy as np
import numpy.typing as npt

from plantrack.scheduling.calendar import to_datetime, to_minute
from plantrack.scheduling.cpm.network import COMPLETE
from plantrack.scheduling.model import Project, TaskActual
from plantrack.scheduling.risk.calendar_arrays import Floats
from plantrack.scheduling.risk.network import RiskNetwork, risk_network
from plantrack.scheduling.risk.passes import TIE, critical_chains, forward, project_finish

DEFAULT_RUNS = 10_000
PERCENTILES = (50, 80, 95)
#: Weight of the most likely value in the beta-PERT distribution (the classic PERT mean uses 4).
PERT_LAMBDA = 4.0
#: Matrix cells (tasks x runs) per chunk of runs: bounds memory to a few hundred MB on any plan.
CHUNK_CELLS = 1 << 22
_GRID = 4097
#: Tabulated beta-PERT shapes. With lambda fixed, a task's standard beta depends on one number, where its
#: most likely value sits in its range: c = (mode - low) / (high - low). Quantiles are tabulated once per
#: process at evenly spaced c and interpolated linearly between neighbours (the error, second order in
#: the 1/512 spacing, is about a millionth of the task's range), so simulating several plans — the
#: scenarios of one project — does not integrate every task's density again.
_SHAPES = 513


class Distribution(StrEnum):
    BETA = "beta"
    TRIANGULAR = "triangular"


@dataclass(frozen=True, slots=True)
class Simulation:
    """Raw results (arrays over runs), finishes in minutes from the project origin."""

    finish: Floats  # (runs,) project finish
    node_finish: dict[int, Floats]  # (runs,) finish of each target node
    criticality: Floats  # (n_nodes,) share of runs each node is on a critical chain (leaves only)
    sampled: tuple[int, ...]  # nodes whose duration was sampled
    sensitivity: Floats  # (len(sampled),) Spearman rank correlation with the project finish
    window_missed: Floats  # (n_nodes,) share of runs a window-bound task fitted in no period


def _beta_quantile_tables(alpha: Floats, beta: Floats) -> Floats:
    """Each task's standard beta quantile function at `_GRID` evenly spaced probabilities.

    numpy has no beta quantile function: integrate the density (bounded, as alpha, beta >= 1) on a
    fine grid, then invert that distribution function once per task. Linear interpolation between the
    tabulated quantiles is then exact to well under a thousandth of the task's range, except within
    the outermost 1/4096 of probability at either end.
    """
    grid = np.linspace(0.0, 1.0, _GRID)
    mid = (grid[1:] + grid[:-1]) / 2
    log_pdf = (alpha[:, None] - 1) * np.log(mid) + (beta[:, None] - 1) * np.log1p(-mid)
    pdf = np.exp(log_pdf - log_pdf.max(axis=1, keepdims=True))
    cdf = np.zeros((len(alpha), _GRID))
    np.cumsum(pdf, axis=1, out=cdf[:, 1:])
    cdf /= cdf[:, -1:]
    return np.array([np.interp(grid, row, grid) for row in cdf]).reshape(len(alpha), _GRID)


@cache
def _standard_tables() -> tuple[Floats, Floats]:
    """The standard beta-PERT quantiles of the `_SHAPES` tabulated shapes, flat, and their slopes."""
    shape = np.linspace(0.0, 1.0, _SHAPES)
    values, slopes = _flat(_beta_quantile_tables(1 + PERT_LAMBDA * shape, 1 + PERT_LAMBDA * (1 - shape)))
    values.flags.writeable = slopes.flags.writeable = False  # shared by every later simulation
    return values, slopes


def _flat(table: Floats) -> tuple[Floats, Floats]:
    """A (rows, _GRID) quantile table as flat values and slopes to the next cell: one `take` each
    beats 2-D fancy indexing on big matrices."""
    return table.ravel(), np.diff(table, axis=1, append=table[:, -1:]).ravel()


def _quantile(values: Floats, slopes: Floats, base: npt.NDArray[np.intp], u: Floats) -> Floats:
    """The quantile at probabilities u (rows, runs) of the flat tables' rows starting at `base` (rows, 1)."""
    position = u * (_GRID - 1)
    cell = np.minimum(position.astype(np.intp), _GRID - 2)
    position -= cell
    cell += base
    out = np.take(slopes, cell)
    out *= position
    out += np.take(values, cell)
    return out


def duration_sampler(
    low: Floats, mode: Floats, high: Floats, distribution: Distribution
) -> Callable[[Floats], Floats]:
    """Durations (tasks, runs) from uniforms (tasks, runs) by each distribution's inverse; high > low.

    Inverting uniforms (rather than drawing betas directly) keeps every duration a monotone function of
    its uniform, so the sensitivity can correlate the uniforms and never needs the duration matrix.
    """
    width = high - low
    if distribution is Distribution.BETA:
        shape = (mode - low) / width
        if len(shape) < _SHAPES:
            # a small plan integrates its own tasks (cheaper than the shared tables). The choice depends
            # on the plan alone, so one plan always gives the same figures whatever ran before
            table = _beta_quantile_tables(1 + PERT_LAMBDA * shape, 1 + PERT_LAMBDA * (1 - shape))
            table *= width[:, None]
            table += low[:, None]
            values, slopes = _flat(table)
            offsets = (np.arange(len(low)) * _GRID)[:, None]
            return lambda u: _quantile(values, slopes, offsets, u)

        # a big plan reads the shared tables: the two tabulated shapes around each task's, weighted
        # (bilinear: the same as interpolating a table per task first, without building it)
        shared, shared_slopes = _standard_tables()
        position = np.clip(shape, 0.0, 1.0) * (_SHAPES - 1)
        row = np.minimum(position.astype(np.intp), _SHAPES - 2)
        weight = (position - row)[:, None]
        below = (row * _GRID)[:, None]
        above = below + _GRID
        scale, start = width[:, None], low[:, None]

        def beta_pert(u: Floats) -> Floats:
            out = _quantile(shared, shared_slopes, below, u)
            nearer = _quantile(shared, shared_slopes, above, u)
            nearer -= out
            nearer *= weight
            out += nearer
            out *= scale
            out += start
            return out

        return beta_pert

    c = ((mode - low) / width)[:, None]
    left_scale = (width * (mode - low))[:, None]
    right_scale = (width * (high - mode))[:, None]

    def triangular(u: Floats) -> Floats:
        left = low[:, None] + np.sqrt(u * left_scale)
        right = high[:, None] - np.sqrt((1 - u) * right_scale)
        return np.asarray(np.where(u < c, left, right))

    return triangular


def average_ranks(values: Floats) -> Floats:
    """Ranks 0..n-1 of a vector, ties sharing their average rank (the finish often repeats)."""
    _, inverse, counts = np.unique(values, return_inverse=True, return_counts=True)
    average = np.cumsum(counts) - (counts + 1) / 2.0
    return np.asarray(average[inverse], dtype=np.float64)


def simulate(
    net: RiskNetwork,
    *,
    runs: int = DEFAULT_RUNS,
    seed: int = 0,
    distribution: Distribution = Distribution.BETA,
    targets: tuple[int, ...] = (),
) -> Simulation:
    """Run the simulation on a risk network; pure: the same seed gives the same figures.

    Runs go in chunks of bounded memory (a large plan needs (tasks x runs) matrices); each chunk has
    its own child seed so the second pass, the sensitivity, can redraw the same uniforms.
    """
    if runs < 1:
        raise ValueError("runs must be at least 1")
    nodes = net.nodes
    sampled = tuple(i for i in net.leaves if nodes[i].stochastic)
    low = np.array([nodes[i].low for i in sampled], dtype=np.float64)
    mode = np.array([nodes[i].mode for i in sampled], dtype=np.float64)
    high = np.array([nodes[i].high for i in sampled], dtype=np.float64)
    chunk = max(1, min(runs, CHUNK_CELLS // max(1, len(nodes))))
    bounds = [(a, min(runs, a + chunk)) for a in range(0, runs, chunk)]
    seeds = np.random.SeedSequence(seed).spawn(len(bounds))
    sample = duration_sampler(low, mode, high, distribution)

    def uniforms(c: int, size: int) -> Floats:
        return np.random.default_rng(seeds[c]).random((len(sampled), size))

    finish = np.zeros(runs)
    node_finish = {j: np.zeros(runs) for j in targets}
    critical = np.zeros(len(nodes))
    missed = np.zeros(len(nodes))
    for c, (a, b) in enumerate(bounds):
        drawn = sample(uniforms(c, b - a))
        part = _chunk(net, drawn, {node: r for r, node in enumerate(sampled)}, b - a, targets)
        finish[a:b] = part.finish
        for j in targets:
            node_finish[j][a:b] = part.node_finish[j]
        critical += part.critical_runs
        missed += part.missed_runs

    # Spearman's rho with the uniforms as the durations' ranks (population ranks: a monotone map)
    sensitivity = np.zeros(len(sampled))
    ranks = average_ranks(finish)
    centred = ranks - ranks.mean()
    spread = float(np.sqrt((centred**2).mean()))
    if sampled and spread > 0:
        dot, total, squares = np.zeros(len(sampled)), np.zeros(len(sampled)), np.zeros(len(sampled))
        for c, (a, b) in enumerate(bounds):
            u = uniforms(c, b - a)
            dot += u @ centred[a:b]
            total += u.sum(axis=1)
            squares += (u * u).sum(axis=1)
        std_u = np.sqrt(np.maximum(squares / runs - (total / runs) ** 2, 0.0))
        sensitivity = np.divide(dot / runs, std_u * spread, out=sensitivity, where=std_u > 0)
    share = critical / runs
    # a finished task is history, never critical (as in `cpm`), even when its finish ties the chain's
    share[[j for j, node in enumerate(nodes) if node.status == COMPLETE]] = 0.0
    share[[j for j, node in enumerate(nodes) if node.summary]] = np.nan
    return Simulation(
        finish=finish,
        node_finish=node_finish,
        criticality=share,
        sampled=sampled,
        sensitivity=sensitivity,
        window_missed=missed / runs,
    )


@dataclass(frozen=True, slots=True)
class _Chunk:
    finish: Floats
    node_finish: dict[int, Floats]
    critical_runs: Floats  # (n_nodes,) runs in which each node is on a critical chain
    missed_runs: Floats  # (n_nodes,) runs in which a window-bound node fitted in no period


def _chunk(
    net: RiskNetwork, drawn: Floats, row: dict[int, int], runs: int, targets: tuple[int, ...]
) -> _Chunk:
    """One chunk: the forward pass over every link, then the critical chains."""
    nodes = net.nodes

    def duration(j: int) -> Floats | float:
        return drawn[row[j]] if j in row else nodes[j].mode

    early = forward(net, duration, runs)
    ends = project_finish(net, early, runs)
    on_chain = critical_chains(net, early, duration, runs, ends)
    node_finish = {}
    for j in targets:
        f = early.finish[j]
        # a summary no task reaches finishes with the project start (as an empty plan does)
        node_finish[j] = np.full(runs, float(net.start)) if f is None else net.finish_minutes(j, f)
    return _Chunk(
        finish=ends[0],
        node_finish=node_finish,
        critical_runs=on_chain.sum(axis=1).astype(np.float64),
        missed_runs=early.missed,
    )


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
    window_missed: float = 0.0  # share of runs in which it fitted in no period of its window


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


def _odds(ident: str | None, name: str, values: Floats, due: dt.datetime | None, net: RiskNetwork) -> Odds:
    """Percentiles of finishes (minutes from origin): the instant by which that share of runs is done.

    A percentile is the finish of one run (the inverted distribution function), never an instant
    between two runs' finishes, which could fall in a night or a shutdown. Hours count working time
    on the project calendar from the project start, as the reports say.
    """
    levels = np.quantile(values, [p / 100 for p in PERCENTILES], method="inverted_cdf")
    hours = net.working_minutes(values)
    level_hours = net.working_minutes(levels)
    probability = None
    if due is not None:
        probability = float(np.mean(values <= to_minute(net.origin, due) + TIE))
    return Odds(
        id=ident,
        name=name,
        # a fractional minute still occupies that working minute: round the finish up
        percentiles={
            p: to_datetime(net.origin, math.ceil(v - TIE)) for p, v in zip(PERCENTILES, levels, strict=True)
        },
        percentile_minutes={p: float(m) for p, m in zip(PERCENTILES, level_hours, strict=True)},
        mean_minutes=float(hours.mean()),
        std_minutes=float(hours.std()),
        due=due,
        probability=probability,
    )


def monte_carlo(
    project: Project,
    *,
    runs: int = DEFAULT_RUNS,
    seed: int = 0,
    distribution: Distribution = Distribution.BETA,
    due: dt.datetime | None = None,
    status_date: dt.datetime | None = None,
    actuals: Mapping[str, TaskActual] | None = None,
) -> MonteCarloResult:
    """Simulate the project `runs` times on `cpm`'s network (every task on its own calendar).

    `due` is the date the project's odds are given for (default: the project's finish date, if any).
    With a status date and actuals, only the remaining work is simulated (see `risk_network`).
    """
    net = risk_network(project, status_date=status_date, actuals=actuals)
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
            window_missed=float(sim.window_missed[j]),
        )
        for j in net.leaves
    )
    return MonteCarloResult(
        runs=runs,
        seed=seed,
        distribution=distribution,
        project=_odds(None, project.name, sim.finish, due or project.finish, net),
        targets=tuple(
            _odds(net.nodes[j].id, net.nodes[j].name, sim.node_finish[j], net.nodes[j].due, net)
            for j in ordered
        ),
        tasks=tasks,
    )
