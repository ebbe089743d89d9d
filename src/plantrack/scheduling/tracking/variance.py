"""Planned against actual: per task variances, project slip, late tasks, slip Pareto by cause, trend.

Slip unit: every slip is counted on the calendar its task works on (its own calendar narrowed to its
resources', round the clock for an elapsed duration such as `4ed` or `8ew`) and shown in days of that
calendar, a day being the working hours it has in one day (24 h when elapsed). A crew's slip during a
plant closure is thus a slip, and a supplier's lead time counts calendar days. The Pareto sums the slip
each task introduced (its finish slip minus what its driving link passed on, see `slip.py`) by its
reported cause; introduced slip without a cause is `unspecified`, inherited slip is no cause at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from plantrack.i18n import N_, _
from plantrack.scheduling.model import Project
from plantrack.scheduling.tracking.earned_value import EarnedValue, earned_value
from plantrack.scheduling.tracking.plan import PlannedDates, WorkTime
from plantrack.scheduling.tracking.progress import TaskProgress
from plantrack.scheduling.tracking.records import Baseline
from plantrack.scheduling.tracking.slip import pushes

UNSPECIFIED = "unspecified"
#: how output headers name the slip unit (the rule is in this module's docstring); `--json` keeps the
#: English words, a header shows `_(SLIP_UNIT)`
SLIP_UNIT = N_("days of each task's own calendar")


@dataclass(frozen=True, slots=True, kw_only=True)
class TaskVariance:
    """One task: baseline against forecast (actual dates once known).

    Every variance is in working minutes of the calendar the task works on, `day_minutes` of which
    make one of its days; `introduced` plus `inherited` is the finish slip when the task is late.
    """

    id: str
    name: str
    milestone: bool
    critical: bool
    baseline_start: dt.datetime
    baseline_finish: dt.datetime
    forecast_start: dt.datetime
    forecast_finish: dt.datetime
    start_variance_minutes: int
    finish_variance_minutes: int
    duration_variance_minutes: int
    cost_variance: float  # EV - AC: negative means over budget
    percent_complete: float
    started: bool
    finished: bool
    cause: str | None
    note: str
    day_minutes: int  # one day of the task's calendar: 1440 for an elapsed duration
    introduced_slip_minutes: int  # finish slip not passed on by the driving link
    inherited_slip_minutes: int  # finish slip its driving link passed on
    inherited_from: str | None  # that link's predecessor (a phase's leaf that sets its date)

    @property
    def late(self) -> bool:
        return self.finish_variance_minutes > 0

    @property
    def finish_slip_days(self) -> float:
        return self.finish_variance_minutes / self.day_minutes

    @property
    def introduced_slip_days(self) -> float:
        return self.introduced_slip_minutes / self.day_minutes

    @property
    def inherited_slip_days(self) -> float:
        return self.inherited_slip_minutes / self.day_minutes

    @property
    def cause_label(self) -> str:
        """The reported cause of the slip it introduced (else `unspecified`), and whom it inherited from."""
        parts = []
        if self.cause is not None:
            parts.append(self.cause)
        elif self.introduced_slip_minutes > 0:
            parts.append(UNSPECIFIED)
        if self.inherited_slip_minutes > 0:
            parts.append(_("inherited from {task}").format(task=self.inherited_from))
        return ", ".join(parts)


@dataclass(frozen=True, slots=True, kw_only=True)
class ParetoRow:
    cause: str
    slip_days: float
    share: float  # percent of all slip days
    cumulative: float  # percent, running total in the Pareto order
    # slip_days: introduced slip in days of each task's own calendar (SLIP_UNIT)


@dataclass(frozen=True, slots=True, kw_only=True)
class VarianceReport:
    status_date: dt.datetime
    baseline: str
    ev: EarnedValue
    baseline_finish: dt.datetime
    forecast_finish: dt.datetime
    finish_slip_minutes: int  # on the calendar of the task finishing last in the forecast
    finish_slip_days: float  # in days of that calendar
    tasks: tuple[TaskVariance, ...]
    pareto: tuple[ParetoRow, ...]

    def late_tasks(self) -> list[TaskVariance]:
        """Late tasks, critical first, then the largest slip first."""
        late = [t for t in self.tasks if t.late]
        return sorted(late, key=lambda t: (not t.critical, -t.finish_variance_minutes, t.id))


@dataclass(frozen=True, slots=True, kw_only=True)
class TrendPoint:
    status_date: dt.datetime
    spi: float | None
    cpi: float | None
    spi_t: float | None
    percent_complete: float
    forecast_finish: dt.datetime
    finish_slip_minutes: int
    finish_slip_days: float


def pareto(rows: Sequence[tuple[str, float]]) -> tuple[ParetoRow, ...]:
    """Sum slip days by cause, largest first, with each cause's share and the running total."""
    totals: dict[str, float] = {}
    for cause, days in rows:
        if days > 0:
            totals[cause] = totals.get(cause, 0.0) + days
    grand = sum(totals.values())
    out: list[ParetoRow] = []
    running = 0.0
    for cause, days in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0])):
        running += days
        out.append(
            ParetoRow(cause=cause, slip_days=days, share=100 * days / grand, cumulative=100 * running / grand)
        )
    return tuple(out)


