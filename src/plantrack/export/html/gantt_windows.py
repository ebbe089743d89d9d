"""Names of the production shutdown windows above the Gantt's bars, stacked so that none overlaps.

A window's name is an annotation at the top of the plot, centred on its window, shortened to
`LABEL_CHARS` with the full name and the period in its hover. Names that would overlap when the whole
plan is shown on a narrow screen (`NARROW_PLOT_PX`; zooming in only spreads them) go on the next row
down, so two shutdowns a fortnight apart on a half-year plan read one above the other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from plantrack.export.html.escape import plot_text, truncate
from plantrack.export.html.gantt_text import iso, shown
from plantrack.export.html.view import Band, BandKind

LABEL_CHARS = 24
FONT_PX = 10
#: Widest average character of the 10 px label font (plotly's default sans-serif measures about 6 px).
CHAR_PX = 7.0
PAD_PX = 8.0  # left and right of a label, together
ROW_PX = 14  # one row of labels
TOP_GAP_PX = 2
#: Width of the time axis on a narrow screen (a 1,000 px wide figure less the legend and row labels):
#: at this width and the whole plan shown, labels on one row never overlap.
NARROW_PLOT_PX = 520
LABEL_NAME = "shutdown-window"
LABEL_COLOUR = "#8d6e00"


def label_px(text: str) -> float:
    """The width a label takes on screen, at most (`text` is the shortened name, before escaping)."""
    return len(text) * CHAR_PX + PAD_PX


def window_labels(bands: Sequence[Band], first: dt.datetime, last: dt.datetime) -> list[dict[str, Any]]:
    """One annotation per named shutdown band; `first` and `last` bound the time axis of the whole plan."""
    named = sorted((b for b in bands if b.kind is BandKind.SHUTDOWN and b.label), key=lambda b: b.start)
    span_s = max((last - first).total_seconds(), 1.0)
    px_per_s = NARROW_PLOT_PX / span_s
    row_ends: list[float] = []  # right edge (px) of the last label placed on each row
    out: list[dict[str, Any]] = []
    for band in named:
        text = truncate(band.label, LABEL_CHARS)
        middle = band.start + (band.finish - band.start) / 2
        centre = (middle - first).total_seconds() * px_per_s
        half = label_px(text) / 2
        row = next((i for i, end in enumerate(row_ends) if end <= centre - half), len(row_ends))
        if row == len(row_ends):
            row_ends.append(0.0)
        row_ends[row] = centre + half
        out.append(
            {
                "name": LABEL_NAME,
                "x": iso(middle),
                "xref": "x",
                "y": 1,
                "yref": "paper",
                "yanchor": "top",
                "yshift": -(TOP_GAP_PX + ROW_PX * row),
                "text": plot_text(text),
                "hovertext": f"{plot_text(band.label)}<br>{shown(band.start)} → {shown(band.finish)}",
                "showarrow": False,
                "font": {"size": FONT_PX, "color": LABEL_COLOUR},
                "bgcolor": "rgba(255,255,255,0.75)",
            }
        )
    return out
