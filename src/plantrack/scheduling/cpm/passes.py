"""Forward and backward CPM passes over the network arrays, in topological order.

A link is a monotone map from the predecessor's event to a bound on the successor's event. Lags count
working time on the *successor's* calendar (elapsed lags count plain minutes). The forward pass applies
the map; the backward pass applies its exact inverse (the largest predecessor value the map keeps under
the successor's late value), so floats are never negative unless a constraint or deadline forces it.
Where both ends share one axis the map is `value + lag` (the fast path every large plan takes).
"""

from __future__ import annotations

from collections.abc import Sequence

from plantrack.scheduling.calendar import ELAPSED
from plantrack.scheduling.cpm.network import (
    COMPLETE,
    INF,
    LEAF,
    NEG,
    PLANNED,
    PRED_FINISH,
    SUCC_FINISH,
    Edge,
    Network,
)
from plantrack.scheduling.cpm.windows import pinned_outside, place_early, place_late, window_periods
from plantrack.scheduling.errors import Problem


def forward_bound(net: Network, src: int, e: Edge, v: int, p: int) -> int:
    """The bound that the event `p` of node `src` puts on node `v`'s event through edge `e`."""
    _, code, lag, fast, elapsed, _ = e
    if fast:
        return p + lag
    src_ax = net.axis[src]
    u = src_ax.finish_at(p) if code & PRED_FINISH else src_ax.start_at(p)
    if elapsed:
        u += lag
    elif lag:
        w = net.work[v]
        k = w.work_before(u) + lag
        if net.axis[v] is w:
            return k
        u = w.finish_at(k)
    return net.axis[v].work_before(u)


def backward_bound(net: Network, v: int, e: Edge, y: int) -> int:
    """The largest event value of `v` whose forward bound through `e` stays <= y."""
    dst, code, lag, fast, elapsed, _ = e
    if fast:
        return y - lag
    ax = net.axis[dst]
    u = ax.start_at(y)
    if elapsed:
        u -= lag
    elif lag:
        w = net.work[dst]
        k = y if ax is w else w.work_before(u)
        u = w.start_at(k - lag)
    src_ax = net.axis[v]
    q = src_ax.work_before(u)
    if code & PRED_FINISH or src_ax.start_at(q) <= u:
        return q
    return q - 1


def forward(net: Network) -> tuple[list[int], list[int], list[Edge | None]]:
    """Early start/finish coordinates and the edge that drove each node (None: its own floor)."""
    n = len(net.kind)
    es, ef = [NEG] * n, [NEG] * n
    driver: list[Edge | None] = [None] * n
    kind, dur, ins, floor, status, name = net.kind, net.dur, net.ins, net.floor, net.status, net.name
    must, window, pre_floor = net.must_start, net.window, net.pre_floor
    net.waits.clear()
    for v in net.order:
        if kind[v] == LEAF:
            d = dur[v]
            best = floor[v]
            why: Edge | None = None
            if status[v] == PLANNED:
                for e in ins[v]:
                    src, code = e[0], e[1]
                    p = ef[src] if code & PRED_FINISH else es[src]
                    if p == NEG:
                        continue
                    b = p + e[2] if e[3] else forward_bound(net, src, e, v, p)
                    if code & SUCC_FINISH:
                        b -= d
                    if b > best or (b == best and (why is None or name[src] < name[why[0]])):
                        best, why = b, e
                m = must[v]
                if m is not None:
                    if best > m:
                        net.warnings.append(_violated(net, v, why))
                    best = m
                elif v in pre_floor:
                    best = _delayed(net, v, best, _link_bound(net, v, es, ef), why, driver)
                win = window[v]
                if win is not None:
                    held = place_early(net, v, best, why, driver)
                    if held > best:  # the task waits for a period of its window, not for its links
                        ax = net.axis[v]
                        net.waits[v] = (win.id, ax.start_at(best), ax.start_at(held))
                        if m is not None and best == m:  # its pinned date is outside every period
                            net.warnings.append(pinned_outside(net, v, held))
                    best = held
            elif v in pre_floor:  # in progress: the remaining work's delay counts from its actual start
                best = _delayed(net, v, best, NEG)
            es[v], ef[v], driver[v] = best, best + d, why
        else:
            s = f = NEG
            why_s: Edge | None = None
            for e in ins[v]:
                src, code = e[0], e[1]
                p = ef[src] if code & PRED_FINISH else es[src]
                if p == NEG:
                    continue
                b = p + e[2] if e[3] else forward_bound(net, src, e, v, p)
                if code & SUCC_FINISH:
                    f = max(f, b)
                elif b > s or (b == s and why_s is not None and name[src] < name[why_s[0]]):
                    s, why_s = b, e
            es[v], ef[v], driver[v] = s, f, why_s
    return es, ef, driver


def _link_bound(net: Network, v: int, es: list[int], ef: list[int]) -> int:
    """The latest bound the links put on leaf `v`'s start (NEG without links): the forward pass's max."""
    best = NEG
    d = net.dur[v]
    for e in net.ins[v]:
        src, code = e[0], e[1]
        p = ef[src] if code & PRED_FINISH else es[src]
        if p == NEG:
            continue
        b = p + e[2] if e[3] else forward_bound(net, src, e, v, p)
        best = max(best, b - d if code & SUCC_FINISH else b)
    return best


