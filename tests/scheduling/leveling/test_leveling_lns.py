"""Our LNS: the shared incumbent keeps the best plan, and a search told to stop returns at once."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from leveling_builders import SAFETY_S, STEADY, plan_of
from validator import violations

from plantrack.formats.psplib import load_psplib
from plantrack.scheduling.leveling import CpOptions, level
from plantrack.scheduling.leveling.bounds import early_pass
from plantrack.scheduling.leveling.build import build_problem
from plantrack.scheduling.leveling.heuristic import solve_heuristic
from plantrack.scheduling.leveling.incumbent import Incumbent
from plantrack.scheduling.leveling.lns import improve


def test_incumbent_keeps_the_shortest_plan() -> None:
    shared = Incumbent()
    assert shared.best() is None
    shared.post(10, [0, 5])
    shared.post(12, [0, 7])  # longer: ignored
    shared.post(9, [0, 4])
    assert shared.best() == (9, [0, 4])


def test_improve_stops_when_the_shared_search_is_done(shared_data: Path) -> None:
    project = load_psplib(shared_data / "psplib" / "j60" / "j6013_3.sm")
    problem = build_problem(project)
    early = early_pass(problem)
    warm = solve_heuristic(problem)
    assert warm is not None
    shared = Incumbent()
    shared.done = True
    began = time.perf_counter()
    found = improve(problem, early, warm.start, time_limit=30.0, seed=0, bound=0, shared=shared)
    assert time.perf_counter() - began < 5.0  # not the 30 s it was given
    assert found == warm.start


def test_improve_starts_from_a_better_posted_plan(shared_data: Path) -> None:
    project = load_psplib(shared_data / "psplib" / "j30" / "j301_1.sm")
    problem = build_problem(project)
    early = early_pass(problem)
    warm = solve_heuristic(problem, passes=1)
    assert warm is not None
    better = level(project, time_limit=SAFETY_S, workers=1, options=STEADY)  # proven optimum: 43 h
    shared = Incumbent()
    optimal = [better.tasks[j.id].start_minute // problem.axis.unit for j in problem.jobs]
    shared.post(round(better.objective), optimal)
    found = improve(problem, early, warm.start, time_limit=5.0, seed=0, bound=43, shared=shared)
    assert max(j.end(s) or s for j, s in zip(problem.jobs, found, strict=True)) == 43


@pytest.mark.slow
def test_list_parameters_extend_cp_sat_repeated_fields(shared_data: Path) -> None:
    project = load_psplib(shared_data / "psplib" / "j30" / "j3013_1.sm")
    only_scheduling = CpOptions(
        shortcut=False,
        parameters={"max_deterministic_time": 2.0, "ignore_subsolvers": ["graph_*", "rnd_*"]},
    )
    result = level(project, time_limit=SAFETY_S, workers=2, options=only_scheduling)
    assert result.bound <= 58 <= result.objective  # j3013_1's proven optimum is 58
    assert violations(project, plan_of(result)) == []
