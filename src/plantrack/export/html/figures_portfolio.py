"""The portfolio page's figures: one Gantt row per project (phases, milestones, baseline ghost) and the shared
resources' load by ISO week, stacked by project, against capacity with over-allocations marked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from plantrack.export.html.escape import plot_text, truncate
from plantrack.export.html.figures_dashboard import CAPACITY_COLOUR, COMPACT, LOAD_OVER, template
from plantrack.export.html.figures_gantt import BASELINE_COLOUR, STATUS_COLOUR
from plantrack.export.labels import plain
from plantrack.i18n import _, language
from plantrack.i18n.formats import format_day, format_moment
from plantrack.operations.plant_report import Bar, ProjectLine
from plantrack.scheduling.portfolio_load import SharedLoad

ON_TIME_COLOUR, LATE_COLOUR, NEW_COLOUR = "#1f77b4", "#e67e22", "#5c6bc0"
GATE_COLOUR, MILESTONE_COLOUR = "#6a1b9a", "#37474f"
#: One colour per project in the load charts (cycled beyond ten projects; the legend names each).
PROJECT_COLOURS = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#bcbd22",
    "#7f7f7f",
    "#393b79",
)
ROW_PX = 46
LABEL_CHARS = 40
BAR_PX, GHOST_PX = 14, 5
WEEK_MS = 7 * 24 * 3600 * 1000
GHOST_OFFSET = 0.28  # the baseline ghost runs just under its bar (rows grow downwards)


def _when(when: dt.datetime) -> str:
    return when.isoformat(sep=" ", timespec="minutes") if language() == "en" else format_moment(when)


def _iso(when: dt.datetime) -> str:
    return when.isoformat(sep=" ", timespec="minutes")


def project_label(line: ProjectLine) -> str:
    return plot_text(truncate(line.name, LABEL_CHARS))


def _bar_hover(line: ProjectLine, bar: Bar) -> str:
    title = plot_text(line.name) if not bar.id else f"{plot_text(line.name)} · {plot_text(bar.name)}"
    lines = [f"<b>{title}</b>"]
    if bar.start == bar.finish:
        lines.append(_("Milestone: {date}").format(date=_when(bar.finish)))
    else:
        lines.append(
            _("Start: {start} · Finish: {finish}").format(start=_when(bar.start), finish=_when(bar.finish))
        )
    if bar.baseline_start is not None and bar.baseline_finish is not None:
        lines.append(
            _("Baseline: {start} → {finish}").format(
                start=_when(bar.baseline_start), finish=_when(bar.baseline_finish)
            )
        )
    return "<br>".join(lines)


def _late(bar: Bar) -> bool | None:
    return None if bar.baseline_finish is None else bar.finish > bar.baseline_finish


def _segments(rows: Sequence[tuple[float, dt.datetime, dt.datetime, str]]) -> dict[str, list[Any]]:
    """x, y and hover text of line segments, one per row, separated by gaps (one trace for them all)."""
    x: list[Any] = []
    y: list[Any] = []
    text: list[Any] = []
    for row, start, finish, hover in rows:
        x += [_iso(start), _iso(finish), None]
        y += [row, row, None]
        text += [hover, hover, None]
    return {"x": x, "y": y, "text": text}


def portfolio_gantt(projects: Sequence[ProjectLine]) -> go.Figure:
    """One row per project: its phases (late ones amber), its milestones (gates purple), the baseline ghost
    under each, and a mark at each project's status date."""
    fig = go.Figure()
    phases = [(row, line, bar) for row, line in enumerate(projects) for bar in line.phases]
    ghosts = [
        (row + GHOST_OFFSET, bar.baseline_start, bar.baseline_finish, _bar_hover(line, bar))
        for row, line, bar in phases
        if bar.baseline_start is not None and bar.baseline_finish is not None
    ]
    fig.add_trace(
        go.Scatter(
            name=_("Baseline"),
            **_segments(ghosts),
            mode="lines",
            line={"color": BASELINE_COLOUR, "width": GHOST_PX},
            hoverinfo="text",
            meta="baseline",
        )
    )
    groups = (
        (_("On time"), ON_TIME_COLOUR, False),
        (_("Late (finish after baseline)"), LATE_COLOUR, True),
        (_("No baseline"), NEW_COLOUR, None),
    )
    for name, colour, late in groups:
        chosen = [
            (float(row), bar.start, max(bar.finish, bar.start), _bar_hover(line, bar))
            for row, line, bar in phases
            if _late(bar) is late
        ]
        if chosen:
            fig.add_trace(
                go.Scatter(
                    name=name,
                    **_segments(chosen),
                    mode="lines",
                    line={"color": colour, "width": BAR_PX},
                    hoverinfo="text",
                    meta="phases",
                )
            )
    marks = [(row, line, m) for row, line in enumerate(projects) for m in line.milestones]
    for name, colour, gate in ((_("Gate"), GATE_COLOUR, True), (_("Milestone"), MILESTONE_COLOUR, False)):
        chosen_marks = [(row, line, m) for row, line, m in marks if m.gate is gate]
        if not chosen_marks:
            continue
        fig.add_trace(
            go.Scatter(
                name=name,
                x=[_iso(m.finish) for _row, _line, m in chosen_marks],
                y=[row for row, _line, _m in chosen_marks],
                text=[_bar_hover(line, m) for _row, line, m in chosen_marks],
                mode="markers",
                marker={
                    "symbol": "diamond",
                    "size": 13,
                    "color": colour,
                    "line": {"color": "white", "width": 1},
                },
                hoverinfo="text",
                meta="milestones",
            )
        )
    status = [(row, line) for row, line in enumerate(projects) if line.status_date is not None]
    if status:
        fig.add_trace(
            go.Scatter(
                name=_("Status date"),
                x=[_iso(line.status_date) for _row, line in status if line.status_date is not None],
                y=[row for row, _line in status],
                text=[
                    _("Status date: {date}").format(date=format_day(line.status_date))
                    for _row, line in status
                    if line.status_date is not None
                ],
                mode="markers",
                marker={"symbol": "line-ns", "size": 26, "line": {"color": STATUS_COLOUR, "width": 2}},
                hoverinfo="text",
                meta="status",
            )
        )
    rows = len(projects)
    fig.update_layout(
        height=max(220, ROW_PX * rows + 130),
        margin={"l": 10, "r": 20, "t": 40, "b": 40},
        plot_bgcolor="white",
        hovermode="closest",
        legend={"orientation": "h", "y": 1.0, "yanchor": "bottom"},
        xaxis={"type": "date", "gridcolor": "#eee", "tickformat": _tick()},
        yaxis={
            "autorange": False,
            "range": [rows - 0.4, -0.6],
            "tickvals": list(range(rows)),
            "ticktext": [project_label(line) for line in projects],
            "automargin": True,
            "showgrid": False,
            "zeroline": False,
        },
    )
    return fig


