"""Escaping of user text for plotly text properties and for the page's own HTML.

plotly.js renders a subset of HTML (`<a href>`, `<b>`, `<span style>`, `<br>`) in every text property
(titles, ticks, legend, hover, annotations), so a task name is data only once `&`, `<` and `>` are
escaped; plotly shows `&lt;` as `<`, so the name still reads exactly as typed. `$` is escaped too:
a viewer with MathJax loaded would parse `$…$` as TeX, whose `\\href` can make a live link.
"""

from __future__ import annotations

import html

from plantrack.scheduling.model import clean_text

_PLOT_TABLE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "$": "&#36;"})


def plot_text(text: str) -> str:
    """User text made inert for a plotly text property (names, hover, ticks, legend, titles)."""
    # Control characters are stripped again here: a hand-edited workspace bypasses import checks.
    # a line break in notes is plantrack's own markup, added after escaping
    return clean_text(text).translate(_PLOT_TABLE).replace("\n", "<br>")


def html_text(text: str) -> str:
    """User text made inert for the page's own HTML (tables, header, attribute values)."""
    return html.escape(clean_text(text), quote=True)


def truncate(text: str, limit: int) -> str:
    """Shorten raw user text to `limit` characters (before escaping, so no entity is cut in half)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
