"""The HTML report's content from a workspace, assembled once for `plantrack export html` and the TUI."""

from __future__ import annotations

import datetime as dt

from plantrack.export.html.collect import Tracking, collect_report
from plantrack.export.html.view import ReportView
from plantrack.i18n import _
from plantrack.operations.analysis import analysis, forecast
from plantrack.scheduling.errors import InvalidInput, Problem
from plantrack.scheduling.tracking.actions import action_states
from plantrack.scheduling.tracking.worktime import CalendarWorkTime
from plantrack.store import WorkspaceState
from plantrack.store.tracking_codec import actions, find_baseline, gate_decisions


def build_report(
    state: WorkspaceState, *, today: dt.date, baseline: str | None = None, title: str | None = None
) -> ReportView:
    """The page's content: the forecast at the status date, tracking against `baseline` (else the latest
    baseline), the action register. Refuses a project without tasks or an unknown baseline."""
    project = state.project
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
    chosen = find_baseline(state, baseline)
    if baseline and chosen is None:
        raise InvalidInput(
            [
                Problem(
                    code="baseline-missing",
                    message=_("no baseline named {name}").format(name=repr(baseline)),
                    ids=(baseline,),
                )
            ]
        )
    created, updates = actions(state)
    tracking = Tracking(
        baseline=chosen,
        analysis=analysis(state, chosen.name) if chosen is not None else None,
        worktime=CalendarWorkTime(project),
        actions=action_states(created, updates),
        decisions=gate_decisions(state),
    )
    return collect_report(project, forecast(state).schedule, today=today, title=title, tracking=tracking)
