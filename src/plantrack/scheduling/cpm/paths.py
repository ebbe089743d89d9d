"""After the passes: free float per task and the critical paths as ordered chains of task ids.

Both look at links as they act on leaf tasks: a link on a summary counts as the same link on each of
its leaf descendants (see network.py).
"""

from __future__ import annotations

from plantrack.scheduling.cpm.network import (
    COMPLETE,
    LEAF,
    NEG,
    PLANNED,
    PRED_FINISH,
    SUCC_FINISH,
    Edge,
    Network,
)
from plantrack.scheduling.cpm.passes import forward_bound

#: Critical chains listed at most (a plan with many parallel critical branches has many).
MAX_CRITICAL_PATHS = 20


def _event_at(net: Network, v: int, value: int, finish: bool) -> int:
    ax = net.axis[v]
    return ax.finish_at(value) if finish else ax.start_at(value)


def _link_edges(net: Network, v: int) -> list[tuple[Edge, bool]]:
    """Links leaving leaf `v` or any summary above it; True when the edge is `v`'s own."""
    x = net.parent_exit[v]
    if x == -1:  # a leaf outside any phase has only links of its own (parent/child edges have index -1)
        return [(e, True) for e in net.outs[v]]
    out = [(e, True) for e in net.outs[v] if e[5] >= 0]
    while x != -1:
        # seen from `v` the ancestor's link starts on another axis: no fast path
        out.extend(((e[0], e[1], e[2], False, e[4], e[5]), False) for e in net.outs[x] if e[5] >= 0)
        x = net.parent_exit[x]
    return out


def free_floats(net: Network, es: list[int], ef: list[int], tf: list[int]) -> list[int]:
    """How much each leaf can slip (working minutes, its calendar) before delaying any successor.

    At most the total float. For each link the slack is the distance between the bound the task's early
    date puts on the successor and the successor's early date.
    """
    free = list(tf)
    kind, status, work, axis = net.kind, net.status, net.work, net.axis
    for v in net.leaf_node.values():
        if status[v] == COMPLETE:
            free[v] = 0
            continue
        best = tf[v]
        w = work[v]
        for e, own in _link_edges(net, v):
            dst, code = e[0], e[1]
            p = ef[v] if code & PRED_FINISH else es[v]
            b = p + e[2] if e[3] else forward_bound(net, v, e, dst, p)
            fin = bool(code & SUCC_FINISH)
            if kind[dst] == LEAF:
                if status[dst] != PLANNED:
                    continue
                # a leveling delay sits between the links and the start: slack before it, not after
                val = (ef[dst] if fin else es[dst]) - net.applied.get(dst, 0)
                if own and e[3] and axis[dst] is w:
                    slack = val - b
                else:
                    slack = w.work_before(_event_at(net, dst, val, fin)) - w.work_before(
                        _event_at(net, dst, b, fin)
                    )
                best = min(best, slack)
                continue
            # a link into a summary binds each of its leaves; `b` is a plain instant there
            task = net.node_task[dst]
            for c in net.leaves_under[task]:
                if status[c] != PLANNED:
                    continue
                at = _event_at(net, c, (ef[c] if fin else es[c]) - net.applied.get(c, 0), fin)
                best = min(best, w.work_before(at) - w.work_before(b))
        free[v] = best
    return free


def _tight_sources(
    net: Network,
    es: list[int],
    ef: list[int],
    node: int,
    finish: bool,
    memo: dict[tuple[int, bool], set[int]],
) -> set[int]:
    """Leaf nodes whose link (directly or through summaries' nodes) sets this node's event exactly."""
    key = (node, finish)
    if key in memo:
        return memo[key]
    memo[key] = set()
    found: set[int] = set()
    leaf = net.kind[node] == LEAF
    if leaf and net.status[node] != PLANNED:
        return found
    target = es[node] if (leaf or not finish) else ef[node]
    if leaf:  # a delayed task is still driven by its links, up to its leveling delay
        target -= net.applied.get(node, 0)
    for e in net.ins[node]:
        src, code = e[0], e[1]
        if not leaf and bool(code & SUCC_FINISH) != finish:
            continue
        p = ef[src] if code & PRED_FINISH else es[src]
        if p == NEG:
            continue
        b = p + e[2] if e[3] else forward_bound(net, src, e, node, p)
        if leaf and code & SUCC_FINISH:
            b -= net.dur[node]
        if b != target:
            continue
        if net.kind[src] == LEAF:
            found.add(src)
        else:
            found |= _tight_sources(net, es, ef, src, bool(code & PRED_FINISH), memo)
    memo[key] = found
    return found


def critical_paths(
    net: Network,
    es: list[int],
    ef: list[int],
    critical: set[int],
    dates: dict[int, tuple[int, int, int, int]],
) -> tuple[tuple[str, ...], ...]:
    """Chains of critical leaf tasks joined by links that bind exactly, from a chain start to its end."""
    memo: dict[tuple[int, bool], set[int]] = {}
    preds = {v: _tight_sources(net, es, ef, v, False, memo) & critical for v in critical}
    succs: dict[int, list[int]] = {v: [] for v in critical}
    for v, ps in preds.items():
        for p in ps:
            succs[p].append(v)

    def key(v: int) -> tuple[int, str]:
        return dates[v][0], net.name[v]

    for lst in succs.values():
        lst.sort(key=key)
    paths: list[tuple[str, ...]] = []
    for source in sorted((v for v in critical if not preds[v]), key=key):
        stack: list[tuple[int, tuple[str, ...]]] = [(source, (net.name[source],))]
        while stack and len(paths) < MAX_CRITICAL_PATHS:
            v, path = stack.pop()
            if not succs[v]:
                paths.append(path)
                continue
            stack.extend((s, (*path, net.name[s])) for s in reversed(succs[v]))
    return tuple(paths)
