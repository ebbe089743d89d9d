"""Large plans: the compiled warm start (checked against the Python passes and an independent validator),
and a genetic search that stops mid-generation when told to, so the time limit holds on thousands of
tasks."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace

import numpy as np
import pytest
from leveling_builders import SAFETY_S, STEADY, link, plan_of, project, resource, task, use
from test_leveling_bruteforce import _random_instance, _to_project, brute_force
from validator import violations

from plantrack.scheduling.leveling import Status, kernels, level
from plantrack.scheduling.leveling.bounds import early_pass, latest_starts
from plantrack.scheduling.leveling.build import build_problem
from plantrack.scheduling.leveling.decodable import applicable
from plantrack.scheduling.leveling.genetic import Search, encode, warm_start
from plantrack.scheduling.leveling.heuristic import HeuristicResult, from_problem, improve, ranks, serial_sgs
from plantrack.scheduling.leveling.problem import LevelingProblem
from plantrack.scheduling.model import Project


def _layered(n: int, seed: int = 3) -> Project:
    """~sqrt(n) layers; two finish-to-start predecessors in the layer above; one of 4 unit resources."""
    rnd = random.Random(seed)
    width = max(2, round(n**0.5))
    links = []
    for i in range(width, n):
        layer = i // width
        for p in rnd.sample(range((layer - 1) * width, layer * width), 2):
            links.append(link(f"t{p}", f"t{i}"))
    return project(
        [task(f"t{i}", rnd.randint(1, 5) * 8) for i in range(n)],
        links,
        resources=[resource(f"r{k}", 1) for k in range(4)],
        uses=[use(f"t{i}", f"r{rnd.randrange(4)}", 1) for i in range(n)],
    )


def _plan(problem: LevelingProblem, starts: list[int]) -> dict[str, tuple[dt.datetime, dt.datetime]]:
    axis = problem.axis
    return {
        job.id: (axis.start_instant(s), axis.finish_instant(s + job.duration))
        for job, s in zip(problem.jobs, starts, strict=True)
    }


@pytest.mark.parametrize("seed", range(30))
def test_each_compiled_pass_decodes_as_the_python_pass(seed: int) -> None:
    """Without justification a compiled pass is the Python serial SGS on the same priority; with it,
    the plan is valid and its finish what the starts say, never below the brute-force optimum."""
    inst = _random_instance(random.Random(seed))
    p = _to_project(inst)
    problem = build_problem(p, hard_deadlines=True)
    assert applicable(problem)
    sp = from_problem(problem)
    first = warm_start(problem, passes=1, seed=seed, rounds=0)
    assert first is not None and first.start == serial_sgs(sp, next(ranks(sp, 1, seed)))
    result = warm_start(problem, passes=4, seed=seed)
    assert result is not None and result.passes == 4
    assert violations(p, _plan(problem, result.start)) == []
    assert result.makespan == max(j.duration + s for j, s in zip(problem.jobs, result.start, strict=True))
    assert result.makespan * problem.axis.unit / 60 >= brute_force(inst)


def test_the_compiled_warm_start_is_as_short_as_the_python_passes_on_a_layered_plan() -> None:
    p = _layered(400)
    problem = build_problem(p, hard_deadlines=True)
    sp = from_problem(problem)
    compiled = warm_start(problem, passes=4, seed=0)
    assert compiled is not None
    assert violations(p, _plan(problem, compiled.start)) == []
    python = []
    for rank in ranks(sp, 4, 0):
        start = serial_sgs(sp, rank)
        assert start is not None
        start = improve(sp, start, False)
        python.append(max(j.duration + s for j, s in zip(sp.jobs, start, strict=True)))
    # both justify each pass right then left; the mirror differs (horizon against finish), so the
    # plans may differ, not by much
    assert compiled.makespan <= min(python) * 1.02


def test_a_halted_generation_leaves_the_population_as_it_was() -> None:
    problem = build_problem(_layered(200), hard_deadlines=True)
    search = Search(encode(problem), 0, latest_starts(problem, early_pass(problem), problem.horizon))
    pop, spans = search.pop.copy(), search.spans.copy()
    search.halt_now()
    assert search.run(5) is False
    enc, s = search.enc, search.settings
    halt = np.ones(1, np.bool_)
    starts = search.starts.copy()
    kernels.generation(
        search.pop, search.spans, search.starts, enc.fwd, enc.bwd, search.work, enc.linked, s.mutation,
        s.shift, s.rounds, 1.0, s.peak_width, s.tournament, search.child, search.start, search.taken, halt,
    )  # fmt: skip
    assert (search.pop == pop).all() and (search.spans == spans).all() and (search.starts == starts).all()


def test_a_search_told_to_stop_while_seeding_keeps_a_whole_population() -> None:
    problem = build_problem(_layered(200), hard_deadlines=True)
    halt = np.ones(1, np.bool_)
    search = Search(
        encode(problem), 0, latest_starts(problem, early_pass(problem), problem.horizon), halt=halt
    )
    # only the priority rule's list was decoded: the others repeat it
    assert (search.spans == search.spans[0]).all()
    assert search.best_span == int(search.spans[0]) < kernels.INFEASIBLE
    assert violations(_layered(200), _plan(problem, search.best_start)) == []


def test_the_warm_start_needs_no_link_matrix() -> None:
    problem = build_problem(_layered(300), hard_deadlines=True)
    assert encode(problem, linked=False).linked.shape == (1, 1)
    assert applicable(problem, any_size=True)
    a, b = warm_start(problem, passes=4, seed=0), genetic_warm_start_with_matrix(problem)
    assert a is not None and b is not None and (a.start, a.makespan) == (b.start, b.makespan)


def genetic_warm_start_with_matrix(problem: LevelingProblem) -> HeuristicResult | None:
    """The same passes decoded through a full encoding (the search's), for comparison."""
    enc = encode(problem)
    sp = from_problem(problem)
    sptr, sdst, indeg = enc.fwd[7:10]
    work = (
        np.empty((max(enc.nres, 1), enc.horizon), np.int64),
        np.zeros(enc.n, np.int64),
        np.zeros(enc.n, np.int64),
    )
    order, start = np.zeros(enc.n, np.int64), np.zeros(enc.n, np.int64)
    best: HeuristicResult | None = None
    for rank in ranks(sp, 4, 0):
        kernels.order_by(np.asarray(rank, np.float64), sptr, sdst, indeg, order)
        span = int(kernels.improve(order, enc.fwd, enc.bwd, work, start, 3))
        if best is None or span < best.makespan:
            best = HeuristicResult(start=[int(x) for x in start], makespan=span, lateness=0, passes=4)
    return best


@pytest.mark.parametrize("seed", range(12))
def test_leveling_with_the_compiled_warm_start_still_reaches_the_optimum(seed: int) -> None:
    """The compiled warm start on every size (large plans only by default): the optimum, a valid plan."""
    inst = _random_instance(random.Random(seed))
    p = _to_project(inst)
    for workers in (1, 2):
        options = replace(STEADY, compiled_warm_start_jobs=1)
        result = level(p, time_limit=SAFETY_S, workers=workers, options=options)
        assert result.status is Status.OPTIMAL
        assert result.objective == brute_force(inst)
        assert violations(p, plan_of(result)) == []
