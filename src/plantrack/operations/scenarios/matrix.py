"""The weighted decision matrix over compared scenarios: normalised scores, ranking, a recommendation.

Normalisation, per criterion, min–max over the options compared: with `lo` and `hi` the smallest and
largest raw values, an option scores (hi − v) / (hi − lo) on a lower-is-better criterion (delay,
cost, risk, load) and (v − lo) / (hi − lo) on a higher-is-better one (scored by hand), so the best
option scores 1 and the worst 0. When every option has the same value (always so with a single
option) each scores 1: a criterion that separates nothing changes no ranking. The total is the
weighted mean Σ wᵢ·sᵢ / Σ wᵢ (0..1). Options are ranked by total, highest first; equal totals (within
1e-9) share a rank and keep the order the options were given in.

The recommendation is the first-ranked option, unless some of its tasks miss their shutdown window
and another option misses none: then the best-ranked of those, and the reason says why.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from plantrack.i18n import _
from plantrack.operations.scenarios.compare import Comparison
from plantrack.operations.scenarios.figures import PlanFigures
from plantrack.operations.scenarios.grid import COST, DELAY, LOAD, RISK, Grid, default_grid
from plantrack.scheduling.errors import InvalidInput, Problem
from plantrack.scheduling.model import clean_text

TIE = 1e-9


@dataclass(frozen=True, slots=True)
class Option:
    """What the matrix weighs for one plan: each criterion's raw value, and its missed windows."""

    name: str
    values: Mapping[str, float]
    windows_missed: int = 0
    cost: float = 0.0
    delay_days: float = 0.0


@dataclass(frozen=True, slots=True)
class Score:
    criterion: str
    raw: float
    score: float  # 0..1, 1 best
    weighted: float  # weight x score


@dataclass(frozen=True, slots=True)
class Ranked:
    name: str
    scores: tuple[Score, ...]
    total: float  # weighted mean, 0..1
    rank: int  # 1 best; equal totals share a rank
    windows_missed: int


@dataclass(frozen=True, slots=True)
class Versus:
    """How another option compares with the recommended one (positive: later, dearer)."""

    name: str
    delay_days: float
    cost: float
    windows_missed: int


@dataclass(frozen=True, slots=True)
class Matrix:
    grid: Grid
    ranking: tuple[Ranked, ...]  # best first
    recommended: str
    best_on: tuple[str, ...]  # criteria on which the recommended option has the best raw value
    passed_over: str | None  # the first-ranked option when it misses windows and was passed over
    others: tuple[Versus, ...]


def _refuse(message: str, ids: tuple[str, ...] = ()) -> InvalidInput:
    return InvalidInput([Problem(code="matrix-invalid", message=message, ids=ids)])


def _figures_values(f: PlanFigures, delay: float) -> dict[str, float]:
    return {DELAY: delay, COST: f.cost, RISK: f.p80_minutes, LOAD: f.over_hours}


def options_of(comparison: Comparison, *, include_current: bool = False) -> list[Option]:
    """The scenarios (and the current plan first, if asked) as matrix options."""
    out = []
    if include_current:
        f = comparison.current
        out.append(Option(_("current plan"), _figures_values(f, 0.0), len(f.windows_missed), f.cost, 0.0))
    for s in comparison.scenarios:
        f = s.figures
        values = _figures_values(f, s.finish_shift_days)
        out.append(Option(s.name, values, len(f.windows_missed), f.cost, s.finish_shift_days))
    return out


def normalised(values: Sequence[float], lower_better: bool) -> list[float]:
    """Min–max scores in 0..1, 1 for the best; all 1 when the values are equal."""
    lo, hi = min(values), max(values)
    if hi - lo <= TIE * max(1.0, abs(hi), abs(lo)):
        return [1.0] * len(values)
    if lower_better:
        return [(hi - v) / (hi - lo) for v in values]
    return [(v - lo) / (hi - lo) for v in values]


