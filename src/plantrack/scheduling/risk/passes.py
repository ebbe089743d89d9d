"""`cpm`'s forward pass over many runs at once, and the critical chains of each run.

Each node's early start and finish are `(runs,)` arrays of coordinates on the node's own axis
(risk/network.py). The rules are `cpm.passes.forward`'s, applied to every run: a link's bound goes
through `forward_bound`'s maps (here over arrays), FF/SF links bound the finish (start = bound - own
duration), a must-start-on date overrides the links, and a window-bound task goes into the first
period it fits in whole. Where `cpm` would stop (no period left), the run keeps the task where its
links put it and is counted as missed: the plan has failed there, and the count says so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from plantrack.scheduling.calendar import ELAPSED
from plantrack.scheduling.cpm.network import LEAF, PRED_FINISH, SUCC_FINISH
from plantrack.scheduling.risk.calendar_arrays import Floats
from plantrack.scheduling.risk.network import RiskEdge, RiskNetwork

Bools = npt.NDArray[np.bool_]
#: A node's duration in each run: an array over runs (sampled) or one value for all of them.
Durations = Callable[[int], Floats | float]
#: Events closer than this (minutes) are tied: every tied chain is a critical chain.
TIE = 1e-6


def bound(net: RiskNetwork, e: RiskEdge, v: int, p: Floats) -> Floats:
    """`cpm_passes.forward_bound` over arrays: the bound event `p` of `e.source` puts on node `v`."""
    if e.fast:
        return p + e.lag
    src = net.axis_of(e.source)
    u = src.finish_at(p) if e.code & PRED_FINISH else src.start_at(p)
    if e.elapsed:
        u = u + e.lag
    elif e.lag:  # a working lag counts on the successor's calendar
        work = net.work_of(v)
        k = work.work_before(u) + e.lag
        node = net.nodes[v]
        if node.axis is node.work:
            return k
        u = work.finish_at(k)
    return net.axis_of(v).work_before(u)


@dataclass(frozen=True, slots=True)
class Pass:
    """Early start and finish coordinates per node (None: a summary node nothing reaches)."""

    start: list[Floats | None]
    finish: list[Floats | None]
    missed: Floats  # (nodes,) runs in which a window-bound task fitted in no period


def _bounds(net: RiskNetwork, v: int, p: Pass) -> list[tuple[RiskEdge, Floats]]:
    """Each incoming edge's bound on `v` (one per group of edges sharing the same map).

    Every map is monotone, so edges with the same source axis, code and lag bound `v` by the map of
    their sources' latest event: one calendar conversion for a phase's many children, not one each.
    """
    out: list[tuple[RiskEdge, Floats]] = []
    shared: dict[tuple[int, int, int, bool], tuple[RiskEdge, Floats]] = {}
    for e in net.nodes[v].incoming:
        value = (p.finish if e.code & PRED_FINISH else p.start)[e.source]
        if value is None:
            continue
        if e.fast:
            out.append((e, value + e.lag))
            continue
        key = (id(net.nodes[e.source].axis), e.code, e.lag, e.elapsed)
        seen = shared.get(key)
        shared[key] = (e, value if seen is None else np.maximum(seen[1], value))
    out.extend((e, bound(net, e, v, value)) for e, value in shared.values())
    return out


def forward(net: RiskNetwork, duration: Durations, runs: int) -> Pass:
    """The early dates of every node in every run."""
    nodes = net.nodes
    p = Pass(start=[None] * len(nodes), finish=[None] * len(nodes), missed=np.zeros(len(nodes)))
    start, finish = p.start, p.finish
    for v, node in enumerate(nodes):
        if node.kind == LEAF:
            d = duration(v)
            assert node.floor is not None  # every leaf has one (the project start at least)
            s = np.full(runs, node.floor)
            links = np.full(runs, -np.inf)
            for e, b in _bounds(net, v, p):
                np.maximum(links, b - d if e.code & SUCC_FINISH else b, out=links)
            np.maximum(s, links, out=s)
            if node.must_start is not None:
                s.fill(node.must_start)
            elif node.delay is not None:
                np.maximum(s, delayed_start(net, v, links, d), out=s)
            if node.window:
                p.missed[v] = place_in_window(node.window, s, d)
            start[v], finish[v] = s, s + d
            continue
        # a summary's entry or exit node: its start and finish are bounded separately
        for e, b in _bounds(net, v, p):
            events = finish if e.code & SUCC_FINISH else start
            current = events[v]
            events[v] = b if current is None else np.maximum(current, b)
    return p


def delayed_start(net: RiskNetwork, v: int, links: Floats, d: Floats | float) -> Floats:
    """`cpm_passes._delayed` for every run: the leveling delay counted from what links and constraints
    allow before the status date (after the window period the task waits for anyway)."""
    node = net.nodes[v]
    assert node.delay is not None and node.pre_floor is not None
    pre = np.maximum(links, node.pre_floor)
    if node.window:
        place_in_window(node.window, pre, d)
    minutes, elapsed = node.delay
    if elapsed == (node.axis is ELAPSED):
        return pre + minutes
    axis = net.axis_of(v)
    if elapsed:  # an elapsed delay of work on a calendar: plain minutes from the start instant
        return axis.work_before(axis.start_at(pre) + minutes)
    work = net.work_of(v)  # a working delay of an elapsed task: counted on the task's calendar
    return work.start_at(work.work_before(pre) + minutes)


def place_in_window(periods: tuple[tuple[float, float], ...], start: Floats, d: Floats | float) -> int:
    """`cpm.windows.place_early` for every run, in place; returns the runs no period could take."""
    ready = start.copy()
    placed = np.zeros(ready.shape, dtype=np.bool_)
    for lo, hi in periods:
        begin = np.maximum(ready, lo)
        fits = ~placed & (begin + d <= hi)
        np.copyto(start, begin, where=fits)
        placed |= fits
    return int((~placed).sum())


def project_finish(net: RiskNetwork, p: Pass, runs: int) -> tuple[Floats, dict[int, Floats]]:
    """The project finish (minutes from origin) and, per axis, the latest leaf finish coordinate.

    Like `cpm`: finishing is monotone on each axis, so the latest finish on each axis, converted once,
    gives the project finish. A plan without tasks finishes at its start.
    """
    latest: dict[int, Floats] = {}
    first: dict[int, int] = {}
    for v in net.leaves:
        f = p.finish[v]
        assert f is not None
        key = id(net.nodes[v].axis)
        if key in latest:
            np.maximum(latest[key], f, out=latest[key])
        else:
            latest[key], first[key] = f.copy(), v
    if not latest:
        return np.full(runs, float(net.start)), latest
    finish = np.full(runs, -np.inf)
    for key, coordinate in latest.items():
        np.maximum(finish, net.finish_minutes(first[key], coordinate), out=finish)
    return finish, latest


def critical_chains(
    net: RiskNetwork, p: Pass, duration: Durations, runs: int, ends: tuple[Floats, dict[int, Floats]]
) -> Bools:
    """Walk back from the finish through every tight (driving) edge, run by run, all runs at once.

    `ends` is `project_finish`'s answer. A leaf is critical in a run when it ends at the project finish
    or drives, through a link or a summary, a critical event; (nodes, runs) booleans, true where the
    node's start is on such a chain.
    """
    nodes = net.nodes
    finish, latest = ends
    on_start = np.zeros((len(nodes), runs), dtype=np.bool_)
    on_finish = np.zeros((len(nodes), runs), dtype=np.bool_)
    ends_last: dict[int, Bools] = {}  # per axis: the runs in which its latest finish is the project's
    for v in net.leaves:
        key = id(nodes[v].axis)
        if key not in ends_last:
            ends_last[key] = net.finish_minutes(v, latest[key]) >= finish - TIE
        f = p.finish[v]
        assert f is not None
        # finish_at rises at least as fast as its coordinate: a tie in minutes is a tie on the axis
        on_finish[v] = ends_last[key] & (f >= latest[key] - TIE)
    for v in range(len(nodes) - 1, -1, -1):
        node = nodes[v]
        if node.kind == LEAF:
            # the finish is always start + duration: a critical finish means a critical start
            mask = on_start[v] | on_finish[v]
            on_start[v] = mask
            if not node.incoming or not mask.any():
                continue
            d = duration(v)
            s = p.start[v]
            assert s is not None
            for e in node.incoming:
                src = (p.finish if e.code & PRED_FINISH else p.start)[e.source]
                if src is None:
                    continue
                b = bound(net, e, v, src)
                if e.code & SUCC_FINISH:
                    b = b - d
                (on_finish if e.code & PRED_FINISH else on_start)[e.source] |= mask & (b >= s - TIE)
            continue
        for e in node.incoming:
            src = (p.finish if e.code & PRED_FINISH else p.start)[e.source]
            own = (p.finish if e.code & SUCC_FINISH else p.start)[v]
            mask = (on_finish if e.code & SUCC_FINISH else on_start)[v]
            if src is None or own is None or not mask.any():
                continue
            tight = mask & (bound(net, e, v, src) >= own - TIE)
            (on_finish if e.code & PRED_FINISH else on_start)[e.source] |= tight
    return on_start
