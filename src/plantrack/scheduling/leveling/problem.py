"""The leveling problem in integers: jobs on an axis, precedences, resource capacities over time."""

from __future__ import annotations

from dataclasses import dataclass, field

from plantrack.scheduling.leveling.axis import Axis
from plantrack.scheduling.model import LinkType


@dataclass(frozen=True, slots=True, kw_only=True)
class Prec:
    """`succ` relates to `pred` by `type` with `lag` axis steps (negative = lead).

    A lag in working time on an elapsed axis depends on where it starts: `shift` then maps the
    predecessor's point to the earliest point of the successor, and `lag` is only a safe lower bound.
    """

    pred: int
    succ: int
    type: LinkType
    lag: int
    shift: dict[int, int] | None = None
    link: int = -1  # index of the project link it comes from

    def after(self, point: int) -> int:
        if self.shift is not None:
            return self.shift.get(point, point + self.lag)
        return point + self.lag


@dataclass(slots=True, kw_only=True)
class Job:
    """One schedulable task. Its length is fixed (`duration`) unless `table` maps allowed starts to ends."""

    id: str
    duration: int  # axis steps; with a table, the shortest span (a priority hint only)
    table: dict[int, int] | None = None  # start -> end, when the length depends on the start
    minutes: int = 0  # the length as written (working or elapsed minutes), for messages
    demands: dict[int, int] = field(default_factory=dict)  # resource index -> scaled units
    release: int = 0  # earliest start (project start, start-no-earlier-than)
    latest_finish: int | None = None  # hard: finish-no-later-than, and deadlines under objective "finish"
    fixed_start: int | None = None  # must-start-on
    windows: list[tuple[int, int]] | None = None  # allowed start ranges [lo, hi] (inside a window period)
    window_id: str | None = None
    deadline: int | None = None
    weight: int = 1  # lateness weight (task priority)

    def end(self, start: int) -> int | None:
        """The finish for a start, or None when the job cannot start there."""
        if self.table is not None:
            return self.table.get(start)
        return start + self.duration

    def can_start(self, start: int) -> bool:
        if self.fixed_start is not None and start != self.fixed_start:
            return False
        if start < self.release:
            return False
        if self.windows is not None and not any(lo <= start <= hi for lo, hi in self.windows):
            return False
        return self.end(start) is not None

    @property
    def fixed_length(self) -> bool:
        return self.table is None


@dataclass(slots=True, kw_only=True)
class LevelingProblem:
    """Everything the heuristic and the CP model need, already on the integer axis."""

    jobs: list[Job]
    precs: list[Prec]
    resource_ids: list[str]
    capacities: list[int]  # scaled units
    scales: list[int]  # scaled units per real unit, per resource
    busy: list[list[tuple[int, int, int]]]  # per resource: (start, end, units) of capacity taken away
    horizon: int
    axis: Axis

    def index(self) -> dict[str, int]:
        return {job.id: i for i, job in enumerate(self.jobs)}

    def successors(self) -> list[list[Prec]]:
        out: list[list[Prec]] = [[] for _ in self.jobs]
        for p in self.precs:
            out[p.pred].append(p)
        return out

    def predecessors(self) -> list[list[Prec]]:
        out: list[list[Prec]] = [[] for _ in self.jobs]
        for p in self.precs:
            out[p.succ].append(p)
        return out

    def capacity_profile(self, resource: int) -> list[int]:
        """Available units per axis step over [0, horizon)."""
        profile = [self.capacities[resource]] * self.horizon
        for start, end, units in self.busy[resource]:
            for t in range(max(start, 0), min(end, self.horizon)):
                profile[t] -= units
        return profile

    def topological_order(self) -> list[int]:
        """Jobs so that every predecessor comes first (the network is checked acyclic when built)."""
        indeg = [0] * len(self.jobs)
        succ = self.successors()
        for p in self.precs:
            indeg[p.succ] += 1
        ready = [i for i, d in enumerate(indeg) if d == 0]
        order: list[int] = []
        while ready:
            i = ready.pop()
            order.append(i)
            for p in succ[i]:
                indeg[p.succ] -= 1
                if indeg[p.succ] == 0:
                    ready.append(p.succ)
        return order


def min_start_after(prec: Prec, pred_start: int, pred_end: int) -> tuple[int, int]:
    """Lower bounds (on the successor's start, on its end) that a placed predecessor imposes."""
    if prec.type is LinkType.FS:
        return prec.after(pred_end), -(10**12)
    if prec.type is LinkType.SS:
        return prec.after(pred_start), -(10**12)
    if prec.type is LinkType.FF:
        return -(10**12), prec.after(pred_end)
    return -(10**12), prec.after(pred_start)  # SF
