"""What the HTML figures show, as plain frozen records (built from core objects by `collect.py`).

The figures only read these records, so each figure is a pure function that tests can feed a
hand-made view, and the mapping from the engine's objects lives in one place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class TaskKind(StrEnum):
    TASK = "task"
    MILESTONE = "milestone"
    SUMMARY = "summary"


class TaskState(StrEnum):
    """Bar colour, in precedence order: a finished task is done even if it was late."""

    DONE = "done"
    LATE = "late"
    CRITICAL = "critical"
    ON_TRACK = "on track"


@dataclass(frozen=True, slots=True, kw_only=True)
class TaskView:
    """One Gantt row: forecast dates, CPM figures, baseline, progress and who does it."""

    id: str
    name: str
    kind: TaskKind
    depth: int  # WBS level, 0 for top-level rows
    parent: str | None
    start: dt.datetime
    finish: dt.datetime
    early_start: dt.datetime
    early_finish: dt.datetime
    late_start: dt.datetime
    late_finish: dt.datetime
    total_float_hours: float
    critical: bool
    state: TaskState
    owner: str = ""
    resources: tuple[str, ...] = ()  # "Electrician ×2", already worded for display
    percent_complete: float = 0.0
    baseline_start: dt.datetime | None = None
    baseline_finish: dt.datetime | None = None
    finish_variance_days: float | None = None  # days of the task's calendar, positive = later than baseline
    cause: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class LinkView:
    predecessor: str
    successor: str
    type: str  # FS, SS, FF, SF
    lag_label: str = ""  # "+2d", "-4h", empty for no lag


class BandKind(StrEnum):
    NON_WORKING = "non-working"
    SHUTDOWN = "shutdown"


@dataclass(frozen=True, slots=True, kw_only=True)
class Band:
    """A shaded span of the time axis: a non-working stretch or a production shutdown period."""

    start: dt.datetime
    finish: dt.datetime
    kind: BandKind
    label: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class GanttView:
    tasks: tuple[TaskView, ...]  # WBS order
    links: tuple[LinkView, ...] = ()
    bands: tuple[Band, ...] = ()
    status_date: dt.datetime | None = None
    baseline_name: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CurvePoint:
    """Cumulative planned value, earned value and actual cost at one date (None where not known)."""

    date: dt.datetime
    pv: float
    ev: float | None = None
    ac: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class TrendPoint:
    status_date: dt.datetime
    spi: float | None
    cpi: float | None


@dataclass(frozen=True, slots=True, kw_only=True)
class LoadPeriod:
    """One day or ISO week of a resource: hours of work booked against the hours it can give."""

    start: dt.date
    hours: float
    capacity_hours: float
    over: bool  # more units booked at some instant than the resource has


@dataclass(frozen=True, slots=True, kw_only=True)
class ResourceLoad:
    """Hours of assigned work per day and per ISO week against the resource's capacity hours."""

    resource: str  # display name
    capacity: float  # units
    days: tuple[LoadPeriod, ...]
    weeks: tuple[LoadPeriod, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class CauseSlip:
    cause: str
    slip_days: float


@dataclass(frozen=True, slots=True, kw_only=True)
class ActionView:
    id: str
    title: str
    owner: str
    due: dt.date
    status: str  # open, in-progress, done, cancelled
    task: str = ""
    pdca: str = ""
    overdue: bool = False  # judged at the status date by the engine (`tracking.actions.overdue`)

    @property
    def is_open(self) -> bool:
        return self.status in ("open", "in-progress")


@dataclass(frozen=True, slots=True, kw_only=True)
class GateDecisionView:
    """One go/no-go decision of a gate; a gate's decisions are listed oldest first."""

    gate: str
    name: str
    date: dt.datetime
    decision: str  # validated, rejected, deferred
    by: str
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Kpis:
    """Header tiles; None means "not available" (no baseline saved, no progress recorded)."""

    forecast_finish: dt.datetime
    baseline_finish: dt.datetime | None = None
    slip_working_days: float | None = None
    percent_complete: float | None = None
    spi: float | None = None
    cpi: float | None = None
    eac: float | None = None
    bac: float | None = None
    late_critical_tasks: int = 0
    overdue_actions: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DashboardView:
    curve: tuple[CurvePoint, ...] = ()
    trend: tuple[TrendPoint, ...] = ()
    loads: tuple[ResourceLoad, ...] = ()
    causes: tuple[CauseSlip, ...] = ()
    actions: tuple[ActionView, ...] = ()
    decisions: tuple[GateDecisionView, ...] = ()
    currency: str = "EUR"


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportView:
    """Everything one exported page shows."""

    title: str
    project_name: str
    generated_on: dt.date
    gantt: GanttView
    kpis: Kpis
    dashboard: DashboardView = field(default_factory=DashboardView)
