"""The portfolio page's figures: one Gantt row per project (phases, milestones, baseline ghost) and the shared
resources' load by ISO week, stacked by project, against capacity with over-allocations marked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import plotly.graph_objects as go

from plantrack.export.html.escape import plot_text, truncate
from plantrack.export.html.figures_dashboard import LOAD_OVER
from plantrack.export.html.figures_gantt import BASELINE_COLOUR, STATUS_COLOUR
from plantrack.export.labels import plain
from plantrack.i18n import _, language, ngettext
from plantrack.i18n.formats import format_day, format_moment
from plantrack.operations.plant_report import Bar, ProjectLine
from plantrack.scheduling.portfolio_load import SharedLoad, SharedWeek

ON_TIME_COLOUR, LATE_COLOUR, NEW_COLOUR = "#1f77b4", "#e67e22", "#5c6bc0"
GATE_COLOUR, MILESTONE_COLOUR = "#6a1b9a", "#37474f"
#: Load cells: grey up to 100 % of the capacity hours, amber then red beyond (the colour bar stops at ZMAX).
ZMAX = 150
LOAD_SCALE = [
    [0.0, "#f7f9fb"],
    [0.2, "#cfd8dc"],
    [2 / 3, "#546e7a"],
    [2 / 3 + 1e-6, "#fbc02d"],
    [1.0, "#e65100"],
]
HOVER_PROJECTS, HOVER_TASKS = 8, 6
ROW_PX = 46
LABEL_CHARS = 40
BAR_PX, GHOST_PX = 14, 5
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


def _h(value: float) -> str:
    """A count of hours or units: whole when it is, else to one decimal."""
    return plain(value, 0 if value == round(value) else 1)


def _cell_hover(res: SharedLoad, week: SharedWeek, names: Mapping[str, str]) -> str:
    """A week of a shared resource: its hours against capacity, each project's hours, the over-allocation."""
    lines = [
        f"<b>{plot_text(truncate(res.name or res.id, LABEL_CHARS))}</b>",
        _("Week of {day}: {load} h of {capacity} h").format(
            day=format_day(week.start), load=_h(week.load_hours), capacity=_h(week.capacity_hours)
        ),
    ]
    shares = sorted(week.projects, key=lambda p: -p.load_hours)
    for share in shares[:HOVER_PROJECTS]:
        name = plot_text(truncate(names.get(share.project, share.project), LABEL_CHARS))
        lines.append(_("{project}: {hours} h").format(project=name, hours=_h(share.load_hours)))
    if len(shares) > HOVER_PROJECTS:
        rest = len(shares) - HOVER_PROJECTS
        lines.append(
            ngettext("… and {count} more project", "… and {count} more projects", rest).format(count=rest)
        )
    if week.over:
        lines.append(
            "<b>"
            + _("Over-allocated: {booked} units booked of {available}").format(
                booked=_h(week.over_units), available=_h(week.available_units)
            )
            + "</b>"
        )
        for share in week.projects:
            if share.tasks:
                name = plot_text(truncate(names.get(share.project, share.project), LABEL_CHARS))
                tasks = ", ".join(plot_text(t) for t in share.tasks[:HOVER_TASKS])
                more = "…" if len(share.tasks) > HOVER_TASKS else ""
                lines.append(f"{name}: {tasks}{more}")
    return "<br>".join(lines)


def shared_load_figure(loads: Sequence[SharedLoad], names: Mapping[str, str]) -> go.Figure:
    """Shared resources by ISO week: each cell coloured by the share of the resource's capacity hours the
    projects book together (grey up to 100 %, amber beyond: more hours than its calendar gives), a red
    mark on each week where they book more units at once than it has. The hover of a cell gives each
    project's hours and, when over-allocated, each project's tasks. `names` maps a member key to its
    project name. One heatmap and one marker trace, whatever the number of projects and resources."""
    shown = [r for r in loads if r.weeks]
    weeks = shown[0].weeks if shown else ()
    # the cell of a week is centred on its Thursday noon, so its edges fall on the Mondays
    x = [(dt.datetime.combine(w.start, dt.time()) + dt.timedelta(days=3.5)).isoformat() for w in weeks]
    z: list[list[float | None]] = []
    text: list[list[str]] = []
    for res in shown:
        z.append([_percent(w) for w in res.weeks])
        text.append([_cell_hover(res, w, names) for w in res.weeks])
    labels = [plot_text(truncate(r.name or r.id, LABEL_CHARS)) for r in shown]
    fig = go.Figure(
        go.Heatmap(
            x=x,
            y=list(range(len(shown))),
            z=z,
            text=text,
            hoverinfo="text",
            zmin=0,
            zmax=ZMAX,
            colorscale=LOAD_SCALE,
            xgap=1,
            ygap=1,
            colorbar={"title": {"text": _("Load (% of capacity)")}, "thickness": 12},
            meta="load",
        )
    )
    over = [(row, i) for row, res in enumerate(shown) for i, w in enumerate(res.weeks) if w.over]
    fig.add_trace(
        go.Scatter(
            name=_("Over-allocated"),
            x=[x[i] for _row, i in over],
            y=[row for row, _i in over],
            text=[text[row][i] for row, i in over],
            mode="markers",
            marker={"symbol": "square-open", "size": 11, "color": LOAD_OVER, "line": {"width": 2.5}},
            hoverinfo="text",
            showlegend=True,
            meta="over",
        )
    )
    fig.update_layout(
        height=max(200, 26 * len(shown) + 120),
        margin={"l": 10, "r": 20, "t": 30, "b": 40},
        plot_bgcolor="white",
        legend={"orientation": "h", "y": 1.0, "yanchor": "bottom"},
        xaxis={"type": "date", "tickformat": _tick(), "gridcolor": "#eee"},
        yaxis={
            "autorange": "reversed",
            "tickvals": list(range(len(shown))),
            "ticktext": labels,
            "automargin": True,
            "showgrid": False,
            "zeroline": False,
        },
    )
    return fig


def _percent(week: SharedWeek) -> float | None:
    """Booked hours as a share of the capacity hours; a week with no capacity and no work is blank."""
    if week.capacity_hours > 0:
        return round(100 * week.load_hours / week.capacity_hours, 1)
    return None if not week.load_hours else ZMAX  # work where the calendar gives none: beyond
