"""Stability against the stored plans holds on large plants too (searched a few projects at a time)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from leveling_builders import at, project, resource, task, use

from plantrack.scheduling.leveling.plant import level_plant as level_plant_module
from plantrack.scheduling.leveling.plant.level_plant import level_plant
from plantrack.scheduling.leveling.plant.members import PlantMember
from plantrack.scheduling.model import Project


def _project(name: str, crew: str) -> Project:
    """Two unlinked 8 h tasks on one crew of one: either order gives the project the same finish."""
    return replace(
        project([task("X", 8), task("Y", 8)], [], [resource(crew, 1)], [use("X", crew), use("Y", crew)]),
        name=name,
    )


def _members(stored: dict[str, dt.datetime] | None) -> list[PlantMember]:
    # four projects on two crews: each step frees three of them, the fourth's bookings held
    return [
        PlantMember(
            project=_project(f"P{n}", "a" if n % 2 == 0 else "b"), priority=1 + n, stored_starts=stored
        )
        for n in range(4)
    ]


def _starts(result: object) -> dict[str, dict[str, dt.datetime]]:
    return {p.name: p.starts() for p in result.projects}  # type: ignore[attr-defined]


@pytest.mark.parametrize("large", [False, True])
def test_stored_plans_steer_the_plan_at_any_size(monkeypatch: pytest.MonkeyPatch, large: bool) -> None:
    if large:
        # the plant counts as large from 2 tasks: the path a plant above 1,500 tasks takes
        monkeypatch.setattr(level_plant_module, "FULL_MODEL_JOBS", 2)
    free = level_plant(_members(None), time_limit=3, workers=1, seed=0)
    # the stored plans: each project's two tasks in the other order than the plan found without them
    swapped: dict[str, dict[str, dt.datetime]] = {}
    for name, starts in _starts(free).items():
        swapped[name] = {"X": starts["Y"], "Y": starts["X"]}
    members = [replace(m, stored_starts=swapped[m.project.name]) for m in _members(None)]
    unsteered = level_plant(members, time_limit=3, workers=1, seed=0)
    steered = level_plant(members, time_limit=3, workers=1, seed=0, stable=True)
    # the same priority-weighted finish, and every task back at its stored start
    assert steered.objective == pytest.approx(free.objective)
    assert unsteered.objective == pytest.approx(free.objective)
    assert _starts(steered) == swapped
    assert steered.stability_moves == 0
    assert _starts(unsteered) != swapped  # without stability the search does not find them by chance


def test_large_plants_report_how_far_the_plan_moved(monkeypatch: pytest.MonkeyPatch) -> None:
    # a stored plan that cannot stand (both of P0's tasks at once on a crew of one): the plan moves,
    # and the moves are counted in minutes from the stored starts
    monkeypatch.setattr(level_plant_module, "FULL_MODEL_JOBS", 2)
    stored = {"X": at(0), "Y": at(0)}
    members = [replace(m, stored_starts=stored if m.project.name == "P0" else None) for m in _members(None)]
    result = level_plant(members, time_limit=3, workers=1, seed=0, stable=True)
    starts = _starts(result)["P0"]
    moves = sum(abs((starts[t] - stored[t]).total_seconds()) / 60 for t in stored)
    # P2 (priority 3) has crew a first, 0-16 h; P0 follows, 16-32 h: 16 h + 24 h from 0
    assert result.stability_moves == moves == (16 + 24) * 60
