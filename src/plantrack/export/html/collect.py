"""From the engine's objects (project, CPM schedule, tracking analysis, actions) to the report's view."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from plantrack.export.html.view import (
    ActionView,
    Band,
    BandKind,
    CauseSlip,
    CurvePoint,
    DashboardView,
    GanttView,
    GateDecisionView,
    Kpis,
    LinkView,
    LoadPeriod,
    ReportView,
    ResourceLoad,
    TaskKind,
    TaskState,
    TaskView,
    TrendPoint,
)
from plantrack.export.labels import assignment_labels, cause_text, duration_text
from plantrack.i18n import _
from plantrack.scheduling import load
from plantrack.scheduling.calendar.days import working_days
from plantrack.scheduling.cpm import Schedule
from plantrack.scheduling.duration import format_duration
from plantrack.scheduling.errors import InvalidInput, Problem
from plantrack.scheduling.model import Project, Task
from plantrack.scheduling.tracking.actions import ActionState, judged_at, overdue
from plantrack.scheduling.tracking.analysis import Analysis
from plantrack.scheduling.tracking.earned_value import planned_value
from plantrack.scheduling.tracking.gates import gate_states
from plantrack.scheduling.tracking.plan import WorkTime
from plantrack.scheduling.tracking.records import Baseline, GateDecision

#: Beyond this many days, shading every weekend only greys the chart: non-working days are left out.
MAX_SHADED_DAYS = 1100
CURVE_POINTS = 60


@dataclass(frozen=True, slots=True, kw_only=True)
class Tracking:
    """What tracking knows: the baseline compared against, its analysis, the action register, gates."""

    baseline: Baseline | None = None
    analysis: Analysis | None = None
    worktime: WorkTime | None = None
    actions: Sequence[ActionState] = field(default_factory=tuple)
    decisions: Sequence[GateDecision] = field(default_factory=tuple)


def wbs_order(project: Project) -> list[tuple[Task, int]]:
    """Tasks depth first under their parents, siblings in file order, with their WBS depth."""
    children = project.children()
    known = project.task_map()
    out: list[tuple[Task, int]] = []

    def walk(task: Task, depth: int) -> None:
        out.append((task, depth))
        for child in children.get(task.id, []):
            walk(known[child], depth + 1)

    for t in project.tasks:
        if t.parent is None or t.parent not in known:
            walk(t, 0)
    return out


def task_views(
    project: Project, schedule: Schedule, tracking: Tracking | None = None
) -> tuple[TaskView, ...]:
    rows = {r.id: r for r in schedule.tasks}
    summaries = project.summary_ids()
    resources = assignment_labels(project)
    analysis = tracking.analysis if tracking else None
    variances = {v.id: v for v in analysis.report.tasks} if analysis else {}
    progress = analysis.states if analysis else {}
    baseline = tracking.baseline.task_map() if tracking and tracking.baseline else {}
    out = []
    for task, depth in wbs_order(project):
        row = rows[task.id]
        var, done, base = variances.get(task.id), progress.get(task.id), baseline.get(task.id)
        kind = (
            TaskKind.SUMMARY
            if task.id in summaries
            else (TaskKind.MILESTONE if task.milestone else TaskKind.TASK)
        )
        percent = var.percent_complete if var else (100.0 if done is not None and done.finished else 0.0)
        if (done is not None and done.finished) or percent >= 100 or row.status == "complete":
            state = TaskState.DONE
        elif var is not None and var.late:
            state = TaskState.LATE
        elif row.critical:
            state = TaskState.CRITICAL
        else:
            state = TaskState.ON_TRACK
        out.append(
            TaskView(
                id=task.id,
                name=task.name or task.id,
                kind=kind,
                depth=depth,
                parent=task.parent,
                start=row.early_start_at,  # with actuals, early dates are the forecast
                finish=row.early_finish_at,
                early_start=row.early_start_at,
                early_finish=row.early_finish_at,
                late_start=row.late_start_at,
                late_finish=row.late_finish_at,
                total_float_hours=row.total_float / 60,
                critical=bool(row.critical),
                state=state,
                owner=task.owner,
                resources=resources.get(task.id, ()),
                percent_complete=percent,
                baseline_start=base.start if base else None,
                baseline_finish=base.finish if base else None,
                finish_variance_days=var.finish_slip_days if var else None,
                cause=cause_text(var) if var and var.late else "",
            )
        )
    return tuple(out)


def link_views(project: Project) -> tuple[LinkView, ...]:
    out = []
    for link in project.links:
        lag = ""
        if link.lag.minutes:
            text = format_duration(
                link.lag, minutes_per_day=project.minutes_per_day, minutes_per_week=project.minutes_per_week
            )
            lag = duration_text(text if text.startswith("-") else "+" + text)
        out.append(
            LinkView(
                predecessor=link.predecessor, successor=link.successor, type=str(link.type), lag_label=lag
            )
        )
    return tuple(out)


def bands(project: Project, first: dt.date, last: dt.date) -> tuple[Band, ...]:
    """Non-working days of the project calendar (merged into runs) and every shutdown window period."""
    out: list[Band] = []
    if (last - first).days <= MAX_SHADED_DAYS:
        working = working_days(project, first, last)
        run_start: int | None = None
        for i, works in enumerate([*working, True]):
            if not works and run_start is None:
                run_start = i
            elif works and run_start is not None:
                start = dt.datetime.combine(first + dt.timedelta(days=run_start), dt.time())
                out.append(
                    Band(
                        start=start,
                        finish=start + dt.timedelta(days=i - run_start),
                        kind=BandKind.NON_WORKING,
                    )
                )
                run_start = None
    for window in project.windows:
        for period in window.periods:
            out.append(
                Band(
                    start=period.start,
                    finish=period.end,
                    kind=BandKind.SHUTDOWN,
                    label=window.name or window.id,
                )
            )
    return tuple(out)


def resource_loads(project: Project, schedule: Schedule) -> tuple[ResourceLoad, ...]:
    """Each resource with assigned work: its hours per day and per ISO week (see `scheduling.load`)."""

    def periods(loads: Sequence[load.PeriodLoad]) -> tuple[LoadPeriod, ...]:
        return tuple(
            LoadPeriod(start=p.start, hours=p.load_hours, capacity_hours=p.capacity_hours, over=p.over)
            for p in loads
        )

    return tuple(
        ResourceLoad(
            resource=res.name or res.id,
            capacity=res.capacity,
            days=periods(res.days),
            weeks=periods(res.weeks),
        )
        for res in load.resource_loads(project, schedule)
        if res.tasks
    )


def _curve(
    baseline: Baseline, analysis: Analysis, worktime: WorkTime, last: dt.datetime
) -> tuple[CurvePoint, ...]:
    """PV sampled over the plan; EV and AC at each status date (EV = SPI × PV, AC = EV / CPI)."""
    start = baseline.project_start
    step = max((last - start) / CURVE_POINTS, dt.timedelta(hours=1))
    samples = [start + step * i for i in range(CURVE_POINTS + 1)]
    points = {when: CurvePoint(date=when, pv=planned_value(baseline, worktime, when)) for when in samples}
    points[start] = CurvePoint(date=start, pv=0.0, ev=0.0, ac=0.0)
    for p in analysis.trend:
        pv = planned_value(baseline, worktime, p.status_date)
        ev = p.spi * pv if p.spi is not None else None
        ac = ev / p.cpi if ev is not None and p.cpi else None
        points[p.status_date] = CurvePoint(date=p.status_date, pv=pv, ev=ev, ac=ac)
    final = analysis.report
    points[final.status_date] = CurvePoint(
        date=final.status_date, pv=final.ev.pv, ev=final.ev.ev, ac=final.ev.ac
    )
    return tuple(points[k] for k in sorted(points))


def action_views(states: Iterable[ActionState], as_of: dt.datetime) -> tuple[ActionView, ...]:
    """The register's rows, each flagged overdue or not as of the status date `as_of`."""
    return tuple(
        ActionView(
            id=s.action.id,
            title=s.action.title,
            owner=s.action.owner,
            due=s.action.due.date(),
            status=str(s.action.status),
            task=s.action.task or "",
            pdca=str(s.action.pdca),
            overdue=overdue(s, as_of),
        )
        for s in states
    )


