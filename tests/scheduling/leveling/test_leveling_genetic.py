"""The compiled genetic search: valid plans (independent validator), brute-force optima, and its place
beside CP-SAT in the leveler."""

from __future__ import annotations

import datetime as dt
import importlib
import random
import threading
from dataclasses import replace
from pathlib import Path

import pytest
from leveling_builders import SAFETY_S, STEADY, link, plan_of, project, resource, task, use
from test_leveling_bruteforce import _random_instance, _to_project, brute_force
from validator import violations

from plantrack.formats.psplib import load_psplib
from plantrack.scheduling.leveling import ProgressInfo, Status, level
from plantrack.scheduling.leveling import genetic as genetic_module
from plantrack.scheduling.leveling.bounds import early_pass, latest_starts
from plantrack.scheduling.leveling.build import build_problem
from plantrack.scheduling.leveling.decodable import applicable
from plantrack.scheduling.leveling.genetic import Search, encode, mirror
from plantrack.scheduling.leveling.incumbent import CP_SAT, Incumbent
from plantrack.scheduling.leveling.problem import LevelingProblem
from plantrack.scheduling.model import Project

# the package exports the function `level` under the module's name
level_module = importlib.import_module("plantrack.scheduling.leveling.level")


def _search(problem: LevelingProblem, seed: int = 0) -> Search:
    early = early_pass(problem)
    return Search(encode(problem), seed, latest_starts(problem, early, problem.horizon))


def _plan(problem: LevelingProblem, starts: list[int]) -> dict[str, tuple[dt.datetime, dt.datetime]]:
    axis = problem.axis
    return {
        job.id: (axis.start_instant(s), axis.finish_instant(s + job.duration))
        for job, s in zip(problem.jobs, starts, strict=True)
    }


def _span(problem: LevelingProblem, starts: list[int]) -> int:
    return max(j.duration + s for j, s in zip(problem.jobs, starts, strict=True))


@pytest.mark.parametrize("seed", range(40))
def test_search_reaches_the_brute_force_optimum_with_a_valid_plan(seed: int) -> None:
    inst = _random_instance(random.Random(seed))
    p = _to_project(inst)
    problem = build_problem(p, hard_deadlines=True)
    assert applicable(problem)
    search = _search(problem, seed)
    search.run(30)
    assert violations(p, _plan(problem, search.best_start)) == []
    assert _span(problem, search.best_start) == search.best_span
    assert search.best_span * problem.axis.unit / 60 == brute_force(inst)


def _psplib(shared_data: Path, name: str) -> tuple[Project, LevelingProblem]:
    p = load_psplib(shared_data / "psplib" / name)
    return p, build_problem(p, hard_deadlines=True)


def test_search_on_a_psplib_instance_keeps_every_plan_valid(shared_data: Path) -> None:
    p, problem = _psplib(shared_data, "j60/j6013_3.sm")
    search = _search(problem)
    first = search.best_span
    for _ in range(5):
        search.run(10)
        assert violations(p, _plan(problem, search.best_start)) == []
        assert _span(problem, search.best_start) == search.best_span
    assert search.best_span <= first
    assert search.best_span >= 82  # j6013_3's proven lower bound (best_known.csv)


def test_same_seed_same_search(shared_data: Path) -> None:
    _, problem = _psplib(shared_data, "j60/j609_9.sm")
    a, b = _search(problem, 7), _search(problem, 7)
    a.run(20)
    b.run(20)
    assert a.best_start == b.best_start and (a.pop == b.pop).all()


def test_a_better_plan_from_elsewhere_is_taken_in(shared_data: Path) -> None:
    p, problem = _psplib(shared_data, "j60/j6029_9.sm")
    strong = _search(problem, 1)
    strong.run(60)
    weak = _search(problem, 2)
    if weak.best_span <= strong.best_span:
        pytest.skip("the fresh population is already as good")
    weak.inject(strong.best_start)
    assert weak.best_span <= strong.best_span
    assert violations(p, _plan(problem, weak.best_start)) == []


def test_absences_and_all_link_kinds_are_respected() -> None:
    tasks = [task(f"t{i}", 1 + i % 3) for i in range(8)]
    links = [
        link("t0", "t2"),
        link("t1", "t3", "SS", 1),
        link("t2", "t4", "FF", -1),
        link("t3", "t5", "SF", 2),
        link("t4", "t6", "FS", -1),
        link("t5", "t7", "FS", 2),
    ]
    p = project(
        tasks,
        links=links,
        resources=[resource("r0", 2, absent=[(2, 5)]), resource("r1", 1, absent=[(7, 8)])],
        uses=[use(f"t{i}", f"r{i % 2}", 1) for i in range(8)],
    )
    problem = build_problem(p, hard_deadlines=True)
    assert applicable(problem)
    search = _search(problem)
    search.run(30)
    assert violations(p, _plan(problem, search.best_start)) == []


