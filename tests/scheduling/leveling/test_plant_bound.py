"""The plant's lower bound: never above the proven optimum of tiny plants, and tighter than the simple one."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest
from leveling_builders import link, project, resource, task, use, window

from plantrack.scheduling.leveling.bounds import early_pass
from plantrack.scheduling.leveling.build import build_problem
from plantrack.scheduling.leveling.plant.bound import weighted_finish_bound
from plantrack.scheduling.leveling.plant.joint import joint_plan
from plantrack.scheduling.leveling.plant.level_plant import level_plant, member_groups
from plantrack.scheduling.leveling.plant.members import PlantMember
from plantrack.scheduling.leveling.plant.weighted import solve_weighted
from plantrack.scheduling.leveling.result import Status
from plantrack.scheduling.model import Calendar, Project, TimeRange

KINDS = ("FS", "FS", "FS", "SS", "FF", "SF")


#: A day shift: a task on it has a length that depends on its start (nights do not count).
DAY = Calendar(id="day", weekdays=tuple(range(7)), hours=(TimeRange(start=8 * 60, end=16 * 60),))


def _random_project(rng: random.Random, name: str, with_window: bool, with_day: bool) -> Project:
    """2 to 4 tasks of 1 to 6 h on one or two of two crews, random links of every kind with lags; a
    task in a window, a task on a day shift when asked."""
    count = rng.randint(2, 4)
    tasks = []
    for n in range(count):
        in_window = with_window and n == 0 and rng.random() < 0.5
        on_day = with_day and n == count - 1
        tasks.append(
            task(
                f"T{n}",
                rng.randint(1, 6),
                window="stop" if in_window else None,
                calendar="day" if on_day else None,
            )
        )
    links = []
    for n in range(1, count):
        for before in range(n):
            if rng.random() < 0.45:
                links.append(link(f"T{before}", f"T{n}", rng.choice(KINDS), rng.choice((0, 0, 1, 2, -1))))
    crews = [resource("a", 1), resource("b", 2)]
    uses = []
    for n in range(count):
        for crew in rng.sample(["a", "b"], rng.randint(1, 2)):
            uses.append(use(f"T{n}", crew, rng.choice((1.0, 1.0, 2.0)) if crew == "b" else 1.0))
    windows = [window("stop", [(6, 14), (30, 40)])] if with_window else []
    plan = project(tasks, links, crews, uses, windows)
    return replace(plan, name=name, calendars=(*plan.calendars, DAY) if with_day else plan.calendars)


def _tiny_plant(seed: int) -> list[PlantMember]:
    rng = random.Random(seed)
    with_window, with_day = seed % 3 == 0, seed % 4 == 1
    return [
        PlantMember(project=_random_project(rng, f"P{p}", with_window, with_day), priority=rng.randint(1, 3))
        for p in range(rng.randint(2, 3))
    ]


@pytest.mark.parametrize(
    # a day shift makes CP-SAT's proof take seconds (lengths that depend on the start): those run in CI
    "seed",
    [pytest.param(s, marks=pytest.mark.slow) if s % 4 == 1 else s for s in range(40)],
)
def test_the_bound_never_exceeds_the_proven_optimum(seed: int) -> None:
    members = _tiny_plant(seed)
    plan = joint_plan(members)
    problem = build_problem(plan.project, hard_deadlines=True)
    early = early_pass(problem)
    groups = member_groups(plan, problem)
    optimum = solve_weighted(
        problem, early, groups, by_lateness=False, time_limit=60, workers=1, seed=0, hint=None
    )
    assert optimum.status is Status.OPTIMAL and optimum.value is not None
    new = weighted_finish_bound(problem, early, groups.members, groups.weights, seconds=30)
    assert new <= optimum.value
    assert groups.bound(problem, early, False, seconds=30) <= optimum.value


def _two_crews_in_turn(name: str) -> Project:
    """X (8 h on crew a), then Y (8 h on crew b), then Z (8 h on crew a)."""
    return replace(
        project(
            [task("X", 8), task("Y", 8), task("Z", 8)],
            [link("X", "Y"), link("Y", "Z")],
            [resource("a", 1), resource("b", 1)],
            [use("X", "a"), use("Y", "b"), use("Z", "a")],
        ),
        name=name,
    )


def test_links_and_both_crews_together_prove_what_each_alone_cannot() -> None:
    # Best plan: P's X, Y, Z 0-24; Q's 8-32: 24 + 32 = 56 h (crew a does one 8 h task at a time).
    # Without resource limits both finish at 24 (48); crew a alone, its 32 h in Smith's order from 0:
    # 16 + 32 (48). With the links: the two Z cannot start before 16, so crew a's set {Z(P), Z(Q)}
    # gives 8 (S_Z(P) + 4) + 8 (S_Z(Q) + 4) >= 16 x 16 + 16^2 / 2, i.e. S_Z(P) + S_Z(Q) >= 40, and
    # each finish is its Z's start + 8: 56.
    members = [PlantMember(project=_two_crews_in_turn("P")), PlantMember(project=_two_crews_in_turn("Q"))]
    plan = joint_plan(members)
    problem = build_problem(plan.project, hard_deadlines=True)
    early = early_pass(problem)
    groups = member_groups(plan, problem)
    unit_hours = problem.axis.unit / 60
    assert groups.first_bound(problem, early, False) * unit_hours == pytest.approx(48)
    assert groups.bound(problem, early, False, seconds=30) * unit_hours == pytest.approx(56)
    result = level_plant(members, time_limit=10, workers=1)
    assert result.objective == pytest.approx(56) and result.bound == pytest.approx(56)
    assert result.gap == 0 and result.status is Status.OPTIMAL


def test_no_time_keeps_the_simple_bound() -> None:
    members = [PlantMember(project=_two_crews_in_turn("P")), PlantMember(project=_two_crews_in_turn("Q"))]
    plan = joint_plan(members)
    problem = build_problem(plan.project, hard_deadlines=True)
    early = early_pass(problem)
    groups = member_groups(plan, problem)
    assert groups.bound(problem, early, False, seconds=0) == groups.first_bound(problem, early, False)
    assert weighted_finish_bound(problem, early, groups.members, groups.weights, seconds=0) == (
        sum(
            w * max(early.end[i] for i in jobs)
            for jobs, w in zip(groups.members, groups.weights, strict=True)
        )
    )
