"""The loop a new link would close: the shortest existing chain back, checked against networkx."""

from __future__ import annotations

import datetime as dt
import itertools

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from builders import plan, task
from plantrack.scheduling.cycles import closing_loop
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.model import Project

DAY = Duration(minutes=480)


def _project(n: int, links: list[tuple[int, int]], parents: dict[int, int] | None = None) -> Project:
    parents = parents or {}
    summaries = set(parents.values())
    tasks = [
        task(f"t{i}", None if i in summaries else DAY, parent=f"t{parents[i]}" if i in parents else None)
        for i in range(n)
    ]
    return plan(tasks, [(f"t{a}", f"t{b}") for a, b in links], start=dt.datetime(2027, 1, 4, 8))


@st.composite
def dags(draw: st.DrawFn) -> tuple[int, list[tuple[int, int]], int, int]:
    n = draw(st.integers(2, 9))
    pairs = [(a, b) for a in range(n) for b in range(a + 1, n)]
    links = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=20))
    new = draw(st.sampled_from([(a, b) for a in range(n) for b in range(n) if a != b]))
    return n, links, *new


@settings(max_examples=150, deadline=None)
@given(dags())
def test_a_loop_is_named_exactly_when_networkx_finds_a_path_back(
    case: tuple[int, list[tuple[int, int]], int, int],
) -> None:
    n, links, p, s = case
    graph = nx.DiGraph(links)
    graph.add_nodes_from(range(n))
    chain = closing_loop(_project(n, links), f"t{p}", f"t{s}")
    if not nx.has_path(graph, s, p):
        assert chain is None
        return
    assert chain is not None
    assert chain[0] == f"t{s}" and chain[-1] == f"t{p}"
    steps = [(int(a[1:]), int(b[1:])) for a, b in itertools.pairwise(chain)]
    assert all(step in links for step in steps)  # every step is an existing link
    assert len(steps) == nx.shortest_path_length(graph, s, p)  # and the chain is a shortest one


def test_a_link_on_a_phase_closes_a_loop_through_its_children() -> None:
    # t0 is the phase of t1 and t2; t1 -> t3: linking t3 -> t0 makes t1 wait for t3 which waits for t1
    project = _project(4, [(1, 3)], parents={1: 0, 2: 0})
    assert closing_loop(project, "t3", "t0") == ["t0", "t1", "t3"]
    assert closing_loop(project, "t2", "t3") is None
    # a phase linked to its own task is dep-hierarchy's error, not a loop
    assert closing_loop(project, "t1", "t0") is None


def test_unknown_ids_are_left_to_validation() -> None:
    assert closing_loop(_project(2, [(0, 1)]), "t1", "nope") is None
