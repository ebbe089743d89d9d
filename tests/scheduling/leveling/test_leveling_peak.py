"""The genetic search's peak crossover: children that are topological orders, the window and the jobs a
child inherits checked against an independent computation, and valid plans from a search that uses it."""

from __future__ import annotations

import datetime as dt
import random
import threading
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from leveling_builders import link, plan_of, project, resource, task, use
from test_leveling_bruteforce import _random_instance, _to_project, brute_force
from validator import violations

from plantrack.formats.psplib import load_psplib
from plantrack.scheduling.leveling import CpOptions, kernels, level
from plantrack.scheduling.leveling import genetic as genetic_module
from plantrack.scheduling.leveling.bounds import early_pass, latest_starts
from plantrack.scheduling.leveling.build import build_problem
from plantrack.scheduling.leveling.genetic import Encoded, Search, Settings, encode, warm_start
from plantrack.scheduling.leveling.problem import LevelingProblem
from plantrack.scheduling.model import Project


def _random_dag(rng: random.Random, n: int, leads: bool) -> Project:
    """`n` tasks, links from lower to higher index (with `leads`: every kind, negative lags too), two
    resources each task may use."""
    kinds = ["FS", "SS", "FF", "SF"] if leads else ["FS"]
    links = [
        link(f"t{i}", f"t{j}", rng.choice(kinds), rng.randint(-2 if leads else 0, 2))
        for i in range(n)
        for j in range(i + 1, n)
        if rng.random() < 3 / n
    ]
    caps = [rng.randint(2, 4) for _ in range(2)]
    return project(
        [task(f"t{i}", rng.randint(1, 5)) for i in range(n)],
        links=links,
        resources=[resource(f"r{k}", c) for k, c in enumerate(caps)],
        uses=[
            use(f"t{i}", f"r{k}", rng.randint(1, c))
            for i in range(n)
            for k, c in enumerate(caps)
            if rng.random() < 0.6
        ],
    )


def _random_list(enc: Encoded, rng: random.Random) -> np.ndarray:
    order = np.zeros(enc.n, np.int64)
    key = np.array([rng.random() for _ in range(enc.n)])
    kernels.order_by(key, enc.fwd[7], enc.fwd[8], enc.fwd[9], order)
    return order


def _plan_of(enc: Encoded, order: np.ndarray) -> np.ndarray:
    """`order` decoded and justified as the search does (rewritten to the plan's start order)."""
    work = (
        np.empty((max(enc.nres, 1), enc.horizon), np.int64),
        np.zeros(enc.n, np.int64),
        np.zeros(enc.n, np.int64),
    )
    start = np.zeros(enc.n, np.int64)
    assert kernels.improve(order, enc.fwd, enc.bwd, work, start, 2) < kernels.INFEASIBLE
    return start


def _is_topological(enc: Encoded, child: np.ndarray) -> bool:
    place = {int(j): k for k, j in enumerate(child)}
    ptr, src = enc.fwd[3], enc.fwd[4]
    return all(place[int(src[e])] < place[j] for j in range(enc.n) for e in range(ptr[j], ptr[j + 1]))


def _expected_window(start: np.ndarray, enc: Encoded, length: int) -> int:
    """The first window of `length` steps with the largest sum of use / capacity over its steps and the
    resources, by trying every window (independent of the kernel's running sum)."""
    dur, dem, profile = enc.fwd[0], enc.fwd[1], enc.fwd[6]
    span = max(int(s + d) for s, d in zip(start, dur, strict=True))
    load = [
        sum(
            float(dem[j, r]) / float(profile[r, u])
            for j in range(enc.n)
            for r in range(dem.shape[1])
            if start[j] <= u < start[j] + dur[j]
        )
        for u in range(span)
    ]
    length = min(length, span)
    sums = [sum(load[t : t + length]) for t in range(span - length + 1)]
    return next(t for t, v in enumerate(sums) if v > max(sums) - 1e-9)


