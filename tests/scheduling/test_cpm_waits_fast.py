"""Closure waits: the bisection shortcuts name what a check of every closure names, on random plans."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping

import pytest

import plantrack.scheduling.cpm as cpm_module
from plantrack.scheduling.calendar import ELAPSED, WorkCalendar, to_minute
from plantrack.scheduling.cpm import CLOSURE, Wait, cpm
from plantrack.scheduling.cpm.network import PLANNED, Network
from plantrack.scheduling.cpm.waits import _Closures, _ready, closure_waits
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.model import (
    Assignment,
    Calendar,
    Constraint,
    ConstraintKind,
    Link,
    LinkType,
    Period,
    Project,
    Resource,
    Task,
)

START = dt.datetime(2027, 5, 3)  # a Monday
DAY = dt.timedelta(days=1)
HOUR = dt.timedelta(hours=1)


def brute_waits(
    net: Network, es: list[int], ef: list[int], dates: Mapping[int, tuple[int, int, int, int]]
) -> dict[int, Wait]:
    """Every eligible task, every closure of its calendar and absence of its resources, checked."""
    out: dict[int, Wait] = {}
    project = net.project
    resources = project.resource_map()
    horizon = (0, max((d[0] for d in dates.values()), default=0) + 1)
    for i, v in net.leaf_node.items():
        if (
            net.axis[v] is ELAPSED
            or net.status[v] != PLANNED
            or v in net.waits
            or v in net.applied
            or net.must_start[v] is not None
        ):
            continue
        work = net.work[v]
        assert isinstance(work, WorkCalendar)
        spans = [c for part in work.parts for c in part.closures(*horizon)]
        for a in project.assignments:
            if a.task == project.tasks[i].id and a.resource in resources:
                for p in resources[a.resource].absences:
                    name = f"{a.resource} ({p.reason})" if p.reason else a.resource
                    spans.append((to_minute(net.origin, p.start), to_minute(net.origin, p.end), name))
        start = dates[v][0]
        free = work.without_closures()
        ready = free.start_at(_ready(net, v, free, es, ef))
        if ready >= start:
            continue
        names = [
            name
            for a, b, name in sorted(spans)
            if a < start and b > ready and free.working_between(max(a, ready), min(b, start)) > 0
        ]
        if names:
            out[v] = Wait(", ".join(dict.fromkeys(names)), ready, start, CLOSURE)
    return out


def random_plan(rng: random.Random, n: int) -> Project:
    offs = []
    for _ in range(rng.randint(0, 4)):
        begin = START + rng.randint(0, 40) * DAY + rng.randint(0, 23) * HOUR
        offs.append(
            Period(start=begin, end=begin + rng.randint(1, 120) * HOUR, reason=rng.choice(["", "audit"]))
        )
    calendars = (
        Calendar(id="plant", holidays=rng.choice([None, "FR"]), off=tuple(offs)),
        Calendar(id="office"),
    )
    tasks = []
    for k in range(n):
        constraints = (
            (Constraint(kind=ConstraintKind.START_NO_EARLIER_THAN, date=START + rng.randint(0, 30) * DAY),)
            if rng.random() < 0.15
            else ()
        )
        tasks.append(
            Task(
                id=f"T{k}",
                duration=Duration(minutes=rng.randint(1, 40) * 60),
                calendar=rng.choice(["plant", "plant", "office"]),
                constraints=constraints,
            )
        )
    links = []
    for k in range(1, n):
        for j in rng.sample(range(k), min(k, rng.randint(0, 2))):
            lag = Duration(minutes=rng.choice([0, 0, 0, 60 * rng.randint(-8, 24)]))
            links.append(
                Link(predecessor=f"T{j}", successor=f"T{k}", type=rng.choice(list(LinkType)), lag=lag)
            )
    absent = START + rng.randint(0, 30) * DAY
    resources = (
        Resource(
            id="hse",
            calendar="office",
            absences=(Period(start=absent, end=absent + 3 * DAY, reason="training"),),
        ),
    )
    assignments = tuple(Assignment(task=f"T{k}", resource="hse") for k in range(n) if rng.random() < 0.2)
    return Project(
        name="random",
        start=START,
        calendar="plant",
        calendars=calendars,
        tasks=tuple(tasks),
        links=tuple(links),
        resources=resources,
        assignments=assignments,
    )


def check(seed: int, n: int, monkeypatch: pytest.MonkeyPatch) -> int:
    seen: list[tuple[dict[int, Wait], dict[int, Wait]]] = []

    def both(
        net: Network, es: list[int], ef: list[int], dates: Mapping[int, tuple[int, int, int, int]]
    ) -> dict[int, Wait]:
        fast = closure_waits(net, es, ef, dates)
        seen.append((fast, brute_waits(net, es, ef, dates)))
        return fast

    monkeypatch.setattr(cpm_module, "closure_waits", both)
    cpm(random_plan(random.Random(seed), n))
    ((fast, brute),) = seen
    assert fast == brute, seed
    return len(brute)


def test_fast_waits_match_brute_force(monkeypatch: pytest.MonkeyPatch) -> None:
    held = sum(check(seed, 12, monkeypatch) for seed in range(60))
    assert held > 0  # some plans do have tasks held back, so the comparison bites


@pytest.mark.slow
def test_fast_waits_match_brute_force_larger(monkeypatch: pytest.MonkeyPatch) -> None:
    held = sum(check(seed, 80, monkeypatch) for seed in range(1000, 1030))
    assert held > 0


def test_overlaps_matches_a_scan() -> None:
    rng = random.Random(7)
    for _ in range(300):
        spans = []
        for _ in range(rng.randint(0, 8)):
            a = rng.randint(0, 100)
            spans.append((a, a + rng.randint(1, 30), "c"))
        index = _Closures(spans)
        lo = rng.randint(-10, 130)
        hi = lo + rng.randint(0, 40)
        expected = [c for c in sorted(spans) if c[0] < hi and c[1] > lo]
        assert index.overlaps(lo, hi) == bool(expected)
        assert index.over(lo, hi) == expected
