"""Cross-object validation: every problem at once, stable codes, the offending ids."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builders import START, link, plan, resource, task, use
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.errors import InvalidInput, Severity
from plantrack.scheduling.model import (
    Calendar,
    Period,
    Project,
    Task,
    Window,
)
from plantrack.scheduling.validate import check, topological_order, validate

D1 = Duration(minutes=480)


def codes(p: Project) -> list[str]:
    return [x.code for x in validate(p)]


def test_clean_project_has_no_problem() -> None:
    p = plan(
        tasks=(task("A", D1), task("B", D1)),
        links=(link("A", "B"),),
    )
    assert validate(p) == []
    assert topological_order(p) == ["A", "B"]


def test_duplicates_of_every_kind() -> None:
    p = plan(
        calendars=(Calendar(id="c"), Calendar(id="c")),
        resources=(resource("r"), resource("r")),
        tasks=(task("A", D1), task("A", D1)),
        windows=(
            Window(id="w", periods=(Period(start=START, end=START + dt.timedelta(days=1)),)),
            Window(id="w", periods=(Period(start=START, end=START + dt.timedelta(days=1)),)),
        ),
    )
    found = [(x.code, x.ids) for x in validate(p)]
    assert found.count(("id-duplicate", ("A",))) == 1
    assert ("id-duplicate", ("r",)) in found
    assert ("id-duplicate", ("c",)) in found
    assert ("id-duplicate", ("w",)) in found


def test_unknown_link_end_suggests_close_ids() -> None:
    p = plan(
        tasks=(task("weld-frame", D1), task("paint", D1)),
        links=(link("weld-fram", "paint"),),
    )
    [problem] = validate(p)
    assert problem.code == "dep-unknown"
    assert problem.ids == ("weld-fram", "paint")
    assert "did you mean weld-frame?" in problem.message


def test_self_link() -> None:
    p = plan(tasks=(task("A", D1),), links=(link("A", "A"),))
    assert [(x.code, x.ids) for x in validate(p)] == [("dep-self", ("A",))]


def test_every_cycle_is_named_in_order() -> None:
    tasks = tuple(task(i, D1) for i in "ABCDEF")
    links = tuple(
        link(p, s) for p, s in [("A", "B"), ("B", "C"), ("C", "A"), ("D", "E"), ("E", "D"), ("C", "F")]
    )
    problems = validate(plan(tasks=tasks, links=links))
    assert [x.code for x in problems] == ["dep-cycle", "dep-cycle"]
    assert problems[0].message.endswith("A → B → C → A")
    assert problems[0].ids == ("A", "B", "C")
    assert problems[1].message.endswith("D → E → D")
    with pytest.raises(InvalidInput) as info:
        topological_order(plan(tasks=tasks, links=links))
    assert {p.code for p in info.value.problems()} == {"dep-cycle"}


def test_cycle_through_a_summary_is_found() -> None:
    """X precedes phase S, whose child C precedes X: X → S → C → X once links on S reach its children."""
    p = plan(
        tasks=(Task(id="S"), Task(id="C", parent="S", duration=D1), task("X", D1)),
        links=(link("X", "S"), link("C", "X")),
    )
    [problem] = validate(p)
    assert problem.code == "dep-cycle"
    assert problem.message.endswith("C → X → S → C")


def test_link_between_summary_and_descendant() -> None:
    p = plan(
        tasks=(Task(id="S"), Task(id="S1", parent="S"), Task(id="C", parent="S1", duration=D1)),
        links=(link("C", "S"),),
    )
    assert [(x.code, x.ids) for x in validate(p)] == [("dep-hierarchy", ("C", "S"))]


def test_parent_unknown_and_parent_cycle() -> None:
    p = plan(
        tasks=(
            Task(id="A", parent="B", duration=D1),
            Task(id="B", parent="A"),
            Task(id="C", parent="Q", duration=D1),
        ),
    )
    found = {(x.code, x.ids) for x in validate(p)}
    assert ("parent-unknown", ("C", "Q")) in found
    assert ("parent-cycle", ("A", "B")) in found


def test_references_and_amounts_all_reported_together() -> None:
    p = plan(
        calendars=(Calendar(id="nights", weekdays=()),),
        resources=(resource("welder", capacity=2, calendar="nights"),),
        tasks=(
            Task(id="A", effort=D1),
            task("B", D1, calendar="nigths", window="shutdwn"),
            Task(id="C"),
            task("D", Duration(minutes=0)),
            task("E", D1, calendar="nights"),
        ),
        assignments=(
            use("B", "welder", 3),
            use("B", "fitter"),
        ),
    )
    found = {x.code: x for x in validate(p)}
    assert found["effort-unassigned"].ids == ("A",)
    assert found["calendar-unknown"].ids == ("B", "nigths")
    assert "did you mean nights?" in found["calendar-unknown"].message
    assert found["window-unknown"].ids == ("B", "shutdwn")
    assert found["duration-missing"].ids == ("C",)
    assert found["duration-zero"].severity is Severity.WARNING
    assert found["assignment-over-capacity"].ids == ("B", "welder")
    assert found["resource-unknown"].ids == ("B", "fitter")
    no_time = found["calendar-no-working-time"]
    assert no_time.ids == ("nights", "E", "welder")
    assert "E" in no_time.message and "welder" in no_time.message
    with pytest.raises(InvalidInput) as info:
        check(p)
    assert "duration-zero" not in {x.code for x in info.value.problems()}


def test_topological_order_is_independent_of_ids_and_follows_file_order() -> None:
    p = plan(
        tasks=(task("Z", D1), task("B", D1), task("A", D1)),
        links=(link("A", "Z"),),
    )
    assert topological_order(p) == ["B", "A", "Z"]


def _expanded_graph(p: Project) -> nx.DiGraph:
    """Independent of the validator: each summary as an entry and an exit node, links moved onto them.

    Links the validator reports instead (self links, a summary linked to its own subtask) are left out.
    """
    summaries = p.summary_ids()
    parent_of = {t.id: t.parent for t in p.tasks}

    def line(t: str | None) -> set[str]:
        out = set()
        while t is not None:
            out.add(t)
            t = parent_of[t]
        return out

    graph = nx.DiGraph()
    graph.add_nodes_from(("in", t.id) for t in p.tasks)
    for dep in p.links:
        a, b = dep.predecessor, dep.successor
        if a in line(b) or b in line(a):
            continue
        graph.add_edge(("out" if a in summaries else "in", a), ("in", b))
    for t in p.tasks:
        if t.parent is not None:
            graph.add_edge(("in", t.parent), ("in", t.id))
            graph.add_edge(("out" if t.id in summaries else "in", t.id), ("out", t.parent))
    return graph


@settings(max_examples=150, deadline=None)
@given(
    st.integers(2, 8).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=10),
            st.lists(st.integers(-1, n - 1), min_size=n, max_size=n),
        )
    )
)
def test_cycle_reported_exactly_when_networkx_finds_one(
    case: tuple[int, list[tuple[int, int]], list[int]],
) -> None:
    n, pairs, parents = case
    # parents only point to earlier tasks, so the hierarchy itself is a forest
    parent = [f"T{q}" if 0 <= q < i else None for i, q in enumerate(parents)]
    tasks = tuple(task(f"T{i}", D1, parent=parent[i]) for i in range(n))
    p = plan(tasks=tasks, links=tuple(link(f"T{a}", f"T{b}") for a, b in pairs))
    found = any(x.code == "dep-cycle" for x in validate(p))
    assert found == (not nx.is_directed_acyclic_graph(_expanded_graph(p)))
