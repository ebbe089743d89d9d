"""The critical-chain LNS: the chain of a hand-built plan, valid and ever shorter posts, the lever on."""

from __future__ import annotations

import datetime as dt
import threading
import time
from pathlib import Path

import pytest
from leveling_builders import link, plan_of, project, resource, task, use
from validator import violations

from plantrack.formats.psplib import load_psplib
from plantrack.scheduling.leveling import CpOptions, level
from plantrack.scheduling.leveling import chain as chain_module
from plantrack.scheduling.leveling.bounds import early_pass
from plantrack.scheduling.leveling.build import build_problem
from plantrack.scheduling.leveling.chain import SOURCE, critical_chain, improve
from plantrack.scheduling.leveling.heuristic import solve_heuristic
from plantrack.scheduling.leveling.incumbent import Incumbent
from plantrack.scheduling.leveling.problem import LevelingProblem
from plantrack.scheduling.model import Project


def _small(capacity: float) -> tuple[LevelingProblem, list[int]]:
    """A, B, D share resource R; B -> C -> D are linked; X runs alone. The plan (hours):
    A [0, 2), B [2, 5), C [5, 6), D [6, 8), X [0, 4)."""
    p = project(
        [task("A", 2), task("B", 3), task("C", 1), task("D", 2), task("X", 4)],
        [link("B", "C"), link("C", "D")],
        [resource("R", capacity)],
        [use("A", "R"), use("B", "R"), use("D", "R")],
    )
    problem = build_problem(p)
    steps = 60 // problem.axis.unit
    at = {"A": 0, "B": 2, "C": 5, "D": 6, "X": 0}
    return problem, [at[j.id] * steps for j in problem.jobs]


def _ids(problem: LevelingProblem, jobs: list[int]) -> list[str]:
    return [problem.jobs[i].id for i in jobs]


def test_the_chain_runs_back_through_links_and_the_resource_that_delayed_a_start() -> None:
    # capacity 1: B could not start before A's end (R full), so A is on the chain
    problem, starts = _small(1)
    assert _ids(problem, critical_chain(problem, starts)) == ["A", "B", "C", "D"]


def test_a_job_that_had_room_to_start_earlier_ends_the_chain() -> None:
    # capacity 2: B could have started beside A, so its start is no-one's doing and the chain stops
    problem, starts = _small(2)
    assert _ids(problem, critical_chain(problem, starts)) == ["B", "C", "D"]


def _psplib(shared_data: Path, name: str) -> tuple[Project, LevelingProblem]:
    p = load_psplib(shared_data / "psplib" / name)
    return p, build_problem(p, hard_deadlines=True)


def _plan(problem: LevelingProblem, starts: list[int]) -> dict[str, tuple[dt.datetime, dt.datetime]]:
    axis = problem.axis
    return {
        job.id: (axis.start_instant(s), axis.finish_instant(s + job.duration))
        for job, s in zip(problem.jobs, starts, strict=True)
    }


def _span(problem: LevelingProblem, starts: list[int]) -> int:
    return max(j.duration + s for j, s in zip(problem.jobs, starts, strict=True))


class _Recorder(Incumbent):
    """An incumbent that keeps every post with the best value it replaced."""

    def __init__(self) -> None:
        super().__init__()
        self.posts: list[tuple[int, list[int], str, int | None]] = []

    def post(self, value: int, starts: list[int], source: str = "") -> None:
        before = self.best()
        self.posts.append((value, list(starts), source, None if before is None else before[0]))
        super().post(value, starts, source)


def test_every_plan_posted_is_valid_and_shorter_than_the_best(shared_data: Path) -> None:
    p, problem = _psplib(shared_data, "j60/j6013_3.sm")
    early = early_pass(problem)
    warm = solve_heuristic(problem, passes=1)
    assert warm is not None
    shared = _Recorder()
    shared.post(warm.makespan, warm.start, "warm")
    last = improve(problem, early, shared, time_limit=60.0, seed=0, bound=0, rounds=25)
    mine = [post for post in shared.posts if post[2] == SOURCE]
    assert mine, "25 rounds from a single-pass warm start shorten it (deterministic: fixed work, seed)"
    for value, starts, _, before in mine:
        assert violations(p, _plan(problem, starts)) == []
        assert value == _span(problem, starts)
        assert before is not None and value < before
        assert value >= 82  # j6013_3's proven lower bound (best_known.csv)
    assert last is not None and _span(problem, last) == mine[-1][0]


def test_it_ends_at_once_when_the_searches_are_done(shared_data: Path) -> None:
    _, problem = _psplib(shared_data, "j60/j6013_3.sm")
    warm = solve_heuristic(problem, passes=1)
    assert warm is not None
    shared = Incumbent()
    shared.post(warm.makespan, warm.start)
    shared.done = True
    began = time.perf_counter()
    improve(problem, early_pass(problem), shared, time_limit=30.0, seed=0, bound=0)
    assert time.perf_counter() - began < 5.0
    assert shared.best() == (warm.makespan, warm.start)


@pytest.mark.slow
def test_the_lever_runs_it_beside_the_searches_and_level_stays_valid(
    shared_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[threading.Thread] = []
    real = chain_module.beside

    def spy(*args: object, **kwargs: object) -> threading.Thread:
        thread = real(*args, **kwargs)  # type: ignore[arg-type]
        threads.append(thread)
        return thread

    monkeypatch.setattr(chain_module, "beside", spy)
    p, _ = _psplib(shared_data, "j60/j6021_1.sm")
    result = level(p, time_limit=3.0, workers=2, options=CpOptions(chain_lns=True))
    assert threads and not threads[0].is_alive()
    assert violations(p, plan_of(result)) == []
    assert result.objective >= 103  # j6021_1's proven optimum (best_known.csv)
    threads.clear()
    level(p, time_limit=1.0, workers=2)  # the lever off: no chain search
    assert not threads
