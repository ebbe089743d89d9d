"""Planned against actual: per task variances, project slip, late tasks, slip Pareto by cause, trend."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from plantrack.scheduling.model import Project
from plantrack.scheduling.tracking.earned_value import EarnedValue, earned_value
from plantrack.scheduling.tracking.plan import PlannedDates, WorkTime
from plantrack.scheduling.tracking.progress import TaskProgress
from plantrack.scheduling.tracking.records import Baseline

UNSPECIFIED = "unspecified"


@dataclass(frozen=True, slots=True, kw_only=True)
class TaskVariance:
    """One task: baseline against forecast (actual dates once known).

    Start and finish variances are working minutes of the project calendar; the duration variance is
    counted on the task's own calendar.
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
    introduced_slip_minutes: int  # finish slip not inherited from a predecessor's slip

    @property
    def late(self) -> bool:
        return self.finish_variance_minutes > 0


@dataclass(frozen=True, slots=True, kw_only=True)
class ParetoRow:
    cause: str
    slip_days: float
    share: float  # percent of all slip days
    cumulative: float  # percent, running total in the Pareto order


@dataclass(frozen=True, slots=True, kw_only=True)
class VarianceReport:
    status_date: dt.datetime
    baseline: str
    ev: EarnedValue
    baseline_finish: dt.datetime
    forecast_finish: dt.datetime
    finish_slip_minutes: int
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
    finish_var: dict[str, int] = {}
    rows: list[TaskVariance] = []
    for bt in leaves:
        f = forecast[bt.id]
        state = states.get(bt.id)
        # slips in the plant's working time, whatever calendar the task runs on: a day late is a
        # plant day late, also for a supplier's elapsed lead time or a round-the-clock crew task
        start_var = worktime.minutes(None, bt.start, f.start)
        finish_var[bt.id] = worktime.minutes(None, bt.finish, f.finish)
        duration = 0 if bt.milestone else max(0, worktime.minutes(bt.id, f.start, f.finish))
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
                start_variance_minutes=start_var,
                finish_variance_minutes=finish_var[bt.id],
                duration_variance_minutes=duration - bt.duration_minutes,
                cost_variance=value.ev - value.ac,
                percent_complete=value.percent,
                started=state is not None and state.started,
                finished=state is not None and state.finished,
                cause=None if state is None or state.cause is None else str(state.cause),
                note="" if state is None else state.note,
                introduced_slip_minutes=0,
            )
        )
    preds: dict[str, list[str]] = {}
    for link in project.links:
        preds.setdefault(link.successor, []).append(link.predecessor)
    day = project.minutes_per_day
    slips: list[tuple[str, float]] = []
    final: list[TaskVariance] = []
    for row in rows:
        inherited = max([0, *(finish_var.get(p, 0) for p in preds.get(row.id, []))])
        own = max(0, row.finish_variance_minutes - inherited)
        slips.append((row.cause or UNSPECIFIED, own / day))
        final.append(replace(row, introduced_slip_minutes=own))
    forecast_finish = max((forecast[bt.id].finish for bt in leaves), default=baseline.project_finish)
    return VarianceReport(
        status_date=status_date,
        baseline=baseline.name,
        ev=ev,
        baseline_finish=baseline.project_finish,
        forecast_finish=forecast_finish,
        finish_slip_minutes=worktime.minutes(None, baseline.project_finish, forecast_finish),
        tasks=tuple(final),
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
        )
        for r in sorted(reports, key=lambda r: r.status_date)
    )