@pytest.mark.parametrize("seed", range(30))
def test_the_child_is_a_topological_order_of_every_job(seed: int) -> None:
    rng = random.Random(seed)
    problem = build_problem(_random_dag(rng, rng.randint(8, 30), leads=seed % 2 == 1), hard_deadlines=True)
    enc = encode(problem)
    mother, father = _random_list(enc, rng), _random_list(enc, rng)
    mstart = _plan_of(enc, mother)
    child = np.zeros(enc.n, np.int64)
    for length in (1, rng.randint(2, 12), 10_000):
        kernels.peak_crossover(
            mother, father, mstart, enc.fwd[0], enc.fwd[1], enc.fwd[6], length, *enc.fwd[7:10], child
        )
        assert sorted(child.tolist()) == list(range(enc.n))
        assert _is_topological(enc, child)


@pytest.mark.parametrize("seed", range(20))
def test_without_leads_the_child_is_the_three_blocks(seed: int) -> None:
    """Finish-to-start links only: a successor starts after its predecessors, so the jobs before the
    window, in it and after it are closed under predecessors and the child is exactly: the jobs before
    in the father's order, the window's in the mother's, the jobs after in the father's."""
    rng = random.Random(1000 + seed)
    problem = build_problem(_random_dag(rng, rng.randint(8, 30), leads=False), hard_deadlines=True)
    enc = encode(problem)
    mother, father = _random_list(enc, rng), _random_list(enc, rng)
    mstart = _plan_of(enc, mother)
    length = rng.randint(1, 15)
    child = np.zeros(enc.n, np.int64)
    t = kernels.peak_crossover(
        mother, father, mstart, enc.fwd[0], enc.fwd[1], enc.fwd[6], length, *enc.fwd[7:10], child
    )
    assert t == _expected_window(mstart, enc, length)
    before = [int(j) for j in father if mstart[j] < t]
    inside = [int(j) for j in mother if t <= mstart[j] < t + length]
    after = [int(j) for j in father if mstart[j] >= t + length]
    assert child.tolist() == before + inside + after


def test_a_hand_built_pair_inherits_the_mothers_peak() -> None:
    """One resource of capacity 2, six jobs of two steps; the mother's plan uses half of it over [0, 4)
    and [8, 10) and all of it over [4, 8): the four-step window is [4, 8), and its jobs (2, 4, 3 in the
    mother's order) sit between job 0 and 1 (father's order: 1, 0) and job 5."""
    dur = np.full(6, 2, np.int64)
    dem = np.array([[1], [1], [2], [1], [1], [1]], np.int64)
    profile = np.full((1, 20), 2, np.int64)
    mstart = np.array([0, 2, 4, 6, 6, 8], np.int64)
    # links 0 -> 2 and 1 -> 3, grouped by their first job
    sptr = np.array([0, 1, 2, 2, 2, 2, 2], np.int64)
    sdst = np.array([2, 3], np.int64)
    indeg = np.array([0, 0, 1, 1, 0, 0], np.int64)
    mother = np.array([0, 1, 2, 4, 3, 5], np.int64)
    father = np.array([1, 0, 5, 4, 3, 2], np.int64)
    child = np.zeros(6, np.int64)
    assert kernels.peak_window(mstart, dur, dem, profile, 4) == 4
    assert kernels.peak_crossover(mother, father, mstart, dur, dem, profile, 4, sptr, sdst, indeg, child) == 4
    assert child.tolist() == [1, 0, 2, 4, 3, 5]
    # a two-step window: [4, 6) and [6, 8) are as full, the first is taken; only job 2 is inherited
    assert kernels.peak_crossover(mother, father, mstart, dur, dem, profile, 2, sptr, sdst, indeg, child) == 4
    assert child.tolist() == [1, 0, 2, 5, 4, 3]


def _plan(problem: LevelingProblem, starts: list[int]) -> dict[str, tuple[dt.datetime, dt.datetime]]:
    axis = problem.axis
    return {
        job.id: (axis.start_instant(s), axis.finish_instant(s + job.duration))
        for job, s in zip(problem.jobs, starts, strict=True)
    }


