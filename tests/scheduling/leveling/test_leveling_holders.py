"""Which tasks held the resource a leveled task waited for: brute force over the plan's bookings."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from builders import chain, plan, resource, task, use
from plantrack.scheduling.cpm import cpm
from plantrack.scheduling.leveling import LevelingResult, Method, level
from plantrack.scheduling.leveling.holders import held_by_json
from plantrack.scheduling.leveling.wording import held_text
from plantrack.scheduling.model import Project


def _workshop() -> Project:
    """Alice (one person) is on four jobs that could all start on day one; the press is needed after A."""
    return plan(
        tasks=[task("A", "2d"), task("B", "1d"), task("C", "3d"), task("D", "1d"), task("E", "1d")],
        links=(*chain("A", "D"),),
        resources=[resource("alice"), resource("press")],
        assignments=[
            use("A", "alice"),
            use("B", "alice"),
            use("C", "alice"),
            use("D", "press"),
            use("E", "alice"),
        ],
    )


def _random(seed: int) -> Project:
    rng = random.Random(seed)
    n = rng.randint(4, 8)
    ids = [f"T{i}" for i in range(n)]
    links = [(ids[a], ids[b]) for a in range(n) for b in range(a + 1, n) if rng.random() < 0.2]
    crew = rng.randint(1, 2)
    uses = [
        use(t, r, u)
        for t in ids
        for r, u in (("crew", rng.randint(1, crew)), ("lathe", 1))
        if rng.random() < 0.6
    ]
    return plan(
        tasks=[task(t, f"{rng.randint(1, 3)}d") for t in ids],
        links=links,
        resources=[resource("crew", crew), resource("lathe")],
        assignments=uses,
    )


def _brute_force(project: Project, result: LevelingResult) -> dict[str, set[str]]:
    """For each task leveling delayed: every other task booked on the resource behind the delay while it
    waited, from its start without resource limits (CPM) to its leveled start, compared on the dates."""
    unleveled = {t.id: t.early_start_at for t in cpm(project).tasks}
    users: dict[str, set[str]] = {}
    for a in project.assignments:
        users.setdefault(a.resource, set()).add(a.task)
    out = {}
    for tid, t in result.tasks.items():
        if t.delayed_by is None or t.delay_minutes <= 0:
            continue
        since, until = unleveled[tid], t.start
        out[tid] = {
            u
            for u in users[t.delayed_by] - {tid}
            if result.tasks[u].finish > result.tasks[u].start
            and result.tasks[u].start < until
            and result.tasks[u].finish > since
        }
    return out


def _check(project: Project, result: LevelingResult) -> int:
    expected = _brute_force(project, result)
    assert {tid for tid, t in result.tasks.items() if t.held_by} <= set(expected)
    for tid, others in expected.items():
        held = result.tasks[tid].held_by
        assert set(held) == others, tid
        starts = [result.tasks[h].start for h in held]
        assert starts == sorted(starts)
    stamps: dict[str, tuple[str, str]] = {}
    for tid in result.tasks:  # dates kept once for a whole document: the same lists
        assert held_by_json(result, tid, stamps) == held_by_json(result, tid)
    return len(expected)


def test_the_tasks_holding_alice_are_named_with_their_dates() -> None:
    project = _workshop()
    result = level(project, method=Method.HEURISTIC, time_limit=5)
    assert _check(project, result) >= 3  # four jobs on one person: three wait
    last = max(("A", "B", "C", "E"), key=lambda t: result.tasks[t].start)
    held = held_by_json(result, last)
    assert held is not None and held["resource"] == "alice"
    bookings = held["tasks"]
    assert isinstance(bookings, list) and len(bookings) == 3  # the three others run before it
    for row in bookings:
        other = result.tasks[row["task"]]
        assert dt.datetime.fromisoformat(row["from"]) == other.start
        assert dt.datetime.fromisoformat(row["to"]) == other.finish
    assert held_by_json(result, min(("A", "B", "C", "E"), key=lambda t: result.tasks[t].start)) is None


@pytest.mark.parametrize("seed", range(12))
def test_holders_match_a_brute_force_over_the_bookings(seed: int) -> None:
    project = _random(seed)
    _check(project, level(project, method=Method.HEURISTIC, time_limit=5))


def test_cp_plan_holders_match_too() -> None:
    project = _workshop()
    _check(project, level(project, time_limit=5, workers=1))


def test_sentence_in_english_and_french(french: None) -> None:
    from plantrack.i18n import set_language

    project = _workshop()
    result = level(project, method=Method.HEURISTIC, time_limit=5)
    last = max(("A", "B", "C", "E"), key=lambda t: result.tasks[t].start)
    first = result.tasks[result.tasks[last].held_by[0]]
    text = held_text(result, last)
    assert text is not None
    assert text.startswith(f"{last} attend alice : affecté(e) à {first.id} du ")
    assert f"du {first.start:%d/%m/%Y %H:%M} au {first.finish:%d/%m/%Y %H:%M}" in text
    set_language("en")
    text = held_text(result, last)
    assert text is not None
    assert text.startswith(f"{last} waits for alice: assigned to {first.id} from ")
    assert held_text(result, "D") is None or "press" in (held_text(result, "D") or "")
