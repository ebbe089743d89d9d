"""A workspace's scenario analyses: the diff `scenario show` prints, the comparison `scenario compare` prints.

One call each for the CLI and the TUI: the scenarios are read from the workspace state, the shared
tracking data (status date, actuals, baseline) is taken once, and hand scores come from the scenarios.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from plantrack.operations.scenarios.compare import Comparison, compare_scenarios
from plantrack.operations.scenarios.diff import PlanDiff, plan_diff
from plantrack.operations.scenarios.grid import Criterion, Grid, default_grid
from plantrack.operations.scenarios.matrix import Matrix, decision_matrix, options_of
from plantrack.operations.scenarios.tracking import tracking_of
from plantrack.store.state import WorkspaceState

#: The scale of a criterion scored by hand with `scenario score` when no criteria file says otherwise.
HAND_SCALE = 5


@dataclass(frozen=True, slots=True)
class Decision:
    """What `scenario compare` shows: the figures side by side and the decision matrix."""

    comparison: Comparison
    matrix: Matrix


def scenario_diff(state: WorkspaceState, name: str) -> PlanDiff:
    """What the scenario `name` changes in the current plan."""
    return plan_diff(state.project, state.scenarios.get(name).project)


def hand_scores(state: WorkspaceState, names: Sequence[str]) -> dict[str, dict[str, float]]:
    """The hand scores of the named scenarios (criterion -> score), as stored with `scenario score`."""
    return {name: dict(state.scenarios.get(name).scores) for name in names}


def grid_with_scores(grid: Grid | None, scores: Mapping[str, Mapping[str, float]]) -> Grid:
    """The decision grid: the one given, else the four computed criteria plus one criterion per id
    scored by hand in any scenario (weight 1, scale HAND_SCALE) — a user who scored safety expects it
    to count without writing a criteria file."""
    if grid is not None:
        return grid
    base = default_grid()
    known = {c.id for c in base.criteria}
    extra = sorted({c for by_criterion in scores.values() for c in by_criterion} - known)
    return replace(base, criteria=(*base.criteria, *(Criterion(c, scale=HAND_SCALE) for c in extra)))


def compare_workspace(
    state: WorkspaceState,
    names: Sequence[str] = (),
    *,
    level: bool = False,
    level_time: float = 5.0,
    runs: int = 1000,
    seed: int = 0,
    before: str | None = None,
    baseline: str | None = None,
    status_date: dt.datetime | None = None,
    grid: Grid | None = None,
) -> Decision:
    """Compare the named scenarios (default: all of them) with the current plan and weigh them.

    Unknown names raise InvalidInput naming them (the store lists the existing ones)."""
    chosen = list(names) or state.scenarios.names()
    plans = [(name, state.scenarios.get(name).project) for name in chosen]
    tracking = tracking_of(state, baseline=baseline, status_date=status_date)
    comparison = compare_scenarios(
        state.project,
        plans,
        tracking,
        level=level,
        level_time=level_time,
        runs=runs,
        seed=seed,
        before=before,
    )
    scores = hand_scores(state, chosen)
    grid = grid_with_scores(grid, scores)
    hand = {c.id for c in grid.criteria if not c.computed}
    used = {name: {c: v for c, v in by.items() if c in hand} for name, by in scores.items()}
    matrix = decision_matrix(options_of(comparison), grid, used)
    return Decision(comparison, matrix)
