"""One scenario's Gantt with the current plan drawn beneath it: the scenario's bars over light ghost bars.

The scenario is drawn by the report's own `gantt_figure` (rows in its WBS order, bars by state, links,
shutdown windows shaded and named, the status date); the current plan's bars are added beneath as
outlined, lightly filled boxes, a little taller than the bars, one per task the two plans share. Where a
task did not move the ghost frames its bar; where it moved the ghost stays where the task was. Dates
come from the schedules the comparison computed, never from a new scheduling.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import plotly.graph_objects as go

from plantrack.export.html.collect import bands, link_views, task_views
from plantrack.export.html.escape import plot_text
from plantrack.export.html.figures_gantt import BAR_OFFSET, BAR_WIDTH, gantt_figure
from plantrack.export.html.gantt_text import duration_ms, iso, shown
from plantrack.export.html.view import GanttView, TaskKind, TaskView
from plantrack.i18n import _
from plantrack.operations.scenarios.figures import PlanFigures

GHOST_FILL = "rgba(96,125,139,0.16)"
GHOST_LINE = "rgba(55,71,79,0.85)"
#: Taller than a bar and starting above it, so an unmoved task's ghost frames its bar.
GHOST_WIDTH, GHOST_OFFSET = BAR_WIDTH + 0.2, BAR_OFFSET - 0.1
GHOST_UID, GHOST_MILESTONES_UID = "current-plan", "current-plan-milestones"


def ghost_hover(task: TaskView) -> str:
    """The current plan's dates of one task, user text escaped."""
    head = f"<b>{plot_text(task.id)} · {plot_text(task.name)}</b>"
    if task.kind is TaskKind.MILESTONE:
        dates = _("Current plan: {date}").format(date=shown(task.finish))
    else:
        dates = _("Current plan: {start} → {finish}").format(
            start=shown(task.start), finish=shown(task.finish)
        )
    return f"{head}<br>{dates}"


def ghost_traces(current: Sequence[TaskView], rows: Mapping[str, int]) -> list[go.BaseTraceType]:
    """The current plan's bars and milestones on the scenario's rows (tasks the scenario removed have
    no row and are left out)."""
    shared = [t for t in current if t.id in rows]
    bars = [t for t in shared if t.kind is not TaskKind.MILESTONE]
    milestones = [t for t in shared if t.kind is TaskKind.MILESTONE]
    traces: list[go.BaseTraceType] = [
        go.Bar(
            name=_("Current plan (ghost bars)"),
            uid=GHOST_UID,
            orientation="h",
            y=[rows[t.id] for t in bars],
            base=[iso(t.start) for t in bars],
            x=[duration_ms(t.start, t.finish) for t in bars],
            marker={"color": GHOST_FILL, "line": {"width": 1.5, "color": GHOST_LINE}},
            hovertext=[ghost_hover(t) for t in bars],
            hovertemplate="%{hovertext}<extra></extra>",
            width=GHOST_WIDTH,
            offset=GHOST_OFFSET,
        )
    ]
    if milestones:
        traces.append(
            go.Scatter(
                name=_("Current plan (milestones)"),
                uid=GHOST_MILESTONES_UID,
                mode="markers",
                x=[iso(t.finish) for t in milestones],
                y=[rows[t.id] for t in milestones],
                marker={"symbol": "diamond-open", "size": 17, "color": GHOST_LINE, "line": {"width": 1.5}},
                hovertext=[ghost_hover(t) for t in milestones],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    return traces


def scenario_gantt(current: PlanFigures, scenario: PlanFigures, status_date: dt.datetime | None) -> go.Figure:
    """The scenario's Gantt over the current plan's ghost bars; both plans must have tasks."""
    before = task_views(current.project, current.schedule)
    after = task_views(scenario.project, scenario.schedule)
    first = min(t.start for t in (*before, *after)).date() - dt.timedelta(days=1)
    last = max(t.finish for t in (*before, *after)).date() + dt.timedelta(days=1)
    view = GanttView(
        tasks=after,
        links=link_views(scenario.project),
        bands=bands(scenario.project, first, last),
        status_date=status_date,
    )
    return gantt_figure(view, under=lambda rows: ghost_traces(before, rows))