def test_windows_fixed_dates_and_hard_finishes_leave_it_to_cp_sat() -> None:
    p = project(
        [task("a", 2), task("b", 3)], resources=[resource("r", 1)], uses=[use("a", "r"), use("b", "r")]
    )
    assert applicable(build_problem(p, hard_deadlines=True))
    problem = build_problem(p, hard_deadlines=True)
    problem.jobs[0].windows = [(0, 4)]
    assert not applicable(problem)


@pytest.mark.slow
def test_the_leveler_runs_it_beside_cp_sat_on_large_plans(
    shared_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[threading.Thread] = []
    real = genetic_module.beside

    def spy(*args: object, **kwargs: object) -> threading.Thread:
        thread = real(*args, **kwargs)  # type: ignore[arg-type]
        threads.append(thread)
        return thread

    monkeypatch.setattr(genetic_module, "beside", spy)
    p, _ = _psplib(shared_data, "j60/j6021_1.sm")
    result = level(p, time_limit=3.0, workers=2)
    assert threads and not threads[0].is_alive()
    assert violations(p, plan_of(result)) == []
    assert result.objective >= 103  # j6021_1's proven optimum (best_known.csv)
    # one worker: deterministic, no search beside
    threads.clear()
    level(p, time_limit=1.0, workers=1)
    assert not threads


def test_a_plan_at_the_bound_stops_the_solve(shared_data: Path) -> None:
    """j6019_9's optimum (69) is one step above its critical path: once the search holds a plan at the
    bound CP-SAT has proven, it calls `stop` and ends long before its time limit."""
    p, problem = _psplib(shared_data, "j60/j6019_9.sm")
    shared = Incumbent()
    shared.bound = 69
    stopped = threading.Event()
    shared.on_stop = stopped.set
    thread = genetic_module.beside(problem, early_pass(problem), shared, time_limit=120.0, seed=0, bound=0)
    thread.join(timeout=60)
    assert not thread.is_alive() and stopped.is_set() and shared.done
    best = shared.best()
    assert best is not None and best[0] == 69
    assert violations(p, _plan(problem, best[1])) == []


@pytest.mark.parametrize("seed", range(52, 60))
def test_beside_cp_sat_on_tiny_plans_matches_brute_force(seed: int) -> None:
    inst = _random_instance(random.Random(seed))
    p = _to_project(inst)
    options = replace(STEADY, shortcut=False, proof_first_jobs=0)
    result = level(p, time_limit=SAFETY_S, workers=2, options=options)
    assert result.status is Status.OPTIMAL and result.objective == brute_force(inst)
    assert violations(p, plan_of(result)) == []


def test_incumbent_keeps_the_proven_bound_and_each_sources_best() -> None:
    shared = Incumbent()
    told: list[int] = []
    shared.on_better = told.append
    assert shared.bound == 0 and shared.best() is None
    shared.bound = 12
    shared.post(14, [0, 1], "search0")
    shared.post(15, [1, 0], CP_SAT)
    shared.post(13, [2, 2], CP_SAT)
    shared.post(16, [3, 3], "search0")  # longer than its own best: ignored
    assert shared.best() == (13, [2, 2]) and shared.bound == 12
    assert shared.best("search0") == (14, [0, 1]) and shared.best(CP_SAT) == (13, [2, 2])
    assert shared.best("search1") is None
    assert told == [14, 13]  # only plans shorter than every earlier one


def test_the_hint_is_the_shorter_of_warm_start_and_search() -> None:
    p = project(
        [task("a", 2), task("b", 3)], resources=[resource("r", 1)], uses=[use("a", "r"), use("b", "r")]
    )
    problem = build_problem(p, hard_deadlines=True)
    warm = [0, 2]  # finish 5
    shared = Incumbent()
    running = (shared, [threading.Thread(target=lambda: None)])
    assert level_module._hint(problem, warm, None) == warm
    assert level_module._hint(problem, warm, running) == warm  # nothing posted yet
    shared.post(5, [3, 0])
    assert level_module._hint(problem, warm, running) == warm  # not shorter
    shared.post(4, [9, 9])  # (a made-up plan: only its length matters here)
    assert level_module._hint(problem, warm, running) == [9, 9]
    assert level_module._hint(problem, None, running) == [9, 9]


def test_the_progress_line_shows_the_searches_plans(shared_data: Path) -> None:
    """With one CP-SAT worker beside the searches, most shorter plans come from the searches: the live
    line reports them, never a longer plan after a shorter one, and ends on the result's finish."""
    seen: list[ProgressInfo] = []
    p, _ = _psplib(shared_data, "j90/j9029_9.sm")
    result = level(p, time_limit=3.0, workers=2, progress=seen.append)
    shown = [info.incumbent for info in seen if info.incumbent is not None]
    assert shown and shown == sorted(shown, reverse=True)
    assert shown[-1] == result.objective  # hours: one PSPLIB period is one hour
    # best_known.csv: critical path 81, best proven lower bound 118. The line starts above the critical
    # path (the resource energy bound counts from the first report) and never claims more than is proven
    bounds = [info.bound for info in seen]
    assert bounds == sorted(bounds) and bounds[0] > 81 and bounds[-1] <= min(result.bound, 118)


@pytest.mark.slow
def test_small_plans_get_one_short_search_beside_the_full_searches(
    shared_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """j3013_5 (32 jobs): CP-SAT's two full searches need most of 10 s to find its optimum (67); one
    search beside them, bounded in generations, finds it well within that and then leaves the cores."""
    calls: list[dict[str, object]] = []
    real = genetic_module.beside

    def spy(*args: object, **kwargs: object) -> threading.Thread:
        calls.append(kwargs)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(genetic_module, "beside", spy)
    p, _ = _psplib(shared_data, "j30/j3013_5.sm")
    result = level(p, time_limit=10.0, workers=2)
    assert len(calls) == 1 and calls[0]["generations"] == 200
    assert violations(p, plan_of(result)) == []
    # the search's seed-0 run reaches it after about 110 generations, well under a second of a core
    assert result.objective == 67  # the proven optimum (best_known.csv)
    off = replace(STEADY, small_search_generations=0)
    calls.clear()
    level(p, time_limit=1.0, workers=2, options=off)
    assert not calls


def test_a_bounded_search_stops_after_its_generations(shared_data: Path) -> None:
    _, problem = _psplib(shared_data, "j30/j3029_8.sm")  # its optimum (80) is out of the search's reach
    shared = Incumbent()
    thread = genetic_module.beside(
        problem, early_pass(problem), shared, time_limit=600.0, seed=0, bound=0, generations=8
    )
    thread.join(timeout=60)
    assert not thread.is_alive() and not shared.done
    best = shared.best()
    assert best is not None and best[0] >= 80


def _mirrored(problem: LevelingProblem, seed: int = 0) -> Search:
    early = early_pass(problem)
    enc = encode(problem)
    back = mirror(enc)
    assert back is not None
    return Search(back, seed, [-end for end in early.end], forward=enc)


@pytest.mark.parametrize("seed", range(20))
def test_the_mirrored_search_hands_out_valid_forward_plans_at_the_optimum(seed: int) -> None:
    inst = _random_instance(random.Random(seed))
    p = _to_project(inst)
    problem = build_problem(p, hard_deadlines=True)
    search = _mirrored(problem, seed)
    search.run(30)
    assert violations(p, _plan(problem, search.best_start)) == []
    assert search.plan_span() == _span(problem, search.best_start) <= search.best_span
    assert search.plan_span() * problem.axis.unit / 60 == brute_force(inst)


def test_the_mirrored_search_on_psplib_takes_in_forward_plans(shared_data: Path) -> None:
    p, problem = _psplib(shared_data, "j60/j6029_9.sm")
    forward = _search(problem, 1)
    forward.run(60)
    search = _mirrored(problem, 2)
    for _ in range(3):
        search.run(10)
        assert violations(p, _plan(problem, search.best_start)) == []
        assert search.best_span >= 112  # j6029_9 is proven optimal at 112 (best_known.csv)
    search.inject(forward.best_start)
    assert search.plan_span() <= search.best_span <= forward.best_span
    assert violations(p, _plan(problem, search.best_start)) == []


def test_no_mirror_where_capacity_varies_over_time() -> None:
    p = project(
        [task("a", 2), task("b", 2)],
        resources=[resource("r0", 1, absent=[(1, 2)])],
        uses=[use("a", "r0", 1), use("b", "r0", 1)],
    )
    problem = build_problem(p, hard_deadlines=True)
    assert applicable(problem)
    assert mirror(encode(problem)) is None
    steady = build_problem(
        project([task("a", 2)], resources=[resource("r0", 1)], uses=[use("a", "r0", 1)]), hard_deadlines=True
    )
    assert mirror(encode(steady)) is not None


@pytest.mark.parametrize("seed", range(10))
def test_hill_climbing_at_each_restart_keeps_plans_valid_and_optimal(seed: int) -> None:
    inst = _random_instance(random.Random(seed))
    p = _to_project(inst)
    problem = build_problem(p, hard_deadlines=True)
    early = early_pass(problem)
    settings = genetic_module.Settings(restart=1, climb=40)
    search = Search(encode(problem), seed, latest_starts(problem, early, problem.horizon), settings)
    search.run(30)
    assert violations(p, _plan(problem, search.best_start)) == []
    assert _span(problem, search.best_start) == search.best_span
    assert search.best_span * problem.axis.unit / 60 == brute_force(inst)


def test_hill_climbing_never_lengthens_the_best_list(shared_data: Path) -> None:
    p, problem = _psplib(shared_data, "j90/j905_5.sm")
    early = early_pass(problem)
    search = Search(encode(problem), 3, latest_starts(problem, early, problem.horizon))
    before = int(search.spans[0])
    search.settings = genetic_module.Settings(climb=300)
    search._climb()
    assert search.spans[0] <= before and search.best_span <= before
    starts = search._decode(search.pop[0].copy())
    assert violations(p, _plan(problem, starts)) == []
    assert _span(problem, starts) == search.spans[0]
