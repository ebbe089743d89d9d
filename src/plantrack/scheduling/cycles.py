"""Dependency cycles: a Kahn pass over integer nodes says whether there is one; networkx names them.

A summary task counts as an entry node before its children and an exit node after them, so a link on
a summary can close a cycle through its children that the plain link graph does not show.
"""

from __future__ import annotations

import itertools

from plantrack.i18n import _
from plantrack.scheduling.errors import Problem
from plantrack.scheduling.model import Project, Task

#: Cycles listed per strongly connected component: a dense tangle has exponentially many.
MAX_CYCLES_PER_COMPONENT = 10


def rotate(cycle: list[str]) -> list[str]:
    """Start a cycle at its smallest id so the message does not depend on where the search began."""
    first = cycle.index(min(cycle))
    return cycle[first:] + cycle[:first]


def _has_cycle(edges: list[tuple[int, int]], n: int) -> bool:
    """Kahn's algorithm over nodes 0..n-1: True when some node is never freed (networkx only names
    the cycles, and only when there is one)."""
    succ: list[list[int]] = [[] for _ in range(n)]
    indeg = [0] * n
    for p, s in edges:
        succ[p].append(s)
        indeg[s] += 1
    ready = [v for v in range(n) if not indeg[v]]
    for v in ready:  # the list grows while it is walked: each freed node is visited once
        for w in succ[v]:
            indeg[w] -= 1
            if not indeg[w]:
                ready.append(w)
    return len(ready) < n


def _cycles(edges: list[tuple[str, str]], label: dict[str, str]) -> list[list[str]]:
    import networkx as nx  # only once a cycle exists: a valid plan never pays for the import

    graph = nx.DiGraph(edges)
    found: list[list[str]] = []
    seen: set[tuple[str, ...]] = set()
    for component in sorted(nx.strongly_connected_components(graph), key=min):
        if len(component) < 2:
            continue
        sub = graph.subgraph(component)
        for cycle in itertools.islice(nx.simple_cycles(sub), MAX_CYCLES_PER_COMPONENT):
            named = [label.get(n, n) for n in cycle]
            # a summary appears as its start and finish nodes; show it once per visit
            named = [n for i, n in enumerate(named) if i == 0 or n != named[i - 1]]
            if len(named) > 1 and named[0] == named[-1]:
                named.pop()
            named = rotate(named)
            if tuple(named) not in seen:
                seen.add(tuple(named))
                found.append(named)
    return found


def _expanded_edges(
    project: Project, tasks: dict[str, Task], links: list[tuple[str, str]]
) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """The graph the scheduler walks: a summary is an entry node before its children, an exit node after."""
    summaries = project.summary_ids() & tasks.keys()
    label: dict[str, str] = {}

    def entry(t: str) -> str:
        return f"\x00in:{t}" if t in summaries else t

    def exit_(t: str) -> str:
        return f"\x00out:{t}" if t in summaries else t

    for s in summaries:
        label[entry(s)] = s
        label[exit_(s)] = s
    edges = [(exit_(p), entry(s)) for p, s in links]
    for task in project.tasks:
        if task.parent is not None and task.parent in summaries:
            edges.append((entry(task.parent), entry(task.id)))
            edges.append((exit_(task.id), exit_(task.parent)))
    return edges, label


def cycle_problems(
    project: Project, tasks: dict[str, Task], hierarchy_ok: bool, links: list[tuple[str, str]]
) -> list[Problem]:
    """`dep-cycle` problems, each naming a whole cycle; `links` are the usable (predecessor, successor)
    pairs. With a sound hierarchy, links on summaries count as links on their children."""
    pos = {ident: k for k, ident in enumerate(tasks)}
    n = len(pos)
    cycles: list[list[str]] = []
    if _has_cycle([(pos[p], pos[s]) for p, s in links], n):
        cycles = _cycles(links, {})
    elif hierarchy_ok and any(t.parent is not None for t in project.tasks):
        # only links on summaries can close a cycle the plain link graph does not have. A summary k is
        # two nodes: k before its children, n + k after them.
        summaries = project.summary_ids() & tasks.keys()
        out = [n + pos[t] if t in summaries else pos[t] for t in tasks]
        edges = [(out[pos[p]], pos[s]) for p, s in links]
        for task in project.tasks:
            if task.parent is not None and task.parent in summaries:
                k, parent = pos[task.id], pos[task.parent]
                edges.append((parent, k))
                edges.append((out[k], n + parent))
        if _has_cycle(edges, 2 * n):
            named, label = _expanded_edges(project, tasks, links)
            cycles = _cycles(named, label)
    return [
        Problem(
            code="dep-cycle",
            message=_("dependency cycle: {cycle}").format(cycle=" → ".join([*cycle, cycle[0]])),
            ids=tuple(cycle),
        )
        for cycle in cycles
    ]


def _nested(tasks: dict[str, Task], a: str, b: str) -> bool:
    """Whether one task is a phase holding the other (at any depth)."""
    for low, high in ((a, b), (b, a)):
        seen: set[str] = set()
        current = tasks[low].parent
        while current is not None and current in tasks and current not in seen:
            if current == high:
                return True
            seen.add(current)
            current = tasks[current].parent
    return False


def closing_loop(project: Project, predecessor: str, successor: str) -> list[str] | None:
    """The loop a new link `predecessor → successor` would close: the shortest existing chain from the
    successor back to the predecessor, as task ids `[successor, …, predecessor]`; None when it closes none.

    Editing one link, a planner needs that one loop named, not every cycle of the tangle it joins.
    Links on summaries count through their children, as in the scheduler's graph.
    """
    from collections import deque

    tasks = project.task_map()
    if predecessor not in tasks or successor not in tasks:
        return None  # an unknown id is reported by validation, not here
    if predecessor == successor or _nested(tasks, predecessor, successor):
        return None  # a self-link, or a link between a phase and its own task: errors of their own
    known = [
        (x.predecessor, x.successor) for x in project.links if x.predecessor in tasks and x.successor in tasks
    ]
    edges, label = _expanded_edges(project, tasks, known)
    summaries = project.summary_ids() & tasks.keys()
    source = f"\x00in:{successor}" if successor in summaries else successor
    target = f"\x00out:{predecessor}" if predecessor in summaries else predecessor
    succ: dict[str, list[str]] = {}
    for a, b in edges:
        succ.setdefault(a, []).append(b)
    came_from: dict[str, str | None] = {source: None}
    queue = deque([source])
    while queue:  # breadth first: the shortest chain is the easiest to read and to break
        node = queue.popleft()
        if node == target:
            chain: list[str] = []
            step: str | None = node
            while step is not None:
                name = label.get(step, step)
                if not chain or chain[-1] != name:
                    chain.append(name)
                step = came_from[step]
            return chain[::-1]
        for nxt in succ.get(node, ()):
            if nxt not in came_from:
                came_from[nxt] = node
                queue.append(nxt)
    return None
