"""Random small instances: the leveler's finish equals a brute-force optimum and passes the validator."""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

import pytest
from leveling_builders import SAFETY_S, STEADY, link, plan_of, project, resource, task, use
from validator import violations

from plantrack.scheduling.leveling import Experimental, Method, Status, level
from plantrack.scheduling.leveling.bounds import energy_bound
from plantrack.scheduling.leveling.build import build_problem
from plantrack.scheduling.model import Project


@dataclass
class Instance:
    durations: list[int]
    links: list[tuple[int, int, str, int]]  # pred < succ, type, lag (hours)
    capacity: list[int]
    demand: list[list[int]]  # per task, per resource


def _random_instance(rng: random.Random) -> Instance:
    n = rng.randint(3, 6)
    durations = [rng.randint(0 if i in (0, n - 1) else 1, 4) for i in range(n)]
    links = [
        (i, j, rng.choice(["FS", "FS", "SS", "FF", "SF"]), rng.randint(-1, 2))
        for i in range(n)
        for j in range(i + 1, n)
        if rng.random() < 0.3
    ]
    capacity = [rng.randint(1, 3) for _ in range(2)]
    demand = [[rng.randint(0, c) for c in capacity] for _ in range(n)]
    return Instance(durations, links, capacity, demand)


def _to_project(inst: Instance) -> Project:
    ids = [f"t{i}" for i in range(len(inst.durations))]
    return project(
        [task(t, d) for t, d in zip(ids, inst.durations, strict=True)],
        links=[link(ids[a], ids[b], k, lag) for a, b, k, lag in inst.links],
        resources=[resource(f"r{k}", c) for k, c in enumerate(inst.capacity)],
        uses=[use(ids[i], f"r{k}", u) for i, row in enumerate(inst.demand) for k, u in enumerate(row) if u],
    )


def brute_force(inst: Instance) -> int:
    """Try every start time of every task (tasks in index order, which respects the links)."""
    n = len(inst.durations)
    horizon = sum(inst.durations) + sum(max(lag, 0) for *_, lag in inst.links) + 1
    usage = [[0] * (horizon + 8) for _ in inst.capacity]
    start = [0] * n
    best = [horizon * 4]

    def lowest(j: int) -> int:
        low = 0
        for a, b, kind, lag in inst.links:
            if b != j:
                continue
            pa = start[a] + (inst.durations[a] if kind in ("FS", "FF") else 0)
            shift = inst.durations[j] if kind in ("FF", "SF") else 0
            low = max(low, pa + lag - shift)
        return low

    def place(j: int, finish: int) -> None:
        if finish >= best[0]:
            return
        if j == n:
            best[0] = finish
            return
        d = inst.durations[j]
        for s in range(lowest(j), horizon + 1):
            if max(finish, s + d) >= best[0]:
                break
            if all(
                usage[k][t] + inst.demand[j][k] <= inst.capacity[k] for k in range(2) for t in range(s, s + d)
            ):
                for k in range(2):
                    for t in range(s, s + d):
                        usage[k][t] += inst.demand[j][k]
                start[j] = s
                place(j + 1, max(finish, s + d))
                for k in range(2):
                    for t in range(s, s + d):
                        usage[k][t] -= inst.demand[j][k]

    place(0, 0)
    return best[0]


@pytest.mark.parametrize("seed", range(40))
def test_random_instance_matches_brute_force(seed: int) -> None:
    inst = _random_instance(random.Random(seed))
    p = _to_project(inst)
    result = level(p, time_limit=SAFETY_S, workers=1, options=STEADY)
    assert result.status is Status.OPTIMAL
    optimum = brute_force(inst)
    assert result.objective == optimum
    assert violations(p, plan_of(result)) == []
    # the CP model itself, with every redundant lever on, even where the warm start is already optimal
    forced = replace(
        STEADY,
        shortcut=False,
        tight_domains=True,
        experimental=Experimental(disjunctive=True, energy_bound=True),
    )
    cp = level(p, time_limit=SAFETY_S, workers=1, options=forced)
    assert cp.status is Status.OPTIMAL and cp.method is Method.CP and cp.objective == optimum
    assert violations(p, plan_of(cp)) == []
    assert energy_bound(build_problem(p)) <= optimum
    heuristic = level(p, method=Method.HEURISTIC)
    assert violations(p, plan_of(heuristic)) == []
    assert heuristic.objective >= result.objective


@pytest.mark.parametrize("seed", range(40, 52))
def test_search_race_and_lns_thread_match_brute_force(seed: int) -> None:
    """Two workers (several CP-SAT workers per core, or our LNS on a thread beside a one-worker full
    solve) reach the brute-force optimum with a valid plan; the heuristic shortcut is off so CP-SAT runs.
    """
    inst = _random_instance(random.Random(seed))
    p = _to_project(inst)
    optimum = brute_force(inst)
    for options in (
        replace(STEADY, shortcut=False),
        replace(STEADY, shortcut=False, experimental=Experimental(lns_thread=True)),
        replace(STEADY, shortcut=False, workers_per_core=1),
    ):
        result = level(p, time_limit=SAFETY_S, workers=2, options=options)
        assert result.status is Status.OPTIMAL and result.objective == optimum
        assert violations(p, plan_of(result)) == []
