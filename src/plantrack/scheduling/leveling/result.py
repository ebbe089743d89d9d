"""What leveling returns: a status, the objective with its proven bound and gap, and the leveled tasks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class Status(StrEnum):
    """How good the plan is known to be."""

    OPTIMAL = "optimal"  # proven best for the objective
    FEASIBLE = "feasible"  # valid, within the reported gap of the best possible
    INFEASIBLE = "infeasible"  # proven impossible (raised as Unschedulable, never returned)
    UNKNOWN = "unknown"  # no valid plan found within the time limit


class Objective(StrEnum):
    FINISH = "finish"  # minimise the project finish (makespan)
    LATENESS = "lateness"  # minimise priority-weighted lateness against deadlines, then the finish


class Method(StrEnum):
    CP = "cp"
    HEURISTIC = "heuristic"


@dataclass(frozen=True, slots=True, kw_only=True)
class ProgressInfo:
    """One report during the solve: the best plan so far and the best proven bound, in hours."""

    incumbent: float | None
    bound: float
    gap: float | None
    elapsed: float


@dataclass(frozen=True, slots=True, kw_only=True)
class LeveledTask:
    """A task's leveled dates and what leveling did to it."""

    id: str
    start: dt.datetime
    finish: dt.datetime
    start_minute: int  # minutes from the project start on the leveling time axis
    finish_minute: int
    delay_minutes: int  # leveled start minus the earliest start without resource limits (axis minutes)
    delayed_by: str | None  # the resource whose capacity pushed the task back, if one did


@dataclass(frozen=True, slots=True, kw_only=True)
class LevelingResult:
    """The outcome: objective and bound in hours (finish) or weighted hours late (lateness).

    Hours are counted on the leveling axis: working hours where every task shares one calendar (elapsed
    hours on a 24/7 calendar, as PSPLIB's periods), elapsed hours when tasks run on different calendars.
    """

    status: Status
    objective_kind: Objective
    objective: float
    bound: float
    gap: float  # (objective - bound) / objective, 0 when optimal
    time_s: float
    method: Method
    finish: dt.datetime
    tasks: dict[str, LeveledTask] = field(default_factory=dict)
    stability_moves: int | None = None  # total minutes moved from the reference, when one was given

    def to_json(self) -> dict[str, object]:
        return {
            "status": str(self.status),
            "objective": round(self.objective, 4),
            "bound": round(self.bound, 4),
            "gap": round(self.gap, 6),
            "time_s": round(self.time_s, 3),
            "method": str(self.method),
        }


def relative_gap(objective: float, bound: float) -> float:
    """CP-SAT's convention: |objective - bound| / max(|objective|, 1e-9); 0 when both are 0."""
    if objective == bound:
        return 0.0
    return abs(objective - bound) / max(abs(objective), 1e-9)
