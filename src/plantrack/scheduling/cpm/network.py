"""The scheduler's graph as plain arrays: nodes, edges with their link codes, time axes and bounds.

A leaf task is one node. A summary is two nodes: an entry node before its children (links *to* the
summary reach every child through it) and an exit node after them (links *from* the summary leave once
the last child has started or finished). So a link on a summary acts exactly as the same link on each of
its leaf descendants. Each node keeps its dates as coordinates on its own time axis: working minutes
on its calendar (W, see calendar/compiled.py), or plain minutes for elapsed tasks, milestones and
summary nodes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from plantrack.scheduling.calendar import (
    ELAPSED,
    CalendarCache,
    TimeAxis,
    WorkCalendar,
)
from plantrack.scheduling.errors import Problem
from plantrack.scheduling.model import LinkType, Project, Window

NEG = -(1 << 62)
INF = 1 << 62
LEAF, ENTRY, EXIT = 0, 1, 2
#: Edge code bits: the predecessor's finish (else start) binds the successor's finish (else start).
PRED_FINISH, SUCC_FINISH = 1, 2
CODES = {LinkType.FS: PRED_FINISH, LinkType.SS: 0, LinkType.FF: PRED_FINISH | SUCC_FINISH, LinkType.SF: 2}
PLANNED, IN_PROGRESS, COMPLETE = "planned", "in-progress", "complete"

#: (other node, code, lag, fast, lag is elapsed, link index or -1 for a parent/child edge).
#: `fast` means the bound is plain `value + lag` (same axis, and the lag is counted on that axis).
Edge = tuple[int, int, int, bool, bool, int]


@dataclass(slots=True)
class Network:
    project: Project
    origin: dt.datetime
    warnings: list[Problem]
    status_minute: int | None
    node_task: list[int] = field(default_factory=list)
    kind: list[int] = field(default_factory=list)
    name: list[str] = field(default_factory=list)  # task id of the node (ties are broken on it)
    axis: list[TimeAxis] = field(default_factory=list)
    work: list[WorkCalendar] = field(default_factory=list)
    dur: list[int] = field(default_factory=list)
    ins: list[list[Edge]] = field(default_factory=list)
    outs: list[list[Edge]] = field(default_factory=list)
    order: list[int] = field(default_factory=list)
    floor: list[int] = field(default_factory=list)  # earliest start coordinate
    cap: list[int] = field(default_factory=list)  # latest finish coordinate (constraints, deadlines)
    must_start: list[int | None] = field(default_factory=list)
    window: list[Window | None] = field(default_factory=list)
    status: list[str] = field(default_factory=list)
    fixed_start: list[int | None] = field(default_factory=list)  # actual start (minutes)
    leaf_node: dict[int, int] = field(default_factory=dict)  # task index -> node, leaves
    entry_node: dict[int, int] = field(default_factory=dict)  # task index -> node, summaries
    exit_node: dict[int, int] = field(default_factory=dict)
    leaves_under: dict[int, list[int]] = field(default_factory=dict)  # summary task -> leaf nodes
    parent_exit: list[int] = field(default_factory=list)  # node -> exit node of its parent, or -1
    calendars: CalendarCache | None = None
    # leveling delays (scheduling/leveled.py), on the few leaves that have one: the delay as
    # (minutes, elapsed), the floor without the status date (the delay counts from the date the links
    # and constraints allow, so a later status date does not add to it), and what the forward pass added
    delay: dict[int, tuple[int, bool]] = field(default_factory=dict)
    pre_floor: dict[int, int] = field(default_factory=dict)
    applied: dict[int, int] = field(default_factory=dict)
    # leveled starts (minutes) to derive the delays from, instead of applying stored ones
    targets: dict[int, int] = field(default_factory=dict)
    # leaves whose early start a window period holds back: (window id, instant the links and floors
    # allow, instant the period lets it start), in minutes
    waits: dict[int, tuple[str, int, int]] = field(default_factory=dict)

    def add_node(self, task: int, kind: int, name: str, axis: TimeAxis, work: WorkCalendar, dur: int) -> int:
        self.node_task.append(task)
        self.kind.append(kind)
        self.name.append(name)
        self.axis.append(axis)
        self.work.append(work)
        self.dur.append(dur)
        self.ins.append([])
        self.outs.append([])
        self.floor.append(NEG)
        self.cap.append(INF)
        self.must_start.append(None)
        self.window.append(None)
        self.status.append(PLANNED)
        self.fixed_start.append(None)
        self.parent_exit.append(-1)
        return len(self.kind) - 1

    def add_edge(self, src: int, dst: int, code: int, lag: int, elapsed: bool, link: int) -> None:
        same = self.axis[src] is self.axis[dst]
        fast = same and (
            lag == 0
            or (elapsed and self.axis[dst] is ELAPSED)
            or (not elapsed and self.axis[dst] is self.work[dst])
        )
        self.ins[dst].append((src, code, lag, fast, elapsed, link))
        self.outs[src].append((dst, code, lag, fast, elapsed, link))
