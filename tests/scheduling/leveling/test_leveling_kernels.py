"""The compiled serial SGS against independent code: the Python heuristic's SGS places every job of
the same activity list at the same start."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
from leveling_builders import link, project, resource, task, use
from test_leveling_bruteforce import _random_instance, _to_project

from plantrack.formats.psplib import load_psplib
from plantrack.scheduling.leveling import kernels
from plantrack.scheduling.leveling.build import build_problem
from plantrack.scheduling.leveling.genetic import Encoded, encode
from plantrack.scheduling.leveling.heuristic import from_problem, serial_sgs
from plantrack.scheduling.leveling.problem import LevelingProblem


def _random_order(enc: Encoded, rng: random.Random) -> np.ndarray:
    order = np.zeros(enc.n, np.int64)
    key = np.array([rng.random() for _ in range(enc.n)], np.float64)
    kernels.order_by(key, enc.fwd[7], enc.fwd[8], enc.fwd[9], order)
    return order


def _kernel_sgs(enc: Encoded, order: np.ndarray) -> tuple[int, list[int]]:
    f = enc.fwd
    use_ = np.empty((max(enc.nres, 1), enc.horizon), np.int64)
    start = np.zeros(enc.n, np.int64)
    span = kernels.sgs(order, f[0], f[1], f[2], f[3], f[4], f[5], f[6], use_, start)
    return int(span), [int(x) for x in start]


def _python_sgs(problem: LevelingProblem, order: np.ndarray) -> list[int] | None:
    rank = [0.0] * len(order)
    for position, job in enumerate(order):
        rank[int(job)] = float(position)
    return serial_sgs(from_problem(problem), rank)


def _tight_project(seed: int):  # type: ignore[no-untyped-def]
    """More jobs than the brute-force instances, all link kinds, leads, absences, tight capacities."""
    rng = random.Random(seed)
    n = 14
    tasks = [task(f"t{i}", rng.randint(1, 5)) for i in range(n)]
    kinds = ["FS", "FS", "SS", "FF", "SF"]
    links = [
        link(f"t{i}", f"t{j}", rng.choice(kinds), rng.randint(-1, 2))
        for i in range(n)
        for j in range(i + 1, n)
        if rng.random() < 0.15
    ]
    resources = [resource("r0", 2, absent=[(3, 6)]), resource("r1", 3), resource("r2", 1, absent=[(9, 10)])]
    uses = [
        use(f"t{i}", f"r{k}", rng.randint(1, cap))
        for i in range(n)
        for k, cap in enumerate((2, 3, 1))
        if rng.random() < 0.5
    ]
    return project(tasks, links=links, resources=resources, uses=uses)


@pytest.mark.parametrize("seed", range(30))
def test_kernel_sgs_places_every_job_where_the_python_sgs_does(seed: int) -> None:
    rng = random.Random(seed)
    p = _tight_project(seed) if seed % 2 else _to_project(_random_instance(rng))
    problem = build_problem(p, hard_deadlines=True)
    enc = encode(problem)
    for _ in range(5):
        order = _random_order(enc, rng)
        span, starts = _kernel_sgs(enc, order)
        expected = _python_sgs(problem, order)
        if expected is None:
            assert span >= kernels.INFEASIBLE
            continue
        assert starts == expected
        assert span == max(j.duration + s for j, s in zip(problem.jobs, expected, strict=True))


@pytest.mark.parametrize("name", ["j30/j3013_3.sm", "j60/j609_9.sm", "j90/j9045_5.sm"])
def test_kernel_sgs_matches_the_python_sgs_on_psplib(shared_data: Path, name: str) -> None:
    problem = build_problem(load_psplib(shared_data / "psplib" / name), hard_deadlines=True)
    enc = encode(problem)
    rng = random.Random(3)
    for _ in range(8):
        order = _random_order(enc, rng)
        assert _kernel_sgs(enc, order)[1] == _python_sgs(problem, order)