def _tick() -> str:
    return "%d/%m/%Y" if language() == "fr" else "%Y-%m-%d"


def _over_hover(week_start: dt.date, shares: Sequence[tuple[str, tuple[str, ...]]]) -> str:
    lines = [_("Over-allocated, week of {day}").format(day=format_day(week_start))]
    for name, tasks in shares:
        lines.append(f"{plot_text(truncate(name, LABEL_CHARS))}: {', '.join(plot_text(t) for t in tasks)}")
    return "<br>".join(lines)


def shared_load_figure(loads: Sequence[SharedLoad], names: Mapping[str, str]) -> go.Figure:
    """One chart per shared resource: each project's hours per ISO week stacked, the capacity hours as a
    dashed step, and a red triangle over each week where the projects together book more units than the
    resource has (its hover names each project's tasks). `names` maps a member key to its project name."""
    shown = [r for r in loads if r.weeks and any(w.load_hours for w in r.weeks)]
    keys = list(dict.fromkeys(p.project for r in shown for w in r.weeks for p in w.projects))
    colours = {key: PROJECT_COLOURS[i % len(PROJECT_COLOURS)] for i, key in enumerate(keys)}
    titles = [
        plot_text(truncate(r.name or r.id, 40))
        + " "
        + _("(capacity {capacity}; hours per week)").format(
            capacity=plain(r.capacity, 0 if r.capacity == int(r.capacity) else 1)
        )
        for r in shown
    ]
    fig = make_subplots(
        rows=max(1, len(shown)),
        cols=1,
        shared_xaxes=True,
        subplot_titles=titles or None,
        vertical_spacing=min(0.08, 0.5 / max(1, len(shown))),
    )
    week = template(_("week of {day}"), day="%{x|" + _tick() + "}")
    for i, res in enumerate(shown, start=1):
        x = [w.start.isoformat() for w in res.weeks]
        for key in keys:
            hours = {w.start: p.load_hours for w in res.weeks for p in w.projects if p.project == key}
            if not hours:
                continue
            fig.add_trace(
                go.Bar(
                    name=plot_text(truncate(names.get(key, key), LABEL_CHARS)),
                    x=x,
                    y=[hours.get(w.start, 0.0) for w in res.weeks],
                    marker={"color": colours[key]},
                    # each bar spans its ISO week, Monday to Sunday
                    xperiod=WEEK_MS,
                    xperiod0=x[0],
                    xperiodalignment="middle",
                    legendgroup=key,
                    showlegend=i == 1 or key not in _first_seen(shown[: i - 1]),
                    hovertemplate=template(_("{when}: {hours} h"), when=week, hours="%{y:.1f}"),
                    meta="load",
                ),
                row=i,
                col=1,
            )
        fig.add_trace(
            go.Scatter(
                name=_("Capacity"),
                # a step per week, held to the end of the last week
                x=[*x, (res.weeks[-1].start + dt.timedelta(days=7)).isoformat()],
                y=[*(w.capacity_hours for w in res.weeks), res.weeks[-1].capacity_hours],
                mode="lines",
                line={"color": CAPACITY_COLOUR, "dash": "dash", "width": 1.5, "shape": "hv"},
                legendgroup="capacity",
                showlegend=i == 1,
                hovertemplate=template(_("{when}: capacity {hours} h"), when=week, hours="%{y:.1f}")
                + "<extra></extra>",
                meta="capacity",
            ),
            row=i,
            col=1,
        )
        over = [w for w in res.weeks if w.over]
        if over:
            fig.add_trace(
                go.Scatter(
                    name=_("Over-allocated"),
                    x=[(w.start + dt.timedelta(days=3.5)).isoformat() for w in over],
                    y=[max(w.load_hours, w.capacity_hours) for w in over],
                    text=[
                        _over_hover(
                            w.start,
                            [(names.get(p.project, p.project), p.tasks) for p in w.projects if p.tasks],
                        )
                        for w in over
                    ],
                    mode="markers",
                    marker={"symbol": "triangle-down", "size": 12, "color": LOAD_OVER},
                    legendgroup="over",
                    showlegend=not any(any(w.over for w in r.weeks) for r in shown[: i - 1]),
                    hoverinfo="text",
                    meta="over",
                ),
                row=i,
                col=1,
            )
    layout = dict(COMPACT)
    layout["height"] = max(COMPACT["height"], 170 * len(shown) + 80)
    fig.update_layout(**layout, barmode="stack", bargap=0.15)
    fig.update_yaxes(title_text=_("Hours"), gridcolor="#eee")
    return fig


def _first_seen(loads: Sequence[SharedLoad]) -> set[str]:
    """Projects already in the legend from the charts above (each project listed once)."""
    return {p.project for r in loads for w in r.weeks for p in w.projects}