def variance(
    project: Project,
    baseline: Baseline,
    states: Mapping[str, TaskProgress],
    forecast: Mapping[str, PlannedDates],
    worktime: WorkTime,
    status_date: dt.datetime,
) -> VarianceReport:
    """Compare the rescheduled plan `forecast` (actual dates where known) with `baseline` at `status_date`."""
    ev = earned_value(project, baseline, states, worktime, status_date)
    values = {v.id: v for v in ev.tasks}
    names = {t.id: t.name for t in project.tasks}
    leaves = [bt for bt in baseline.tasks if not bt.summary and bt.id in forecast]
    planned = {bt.id: PlannedDates(start=bt.start, finish=bt.finish) for bt in leaves}
    passed = pushes(project, planned, forecast, worktime)
    rows: list[TaskVariance] = []
    for bt in leaves:
        f = forecast[bt.id]
        state = states.get(bt.id)
        # on the task's own calendar: a crew slipping during a plant closure, a supplier's elapsed
        # lead time slipping over a weekend, both slip in their own time
        finish_var = worktime.minutes(bt.id, bt.finish, f.finish)
        duration = 0 if bt.milestone else max(0, worktime.minutes(bt.id, f.start, f.finish))
        push = passed.get(bt.id)
        inherited = 0 if push is None else min(push.minutes, max(0, finish_var))
        value = values[bt.id]
        rows.append(
            TaskVariance(
                id=bt.id,
                name=names.get(bt.id, bt.name),
                milestone=bt.milestone,
                critical=f.critical,
                baseline_start=bt.start,
                baseline_finish=bt.finish,
                forecast_start=f.start,
                forecast_finish=f.finish,
                start_variance_minutes=worktime.minutes(bt.id, bt.start, f.start),
                finish_variance_minutes=finish_var,
                duration_variance_minutes=duration - bt.duration_minutes,
                cost_variance=value.ev - value.ac,
                percent_complete=value.percent,
                started=state is not None and state.started,
                finished=state is not None and state.finished,
                cause=None if state is None or state.cause is None else str(state.cause),
                note="" if state is None else state.note,
                day_minutes=worktime.day_minutes(bt.id),
                introduced_slip_minutes=max(0, finish_var) - inherited,
                inherited_slip_minutes=inherited,
                inherited_from=None if push is None or not inherited else push.source,
            )
        )
    slips = [(r.cause or UNSPECIFIED, r.introduced_slip_days) for r in rows]
    last = max(leaves, key=lambda bt: (forecast[bt.id].finish, bt.id), default=None)
    forecast_finish = baseline.project_finish if last is None else forecast[last.id].finish
    # on the calendar of the task that now finishes the project, so that its slip cannot vanish
    finish_slip = worktime.minutes(
        None if last is None else last.id, baseline.project_finish, forecast_finish
    )
    day = worktime.day_minutes(None if last is None else last.id)
    return VarianceReport(
        status_date=status_date,
        baseline=baseline.name,
        ev=ev,
        baseline_finish=baseline.project_finish,
        forecast_finish=forecast_finish,
        finish_slip_minutes=finish_slip,
        finish_slip_days=finish_slip / day,
        tasks=tuple(rows),
        pareto=pareto(slips),
    )


def trend(reports: Sequence[VarianceReport]) -> tuple[TrendPoint, ...]:
    """SPI, CPI, SPI(t) and forecast finish over successive status dates, oldest first."""
    return tuple(
        TrendPoint(
            status_date=r.status_date,
            spi=r.ev.spi,
            cpi=r.ev.cpi,
            spi_t=r.ev.spi_t,
            percent_complete=r.ev.percent_complete,
            forecast_finish=r.forecast_finish,
            finish_slip_minutes=r.finish_slip_minutes,
            finish_slip_days=r.finish_slip_days,
        )
        for r in sorted(reports, key=lambda r: r.status_date)
    )
