"""One call from the histories to the variance report and its trend over every status date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from plantrack.i18n import _
from plantrack.i18n.formats import format_moment
from plantrack.scheduling.errors import Problem, Severity, Unschedulable
from plantrack.scheduling.model import Project, TaskActual
from plantrack.scheduling.tracking.gates import gate_actuals
from plantrack.scheduling.tracking.plan import PlannedDates, WorkTime
from plantrack.scheduling.tracking.progress import TaskProgress, fold, status_dates, task_actuals
from plantrack.scheduling.tracking.records import Baseline, GateDecision, ProgressRecord
from plantrack.scheduling.tracking.variance import TrendPoint, VarianceReport, trend, variance

#: Reschedules the plan from a status date with the actuals known then (the CPM, or the leveler).
Reschedule = Callable[[dt.datetime | None, Mapping[str, TaskActual]], Mapping[str, PlannedDates]]


@dataclass(frozen=True, slots=True, kw_only=True)
class Analysis:
    report: VarianceReport
    states: Mapping[str, TaskProgress]
    forecast: Mapping[str, PlannedDates]
    trend: tuple[TrendPoint, ...]
    status_dates: tuple[dt.datetime, ...]
    #: earlier status dates left out of the trend: the plan as it stands now cannot be rescheduled from
    #: them (e.g. leveling delays kept from a later leveling push a task out of its shutdown window)
    warnings: tuple[Problem, ...] = ()


def analyse(
    project: Project,
    baseline: Baseline,
    records: Sequence[ProgressRecord],
    worktime: WorkTime,
    reschedule: Reschedule,
    status_date: dt.datetime | None = None,
    decisions: Sequence[GateDecision] = (),
) -> Analysis:
    """Variance at `status_date` (default: the latest one recorded, else the baseline's start).

    Gate decisions count as in `plantrack schedule` (`gates.gate_actuals`): at the latest status date
    every decision recorded, at an earlier one those taken by then.
    """
    known = project.task_map()
    records = [r for r in records if r.task in known]  # tasks removed from the plan since
    dates = status_dates(records)
    if status_date is None:
        status_date = dates[-1] if dates else baseline.project_start
    reports: list[VarianceReport] = []
    final: tuple[VarianceReport, Mapping[str, TaskProgress], Mapping[str, PlannedDates]] | None = None
    left_out: list[Problem] = []
    for when in [d for d in dates if d < status_date] + [status_date]:
        states = fold(records, when)
        until = when if dates and when < dates[-1] else None
        actuals = task_actuals(states, project)
        if dates:  # with no progress at all the plan is the baseline's, as `schedule` shows it
            actuals = gate_actuals(project, decisions, actuals, until)
        try:
            forecast = reschedule(when, actuals)
        except Unschedulable as exc:
            if when == status_date:
                raise  # the analysis itself needs this forecast
            left_out.append(_left_out(when, exc))
            continue
        report = variance(project, baseline, states, forecast, worktime, when)
        reports.append(report)
        final = (report, states, forecast)
    assert final is not None  # the loop always runs for status_date itself
    return Analysis(
        report=final[0],
        states=final[1],
        forecast=final[2],
        trend=trend(reports),
        status_dates=tuple(d for d in dates if d <= status_date),
        warnings=tuple(left_out),
    )


def _left_out(when: dt.datetime, exc: Unschedulable) -> Problem:
    first = exc.problems()[0]
    return Problem(
        code="trend-point-skipped",
        message=_(
            "the trend leaves out the status date {date}: the plan as it stands now cannot be "
            "rescheduled from it ({code}: {reason})"
        ).format(date=format_moment(when), code=first.code, reason=first.message),
        severity=Severity.WARNING,
        ids=first.ids,
    )
