"""The analyses of a workspace: the forecast at its status date, the variance analysis and the review data.

The CLI, the TUI and the HTML report all show these; computing them in one place keeps their figures
identical.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from plantrack.i18n import _
from plantrack.i18n.formats import format_day
from plantrack.scheduling.cpm import Schedule, cpm
from plantrack.scheduling.errors import InvalidInput, Problem
from plantrack.scheduling.model import Project, TaskActual
from plantrack.scheduling.tracking.actions import action_states
from plantrack.scheduling.tracking.analysis import Analysis, Reschedule, analyse
from plantrack.scheduling.tracking.gates import gate_states
from plantrack.scheduling.tracking.meeting import meeting_record
from plantrack.scheduling.tracking.plan import PlannedDates
from plantrack.scheduling.tracking.records import Baseline
from plantrack.scheduling.tracking.review import Review, build_review, default_since
from plantrack.scheduling.tracking.worktime import CalendarWorkTime
from plantrack.store.tracking_codec import (
    actions,
    actuals_at,
    find_baseline,
    gate_decisions,
    meeting_records,
    progress,
)
from plantrack.store.workspace import WorkspaceState


@dataclass(frozen=True)
class Forecast:
    """The schedule as of the status date: finished and started work at its actual dates, gate
    decisions applied (`gate_actuals`) and kept leveling delays (carried by the project's tasks)."""

    schedule: Schedule
    status_date: dt.datetime | None
    actuals: Mapping[str, TaskActual]


def forecast(state: WorkspaceState, *, status_date: dt.datetime | None = None) -> Forecast:
    """The CPM from `status_date` (default: the latest one recorded) with the actuals known by then;
    without any progress recorded, the plan from the project start."""
    status, actuals = actuals_at(state, status_date)
    return Forecast(cpm(state.project, status_date=status, actuals=actuals), status, actuals)


def forecast_plan(state: WorkspaceState) -> dict[str, PlannedDates]:
    """The forecast at the latest status date as planned dates (what baselines and gates compare with)."""
    return plan_of(forecast(state).schedule)


def plan_of(schedule: Schedule) -> dict[str, PlannedDates]:
    """Early dates (actual ones where known) and critical flags of a `cpm.Schedule`."""
    return {
        t.id: PlannedDates(start=t.early_start_at, finish=t.early_finish_at, critical=t.critical)
        for t in schedule.tasks
    }


def reschedule(project: Project) -> Reschedule:
    """The forecast: the CPM from a status date, finished tasks at their actual dates."""

    def run(status_date: dt.datetime | None, actuals: Mapping[str, TaskActual]) -> dict[str, PlannedDates]:
        return plan_of(cpm(project, status_date=status_date, actuals=actuals))

    return run


def baseline_or_refuse(state: WorkspaceState, name: str | None) -> Baseline:
    """The named baseline (default: the latest), or a clear error when there is none."""
    found = find_baseline(state, name)
    if found is None:
        what = _("no baseline named {name}").format(name=repr(name)) if name else _("no baseline saved yet")
        message = _("{what}: run `plantrack baseline save NAME` first").format(what=what)
        raise InvalidInput([Problem(code="baseline-missing", message=message)])
    return found


def analysis(
    state: WorkspaceState, baseline_name: str | None, status_date: dt.datetime | None = None
) -> Analysis:
    """Variance and trend of the workspace's progress against a baseline (default: the latest)."""
    baseline = baseline_or_refuse(state, baseline_name)
    project = state.project
    return analyse(
        project,
        baseline,
        progress(state),
        CalendarWorkTime(project),
        reschedule(project),
        status_date,
        gate_decisions(state),
    )


def meeting_time(status: dt.datetime, today: dt.date) -> dt.datetime:
    """The meeting is held today, at the end of the day, or at the status date when that is later."""
    return max(status, dt.datetime.combine(today, dt.time()) + dt.timedelta(days=1, minutes=-1))


def review(
    state: WorkspaceState, *, baseline: str | None, since: dt.datetime | None, today: dt.date
) -> tuple[Review, Analysis]:
    """What the minutes show (from `since`, default the previous status date) and the analysis behind it."""
    result = analysis(state, baseline)
    status = result.report.status_date
    chosen = baseline_or_refuse(state, baseline)
    if since is None:
        since = default_since(result.status_dates, status, min(chosen.saved_at, chosen.project_start))
    if since > status:
        raise InvalidInput(
            [
                Problem(
                    code="since-after-status",
                    message=_("--since {date} is after the status date").format(date=format_day(since)),
                )
            ]
        )
    created, updates = actions(state)
    project = state.project
    held = meeting_time(status, today)
    minutes = build_review(
        project=project.name,
        currency=project.currency,
        minutes_per_day=project.minutes_per_day,
        since=since,
        report=result.report,
        trend=result.trend,
        states=result.states,
        # decisions as of the meeting, as for actions: one dated later belongs to a later review
        gates=gate_states(project, [d for d in gate_decisions(state) if d.date <= held], result.forecast),
        actions=action_states(created, updates, held),
        meeting=held,
        record=meeting_record(meeting_records(state), status),
    )
    return minutes, result
