"""A task's window in the CPM passes: its start placed in a period, early or late, and why none fits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from plantrack.i18n import _
from plantrack.i18n.formats import format_moment
from plantrack.scheduling.calendar import to_datetime, to_minute
from plantrack.scheduling.cpm.network import Edge, Network
from plantrack.scheduling.errors import Problem, Unschedulable, format_quantity
from plantrack.scheduling.model import Period


def window_periods(net: Network, v: int) -> list[tuple[int, int]]:
    """The window's periods as (start, finish) coordinates on the task's axis, in time order."""
    window = net.window[v]
    assert window is not None
    ax = net.axis[v]
    spans = sorted((to_minute(net.origin, p.start), to_minute(net.origin, p.end)) for p in window.periods)
    return [(ax.work_before(a), ax.work_before(b)) for a, b in spans]


def place_early(
    net: Network, v: int, bound: int, why: Edge | None = None, driver: Sequence[Edge | None] = ()
) -> int:
    """Earliest start >= bound inside one period of the window, the whole task fitting in it.

    `why` is the edge that set `bound` and `driver` the forward pass's edges so far: they only name
    the chain of predecessors in the message when no period is left.
    """
    d = net.dur[v]
    periods = window_periods(net, v)
    for lo, hi in periods:
        start = max(bound, lo)
        if start + d <= hi:
            return start
    window = net.window[v]
    assert window is not None
    task = net.name[v]
    if not any(hi - lo >= d for lo, hi in periods):
        raise Unschedulable(
            [
                Problem(
                    code="window-too-short",
                    message=f"task {task} needs {d / 60:g} working hours, more than any period of "
                    f"window {window.id} offers on its calendar {net.work[v].id}",
                    ids=(task, window.id),
                )
            ]
        )
    raise Unschedulable([_window_missed(net, v, bound, why, driver)])


def _window_missed(
    net: Network, v: int, bound: int, why: Edge | None, driver: Sequence[Edge | None]
) -> Problem:
    """The window-missed problem: the periods' dates, the earliest start and the driving chain."""
    window = net.window[v]
    assert window is not None
    task = net.name[v]
    periods = ", ".join(
        _("{start} to {end}").format(start=_when(p.start), end=_when(p.end))
        for p in sorted(window.periods, key=_start)
    )
    earliest = _when(to_datetime(net.origin, net.axis[v].start_at(bound)))
    # walk the driving edges back: summary entry and exit nodes repeat their task's id, kept once
    chain: list[str] = []
    seen: set[int] = set()
    e = why
    while e is not None and e[0] not in seen:
        seen.add(e[0])
        if not chain or chain[-1] != net.name[e[0]]:
            chain.append(net.name[e[0]])
        e = driver[e[0]] if e[0] < len(driver) else None
    if chain:
        pushed = _("it is pushed there by {chain}").format(chain=" -> ".join([*reversed(chain), task]))
        ids = (task, window.id, *dict.fromkeys(reversed(chain)))
    else:
        pushed = _(
            "no predecessor drives it: its own start constraint, the project start or the status date does"
        )
        ids = (task, window.id)
    return Problem(
        code="window-missed",
        message=_(
            "task {task} ({hours} working hours) fits in no period of window {window} ({periods}): the "
            "earliest it can start is {earliest}, after the last period it would fit in; {pushed}. Move the "
            "window, or shorten or unlink the chain"
        ).format(
            task=task,
            hours=format_quantity(net.dur[v] / 60),
            window=window.id,
            periods=periods,
            earliest=earliest,
            pushed=pushed,
        ),
        ids=ids,
    )


def _when(moment: dt.datetime) -> str:
    return format_moment(moment)  # `2027-05-21 20:00` / `21/05/2027 20:00`


def _start(period: Period) -> dt.datetime:
    return period.start


def place_late(net: Network, v: int, bound: int, early_start: int) -> int:
    """Latest finish <= bound inside one period of the window (the early period when none is left)."""
    d = net.dur[v]
    for lo, hi in reversed(window_periods(net, v)):
        finish = min(bound, hi)
        if finish - d >= lo:
            return finish
    return min(bound, early_start + d)


def pinned_outside(net: Network, v: int, held: int) -> Problem:
    """A must-start-on date that no period of the task's window allows: the task starts later."""
    window = net.window[v]
    assert window is not None
    ax, task = net.axis[v], net.name[v]
    pinned = _when(to_datetime(net.origin, ax.start_at(net.must_start[v] or 0)))
    starts = _when(to_datetime(net.origin, ax.start_at(held)))
    return Problem(
        code="constraint-violated",
        message=_(
            "task {task} must start on {pinned}, but no period of window {window} allows it there; "
            "it starts {starts}"
        ).format(task=task, pinned=pinned, window=window.id, starts=starts),
        ids=(task, window.id),
    )
