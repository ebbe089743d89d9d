"""Stability against the stored plans: on large plants too, and a stored plan that still fits is kept."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from leveling_builders import at, project, resource, task, use

from plantrack.scheduling.leveling.build import build_problem
from plantrack.scheduling.leveling.plant import level_plant as level_plant_module
from plantrack.scheduling.leveling.plant.joint import joint_plan
from plantrack.scheduling.leveling.plant.level_plant import level_plant
from plantrack.scheduling.leveling.plant.members import PlantMember
from plantrack.scheduling.leveling.plant.stored import stored_plan
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


def _stored_reference(members: list[PlantMember]) -> tuple[object, dict[int, int]]:
    plan = joint_plan(members)
    problem = build_problem(plan.project, hard_deadlines=True)
    return problem, level_plant_module._reference(plan, problem)


def test_a_stored_plan_that_meets_every_rule_is_taken_as_it_is() -> None:
    free = level_plant(_members(None), time_limit=3, workers=1, seed=0)
    stored = _starts(free)
    members = [replace(m, stored_starts=stored[m.project.name]) for m in _members(None)]
    problem, reference = _stored_reference(members)
    assert stored_plan(problem, reference) == [reference[i] for i in range(len(reference))]  # type: ignore[arg-type]


def test_a_stored_plan_that_breaks_a_rule_is_not() -> None:
    free = _starts(level_plant(_members(None), time_limit=3, workers=1, seed=0))
    p0 = free["P0"]
    both_at_once = {"X": p0["X"], "Y": p0["X"]}  # crew a has one unit
    overlapping = [replace(m, stored_starts=free[m.project.name]) for m in _members(None)]
    overlapping[0] = replace(overlapping[0], stored_starts=both_at_once)
    problem, reference = _stored_reference(overlapping)
    assert stored_plan(problem, reference) is None  # type: ignore[arg-type]
    missing = [replace(m, stored_starts=free[m.project.name]) for m in _members(None)]
    missing[1] = replace(missing[1], stored_starts={"X": free["P1"]["X"]})
    problem, reference = _stored_reference(missing)
    assert stored_plan(problem, reference) is None  # type: ignore[arg-type]


def test_a_large_plant_leveled_again_keeps_its_stored_plan_even_with_no_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(level_plant_module, "FULL_MODEL_JOBS", 2)
    free = level_plant(_members(None), time_limit=3, workers=1, seed=0)
    stored = _starts(free)
    members = [replace(m, stored_starts=stored[m.project.name]) for m in _members(None)]
    again = level_plant(members, time_limit=1e-6, workers=1, seed=0, stable=True)
    assert _starts(again) == stored and again.stability_moves == 0
    assert again.objective == pytest.approx(free.objective)
