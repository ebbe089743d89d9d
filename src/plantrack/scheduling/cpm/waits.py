"""Why a task starts later than its links allow: a shutdown window's period or a calendar closure.

Window waits are found by the forward pass (it places the task in a period). Closure waits are found
after it: a planned task's start is compared with the start its links and floors give on the same
calendar without its closures (the calendars' `off` periods, public holidays and recurring off time,
and the resources' absences). A later
start means a closure, not the links, holds it back.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from typing import NamedTuple

from plantrack.scheduling.calendar import ELAPSED, WorkCalendar, to_minute
from plantrack.scheduling.cpm.network import NEG, PLANNED, PRED_FINISH, SUCC_FINISH, Network
from plantrack.scheduling.model import ConstraintKind, Period

WINDOW, CLOSURE = "window", "closure"


class Wait(NamedTuple):
    """A task held back: ready at `since`, it starts at `until` (minutes).

    `window` names what it waits for: the window's id (kind "window"), or the closure (kind
    "closure": the off period's reason, else its calendar's id; a public holiday by its name; an
    absence is named after the resource).
    """

    window: str
    since: int
    until: int
    kind: str = WINDOW


#: A closure as (start, end) minutes and its name.
Closure = tuple[int, int, str]


def closure_waits(
    net: Network, es: list[int], ef: list[int], dates: Mapping[int, tuple[int, int, int, int]]
) -> dict[int, Wait]:
    """Planned leaves a closure holds back, by node; `dates` are the leaves' (ES, EF, LS, LF) instants."""
    out: dict[int, Wait] = {}
    project = net.project
    resources = project.resource_map()
    assigned: dict[str, list[str]] = {}
    for a in project.assignments:
        assigned.setdefault(a.task, []).append(a.resource)
    by_calendar: dict[int, _Closures] = {}
    # closures that repeat (public holidays, recurring off time) are listed over the plan's span only
    horizon = (0, max((d[0] for d in dates.values()), default=0) + 1)
    opened: dict[int, WorkCalendar] = {}
    # locals: this loop visits every task of the plan, most of which no closure holds back
    axis, status, held, applied, must, works = (
        net.axis,
        net.status,
        net.waits,
        net.applied,
        net.must_start,
        net.work,
    )
    for i, v in net.leaf_node.items():
        ax = axis[v]
        if (
            ax is ELAPSED  # round the clock: elapsed work runs through closures
            or status[v] != PLANNED
            or v in held
            or v in applied  # a leveling delay, not the closure, sets its start
            or must[v] is not None
        ):
            continue
        work = works[v]
        spans = by_calendar.get(id(work))
        if spans is None:
            spans = by_calendar[id(work)] = _Closures(_calendar_closures(work, horizon))
        who = assigned.get(project.tasks[i].id)
        absent = (
            [
                (to_minute(net.origin, p.start), to_minute(net.origin, p.end), _absence_name(r, p))
                for r in who
                if r in resources
                for p in resources[r].absences
            ]
            if who
            else []
        )
        if not spans.spans and not absent:
            continue
        start = dates[v][0]
        simple, floor = _ready_floor(net, v, es, ef)
        # only a closure between the ready instant and the start is named. With start bounds only and no
        # working lag, the ready instant lies between the end of the last working minute and the start;
        # otherwise it is at least each start bound's predecessor instant (a lag that is not a lead only
        # adds): closures before the latest of them cannot count (most tasks of a big plan end here)
        gap = (ax.finish_at(es[v]) if simple else floor, start)
        if not absent and not spans.overlaps(*gap):
            continue  # one bisection: no closure can count, no list is built
        near = [*spans.over(*gap), *(c for c in absent if c[0] < gap[1] and c[1] > gap[0])]
        if not near:
            continue
        free = opened.get(id(work))
        if free is None:
            free = opened[id(work)] = work.without_closures()
        ready = free.start_at(_ready(net, v, free, es, ef))
        if ready >= start:
            continue
        # named: the closures that take working time away between the ready instant and the start
        names = [
            name for a, b, name in sorted(near) if free.working_between(max(a, ready), min(b, start)) > 0
        ]
        if names:
            out[v] = Wait(", ".join(dict.fromkeys(names)), ready, start, CLOSURE)
    return out


