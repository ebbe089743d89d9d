"""The export action: the HTML report and the review minutes, written next to the workspace file.

Produced as `plantrack export html` and `plantrack review` produce them (the same export modules fed
the same engine figures); each file is written to a temp file beside it, then renamed into place.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from plantrack.export.files import write_atomically
from plantrack.operations.review import meeting
from plantrack.store import WorkspaceState


def stem(workspace: Path, scenario: str | None = None) -> str:
    """`line3.plantrack.json` -> `line3`: the name the CLI's default report file is made from; with a
    scenario, its name follows (`line3-supplier-late`), so a scenario's page never overwrites the
    current plan's."""
    base = workspace.name.split(".")[0] or "plantrack"
    if scenario is None:
        return base
    # the name is user text: only letters and digits reach the file system, the rest becomes "-"
    words = "".join(c if c.isalnum() else "-" for c in scenario).strip("-")
    return f"{base}-{'-'.join(w for w in words.split('-') if w)[:40] or 'scenario'}"


def write_report(
    state: WorkspaceState, workspace: Path, *, today: dt.date, scenario: str | None = None
) -> Path:
    """The self-contained HTML page (Gantt, network, dashboard) as `WORKSPACE-report.html`."""
    from plantrack.export.html.page import render_page
    from plantrack.export.html.report import build_report

    page = render_page(build_report(state, today=today))
    out = workspace.parent / f"{stem(workspace, scenario)}-report.html"
    write_atomically(out, page)
    return out


def write_minutes(
    state: WorkspaceState,
    workspace: Path,
    *,
    today: dt.date,
    baseline: str | None = None,
    scenario: str | None = None,
) -> tuple[Path, Path]:
    """The review minutes up to the latest status date, as Markdown and HTML side by side."""
    from plantrack.export.minutes import to_html, to_markdown

    review = meeting(state, today=today, baseline=baseline).review
    base = workspace.parent / f"{stem(workspace, scenario)}-minutes-{review.status_date:%Y-%m-%d}"
    md, html = base.with_suffix(".md"), base.with_suffix(".html")
    write_atomically(md, to_markdown(review))
    write_atomically(html, to_html(review))
    return md, html
