"""The interactive Gantt chart: a pure function from a `GanttView` to a plotly figure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import plotly.graph_objects as go

from plantrack.export.html.escape import plot_text, truncate
from plantrack.export.html.gantt_slider import (
    SLIDER_AXIS,
    overview_spans,
    overview_trace,
    rows_domain,
    slider_axes,
)
from plantrack.export.html.gantt_text import STATE_LABELS, duration_ms, hover_text, iso, shown
from plantrack.export.html.gantt_windows import window_labels
from plantrack.export.html.view import BandKind, GanttView, TaskKind, TaskState, TaskView
from plantrack.i18n import N_, _
from plantrack.i18n.formats import format_day

STATE_COLOURS: dict[TaskState, str] = {
    TaskState.DONE: "#2e7d32",
    TaskState.ON_TRACK: "#1f77b4",
    TaskState.LATE: "#e67e22",
    TaskState.CRITICAL: "#c62828",
}
SUMMARY_COLOUR = "#37474f"
BASELINE_COLOUR = "rgba(120,120,120,0.55)"
PROGRESS_COLOUR = "rgba(0,0,0,0.45)"
LINK_COLOUR = "rgba(90,90,90,0.8)"
BAND_COLOURS = {BandKind.NON_WORKING: "rgba(140,140,140,0.14)", BandKind.SHUTDOWN: "rgba(255,179,0,0.28)"}
BAND_LABELS = {
    BandKind.NON_WORKING: N_("Non-working days"),
    BandKind.SHUTDOWN: N_("Production shutdown window"),
}
STATUS_COLOUR = "#6a1b9a"
#: Above this many tasks the dependency arrows start hidden (one legend click shows them).
ARROWS_SHOWN_UP_TO = 300
ROW_PX = 22
LABEL_CHARS = 48
#: Share of the width given to the row-label column (a text trace on its own fixed x-axis, see below).
LABEL_DOMAIN = 0.22
SLIDER_PX = 45
#: Fixed margins (no auto-expansion): plotly redraws the whole figure when the legend or the slider
#: pushes a margin, which doubled the drawing time of a 2,000-row plan.
TOP_PX, BOTTOM_PX, LEGEND_PX = 70, SLIDER_PX + 40, 300
MS_PER_MINUTE = 60_000

# Vertical placement inside a row (y grows downwards: the axis is reversed).
BAR_WIDTH, BAR_OFFSET = 0.5, -0.35
PROGRESS_WIDTH, PROGRESS_OFFSET = 0.2, -0.2
BASELINE_WIDTH, BASELINE_OFFSET = 0.16, 0.2


def _row_label(task: TaskView) -> str:
    indent = "\u2003" * task.depth  # em spaces: plain characters, not markup
    name = plot_text(truncate(task.name or task.id, LABEL_CHARS))
    return f"{indent}<b>{name}</b>" if task.kind is TaskKind.SUMMARY else f"{indent}{name}"


def _bar_trace(
    name: str, tasks: Sequence[TaskView], rows: dict[str, int], colour: str, **extra: Any
) -> go.Bar:
    return go.Bar(
        name=name,
        orientation="h",
        y=[rows[t.id] for t in tasks],
        base=[iso(t.start) for t in tasks],
        x=[duration_ms(t.start, t.finish) for t in tasks],
        marker={"color": colour, "line": {"width": 0}},
        hovertext=[hover_text(t) for t in tasks],
        hovertemplate="%{hovertext}<extra></extra>",
        width=BAR_WIDTH,
        offset=BAR_OFFSET,
        **extra,
    )


def _task_traces(view: GanttView, rows: dict[str, int]) -> list[go.BaseTraceType]:
    traces: list[go.BaseTraceType] = []
    summaries = [t for t in view.tasks if t.kind is TaskKind.SUMMARY]
    if summaries:
        traces.append(
            _bar_trace(_("Phase (summary)"), summaries, rows, SUMMARY_COLOUR, meta="summary", uid="summary")
        )
    bars = [t for t in view.tasks if t.kind is TaskKind.TASK]
    for state in TaskState:
        chosen = [t for t in bars if t.state is state]
        # every state keeps its legend entry, so the legend always explains the four colours
        traces.append(
            _bar_trace(
                _(STATE_LABELS[state]),
                chosen,
                rows,
                STATE_COLOURS[state],
                meta="task",
                uid=f"task-{state.name}",
            )
        )
    ghosts = [t for t in bars + summaries if t.baseline_start is not None and t.baseline_finish is not None]
    if ghosts:
        traces.append(
            go.Bar(
                name=_("Baseline {name}").format(name=plot_text(view.baseline_name or "")).strip(),
                uid="baseline",
                orientation="h",
                y=[rows[t.id] for t in ghosts],
                base=[iso(t.baseline_start) for t in ghosts if t.baseline_start],
                x=[
                    duration_ms(t.baseline_start, t.baseline_finish)
                    for t in ghosts
                    if t.baseline_start and t.baseline_finish
                ],
                marker={"color": BASELINE_COLOUR, "line": {"width": 0}},
                width=BASELINE_WIDTH,
                offset=BASELINE_OFFSET,
                hoverinfo="skip",
            )
        )
    started = [t for t in bars if t.percent_complete > 0]
    if started:
        traces.append(
            go.Bar(
                name=_("Progress ({percent} complete)").format(percent="%"),
                uid="progress",
                orientation="h",
                y=[rows[t.id] for t in started],
                base=[iso(t.start) for t in started],
                x=[duration_ms(t.start, t.finish) * min(t.percent_complete, 100) / 100 for t in started],
                marker={"color": PROGRESS_COLOUR, "line": {"width": 0}},
                width=PROGRESS_WIDTH,
                offset=PROGRESS_OFFSET,
                hoverinfo="skip",
            )
        )
    traces.extend(_milestone_traces(view, rows))
    return traces


def _milestone_traces(view: GanttView, rows: dict[str, int]) -> list[go.BaseTraceType]:
    milestones = [t for t in view.tasks if t.kind is TaskKind.MILESTONE]
    if not milestones:
        return []
    traces: list[go.BaseTraceType] = [
        go.Scatter(
            name=_("Milestone (forecast, coloured by state)"),
            uid="milestones",
            meta="milestone",
            mode="markers",
            x=[iso(t.finish) for t in milestones],
            y=[rows[t.id] for t in milestones],
            marker={
                "symbol": "diamond",
                "size": 13,
                "color": [STATE_COLOURS[t.state] for t in milestones],
                "line": {"width": 1, "color": "#212121"},
            },
            hovertext=[hover_text(t) for t in milestones],
            hovertemplate="%{hovertext}<extra></extra>",
        )
    ]
    planned = [t for t in milestones if t.baseline_finish is not None]
    if planned:
        traces.append(
            go.Scatter(
                name=_("Milestone (baseline)"),
                uid="milestones-baseline",
                mode="markers",
                x=[iso(t.baseline_finish) for t in planned if t.baseline_finish],
                y=[rows[t.id] for t in planned],
                marker={"symbol": "diamond-open", "size": 13, "color": "#616161", "line": {"width": 2}},
                hovertext=[
                    f"{plot_text(t.name)}<br>" + _("Baseline: {date}").format(date=shown(t.baseline_finish))
                    for t in planned
                    if t.baseline_finish
                ],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    return traces


def _label_trace(view: GanttView, rows: dict[str, int]) -> go.Scatter:
    """Row names as a text trace in a fixed column left of the bars, sharing the bars' y-axis.

    Not y-axis tick labels: plotly measures every tick label in the DOM one by one, which grows
    quadratically (1,000 rows took 42 s to draw and 2,000 never finished); a text trace is placed
    without measuring, and it still pans and zooms with the rows.
    """
    return go.Scatter(
        name=_("Tasks"),
        uid="row-labels",
        xaxis="x2",
        mode="text",
        x=[0] * len(view.tasks),
        y=[rows[t.id] for t in view.tasks],
        text=[_row_label(t) for t in view.tasks],
        textposition="middle right",
        textfont={"size": 11, "color": "#263238"},
        hovertext=[hover_text(t) for t in view.tasks],
        hovertemplate="%{hovertext}<extra></extra>",
        showlegend=False,
        cliponaxis=True,
    )


def _link_traces(view: GanttView, rows: dict[str, int]) -> list[go.BaseTraceType]:
    """Elbow connectors from the predecessor's driving end to the successor's driven end."""
    by_id = {t.id: t for t in view.tasks}
    xs: list[str | None] = []
    ys: list[float | None] = []
    heads_x: list[str] = []
    heads_y: list[int] = []
    heads_angle: list[int] = []
    for link in view.links:
        pred, succ = by_id.get(link.predecessor), by_id.get(link.successor)
        if pred is None or succ is None:
            continue
        x_from = pred.finish if link.type in ("FS", "FF") else pred.start
        x_to = succ.start if link.type in ("FS", "SS") else succ.finish
        y_from, y_to = rows[pred.id], rows[succ.id]
        xs += [iso(x_from), iso(x_from), iso(x_to), None]
        ys += [y_from, y_to, y_to, None]
        heads_x.append(iso(x_to))
        heads_y.append(y_to)
        heads_angle.append(90 if x_to >= x_from else 270)
    if not heads_x:
        return []
    visible: bool | str = True if len(view.tasks) <= ARROWS_SHOWN_UP_TO else "legendonly"
    common = {"legendgroup": "links", "visible": visible, "hoverinfo": "skip"}
    return [
        go.Scatter(
            name=_("Dependencies"),
            uid="links",
            mode="lines",
            x=xs,
            y=ys,
            line={"color": LINK_COLOUR, "width": 1},
            **common,
        ),
        go.Scatter(
            name=_("Dependency arrow heads"),
            uid="link-heads",
            mode="markers",
            x=heads_x,
            y=heads_y,
            marker={"symbol": "arrow", "size": 8, "angle": heads_angle, "color": LINK_COLOUR},
            showlegend=False,
            **common,
        ),
    ]


def _band_shapes(view: GanttView) -> list[dict[str, Any]]:
    shapes: list[dict[str, Any]] = []
    seen: set[BandKind] = set()
    for band in view.bands:
        shape: dict[str, Any] = {
            "type": "rect",
            "xref": "x",
            "yref": "paper",
            "x0": iso(band.start),
            "x1": iso(band.finish),
            "y0": 0,
            "y1": 1,
            "fillcolor": BAND_COLOURS[band.kind],
            "line": {"width": 0},
            "layer": "below",
            "name": _(BAND_LABELS[band.kind]),
            "legendgroup": band.kind.value,
            "showlegend": band.kind not in seen,
        }
        seen.add(band.kind)
        shapes.append(shape)
    return shapes


def _time_span(view: GanttView) -> tuple[dt.datetime, dt.datetime]:
    """What the time axis shows of the whole plan: every bar and every shaded band."""
    starts = [t.start for t in view.tasks] + [b.start for b in view.bands]
    finishes = [t.finish for t in view.tasks] + [b.finish for b in view.bands]
    return min(starts), max(finishes)


def gantt_figure(
    view: GanttView, under: Callable[[Mapping[str, int]], Sequence[go.BaseTraceType]] | None = None
) -> go.Figure:
    """Rows in WBS order, bars by state, baseline ghosts, progress, milestones, links and shading;
    `under` gives traces drawn beneath the bars from the rows (task id -> row), e.g. another plan's."""
    rows = {t.id: i for i, t in enumerate(view.tasks)}
    spans = overview_spans(view.tasks)
    fig = go.Figure(
        data=[
            *(under(rows) if under is not None else ()),
            *_task_traces(view, rows),
            *_link_traces(view, rows),
            _label_trace(view, rows),
            overview_trace(spans),
        ]
    )
    shapes = _band_shapes(view)
    annotations = window_labels(view.bands, *_time_span(view)) if view.bands else []
    if view.status_date is not None:
        shapes.append(
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": iso(view.status_date),
                "x1": iso(view.status_date),
                "y0": 0,
                "y1": 1,
                "line": {"color": STATUS_COLOUR, "width": 2, "dash": "dash"},
                "name": _("Status date"),
                "showlegend": True,
            }
        )
        annotations.append(
            {
                "x": iso(view.status_date),
                "xref": "x",
                "y": 1,
                "yref": "paper",
                "yanchor": "bottom",
                "yshift": 18,  # above the date ticks of the top axis
                "text": _("Status date {date}").format(date=format_day(view.status_date)),
                "showarrow": False,
                "font": {"color": STATUS_COLOUR, "size": 11},
            }
        )
    n = len(view.tasks)
    plot_px = max(180, 40 + ROW_PX * n)
    fig.update_layout(
        barmode="overlay",
        height=plot_px + TOP_PX + BOTTOM_PX,
        margin={"l": 10, "r": LEGEND_PX, "t": TOP_PX, "b": BOTTOM_PX, "autoexpand": False},
        plot_bgcolor="white",
        shapes=shapes,
        annotations=annotations,
        hoverlabel={"align": "left"},
        legend={
            "x": 1.01,
            "xanchor": "left",
            "yanchor": "top",
            "y": 1.0,
            "title": {"text": _("Legend (click to show/hide)")},
        },
        xaxis={
            "type": "date",
            "matches": SLIDER_AXIS,
            "domain": [LABEL_DOMAIN, 1],
            "showgrid": True,
            "gridcolor": "#eeeeee",
            "side": "top",
        },
        xaxis2={"domain": [0, LABEL_DOMAIN - 0.005], "range": [0, 1], "fixedrange": True, "visible": False},
        **slider_axes((LABEL_DOMAIN, 1), plot_px, SLIDER_PX, len(spans)),
        yaxis={
            "domain": rows_domain(plot_px),
            "showticklabels": False,
            "range": [n - 0.5, -0.5],  # reversed: the first WBS row on top
            "fixedrange": False,
            "zeroline": False,
            "showgrid": False,
        },
    )
    return fig
