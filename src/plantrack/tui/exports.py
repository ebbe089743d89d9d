"""The export action: the HTML report and the review minutes, written next to the workspace file.

Produced as `plantrack export html` and `plantrack review` produce them (the same export modules fed
the same engine figures); each file is written to a temp file beside it, then renamed into place.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from plantrack.export.files import write_atomically
from plantrack.operations.analysis import forecast
from plantrack.scheduling.errors import InvalidInput, Problem
from plantrack.scheduling.tracking.actions import action_states
from plantrack.scheduling.tracking.worktime import CalendarWorkTime
from plantrack.store import WorkspaceState
from plantrack.store.tracking_codec import actions, find_baseline, gate_decisions
from plantrack.tui.review import meeting
from plantrack.tui.tracking_view import deviation


def stem(workspace: Path) -> str:
    """`line3.plantrack.json` -> `line3`: the name the CLI's default report file is made from."""
    return workspace.name.split(".")[0] or "plantrack"


def write_report(state: WorkspaceState, workspace: Path, *, today: dt.date) -> Path:
    """The self-contained HTML page (Gantt, network, dashboard) as `WORKSPACE-report.html`."""
    from plantrack.export.html.collect import Tracking, collect_report
    from plantrack.export.html.page import render_page

    project = state.project
    if not project.tasks:
        raise InvalidInput(
            [Problem(code="export-empty", message=f"project {project.name!r} has no task: nothing to export")]
        )
    baseline = find_baseline(state, None)
    schedule = forecast(state).schedule
    created, updates = actions(state)
    tracking = Tracking(
        baseline=baseline,
        analysis=deviation(state, baseline.name) if baseline is not None else None,
        worktime=CalendarWorkTime(project),
        actions=action_states(created, updates),
        decisions=gate_decisions(state),
    )
    page = render_page(collect_report(project, schedule, today=today, tracking=tracking))
    out = workspace.parent / f"{stem(workspace)}-report.html"
    write_atomically(out, page)
    return out


def write_minutes(
    state: WorkspaceState, workspace: Path, *, today: dt.date, baseline: str | None = None
) -> tuple[Path, Path]:
    """The review minutes up to the latest status date, as Markdown and HTML side by side."""
    from plantrack.export.minutes import to_html, to_markdown

    review = meeting(state, today=today, baseline=baseline).review
    base = workspace.parent / f"{stem(workspace)}-minutes-{review.status_date:%Y-%m-%d}"
    md, html = base.with_suffix(".md"), base.with_suffix(".html")
    write_atomically(md, to_markdown(review))
    write_atomically(html, to_html(review))
    return md, html
