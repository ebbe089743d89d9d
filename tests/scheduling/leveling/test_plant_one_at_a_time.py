"""Joint plant leveling against one-at-a-time leveling and a brute-force optimum, on seeded small plants."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from dataclasses import replace

import pytest
from leveling_builders import START, link, project, resource, task, use

from plantrack.scheduling.leveling.bounds import early_pass
from plantrack.scheduling.leveling.build import build_problem
from plantrack.scheduling.leveling.plant import level_plant as level_plant_module
from plantrack.scheduling.leveling.plant.joint import joint_plan
from plantrack.scheduling.leveling.plant.level_plant import (
    PlantLevelingResult,
    best_known,
    level_plant,
    member_groups,
)
from plantrack.scheduling.leveling.plant.members import PlantMember
from plantrack.scheduling.leveling.plant.neighbourhood import improve_by_projects
from plantrack.scheduling.leveling.plant.one_at_a_time import level_one_at_a_time
from plantrack.scheduling.model import Project

Spec = list[tuple[str, list[tuple[str, int, dict[str, int]]], int]]  # (name, [(task, hours, uses)], priority)


def _random_plant(seed: int, projects: int, tasks: int) -> tuple[Spec, dict[str, int]]:
    rng = random.Random(seed)
    capacities = {"elec": rng.randint(1, 2), "crane": rng.randint(1, 2)}
    spec: Spec = []
    for p in range(projects):
        rows = []
        for t in range(rng.randint(1, tasks)):
            needs = {r: rng.randint(1, c) for r, c in capacities.items() if rng.random() < 0.7}
            rows.append((f"T{t}", rng.randint(1, 4), needs))
        spec.append((f"Project {p}", rows, rng.randint(1, 3)))
    return spec, capacities


def _members(spec: Spec, capacities: dict[str, int]) -> list[PlantMember]:
    shared = [resource(r, c) for r, c in capacities.items()]
    members = []
    for name, rows, priority in spec:
        tasks = [task(tid, h) for tid, h, _needs in rows]
        links = [link(a[0], b[0]) for a, b in itertools.pairwise(rows)]  # each project a chain
        uses = [use(tid, r, u) for tid, _h, needs in rows for r, u in needs.items()]
        plan: Project = replace(project(tasks, links, shared, uses), name=name)
        members.append(PlantMember(project=plan, priority=priority))
    return members


def _sweep(result: PlantLevelingResult, members: list[PlantMember], capacities: dict[str, int]) -> None:
    """Units in use per resource over time from the leveled dates alone: never above capacity."""
    events: dict[str, list[tuple[dt.datetime, int]]] = {r: [] for r in capacities}
    for member, leveled in zip(members, result.projects, strict=True):
        for a in member.project.assignments:
            t = leveled.tasks[a.task]
            if t.finish > t.start:
                events[a.resource] += [(t.start, round(a.units)), (t.finish, -round(a.units))]
    for r, rows in events.items():
        level = 0
        for _when, change in sorted(rows, key=lambda e: (e[0], e[1])):  # ends before starts at an instant
            level += change
            assert level <= capacities[r], f"{r} over capacity"


def _brute_force(spec: Spec, capacities: dict[str, int]) -> int:
    """The least sum of priority × project finish (hours), over every whole-hour start of every task."""
    jobs = [(p, h, needs) for p, (_n, rows, _w) in enumerate(spec) for _t, h, needs in rows]
    first = [n > 0 and jobs[n - 1][0] == jobs[n][0] for n in range(len(jobs))]  # chained after the one before
    horizon = sum(h for _p, h, _needs in jobs)
    use = {r: [0] * (horizon + 1) for r in capacities}
    best = [10**9]
    ends = [0] * len(jobs)

    def place(n: int) -> None:
        if n == len(jobs):
            finish = [0] * len(spec)
            for (p, _h, _needs), e in zip(jobs, ends, strict=True):
                finish[p] = max(finish[p], e)
            best[0] = min(best[0], sum(w * f for (_n, _rows, w), f in zip(spec, finish, strict=True)))
            return
        p, h, needs = jobs[n]
        for s in range((ends[n - 1] if first[n] else 0), horizon - h + 1):
            if all(use[r][t] + u <= capacities[r] for r, u in needs.items() for t in range(s, s + h)):
                for r, u in needs.items():
                    for t in range(s, s + h):
                        use[r][t] += u
                ends[n] = s + h
                place(n + 1)
                for r, u in needs.items():
                    for t in range(s, s + h):
                        use[r][t] -= u

    place(0)
    return best[0]


@pytest.mark.parametrize("seed", range(12))
def test_joint_leveling_is_never_worse_than_one_at_a_time(seed: int) -> None:
    spec, capacities = _random_plant(seed, projects=4, tasks=4)
    members = _members(spec, capacities)
    joint = level_plant(members, time_limit=10, workers=1, seed=seed)
    alone = level_one_at_a_time(members, time_limit=10, workers=1, seed=seed)
    assert alone.objective is not None
    assert joint.objective <= alone.objective + 1e-9
    assert joint.bound <= joint.objective + 1e-9
    _sweep(joint, members, capacities)
    # the reported objective is the weighted sum of the finishes it reports
    weighted = sum(
        m.priority * ((p.finish - START).total_seconds() / 3600 if p.finish else 0)
        for m, p in zip(members, joint.projects, strict=True)
    )
    assert joint.objective == pytest.approx(weighted)


@pytest.mark.parametrize("seed", range(10))
def test_joint_leveling_equals_the_brute_force_optimum_on_tiny_plants(seed: int) -> None:
    spec, capacities = _random_plant(100 + seed, projects=2, tasks=3)
    members = _members(spec, capacities)
    joint = level_plant(members, time_limit=10, workers=1, seed=seed)
    best = _brute_force(spec, capacities)
    assert joint.gap == 0
    assert joint.objective == pytest.approx(best)
    # the bound computed before any search (critical paths, each resource's work in Smith's order)
    # never exceeds the optimum
    plan = joint_plan(members)
    problem = build_problem(plan.project)
    assert member_groups(plan, problem).bound(problem, early_pass(problem), False) <= best


@pytest.mark.parametrize("seed", range(4))
def test_a_few_projects_at_a_time_never_worsens_the_plan_and_keeps_capacities(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec, capacities = _random_plant(200 + seed, projects=7, tasks=5)
    members = _members(spec, capacities)
    plan = joint_plan(members)
    problem = build_problem(plan.project)
    groups = member_groups(plan, problem)
    start = best_known(problem, groups, [m.priority for m in members], False, seed)
    assert start is not None
    improved = improve_by_projects(
        problem, groups, start, by_lateness=False, time_limit=3, workers=1, seed=seed
    )
    assert groups.value(problem, improved, False) <= groups.value(problem, start, False)
    # the whole run on the large-plant path: every capacity holds, never worse than one at a time
    monkeypatch.setattr(level_plant_module, "FULL_MODEL_JOBS", 0)
    joint = level_plant(members, time_limit=3, workers=1, seed=seed)
    _sweep(joint, members, capacities)
    alone = level_one_at_a_time(members, time_limit=3, workers=1, seed=seed)
    assert alone.objective is not None and joint.objective <= alone.objective + 1e-9


def test_one_at_a_time_can_be_worse_than_leveling_together() -> None:
    # the first project's long task blocks the crane; the second's short one would have fitted first
    spec: Spec = [
        ("Press 4 retrofit", [("T0", 4, {"crane": 1})], 2),
        ("Line 3", [("T0", 1, {"crane": 1})], 1),
        ("Line 5", [("T0", 1, {"crane": 1})], 1),
    ]
    members = _members(spec, {"crane": 1, "elec": 1})
    alone = level_one_at_a_time(members, time_limit=5, workers=1)
    joint = level_plant(members, time_limit=5, workers=1)
    # alone: press 0-4, lines 4-5 and 5-6: 2 × 4 + 5 + 6 = 19; together the lines first: 2 × 6 + 1 + 2 = 15
    assert alone.objective == pytest.approx(19)
    assert joint.objective == pytest.approx(15)
