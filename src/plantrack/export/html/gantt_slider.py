"""The Gantt's range slider: a light overview (one bar per phase) on a time axis matched to the bars' axis."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go

from plantrack.export.html.view import TaskKind, TaskView
from plantrack.i18n import _

#: Without phases, the overview groups consecutive rows into at most this many bars.
MAX_OVERVIEW_BARS = 40
OVERVIEW_COLOUR = "#607d8b"
SLIDER_AXIS = "x3"
STRIP_AXIS = "y3"


@dataclass(frozen=True, slots=True)
class Span:
    """One overview bar: from the earliest start to the latest finish of the rows it stands for."""

    start: dt.datetime
    finish: dt.datetime


def overview_spans(tasks: Sequence[TaskView]) -> list[Span]:
    """Top-level phases in WBS order; without any, envelopes of consecutive rows (at most 40 bars).

    A plotly range slider draws a copy of every trace on its axis, which on a 2,000-row plan cost
    more than the bars themselves; this overview keeps the slider useful for a tenth of the drawing.
    """
    phases = [t for t in tasks if t.depth == 0 and t.kind is TaskKind.SUMMARY]
    if phases:
        return [Span(t.start, t.finish) for t in phases]
    if not tasks:
        return []
    size = math.ceil(len(tasks) / MAX_OVERVIEW_BARS)
    chunks = [tasks[i : i + size] for i in range(0, len(tasks), size)]
    return [Span(min(t.start for t in c), max(t.finish for t in c)) for c in chunks]


def overview_trace(spans: Sequence[Span]) -> go.Bar:
    """The slider's only trace, drawn on its own axes (the strip under the rows stays empty)."""
    return go.Bar(
        name=_("Overview"),
        uid="slider-overview",
        orientation="h",
        xaxis=SLIDER_AXIS,
        yaxis=STRIP_AXIS,
        y=list(range(len(spans) - 1, -1, -1)),  # first phase on top: the slider cannot reverse its y axis
        base=[s.start.isoformat(sep=" ", timespec="minutes") for s in spans],
        x=[(s.finish - s.start).total_seconds() * 1000 for s in spans],
        marker={"color": OVERVIEW_COLOUR, "line": {"width": 0}},
        width=0.8,
        hoverinfo="skip",
        showlegend=False,
    )


def slider_axes(domain: tuple[float, float], plot_px: int, slider_px: int, bars: int) -> dict[str, Any]:
    """Layout of the slider's time axis (moves with the bars' axis: `matches`) and its empty strip.

    The strip is a 1 px subplot (the overview drawn in it is a faint line); the slider takes its y range
    from the strip's axis, so it shows the overview bars as a miniature Gantt. The bars' axis `matches` this
    one, not the reverse: plotly gives a match group the range of the axis that matches nothing, and
    the slider only writes its own axis's range (zooming on the bars writes both).
    """
    return {
        "xaxis3": {
            "type": "date",
            "anchor": STRIP_AXIS,
            "domain": list(domain),
            "showgrid": False,
            "rangeslider": {
                "visible": True,
                "thickness": min(0.5, slider_px / plot_px),
                "bordercolor": "#cfd8dc",
                "borderwidth": 1,
            },
        },
        "yaxis3": {
            "domain": [0, 1 / plot_px],
            "range": [-0.5, bars - 0.5],
            "fixedrange": True,
            "visible": False,
        },
    }


def rows_domain(plot_px: int) -> list[float]:
    """The rows' share of the plot: all of it but the slider axis's strip and a pixel of gap."""
    return [2 / plot_px, 1]