def _delayed(
    net: Network,
    v: int,
    best: int,
    links: int,
    why: Edge | None = None,
    driver: Sequence[Edge | None] = (),
) -> int:
    """Leaf `v`'s start with its leveling delay, counted from what links and constraints allow.

    The delay counts from the floor without the status date (see `Network.pre_floor`), so a plan kept
    across later status dates keeps its leveled starts instead of adding the delay to each new date.
    With a target (a leveled start) the delay is derived instead: the target minus that date.
    """
    ax = net.axis[v]
    pre = max(net.pre_floor[v], links)
    # the delay counts from the window period the task waits for anyway (started work is placed already)
    win = net.window[v]
    if win is not None and net.status[v] == PLANNED:
        placed = place_early(net, v, pre, why, driver)
        if placed > pre:  # waiting for the period is not part of the delay: say so as for any task
            net.waits[v] = (win.id, ax.start_at(pre), ax.start_at(placed))
        pre = placed
    target = net.targets.get(v)
    if target is not None:
        # only a start later than the plan gives without leveling is a delay (not the status date's)
        wanted = ax.work_before(target)
        delay = wanted - pre if wanted > best else 0
        if delay > 0:
            net.delay[v] = (delay, ax is ELAPSED)
        shifted = pre + max(delay, 0)
    else:
        minutes, elapsed = net.delay[v]
        if elapsed == (ax is ELAPSED):
            shifted = pre + minutes
        elif elapsed:  # elapsed delay of work on a calendar: count plain minutes from the start instant
            shifted = ax.work_before(ax.start_at(pre) + minutes)
        else:  # working delay of an elapsed task: count it on the task's calendar
            w = net.work[v]
            shifted = w.start_at(w.work_before(pre) + minutes)
    if shifted > pre:
        net.applied[v] = shifted - pre
    return max(best, shifted)


def backward(net: Network, es: list[int], ef: list[int], anchor: int) -> tuple[list[int], list[int]]:
    """Late start/finish coordinates; `anchor` (minutes) is the latest finish of any task.

    One walk over the successors serves every node: it gives the tightest bound the links put on the
    node's start and on its finish. A summary's entry or exit node keeps the two apart; a leaf turns the
    start bound into a finish bound by its duration and adds the anchor, its cap, its constraint and its
    window.
    """
    n = len(net.kind)
    ls, lf = [INF] * n, [INF] * n
    kind, dur, outs, cap, status, must = net.kind, net.dur, net.outs, net.cap, net.status, net.must_start
    applied = net.applied  # a delayed successor's delay sits between its links and its start
    anchor_at: dict[int, int] = {}
    for v in reversed(net.order):
        leaf = kind[v] == LEAF
        if leaf and status[v] == COMPLETE:
            ls[v], lf[v] = es[v], ef[v]
            continue
        s = f = INF
        for e in outs[v]:
            dst, code = e[0], e[1]
            y = lf[dst] if code & SUCC_FINISH else ls[dst]
            if y == INF:
                continue
            if applied and dst in applied:
                y = _before_delay(net, dst, _undelay(net, dst, y, code & SUCC_FINISH), code & SUCC_FINISH)
            g = y - e[2] if e[3] else backward_bound(net, v, e, y)
            if code & PRED_FINISH:
                if g < f:
                    f = g
            elif g < s:
                s = g
        if not leaf:
            ls[v], lf[v] = s, f
            continue
        d = dur[v]
        ax = net.axis[v]
        a = anchor_at.get(id(ax))
        if a is None:
            a = anchor_at[id(ax)] = ax.work_before(anchor)
        best = min(a, cap[v], f, s + d)
        m = must[v]
        if m is not None:
            best = min(best, m + d)
        if net.window[v] is not None:
            best = place_late(net, v, best, es[v])
        ls[v], lf[v] = best - d, best
    return ls, lf


def _undelay(net: Network, v: int, y: int, finish: int) -> int:
    """The latest start (or finish) of leaf `v` before its delay that the delay keeps by `y`.

    The exact inverse of `_delayed`'s three cases: a delay counted on another time base than the task's
    axis is no constant shift (a working delay of an elapsed task skips nights and closures).
    """
    minutes, elapsed = net.delay[v]
    ax = net.axis[v]
    if elapsed == (ax is ELAPSED) or v in net.targets:
        return y - net.applied[v]
    d = net.dur[v] if finish else 0
    s = y - d
    if elapsed:  # plain minutes from the start instant on a calendar axis
        u = ax.start_at(s) - minutes
        q = ax.work_before(u)
        q = q if ax.start_at(q) <= u else q - 1
    else:  # working minutes of the task's calendar on the elapsed axis
        w = net.work[v]
        j = w.work_before(s)
        j = j if w.start_at(j) <= s else j - 1
        q = w.start_at(j - minutes)
    return q + d


def _before_delay(net: Network, v: int, y: int, finish: int) -> int:
    """The latest link bound on delayed leaf `v` (its late start, or finish when `finish`, less the delay).

    The forward pass places the links' bound in a period of the window before adding the delay: a
    bound past the last start a period offers by `y` jumps to the next period, and the delay then
    lands past the late start. So the bound must stay at that last start, not merely at `y`.
    """
    if net.window[v] is None or net.status[v] != PLANNED:
        return y
    d = net.dur[v]
    start = y - d if finish else y
    for lo, hi in reversed(window_periods(net, v)):
        latest = min(start, hi - d)
        if latest >= lo:
            return latest + d if finish else latest
    return y  # no period by then: the plan is late anyway, as `place_late` leaves it


def _violated(net: Network, v: int, why: Edge | None) -> Problem:
    pred = net.name[why[0]] if why is not None else ""
    return Problem(
        code="constraint-violated",
        message=f"task {net.name[v]} must start on its date, but {pred or 'its predecessors'} "
        "end later; the link is not respected",
        ids=(net.name[v], pred) if pred else (net.name[v],),
    )
