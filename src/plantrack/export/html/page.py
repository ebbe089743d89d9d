"""The self-contained HTML page: CSP, styles (screen and A3 print), header, figures with plotly.js inlined."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import plotly.graph_objects as go
from plotly.io.json import to_json_plotly
from plotly.offline import get_plotlyjs

from plantrack.export.html import tables
from plantrack.export.html.escape import html_text
from plantrack.export.html.figures_dashboard import (
    pareto_figure,
    resource_load_figure,
    s_curve_figure,
    trend_figure,
)
from plantrack.export.html.figures_gantt import gantt_figure
from plantrack.export.html.figures_network import network_figure
from plantrack.export.html.plotly_locale import LOCALES
from plantrack.export.html.view import ReportView
from plantrack.i18n import N_, _, language

#: No network at all: the file is mailed and opened offline, and must not call home when opened.
CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; font-src data:"
)
PLOT_CONFIG = {"displaylogo": False, "responsive": True, "modeBarButtonsToRemove": ["sendDataToCloud"]}

STYLE = """
:root { --ink:#1d2733; --muted:#5f6b7a; --line:#d9dee5; --good:#2e7d32; --warn:#b26a00; --bad:#c62828; }
* { box-sizing: border-box; }
body { font-family: "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: var(--ink); margin: 0;
       background: #f4f6f9; }
header { background: #1d2733; color: white; padding: 14px 24px; }
header h1 { margin: 0 0 6px 0; font-size: 22px; font-weight: 600; overflow-wrap: anywhere; }
dl.facts { display: flex; flex-wrap: wrap; gap: 6px 28px; margin: 0; font-size: 13px; }
dl.facts div { display: flex; gap: 6px; } dl.facts dt { color: #aab6c5; } dl.facts dd { margin: 0; }
nav { padding: 6px 24px; background: #e8ecf1; font-size: 13px; }
nav a { color: var(--ink); margin-right: 18px; }
main { padding: 12px 24px 24px; }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 10px;
        margin: 4px 0 14px; }
.tile { background: white; border: 1px solid var(--line); border-left: 5px solid var(--muted);
        border-radius: 4px; padding: 8px 12px; }
.tile.good { border-left-color: var(--good); } .tile.warn { border-left-color: var(--warn); }
.tile.bad { border-left-color: var(--bad); }
.tile .label { font-size: 12px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
.tile .value { font-size: 22px; font-weight: 600; margin-top: 2px; }
.tile .note { font-size: 12px; color: var(--muted); } .na { color: var(--muted); font-weight: 400; }
section { background: white; border: 1px solid var(--line); border-radius: 4px; padding: 10px 14px;
          margin-bottom: 14px; }
section h2 { font-size: 17px; margin: 2px 0 8px; }
.grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
.plot { width: 100%; } .scroll { overflow: auto; max-height: 1400px; }
table.data { border-collapse: collapse; width: 100%; font-size: 13px; }
table.data th, table.data td { border-bottom: 1px solid var(--line); padding: 4px 6px; text-align: left;
       vertical-align: top; overflow-wrap: anywhere; }
table.data th { background: #eef1f5; } td.num { text-align: right; white-space: nowrap; }
tr.overdue td { background: #fdecea; } p.empty { color: var(--muted); font-style: italic; }
@page { size: A3 landscape; margin: 10mm; }
@media print {
  body { background: white; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  nav, .modebar-container { display: none !important; }
  main { padding: 0; }
  section { break-inside: avoid; border: none; padding: 0; }
  .scroll { overflow: visible; max-height: none; }
  section.page { break-before: page; }
  .grid2 { grid-template-columns: 1fr 1fr; }
}
"""

#: Renders the figures one after the other (the Gantt first), then records on <body> when each was drawn
#: and when all were (the time of first render, read by tests and the benchmark).
BOOT = """
(async function () {
  var cfg = %(config)s;
  var figs = %(figs)s;
  var drawn = {};
  for (var i = 0; i < figs.length; i++) {
    await Plotly.newPlot(figs[i][0], figs[i][1], figs[i][2], cfg);
    drawn[figs[i][0]] = Math.round(performance.now());
  }
  document.body.setAttribute("data-figure-ms", JSON.stringify(drawn));
  document.body.setAttribute("data-rendered-ms", String(Math.round(performance.now())));
})();
"""


#: The page's navigation links, section titles and empty-figure notes, translated when the page is made
HEADINGS = {
    "gantt": N_("Gantt"),
    "network": N_("Network"),
    "dashboard": N_("Dashboard"),
    "late": N_("Late tasks"),
    "actions": N_("Actions"),
    "decisions": N_("Gate decisions"),
    "network-title": N_("Network diagram (activity on node)"),
    "s-curve": N_("S-curve"),
    "no-s-curve": N_("No baseline or progress yet: no S-curve."),
    "trend": N_("SPI / CPI trend"),
    "no-trend": N_("No status date recorded yet: no trend."),
    "load": N_("Resource load vs capacity"),
    "no-load": N_("No resource is assigned."),
    "pareto": N_("Introduced slip by cause (Pareto, task days)"),
    "no-pareto": N_("No delay with a recorded cause."),
    "late-title": N_("Late tasks (critical first)"),
    "actions-title": N_("Action register (overdue and open first)"),
    "decisions-title": N_("Gate decisions (each gate's history)"),
}


@dataclass(frozen=True, slots=True)
class Figures:
    """The page's figures, each keyed by the id of the <div> it renders into."""

    items: tuple[tuple[str, go.Figure], ...]

    def get(self, div_id: str) -> go.Figure:
        return dict(self.items)[div_id]


def build_figures(report: ReportView) -> Figures:
    dash = report.dashboard
    items: list[tuple[str, go.Figure]] = [
        ("gantt-plot", gantt_figure(report.gantt)),
        ("network-plot", network_figure(report.gantt)),
    ]
    if dash.curve:
        items.append(("s-curve-plot", s_curve_figure(dash.curve, dash.currency, report.gantt.status_date)))
    if dash.trend:
        items.append(("trend-plot", trend_figure(dash.trend)))
    if dash.loads:
        items.append(("load-plot", resource_load_figure(dash.loads)))
    if dash.causes:
        items.append(("pareto-plot", pareto_figure(dash.causes)))
    return Figures(tuple(items))


def _plot_div(figures: Figures, div_id: str, missing: str) -> str:
    if div_id in dict(figures.items):
        return f'<div class="plot" id="{div_id}"></div>'
    return f'<p class="empty">{missing}</p>'


def _figure_json(figures: Figures) -> str:
    # to_json_plotly escapes "<", ">", "/" and U+2028/9, so no user text can end the <script> block
    parts = []
    for div_id, fig in figures.items:
        spec = fig.to_plotly_json()
        parts.append(f'["{div_id}",{to_json_plotly(spec["data"])},{to_json_plotly(spec["layout"])}]')
    return "[" + ",".join(parts) + "]"


def render_page(report: ReportView, figures: Figures | None = None) -> str:
    """One self-contained HTML document (plotly.js inlined, no network access allowed)."""
    figures = figures or build_figures(report)
    dash = report.dashboard
    t = {key: html_text(_(text)) for key, text in HEADINGS.items()}
    body: Sequence[str] = (
        tables.header(report),
        f'<nav><a href="#gantt">{t["gantt"]}</a><a href="#network">{t["network"]}</a>'
        f'<a href="#dashboard">{t["dashboard"]}</a><a href="#late">{t["late"]}</a>'
        f'<a href="#actions-register">{t["actions"]}</a><a href="#decisions">{t["decisions"]}</a></nav>',
        "<main>",
        tables.kpi_tiles(report.kpis, dash.currency),
        f'<section id="gantt"><h2>{t["gantt"]}</h2>',
        _plot_div(figures, "gantt-plot", ""),
        "</section>",
        f'<section id="network" class="page"><h2>{t["network-title"]}</h2>',
        '<div class="scroll">' + _plot_div(figures, "network-plot", "") + "</div>",
        "</section>",
        f'<section id="dashboard" class="page"><h2>{t["dashboard"]}</h2><div class="grid2">',
        f"<div><h3>{t['s-curve']}</h3>" + _plot_div(figures, "s-curve-plot", t["no-s-curve"]) + "</div>",
        f"<div><h3>{t['trend']}</h3>" + _plot_div(figures, "trend-plot", t["no-trend"]) + "</div>",
        f"<div><h3>{t['load']}</h3>" + _plot_div(figures, "load-plot", t["no-load"]) + "</div>",
        f"<div><h3>{t['pareto']}</h3>" + _plot_div(figures, "pareto-plot", t["no-pareto"]) + "</div>",
        "</div></section>",
        f'<section id="late"><h2>{t["late-title"]}</h2>',
        tables.variance_table(report.gantt.tasks),
        "</section>",
        f'<section id="actions-register"><h2>{t["actions-title"]}</h2>',
        tables.action_table(dash.actions),
        "</section>",
        f'<section id="decisions"><h2>{t["decisions-title"]}</h2>',
        tables.decision_table(dash.decisions),
        "</section></main>",
    )
    return html_document(report.title, body, figures)


def html_document(title: str, body: Sequence[str], figures: Figures, style: str = "") -> str:
    """The page frame shared by every exported page: CSP, the report's styles (plus `style`), the
    escaped `title`, the `body` blocks, plotly.js and its locale inlined, and the figures drawn in order."""
    locale = LOCALES.get(language())
    config = PLOT_CONFIG if locale is None else {**PLOT_CONFIG, "locale": locale["name"]}
    boot = BOOT % {"config": to_json_plotly(config), "figs": _figure_json(figures)}
    # the locale is registered right after plotly.js and before any figure is drawn, from the page itself
    register = "" if locale is None else f"<script>Plotly.register({to_json_plotly(locale)});</script>"
    return (
        f'<!DOCTYPE html>\n<html lang="{language()}"><head>'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html_text(title)}</title><style>{STYLE}{style}</style></head><body>"
        + "".join(body)
        + f"<script>{get_plotlyjs()}</script>{register}<script>{boot}</script></body></html>\n"
    )