def decision_views(project: Project, decisions: Iterable[GateDecision]) -> tuple[GateDecisionView, ...]:
    """Every gate decision, gate by gate in plan order, each gate's history oldest first."""
    return tuple(
        GateDecisionView(
            gate=g.task, name=g.name, date=d.date, decision=str(d.decision), by=d.by, note=d.note
        )
        for g in gate_states(project, decisions, {})
        for d in g.history
    )


def collect_report(
    project: Project,
    schedule: Schedule,
    *,
    today: dt.date,
    title: str | None = None,
    tracking: Tracking | None = None,
) -> ReportView:
    """The whole page's content; refuses a project without tasks (nothing to show)."""
    if not project.tasks:
        raise InvalidInput(
            [
                Problem(
                    code="export-empty",
                    message=_("project {name} has no task: nothing to export yet").format(
                        name=repr(project.name)
                    ),
                )
            ]
        )
    tracking = tracking or Tracking()
    tasks = task_views(project, schedule, tracking)
    analysis = tracking.analysis
    status = analysis.report.status_date if analysis else project.status_date
    first = min(t.start for t in tasks).date() - dt.timedelta(days=1)
    last_instant = max(t.finish for t in tasks)
    if tracking.baseline is not None:
        last_instant = max(last_instant, tracking.baseline.project_finish)
    last = last_instant.date() + dt.timedelta(days=1)
    gantt = GanttView(
        tasks=tasks,
        links=link_views(project),
        bands=bands(project, first, last),
        status_date=status,
        baseline_name=tracking.baseline.name if tracking.baseline else None,
    )
    # actions are judged at the status date, as the minutes and `action list` judge them
    actions = action_views(tracking.actions, judged_at(status or schedule.status_date, today))
    kpis = Kpis(
        forecast_finish=max(t.finish for t in tasks),
        overdue_actions=sum(a.overdue for a in actions),
    )
    dashboard = DashboardView(
        loads=resource_loads(project, schedule), actions=actions, currency=project.currency
    )
    if analysis is not None and tracking.baseline is not None:
        report, ev = analysis.report, analysis.report.ev
        kpis = Kpis(
            forecast_finish=report.forecast_finish,
            baseline_finish=report.baseline_finish,
            slip_working_days=report.finish_slip_days,
            percent_complete=ev.percent_complete,
            spi=ev.spi,
            cpi=ev.cpi,
            eac=ev.eac,
            bac=ev.bac,
            late_critical_tasks=sum(1 for t in report.tasks if t.late and t.critical),
            overdue_actions=kpis.overdue_actions,
        )
        worktime = tracking.worktime
        dashboard = DashboardView(
            curve=_curve(tracking.baseline, analysis, worktime, last_instant) if worktime else (),
            trend=tuple(TrendPoint(status_date=p.status_date, spi=p.spi, cpi=p.cpi) for p in analysis.trend),
            loads=dashboard.loads,
            causes=tuple(CauseSlip(cause=p.cause, slip_days=p.slip_days) for p in report.pareto),
            actions=actions,
            currency=project.currency,
        )
    return ReportView(
        title=title or _("{project} — status report").format(project=project.name),
        project_name=project.name,
        generated_on=today,
        gantt=gantt,
        kpis=kpis,
        dashboard=replace(dashboard, decisions=decision_views(project, tracking.decisions)),
    )
