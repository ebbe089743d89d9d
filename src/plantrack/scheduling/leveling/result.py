"""What leveling returns: a status, the objective with its proven bound and gap, and the leveled tasks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from plantrack.scheduling.leveling.reasons import Reason as Reason
from plantrack.scheduling.leveling.reasons import reason_clause

#: Priority 500 (the default) weighs one: lateness is reported in normal-priority hours.
NORMAL_PRIORITY = 500


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
    """One report during the solve: the best plan so far and the best proven bound.

    `incumbent` and `bound` are hours on the leveling axis; the `_working` values are the same figures in
    working minutes of the project calendar (None where they do not convert: lateness on an elapsed axis).
    """

    incumbent: float | None
    bound: float
    gap: float | None
    elapsed: float
    incumbent_working: float | None = None
    bound_working: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class LeveledTask:
    """A task's leveled dates and what leveling did to it."""

    id: str
    start: dt.datetime
    finish: dt.datetime
    start_minute: int  # minutes from the project start on the leveling time axis
    finish_minute: int
    delay_minutes: int  # leveled start minus the earliest start without resource limits (axis minutes)
    delay_working_minutes: int  # the same delay in working minutes of the project calendar
    delayed_by: str | None  # the resource whose capacity pushed the task back, if one did
    # the tasks booked on `delayed_by` while this task waited for it, by start (see holders.py)
    held_by: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class LevelingResult:
    """The outcome: objective and bound in hours (finish) or weighted hours late (lateness).

    `objective` and `bound` are counted on the leveling axis: working hours where every task shares one
    calendar (elapsed hours on a 24/7 calendar, as PSPLIB's periods), elapsed hours when tasks run on
    different calendars. What users read is `objective_working` and `bound_working`: working minutes of
    the project calendar (see `WorkingClock`); `bound_working` is None when it does not convert (a
    weighted lateness summed on an elapsed axis).
    """

    status: Status
    objective_kind: Objective
    objective: float
    bound: float
    gap: float  # (objective - bound) / objective, 0 when optimal
    time_s: float
    method: Method
    finish: dt.datetime
    reason: Reason
    time_limit: float  # seconds asked for
    jobs: int  # tasks leveled (summaries excluded)
    resources: int
    minutes_per_day: int  # the project's working day, for showing working time in days
    objective_working: float | None  # None when no plan was found
    bound_working: float | None
    axis_is_working: bool  # whether the axis minutes are working minutes of the project calendar
    tasks: dict[str, LeveledTask] = field(default_factory=dict)
    stability_moves: int | None = None  # total minutes moved from the reference, when one was given
    left_shifted: tuple[str, ...] = ()  # tasks the final left shift moved earlier than the search left them

    @property
    def gap_working(self) -> float | None:
        """The relative gap in the users' unit, when both ends convert."""
        if self.objective_working is None or self.bound_working is None:
            return None
        return relative_gap(self.objective_working, self.bound_working)

    def to_json(self) -> dict[str, object]:
        def hours(minutes: float | None) -> float | None:
            return None if minutes is None else round(minutes / 60, 4)

        gap = self.gap_working
        return {
            "status": str(self.status),
            "method": str(self.method),
            "reason": str(self.reason),
            "reason_text": reason_clause(self.reason, self.time_limit, self.jobs, self.resources),
            "objective_kind": str(self.objective_kind),
            # working hours of the project calendar (weighted working hours late for "lateness")
            "objective_working_hours": hours(self.objective_working),
            "bound_working_hours": hours(self.bound_working),
            "gap": round(self.gap if gap is None else gap, 6),
            # the solver's own figures, on its axis (elapsed minutes when tasks use different calendars)
            "axis_minutes_are_working": self.axis_is_working,
            "objective_axis_minutes": round(self.objective * 60, 2),
            "bound_axis_minutes": round(self.bound * 60, 2),
            "gap_axis": round(self.gap, 6),
            "time_s": round(self.time_s, 3),
            "time_limit_s": self.time_limit,
        }


def relative_gap(objective: float, bound: float) -> float:
    """CP-SAT's convention: |objective - bound| / max(|objective|, 1e-9); 0 when both are 0."""
    if objective == bound:
        return 0.0
    return abs(objective - bound) / max(abs(objective), 1e-9)