class _Closures:
    """A calendar's closures sorted by start, to find those over an interval by bisection (a big plan
    asks once per task, a plant calendar over years holds hundreds of holidays)."""

    def __init__(self, spans: list[Closure]) -> None:
        self.spans = sorted(spans)
        self.starts = [c[0] for c in self.spans]
        self.longest = max((c[1] - c[0] for c in self.spans), default=0)
        # reach[k]: the latest end among the first k + 1 closures, so that whether any closure overlaps an
        # interval takes one bisection
        self.reach: list[int] = []
        last = NEG
        for c in self.spans:
            last = max(last, c[1])
            self.reach.append(last)

    def overlaps(self, lo: int, hi: int) -> bool:
        """Whether any closure overlaps [lo, hi)."""
        k = bisect.bisect_left(self.starts, hi)
        return k > 0 and self.reach[k - 1] > lo

    def over(self, lo: int, hi: int) -> list[Closure]:
        """The closures that overlap [lo, hi)."""
        first = bisect.bisect_left(self.starts, lo - self.longest)
        last = bisect.bisect_left(self.starts, hi)
        return [c for c in self.spans[first:last] if c[1] > lo]


def _calendar_closures(work: WorkCalendar, horizon: tuple[int, int]) -> list[Closure]:
    """The closures of a calendar (of each of its parts when combined) within `horizon`, named."""
    return [c for part in work.parts for c in part.closures(*horizon)]


def _absence_name(resource: str, period: Period) -> str:
    return f"{resource} ({period.reason})" if period.reason else resource


def _ready_floor(net: Network, v: int, es: list[int], ef: list[int]) -> tuple[bool, int]:
    """Whether leaf `v` has start bounds only and no working lag, and an instant its ready instant (on
    any calendar) cannot be before: its predecessors' start or finish instants over start links whose lag
    is not a lead. Cheap: no calendar is asked but the predecessors' axes."""
    simple, floor = True, 0
    axis = net.axis
    for src, code, lag, _, elapsed, _ in net.ins[v]:
        if code & SUCC_FINISH:
            simple = False
            continue  # a finish bound may end up earlier: no floor from it
        if lag and not elapsed:
            simple = False
            if lag < 0:
                continue  # so may a working lead
        p = ef[src] if code & PRED_FINISH else es[src]
        if p == NEG:
            continue
        u = axis[src].finish_at(p) if code & PRED_FINISH else axis[src].start_at(p)
        floor = max(floor, u + min(lag, 0) if elapsed else u)
    return simple, floor


def _ready(net: Network, v: int, free: WorkCalendar, es: list[int], ef: list[int]) -> int:
    """Leaf `v`'s early start on `free` (its calendar without closures): the bound its floors and links give.

    The same bounds as the forward pass, counted on `free`: a link's lag in working time skips no
    closure there either.
    """
    task = net.project.tasks[net.node_task[v]]
    floor = to_minute(net.origin, net.project.start)
    if net.status_minute is not None:
        floor = max(floor, net.status_minute)
    for c in task.constraints:
        if c.kind is ConstraintKind.START_NO_EARLIER_THAN:
            floor = max(floor, to_minute(net.origin, c.date))
    best = free.work_before(floor)
    d = net.dur[v]
    for src, code, lag, _, elapsed, _ in net.ins[v]:
        p = ef[src] if code & PRED_FINISH else es[src]
        if p == NEG:
            continue
        src_ax = net.axis[src]
        u = src_ax.finish_at(p) if code & PRED_FINISH else src_ax.start_at(p)
        b = free.work_before(u + lag) if elapsed else free.work_before(u) + lag
        best = max(best, b - d if code & SUCC_FINISH else b)
    return best