def decision_matrix(
    options: Sequence[Option],
    grid: Grid | None = None,
    scores: Mapping[str, Mapping[str, float]] | None = None,
) -> Matrix:
    """Weigh `options` on `grid` (default: the four computed criteria, equal weights).

    `scores[option][criterion]` gives the hand scores of the grid's criteria scored by hand, each in
    1..scale; a missing or out-of-range score is an error naming the option and the criterion.
    """
    grid = grid or default_grid()
    scores = scores or {}
    if not options:
        raise _refuse(_("no scenario to weigh"))
    total_weight = sum(c.weight for c in grid.criteria)
    if total_weight <= 0:
        raise _refuse(_("every weight is 0: give at least one criterion a weight above 0"))
    raw: dict[str, list[float]] = {}
    for c in grid.criteria:
        column = []
        for o in options:
            if c.computed:
                column.append(float(o.values[c.id]))
                continue
            given = scores.get(o.name, {}).get(c.id)
            if given is None:
                raise _refuse(
                    _("scenario {name} has no score for {criterion}").format(
                        name=repr(clean_text(o.name)), criterion=c.id
                    ),
                    (o.name, c.id),
                )
            if not 1 <= given <= (c.scale or 1):
                raise _refuse(
                    _("scenario {name}: score {value} for {criterion} is not within 1..{scale}").format(
                        name=repr(clean_text(o.name)), value=given, criterion=c.id, scale=c.scale
                    ),
                    (o.name, c.id),
                )
            column.append(float(given))
        raw[c.id] = column
    normal = {c.id: normalised(raw[c.id], c.computed) for c in grid.criteria}
    rows = []
    for i, o in enumerate(options):
        cells = tuple(
            Score(c.id, raw[c.id][i], normal[c.id][i], c.weight * normal[c.id][i]) for c in grid.criteria
        )
        rows.append((o, cells, sum(s.weighted for s in cells) / total_weight))
    order = sorted(range(len(rows)), key=lambda i: -rows[i][2])  # sorted() is stable: ties keep input order
    ranking: list[Ranked] = []
    for position, i in enumerate(order):
        o, cells, total = rows[i]
        tied = ranking and abs(ranking[-1].total - total) <= TIE
        rank = ranking[-1].rank if tied else position + 1
        ranking.append(Ranked(o.name, cells, total, rank, o.windows_missed))
    chosen = order[0]
    passed_over = None
    if options[chosen].windows_missed:
        fitting = next((i for i in order if not options[i].windows_missed), None)
        if fitting is not None:
            passed_over, chosen = options[chosen].name, fitting
    best = options[chosen]
    best_on = tuple(
        c.id
        for c in grid.criteria
        if c.weight > 0 and len(set(raw[c.id])) > 1 and normal[c.id][chosen] >= 1.0 - TIE
    )
    others = tuple(
        Versus(o.name, o.delay_days - best.delay_days, o.cost - best.cost, o.windows_missed)
        for o in (options[i] for i in order if i != chosen)
    )
    return Matrix(grid, tuple(ranking), best.name, best_on, passed_over, others)


def matrix_json(matrix: Matrix) -> dict[str, Any]:
    """The matrix as JSON: criteria ids, plain numbers."""
    return {
        "criteria": [
            {"id": c.id, "weight": c.weight, "label": c.label, "scale": c.scale} for c in matrix.grid.criteria
        ],
        "ranking": [
            {
                "name": r.name,
                "rank": r.rank,
                "total": r.total,
                "windows_missed": r.windows_missed,
                "scores": {
                    s.criterion: {"raw": s.raw, "score": s.score, "weighted": s.weighted} for s in r.scores
                },
            }
            for r in matrix.ranking
        ],
        "recommended": matrix.recommended,
        "best_on": list(matrix.best_on),
        "passed_over": matrix.passed_over,
        "others": [
            {
                "name": v.name,
                "delay_days": v.delay_days,
                "cost_delta": v.cost,
                "windows_missed": v.windows_missed,
            }
            for v in matrix.others
        ],
    }