def _search(problem: LevelingProblem, seed: int, settings: Settings) -> Search:
    return Search(
        encode(problem), seed, latest_starts(problem, early_pass(problem), problem.horizon), settings
    )


@pytest.mark.parametrize("seed", range(20))
def test_a_search_with_the_peak_crossover_reaches_the_brute_force_optimum(seed: int) -> None:
    inst = _random_instance(random.Random(seed))
    p = _to_project(inst)
    problem = build_problem(p, hard_deadlines=True)
    search = _search(problem, seed, Settings(peak=1.0 if seed % 2 else 0.5, restart=3, climb=20))
    search.run(30)
    assert violations(p, _plan(problem, search.best_start)) == []
    assert (
        max(s + j.duration for s, j in zip(search.best_start, problem.jobs, strict=True)) == search.best_span
    )
    assert search.best_span * problem.axis.unit / 60 == brute_force(inst)


@pytest.mark.parametrize("name", ["j90/j905_5.sm", "j60/j6013_3.sm"])
def test_on_psplib_its_plans_are_valid_and_never_worse_than_the_warm_start(
    shared_data: Path, name: str
) -> None:
    p = load_psplib(shared_data / "psplib" / name)
    problem = build_problem(p, hard_deadlines=True)
    warm = warm_start(problem, passes=4, seed=0)
    assert warm is not None
    search = _search(problem, 5, Settings(peak=1.0, climb=40))
    search.inject(warm.start)
    for _ in range(4):
        search.run(10)
        assert search.best_span <= warm.makespan
        assert violations(p, _plan(problem, search.best_start)) == []
    # every list of the population keeps its own justified plan, in that plan's start order: the
    # windows the crossover reads are those of real plans
    dur = search.enc.fwd[0]
    for k in range(search.pop.shape[0]):
        start = search.starts[k]
        assert int((start + dur).max()) == search.spans[k]
        assert (np.diff(start[search.pop[k]]) >= 0).all()
        assert violations(p, _plan(problem, [int(s) for s in start])) == []


def test_a_tournament_takes_the_shortest_list_drawn() -> None:
    spans = np.array([5, 3, 9, 3, 7], np.int64)
    kernels.seed_rng(0)
    # 200 draws miss both lists of makespan 3 with chance 0.6^200: the shortest is always among them
    assert all(spans[kernels.fittest(spans, 200)] == 3 for _ in range(20))
    drawn = {int(kernels.fittest(spans, 1)) for _ in range(200)}  # one draw: any list, no pressure
    assert drawn == set(range(5))


@pytest.mark.parametrize("seed", range(10))
def test_a_search_with_more_selection_pressure_reaches_the_brute_force_optimum(seed: int) -> None:
    inst = _random_instance(random.Random(seed))
    p = _to_project(inst)
    problem = build_problem(p, hard_deadlines=True)
    search = _search(problem, seed, Settings(tournament=4))
    search.run(30)
    assert violations(p, _plan(problem, search.best_start)) == []
    assert search.best_span * problem.axis.unit / 60 == brute_force(inst)


def test_the_leveler_option_reaches_the_searches(shared_data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Settings] = []
    real = genetic_module.beside

    def spy(*args: object, **kwargs: object) -> threading.Thread:
        settings = kwargs["settings"]
        assert isinstance(settings, Settings)
        calls.append(settings)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(genetic_module, "beside", spy)
    p = load_psplib(shared_data / "psplib" / "j60" / "j6013_3.sm")
    options = replace(CpOptions(), genetic_peak=0.5, genetic_peak_width=0.2)
    result = level(p, time_limit=2.0, workers=2, options=options)
    assert calls and all((s.peak, s.peak_width, s.climb) == (0.5, 0.2, 160) for s in calls)
    assert violations(p, plan_of(result)) == []
    assert result.objective >= 82  # j6013_3's proven lower bound (best_known.csv)
