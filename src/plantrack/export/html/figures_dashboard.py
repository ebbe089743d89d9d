"""Dashboard figures: S-curve, SPI/CPI trend, resource load against capacity, Pareto of delay causes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from plantrack.export.html.escape import plot_text, truncate
from plantrack.export.html.view import CauseSlip, CurvePoint, LoadPeriod, ResourceLoad, TrendPoint
from plantrack.export.labels import code_label
from plantrack.i18n import _, language

PV_COLOUR, EV_COLOUR, AC_COLOUR = "#1f77b4", "#2e7d32", "#c62828"
LOAD_OK, LOAD_BEYOND, LOAD_OVER, CAPACITY_COLOUR = "#78909c", "#fb8c00", "#e53935", "#212121"
DAILY_UP_TO = 183  # days shown one bar each (about six months)
COMPACT: dict[str, Any] = {
    "height": 340,
    "margin": {"l": 50, "r": 20, "t": 30, "b": 40},
    "plot_bgcolor": "white",
    "legend": {"orientation": "h", "y": 1.02, "yanchor": "bottom"},
}
#: d3 date format of a day in hovers and ticks (the month and day names come from plotly's locale)
DAY_FORMATS = {"en": "%Y-%m-%d", "fr": "%d/%m/%Y"}


def _day() -> str:
    return DAY_FORMATS.get(language(), DAY_FORMATS["en"])


def template(message: str, **parts: str) -> str:
    """A translated hover template: `{name}` placeholders replaced by plotly's `%{…}` fields.

    `str.format` cannot be used: plotly's own `%{y:.1f}` fields are braces too.
    """
    for key, value in parts.items():
        message = message.replace("{" + key + "}", value)
    return message


def s_curve_figure(
    curve: Sequence[CurvePoint], currency: str, status_date: dt.datetime | None = None
) -> go.Figure:
    """Cumulative planned value over the whole plan; earned value and actual cost up to the status date."""
    money = plot_text(currency)
    series = ((_("Planned value (PV)"), "pv", PV_COLOUR), (_("Earned value (EV)"), "ev", EV_COLOUR))
    fig = go.Figure()
    for name, attr, colour in (*series, (_("Actual cost (AC)"), "ac", AC_COLOUR)):
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
                hovertemplate="%{x|" + _day() + "}: %{y:,.0f}<extra>" + name + "</extra>",
            )
        )
    if status_date is not None:
        fig.add_vline(x=status_date.isoformat(), line={"color": "#6a1b9a", "dash": "dash", "width": 1})
    fig.update_layout(
        **COMPACT,
        yaxis={"title": {"text": _("Cumulative ({currency})").format(currency=money)}, "gridcolor": "#eee"},
    )
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
                hovertemplate="%{x|" + _day() + "}: " + name + " %{y:.2f}<extra></extra>",
            )
        )
    fig.add_hline(y=1.0, line={"color": "#9e9e9e", "dash": "dot", "width": 1})
    fig.update_layout(
        **COMPACT,
        yaxis={"title": {"text": _("Index (1.0 = on plan)")}, "gridcolor": "#eee"},
        xaxis={"type": "date", "tickformat": _day()},
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
        + " "
        + (
            _("(capacity {capacity}; hours per week)")
            if len(r.days) > DAILY_UP_TO
            else _("(capacity {capacity}; hours per day)")
        ).format(capacity=f"{r.capacity:g}" if language() == "en" else f"{r.capacity:g}".replace(".", ","))
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
        day = "%{x|" + _day() + "}"
        when = template(_("week of {day}"), day=day) if weekly else day
        fig.add_trace(
            go.Bar(
                name=plot_text(res.resource),
                x=x,
                y=[p.hours for p in periods],
                customdata=[p.capacity_hours for p in periods],
                marker={"color": [_load_colour(p) for p in periods]},
                # the trace name shows beside it
                hovertemplate=template(
                    _("{when}: {hours} h of work, capacity {capacity} h"),
                    when=when,
                    hours="%{y:.1f}",
                    capacity="%{customdata:.1f}",
                ),
                showlegend=False,
                meta="load",
            ),
            row=i,
            col=1,
        )
        fig.add_trace(
            go.Scatter(
                name=_("Capacity"),
                x=x,
                y=[p.capacity_hours for p in periods],
                mode="lines",
                # steps half-way between bars, so each bar has its own period's capacity above it
                line={"color": CAPACITY_COLOUR, "dash": "dash", "width": 1.5, "shape": "hvh"},
                showlegend=i == 1,
                hovertemplate=template(_("{when}: capacity {hours} h"), when=when, hours="%{y:.1f}")
                + "<extra></extra>",
                meta="capacity",
            ),
            row=i,
            col=1,
        )
    layout = dict(COMPACT)
    layout["height"] = max(COMPACT["height"], 150 * len(loads) + 60)
    fig.update_layout(**layout, bargap=0.1)
    fig.update_yaxes(title_text=_("Hours"), gridcolor="#eee")
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
    labels = [plot_text(truncate(code_label(c.cause), 30)) for c in ordered]
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    fig.add_trace(
        go.Bar(
            name=_("Introduced slip (task days)"),
            x=labels,
            y=[c.slip_days for c in ordered],
            marker={"color": "#ef6c00"},
            hovertemplate=template(
                _("{cause}: {days} days of the late tasks' calendars"), cause="%{x}", days="%{y:.1f}"
            )
            + "<extra></extra>",
        ),
        secondary_y=False,
    )
    fig.add_trace(
        go.Scatter(
            name=_("Cumulative %"),
            x=labels,
            y=cumulative,
            mode="lines+markers",
            line={"color": "#37474f"},
            hovertemplate=template(_("{cause}: {percent} % cumulative"), cause="%{x}", percent="%{y:.0f}")
            + "<extra></extra>",
        ),
        secondary_y=True,
    )
    fig.update_layout(**COMPACT)
    fig.update_yaxes(title_text=_("Introduced slip (task days)"), secondary_y=False, gridcolor="#eee")
    fig.update_yaxes(title_text=_("Cumulative %"), range=[0, 105], secondary_y=True, showgrid=False)
    return fig
