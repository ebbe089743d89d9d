"""Tasks (leaves, milestones, gates, phases), their estimates and date constraints, and their links."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from plantrack.i18n import _
from plantrack.scheduling.duration import ZERO, Duration
from plantrack.scheduling.errors import ModelError
from plantrack.scheduling.model.text import MAX_NOTES_LENGTH, check_id, check_name


class LinkType(StrEnum):
    FS = "FS"
    SS = "SS"
    FF = "FF"
    SF = "SF"


class ConstraintKind(StrEnum):
    START_NO_EARLIER_THAN = "start-no-earlier-than"
    FINISH_NO_LATER_THAN = "finish-no-later-than"
    MUST_START_ON = "must-start-on"


@dataclass(frozen=True, slots=True, kw_only=True)
class Estimate:
    """Three-point estimate (PERT): optimistic <= likely <= pessimistic."""

    optimistic: Duration
    likely: Duration
    pessimistic: Duration

    def __post_init__(self) -> None:
        if not (0 <= self.optimistic.minutes <= self.likely.minutes <= self.pessimistic.minutes):
            raise ModelError(
                "estimate-order",
                _("three-point estimate must satisfy 0 <= optimistic <= likely <= pessimistic"),
            )

    @property
    def expected_minutes(self) -> float:
        return (self.optimistic.minutes + 4 * self.likely.minutes + self.pessimistic.minutes) / 6

    @property
    def std_minutes(self) -> float:
        return (self.pessimistic.minutes - self.optimistic.minutes) / 6


@dataclass(frozen=True, slots=True, kw_only=True)
class Constraint:
    kind: ConstraintKind
    date: dt.datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class Task:
    """A task, a milestone (zero duration) or a summary (a phase: any task other tasks name as parent).

    Length comes from `duration`, else from `effort` shared by the assigned units, else from the
    PERT expected value of `estimate`; summaries take their dates from their children.
    """

    id: str
    name: str = ""
    duration: Duration | None = None
    effort: Duration | None = None  # work in minutes; duration = effort / assigned units
    estimate: Estimate | None = None
    milestone: bool = False
    gate: bool = False  # a validation milestone that records a go/no-go decision
    parent: str | None = None
    constraints: tuple[Constraint, ...] = ()
    deadline: dt.datetime | None = None
    priority: int = 500
    owner: str = ""
    fixed_cost: float = 0.0
    window: str | None = None
    calendar: str | None = None
    notes: str = ""
    # what resource leveling added before the task's start: the current plan keeps it until the user
    # levels again or clears it (MS Project's "leveling delay"); see scheduling/leveled.py
    leveling_delay: Duration | None = None

    def __post_init__(self) -> None:
        check_id("task", self.id)
        check_name("task", self.id, self.name)
        if len(self.notes) > MAX_NOTES_LENGTH:
            raise ModelError(
                "notes-too-long",
                _("task {task} has notes over {limit} bytes").format(task=self.id, limit=MAX_NOTES_LENGTH),
                [self.id],
            )
        if self.duration is not None and self.duration.minutes < 0:
            raise ModelError(
                "duration-negative", _("task {task} has a negative duration").format(task=self.id), [self.id]
            )
        if self.effort is not None and self.effort.minutes <= 0:
            raise ModelError(
                "effort-invalid", _("task {task} must have a positive effort").format(task=self.id), [self.id]
            )
        if self.effort is not None and self.duration is not None:
            raise ModelError(
                "task-overspecified",
                _("task {task} gives both a duration and an effort; keep one").format(task=self.id),
                [self.id],
            )
        if self.milestone and (
            (self.duration is not None and self.duration.minutes > 0) or self.effort is not None
        ):
            raise ModelError(
                "milestone-duration",
                _("milestone {task} has a duration; a milestone takes no time").format(task=self.id),
                [self.id],
            )
        if self.gate and not self.milestone:
            raise ModelError(
                "gate-not-milestone", _("gate {task} must be a milestone").format(task=self.id), [self.id]
            )
        if self.parent == self.id:
            raise ModelError(
                "parent-self", _("task {task} is its own parent").format(task=self.id), [self.id]
            )
        if self.fixed_cost < 0:
            raise ModelError(
                "cost-negative", _("task {task} has a negative fixed cost").format(task=self.id), [self.id]
            )
        if self.leveling_delay is not None and self.leveling_delay.minutes < 0:
            raise ModelError(
                "leveling-delay-negative",
                _("task {task} has a negative leveling delay").format(task=self.id),
                [self.id],
            )
        if not 0 <= self.priority <= 1000:
            raise ModelError(
                "priority-invalid", _("task {task}: priority must be 0-1000").format(task=self.id), [self.id]
            )

    def planned_duration(self) -> Duration | None:
        """The explicit duration, else the PERT expected duration; None for effort-driven or summary."""
        if self.milestone:
            return Duration(minutes=0)
        if self.duration is not None:
            return self.duration
        if self.estimate is not None:
            return Duration(
                minutes=round(self.estimate.expected_minutes), elapsed=self.estimate.likely.elapsed
            )
        return None


@dataclass(frozen=True, slots=True, kw_only=True)
class Link:
    """A dependency: `successor` relates to `predecessor` by `type`, shifted by `lag` (negative = lead)."""

    predecessor: str
    successor: str
    type: LinkType = LinkType.FS
    lag: Duration = ZERO
