"""The Gantt's presenter: the forecast, progress, baseline and calendar laid out as rows, bars and backdrop.

Every date and float shown comes from the engine and the application layer (`operations.analysis`
computes the forecast, as for the CLI and the HTML report); this module only picks them and lays them
out as the Gantt's own geometry (`Bar`, `Backdrop`, `Outline`, `TaskRow`). It stays in the TUI, beside
`gantt_layout` and `outline`, because that geometry is the pure layout of the Gantt and no other face
uses it: moving it down to `operations` would drag the Gantt's layout types with it. It holds no
Textual code. An invalid plan gives a view with its problems and no rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from plantrack.export.labels import assignment_labels
from plantrack.i18n import _, language
from plantrack.i18n.formats import format_day
from plantrack.operations.analysis import forecast
from plantrack.operations.tracking_view import days
from plantrack.scheduling.calendar.days import project_working_minutes, working_days
from plantrack.scheduling.cpm import Schedule
from plantrack.scheduling.errors import PlantrackError, Problem
from plantrack.scheduling.model import Project
from plantrack.scheduling.tracking.progress import TaskProgress, fold
from plantrack.scheduling.tracking.records import Baseline
from plantrack.store import WorkspaceState
from plantrack.store.tracking_codec import find_baseline, progress
from plantrack.tui.plan.gantt_layout import Backdrop, Bar, BarKind
from plantrack.tui.plan.outline import Outline, OutlineItem
from plantrack.tui.plan.view import PlanView, TaskRow, display_text

#: Shading every non-working day beyond this span only greys the chart (and costs time).
MAX_SHADED_DAYS = 1500


def schedule_of(state: WorkspaceState) -> tuple[Schedule, dt.datetime | None]:
    """The forecast: the CPM from the latest status date with the actuals recorded by then."""
    ahead = forecast(state)
    return ahead.schedule, ahead.status_date


def float_text(minutes: int, minutes_per_day: int) -> str:
    """Total float in working days, e.g. `0d`, `-2d`, `1.5d`."""
    days = round(minutes / minutes_per_day, 1)
    text = f"{days:g}" if days else "0"
    return _("{days}d").format(days=text if language() == "en" else text.replace(".", ","))


def done_until(start: dt.datetime, finish: dt.datetime, state: TaskProgress | None) -> dt.datetime | None:
    """How far the bar is filled: all of it once finished, else the share reported done."""
    if state is None:
        return None
    if state.actual_finish is not None or (state.percent or 0) >= 100:
        return finish
    if state.percent:
        return start + (finish - start) * (state.percent / 100)
    return None


def nonworking_days(project: Project, first: dt.date, last: dt.date) -> frozenset[dt.date]:
    """Days without a single working minute on the project calendar."""
    if (last - first).days > MAX_SHADED_DAYS:
        return frozenset()
    flags = working_days(project, first, last)
    return frozenset(first + dt.timedelta(days=i) for i, works in enumerate(flags) if not works)


def _resources(project: Project) -> dict[str, str]:
    """Per task, its resources with their units on one line."""
    return {task: ", ".join(labels) for task, labels in assignment_labels(project, display_text).items()}


def _empty(project: Project, today: dt.datetime, problems: Sequence[Problem]) -> PlanView:
    return PlanView(
        title=display_text(project.name),
        rows={},
        outline=Outline([]),
        backdrop=Backdrop(today=today),
        first=project.start,
        last=project.start,
        today=today,
        problems=tuple(problems),
    )


def build_view(state: WorkspaceState, *, today: dt.date, baseline_name: str | None = None) -> PlanView:
    project = state.project
    now = dt.datetime.combine(today, dt.time())
    try:  # the CPM checks the network itself (the CLI's errors) and raises them all at once
        schedule, status_date = schedule_of(state)
    except PlantrackError as exc:  # e.g. unschedulable: a window too short
        return _empty(project, now, exc.problems())
    baseline: Baseline | None = find_baseline(state, baseline_name)
    base = baseline.task_map() if baseline else {}
    states: Mapping[str, TaskProgress] = fold(progress(state), status_date) if status_date else {}
    tasks = project.task_map()
    summaries = project.summary_ids()
    resources = _resources(project)
    rows: dict[str, TaskRow] = {}
    items: list[OutlineItem] = []
    per_day = project.minutes_per_day
    for sched in schedule.tasks:
        task = tasks[sched.id]
        start, finish = sched.early_start_at, sched.early_finish_at
        kind = (
            BarKind.SUMMARY if task.id in summaries else BarKind.MILESTONE if task.milestone else BarKind.TASK
        )
        planned = base.get(task.id)
        late = (planned is not None and finish > planned.finish) or (
            task.deadline is not None and finish > task.deadline
        )
        bar = Bar(
            start=start,
            finish=finish,
            kind=kind,
            critical=sched.critical,
            done_until=done_until(start, finish, states.get(task.id)),
            baseline_start=planned.start if planned else None,
            baseline_finish=planned.finish if planned else None,
        )
        rows[task.id] = TaskRow(
            id=task.id,
            name=display_text(task.name or task.id),
            bar=bar,
            start=start,
            finish=finish,
            float_text=float_text(sched.total_float, per_day),
            critical=sched.critical,
            late=late,
            owner=display_text(task.owner),
            driving=sched.driving_predecessor,
            resources=resources.get(task.id, ""),
            milestone=task.milestone,
        )
    for task in project.tasks:  # file order: the WBS order
        if task.id in rows:
            row = rows[task.id]
            items.append(
                OutlineItem(
                    id=task.id,
                    parent=task.parent,
                    name=row.name,
                    owner=row.owner,
                    critical=row.critical,
                    late=row.late,
                )
            )
    first = min((r.start for r in rows.values()), default=project.start)
    last = max((r.finish for r in rows.values()), default=project.start)
    if baseline is not None:
        first, last = min(first, baseline.project_start), max(last, baseline.project_finish)
    windows = tuple((p.start, p.end) for w in project.windows for p in w.periods)
    finish = max((r.finish for r in rows.values()), default=project.start)
    summary = _("finish {date}").format(date=format_day(finish))
    if baseline is not None:
        slip = days(project_working_minutes(project, baseline.project_finish, finish), per_day, zero="+0")
        summary += _(" · baseline {name} {slip}").format(name=display_text(baseline.name), slip=slip)
    if status_date is not None:
        summary = _("status {date}").format(date=format_day(status_date)) + " · " + summary
    return PlanView(
        title=display_text(project.name),
        rows=rows,
        outline=Outline(items),
        backdrop=Backdrop(
            nonworking=nonworking_days(
                project, first.date() - dt.timedelta(days=40), last.date() + dt.timedelta(days=40)
            ),
            windows=windows,
            status=status_date,
            today=now,
        ),
        first=first,
        last=last,
        status_date=status_date,
        today=now,
        summary=summary,
    )
