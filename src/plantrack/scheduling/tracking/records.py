"""Tracking records: frozen baselines, progress at a status date, gate decisions and register actions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from plantrack.i18n import N_, _
from plantrack.scheduling.errors import ModelError
from plantrack.scheduling.model import MAX_NAME_LENGTH, MAX_NOTES_LENGTH


class Cause(StrEnum):
    """Why a task drifted: the 5M of an Ishikawa diagram, plus `other`."""

    MAN = "man"
    MACHINE = "machine"
    METHOD = "method"
    MATERIAL = "material"
    MILIEU = "milieu"
    OTHER = "other"


class Decision(StrEnum):
    VALIDATED = "validated"
    REJECTED = "rejected"
    DEFERRED = "deferred"


class GateStatus(StrEnum):
    PENDING = "pending"
    PASSED = "passed"
    FAILED = "failed"


class Ease(StrEnum):
    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"


class Impact(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class ActionStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in-progress"
    DONE = "done"
    CANCELLED = "cancelled"

    @property
    def closed(self) -> bool:
        return self in (ActionStatus.DONE, ActionStatus.CANCELLED)


class Pdca(StrEnum):
    PLAN = "plan"
    DO = "do"
    CHECK = "check"
    ACT = "act"


#: What an over-long text belongs to, by the kind given to the check.
_TEXT_OWNERS = {
    "baseline": N_("baseline {id}: text of {length} characters (limit {limit})"),
    "progress of": N_("progress of {id}: text of {length} characters (limit {limit})"),
    "gate": N_("gate {id}: text of {length} characters (limit {limit})"),
    "action": N_("action {id}: text of {length} characters (limit {limit})"),
}


def _check_text(kind: str, ident: str, text: str, limit: int = MAX_NOTES_LENGTH) -> None:
    if len(text) > limit:
        # every kind passed here has its sentence: a new kind without one fails its first test
        message = _(_TEXT_OWNERS[kind]).format(id=ident, length=len(text), limit=limit)
        raise ModelError("text-too-long", message)


@dataclass(frozen=True, slots=True, kw_only=True)
class BaselineTask:
    """One task as the plan stood when the baseline was saved; minutes are working minutes."""

    id: str
    name: str = ""
    start: dt.datetime
    finish: dt.datetime
    duration_minutes: int
    work_minutes: int
    cost: float
    fixed_cost: float = 0.0
    milestone: bool = False
    summary: bool = False  # a phase: work and cost rolled up from its children
    critical: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Baseline:
    """A frozen copy of the plan: per task dates, duration, work and cost; project finish and BAC."""

    name: str
    saved_at: dt.datetime
    note: str = ""
    project_start: dt.datetime
    project_finish: dt.datetime
    bac: float
    tasks: tuple[BaselineTask, ...]

    def __post_init__(self) -> None:
        if not self.name.strip() or any(ch.isspace() for ch in self.name):
            raise ModelError(
                "baseline-name",
                _("baseline name {name} must be one word").format(name=repr(self.name)),
                [self.name],
            )
        _check_text("baseline", self.name, self.name, MAX_NAME_LENGTH)
        _check_text("baseline", self.name, self.note)
        if self.project_finish < self.project_start:
            raise ModelError(
                "baseline-invalid", _("baseline {name} finishes before it starts").format(name=self.name)
            )

    def task_map(self) -> dict[str, BaselineTask]:
        return {t.id: t for t in self.tasks}


@dataclass(frozen=True, slots=True, kw_only=True)
class ProgressRecord:
    """What was reported for one task at a status date. Hours and cost are cumulative to that date.

    Unset fields keep the value of the task's earlier records, so a record need only say what changed.
    """

    task: str
    status_date: dt.datetime
    actual_start: dt.datetime | None = None
    actual_finish: dt.datetime | None = None
    percent_complete: float | None = None
    remaining_minutes: int | None = None
    hours: float | None = None
    cost: float | None = None
    cause: Cause | None = None
    note: str = ""

    def __post_init__(self) -> None:
        _check_text("progress of", self.task, self.note)
        if self.hours is not None and self.hours < 0:
            raise ModelError(
                "actuals-invalid",
                _("task {task}: actual hours are negative").format(task=self.task),
                [self.task],
            )
        if self.cost is not None and self.cost < 0:
            raise ModelError(
                "actuals-invalid",
                _("task {task}: actual cost is negative").format(task=self.task),
                [self.task],
            )
        if self.remaining_minutes is not None and self.remaining_minutes < 0:
            raise ModelError(
                "actuals-invalid",
                _("task {task}: remaining work is negative").format(task=self.task),
                [self.task],
            )


@dataclass(frozen=True, slots=True, kw_only=True)
class GateDecision:
    """The go/no-go decision taken at a validation milestone."""

    task: str
    decision: Decision
    by: str
    date: dt.datetime
    note: str = ""

    def __post_init__(self) -> None:
        if not self.by.strip():
            raise ModelError(
                "gate-by", _("gate {task}: say who decided (--by)").format(task=self.task), [self.task]
            )
        _check_text("gate", self.task, self.by, MAX_NAME_LENGTH)
        _check_text("gate", self.task, self.note)


@dataclass(frozen=True, slots=True, kw_only=True)
class Action:
    """An open point or improvement action as first registered: one owner, one due date."""

    id: str
    title: str
    owner: str
    due: dt.datetime
    created: dt.datetime
    task: str | None = None
    nature: str = ""
    ease: Ease | None = None
    impact: Impact | None = None
    status: ActionStatus = ActionStatus.OPEN
    pdca: Pdca = Pdca.PLAN

    def __post_init__(self) -> None:
        if not self.title.strip():
            raise ModelError(
                "action-title", _("action {id} has an empty title").format(id=self.id), [self.id]
            )
        if not self.owner.strip():
            raise ModelError(
                "action-owner", _("action {id} must have an owner").format(id=self.id), [self.id]
            )
        _check_text("action", self.id, self.owner, MAX_NAME_LENGTH)
        _check_text("action", self.id, self.nature, MAX_NAME_LENGTH)
        _check_text("action", self.id, self.title, 2000)


@dataclass(frozen=True, slots=True, kw_only=True)
class ActionUpdate:
    """A change of status or PDCA stage, kept as history rather than overwriting the action."""

    action: str
    date: dt.datetime
    status: ActionStatus | None = None
    pdca: Pdca | None = None
    note: str = ""

    def __post_init__(self) -> None:
        _check_text("action", self.action, self.note)
