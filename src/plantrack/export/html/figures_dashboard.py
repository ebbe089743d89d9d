"""Dashboard figures: S-curve, SPI/CPI trend, resource load against capacity, Pareto of delay causes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from plantrack.export.html.escape import plot_text, truncate
from plantrack.export.html.view import CauseSlip, CurvePoint, LoadPeriod, ResourceLoad, TrendPoint

PV_COLOUR, EV_COLOUR, AC_COLOUR = "#1f77b4", "#2e7d32", "#c62828"
LOAD_OK, LOAD_BEYOND, LOAD_OVER, CAPACITY_COLOUR = "#78909c", "#fb8c00", "#e53935", "#212121"
DAILY_UP_TO = 183  # days shown one bar each (about six months)
COMPACT: dict[str, Any] = {
    "height": 340,
    "margin": {"l": 50, "r": 20, "t": 30, "b": 40},
    "plot_bgcolor": "white",
    "legend": {"orientation": "h", "y": 1.02, "yanchor": "bottom"},
}


def s_curve_figure(
    curve: Sequence[CurvePoint], currency: str, status_date: dt.datetime | None = None
) -> go.Figure:
    """Cumulative planned value over the whole plan; earned value and actual cost up to the status date."""
    money = plot_text(currency)
    series = (("Planned value (PV)", "pv", PV_COLOUR), ("Earned value (EV)", "ev", EV_COLOUR))
    fig = go.Figure()
    for name, attr, colour in (*series, ("Actual cost (AC)", "ac", AC_COLOUR)):
        known = [p for p in curve if getattr(p, attr) is not None]
        if not known:
            continue
        fig.add_trace(
            go.Scatter(
                name=name,
                x=[p.date.isoformat() for p in known],
                y=[getattr(p, attr) for p in known],
                mode="lines+markers" if attr != "pv" else "lines",
                line={"color": colour, "width": 2},
                # user text (the currency) stays out of templates, where `%{…}` would be interpolated
                hovertemplate="%{x|%Y-%m-%d}: %{y:,.0f}<extra>" + name + "</extra>",
            )
        )
    if status_date is not None:
        fig.add_vline(x=status_date.isoformat(), line={"color": "#6a1b9a", "dash": "dash", "width": 1})
    fig.update_layout(**COMPACT, yaxis={"title": {"text": f"Cumulative ({money})"}, "gridcolor": "#eee"})
    return fig


def trend_figure(trend: Sequence[TrendPoint]) -> go.Figure:
    """SPI and CPI at each status date, with the 1.0 line (on plan / on budget)."""
    fig = go.Figure()
    for name, attr, colour in (("SPI", "spi", PV_COLOUR), ("CPI", "cpi", AC_COLOUR)):
        known = [p for p in trend if getattr(p, attr) is not None]
        fig.add_trace(
            go.Scatter(
                name=name,
                x=[p.status_date.isoformat() for p in known],
                y=[getattr(p, attr) for p in known],
                mode="lines+markers",
                line={"color": colour, "width": 2},
                hovertemplate=f"%{{x|%Y-%m-%d}}: {name} %{{y:.2f}}<extra></extra>",
            )
        )
    fig.add_hline(y=1.0, line={"color": "#9e9e9e", "dash": "dot", "width": 1})
    fig.update_layout(
        **COMPACT,
        yaxis={"title": {"text": "Index (1.0 = on plan)"}, "gridcolor": "#eee"},
        xaxis={"type": "date", "tickformat": "%Y-%m-%d"},
    )
    return fig


def resource_load_figure(loads: Sequence[ResourceLoad]) -> go.Figure:
    """One small chart per resource: hours of work per day against its capacity hours.

    Red: more units booked at some instant than the resource has (what leveling removes); amber: more
    hours than the resource's calendar gives (a crew's weekend, overtime). Beyond `DAILY_UP_TO` days a
    bar per day is thinner than a pixel (and thousands of bars slow the first render), so each bar is
    then an ISO week.
    """
    titles = [
        plot_text(truncate(r.resource, 40))
        + f" (capacity {r.capacity:g}; hours per {'week' if len(r.days) > DAILY_UP_TO else 'day'})"
        for r in loads
    ]
    fig = make_subplots(
        rows=len(loads),
        cols=1,
        shared_xaxes=True,
        subplot_titles=titles,
        vertical_spacing=min(0.08, 0.5 / len(loads)),
    )
    for i, res in enumerate(loads, start=1):
        weekly = len(res.days) > DAILY_UP_TO
        periods = res.weeks if weekly else res.days
        x = [p.start.isoformat() for p in periods]
        when = "week of %{x|%Y-%m-%d}" if weekly else "%{x|%Y-%m-%d}"
        fig.add_trace(
            go.Bar(
                name=plot_text(res.resource),
                x=x,
                y=[p.hours for p in periods],
                customdata=[p.capacity_hours for p in periods],
                marker={"color": [_load_colour(p) for p in periods]},
                # the trace name shows beside it
                hovertemplate=when + ": %{y:.1f} h of work, capacity %{customdata:.1f} h",
                showlegend=False,
                meta="load",
            ),
            row=i,
            col=1,
        )
        fig.add_trace(
            go.Scatter(
                name="Capacity",
                x=x,
                y=[p.capacity_hours for p in periods],
                mode="lines",
                # steps half-way between bars, so each bar has its own period's capacity above it
                line={"color": CAPACITY_COLOUR, "dash": "dash", "width": 1.5, "shape": "hvh"},
                showlegend=i == 1,
                hovertemplate=when + ": capacity %{y:.1f} h<extra></extra>",
                meta="capacity",
            ),
            row=i,
            col=1,
        )
    layout = dict(COMPACT)
    layout["height"] = max(COMPACT["height"], 150 * len(loads) + 60)
    fig.update_layout(**layout, bargap=0.1)
    fig.update_yaxes(title_text="Hours", gridcolor="#eee")
    return fig


def _load_colour(period: LoadPeriod) -> str:
    if period.over:
        return LOAD_OVER
    return LOAD_BEYOND if period.hours > period.capacity_hours + 1e-9 else LOAD_OK


def pareto_figure(causes: Sequence[CauseSlip]) -> go.Figure:
    """Introduced slip by cause in days of each task's calendar, largest first, with the running share."""
    ordered = sorted((c for c in causes if c.slip_days > 0), key=lambda c: (-c.slip_days, c.cause))
    total = sum(c.slip_days for c in ordered)
    cumulative: list[float] = []
    running = 0.0
    for c in ordered:
        running += c.slip_days
        cumulative.append(100 * running / total if total else 0.0)
    labels = [plot_text(truncate(c.cause, 30)) for c in ordered]
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    fig.add_trace(
        go.Bar(
            name="Introduced slip (task days)",
            x=labels,
            y=[c.slip_days for c in ordered],
            marker={"color": "#ef6c00"},
            hovertemplate="%{x}: %{y:.1f} days of the late tasks' calendars<extra></extra>",
        ),
        secondary_y=False,
    )
    fig.add_trace(
        go.Scatter(
            name="Cumulative %",
            x=labels,
            y=cumulative,
            mode="lines+markers",
            line={"color": "#37474f"},
            hovertemplate="%{x}: %{y:.0f} % cumulative<extra></extra>",
        ),
        secondary_y=True,
    )
    fig.update_layout(**COMPACT)
    fig.update_yaxes(title_text="Introduced slip (task days)", secondary_y=False, gridcolor="#eee")
    fig.update_yaxes(title_text="Cumulative %", range=[0, 105], secondary_y=True, showgrid=False)
    return fig
