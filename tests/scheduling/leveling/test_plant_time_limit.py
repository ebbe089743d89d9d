"""Plant leveling keeps to its time limit: past it, no heuristic pass starts once a plan is known."""

from __future__ import annotations

import random
import time
from dataclasses import replace

import pytest
from leveling_builders import link, project, resource, task, use

from plantrack.scheduling.leveling import heuristic
from plantrack.scheduling.leveling.plant import level_plant as level_plant_module
from plantrack.scheduling.leveling.plant import weighted
from plantrack.scheduling.leveling.plant.level_plant import level_plant
from plantrack.scheduling.leveling.plant.members import PlantMember
from plantrack.scheduling.model import Project


def _layered(rng: random.Random, name: str, tasks: int, crews: int) -> Project:
    """Layers of 5 tasks of 1 to 5 days, each after one or two of the layer before, on 1 or 2 crews."""
    shared = [resource(f"c{k}", 2) for k in range(crews)]
    rows, links, uses = [], [], []
    for n in range(tasks):
        rows.append(task(f"T{n}", 24 * rng.randint(1, 5)))
        if n >= 5:
            layer = n // 5
            for before in rng.sample(range((layer - 1) * 5, layer * 5), rng.randint(1, 2)):
                links.append(link(f"T{before}", f"T{n}"))
        for k in rng.sample(range(crews), rng.randint(1, 2)):
            uses.append(use(f"T{n}", f"c{k}"))
    return replace(project(rows, links, shared, uses), name=name)


def _plant(projects: int, tasks: int, seed: int = 3) -> list[PlantMember]:
    rng = random.Random(seed)
    return [
        PlantMember(project=_layered(rng, f"P{p}", tasks, 6), priority=rng.randint(1, 5))
        for p in range(projects)
    ]


def test_past_the_limit_one_greedy_pass_and_no_search(monkeypatch: pytest.MonkeyPatch) -> None:
    # a work counter, not a stopwatch: with the limit already spent when the passes begin, the plant
    # gets the one greedy plan it needs (the projects in priority order) and nothing more starts:
    # no other pass, no improvement, no projects leveled in turn, no CP-SAT, no linear programme
    passes = {"sgs": 0, "cp": 0, "lp": 0}
    sgs = heuristic.serial_sgs

    def counted_sgs(*args: object, **kwargs: object) -> object:
        passes["sgs"] += 1
        return sgs(*args, **kwargs)  # type: ignore[arg-type]

    def no_solver(*_args: object, **_kwargs: object) -> object:
        passes["cp"] += 1
        raise AssertionError("CP-SAT started past the limit")

    def no_programme(*_args: object, **_kwargs: object) -> int:
        passes["lp"] += 1
        raise AssertionError("the bound's linear programme started past the limit")

    monkeypatch.setattr(heuristic, "serial_sgs", counted_sgs)
    monkeypatch.setattr(weighted, "serial_sgs", counted_sgs)
    monkeypatch.setattr(weighted, "_solver", no_solver)
    monkeypatch.setattr(weighted, "weighted_finish_bound", no_programme)
    monkeypatch.setattr(level_plant_module, "improve_by_projects", no_solver)
    members = _plant(6, 40)
    result = level_plant(members, time_limit=1e-6, workers=1)
    assert passes == {"sgs": 1, "cp": 0, "lp": 0}
    assert all(p.finish is not None for p in result.projects)
    assert result.gap > 0  # a plan, a bound and a gap all the same


def test_with_time_the_passes_run() -> None:
    # the same plant with room to work finds a plan at least as good as the single greedy pass's
    members = _plant(6, 40)
    quick = level_plant(members, time_limit=1e-6, workers=1)
    full = level_plant(members, time_limit=5, workers=1)
    assert full.objective <= quick.objective and full.bound >= quick.bound


@pytest.mark.slow
def test_a_tiny_limit_on_a_large_plant_ends_within_the_stated_margin() -> None:
    # 20 projects x 100 tasks at a 0.2 s limit. What may run past the limit is the work every plan
    # needs once: joining the projects, building the problem, one greedy pass, the dates and the
    # explanations. Stated margin: 1 s plus 1 ms a task (3 s here; measured 0.2 to 0.3 s of it on
    # a free core), wide enough for a machine shared with other work.
    members = _plant(20, 100)
    began = time.perf_counter()
    result = level_plant(members, time_limit=0.2, workers=1)
    wall = time.perf_counter() - began
    assert all(p.finish is not None for p in result.projects)
    assert wall <= 0.2 + 1.0 + 1e-3 * 20 * 100
