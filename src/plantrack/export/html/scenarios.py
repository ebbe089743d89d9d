"""The scenario comparison page: the comparison table, the decision matrix and one Gantt per scenario.

Written by `plantrack scenario compare -o FILE.html`, in the report's page frame (the same CSP, styles,
escaping and inlined plotly with its locale). Every figure comes from the `Decision` the text output
prints: the table's rows are those of `compare_text`, the recommendation that of `matrix_text`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from plantrack.export.html.escape import html_text
from plantrack.export.html.page import Figures, html_document
from plantrack.export.html.scenarios_gantt import scenario_gantt
from plantrack.i18n import _, pgettext
from plantrack.i18n.formats import format_day, format_moment, format_number
from plantrack.operations.scenarios.compare import Comparison, ScenarioComparison
from plantrack.operations.scenarios.compare_text import comparison_rows, reason_text
from plantrack.operations.scenarios.compare_text import days_text as shift_days
from plantrack.operations.scenarios.matrix import Matrix
from plantrack.operations.scenarios.matrix_text import recommendation
from plantrack.operations.scenarios.workspace import Decision

# the table uses the rows and day figures `scenario compare` prints: the page and the text cannot disagree
STYLE = """
/* the base rule `table.data td` outweighs `td.num`: the number columns are right-aligned here again */
table.compare td.num, table.compare th.plan, table.matrix td.num, table.matrix th.num,
table.moved td.num { text-align: right; }
table.compare tr.group th { background: #f7f8fa; text-align: left; font-size: 14px; }
table.compare td.label { padding-left: 18px; }
table.matrix { width: auto; min-width: 50%; }
table.matrix tr.total td { font-weight: 600; }
table.matrix th.chosen, table.matrix td.chosen { background: #e8f5e9; }
p.recommendation { font-size: 15px; border-left: 5px solid var(--good); padding: 6px 12px;
                   background: #f1f8f1; overflow-wrap: anywhere; }
h3 { font-size: 15px; margin: 14px 0 6px; overflow-wrap: anywhere; }
ul.notes { margin: 4px 0 8px; padding-left: 20px; font-size: 13px; }
p.key { font-size: 13px; color: var(--muted); margin: 0 0 6px; }
"""


def gantt_id(index: int) -> str:
    """The id of the n-th scenario's Gantt (from 1): never user text."""
    return f"gantt-{index}"


def el(tag: str, text: str, attributes: str = "") -> str:
    """An element holding `text` escaped; `attributes` are the page's own, never user text."""
    opening = f"<{tag} {attributes}>" if attributes else f"<{tag}>"
    return f"{opening}{html_text(text)}</{tag}>"


def _header(title: str, facts: Sequence[tuple[str, str]]) -> str:
    """The report's dark header band: the title, then label/value facts (values already escaped)."""
    items = "".join(f"<div><dt>{html_text(k)}</dt><dd>{v}</dd></div>" for k, v in facts)
    return f'<header><h1>{html_text(title)}</h1><dl class="facts">{items}</dl></header>'


def page_title(project: str) -> str:
    return _("{project} — scenario comparison").format(project=project)


def comparison_table(comparison: Comparison) -> str:
    """The figures of the current plan and each scenario side by side, the rows `scenario compare` prints."""
    plans = [_("current plan"), *(s.name for s in comparison.scenarios)]
    head = el("th", _("figure")) + "".join(f'<th class="plan">{html_text(p)}</th>' for p in plans)
    body = []
    for label, cells in comparison_rows(comparison):
        if not cells:
            body.append(f'<tr class="group"><th colspan="{len(plans) + 1}">{html_text(label)}</th></tr>')
            continue
        tds = "".join(f'<td class="num">{html_text(c)}</td>' for c in cells)
        body.append(f'<tr><td class="label">{html_text(label.strip())}</td>{tds}</tr>')
    return (
        f'<table class="data compare" id="comparison-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def _names(ids: Sequence[str]) -> str:
    return ", ".join(ids) or "—"


def scenario_details(index: int, s: ScenarioComparison) -> str:
    """One scenario's critical path change, windows missed and the tasks that moved most, with why
    (shown above its Gantt)."""
    notes = []
    if s.critical_joined or s.critical_left:
        text = _("critical path: joined by {joined}; left by {left}")
        notes.append(html_text(text.format(joined=_names(s.critical_joined), left=_names(s.critical_left))))
    else:
        notes.append(html_text(_("critical path unchanged")))
    for task, window in s.figures.windows_missed:
        notes.append(
            html_text(_("task {task} fits in no period of window {window}").format(task=task, window=window))
        )
    parts = ['<ul class="notes">' + "".join(f"<li>{n}</li>" for n in notes) + "</ul>"]
    if not s.moved:
        parts.append(el("p", _("no task moved"), 'class="empty"'))
        return "".join(parts)
    head = "".join(
        f"<th>{html_text(h)}</th>"
        for h in (
            _("task"),
            pgettext("moved tasks column", "name"),
            _("finish before"),
            _("finish after"),
            _("days"),
            _("reason"),
        )
    )
    rows = "".join(
        f"<tr><td>{html_text(m.id)}</td><td>{html_text(m.name)}</td>"
        f"<td>{html_text(format_moment(m.finish_before))}</td>"
        f"<td>{html_text(format_moment(m.finish_after))}</td>"
        f'<td class="num">{html_text(shift_days(m.shift_days))}</td>'
        f"<td>{html_text(reason_text(m.reason))}</td></tr>"
        for m in s.moved
    )
    parts.append(el("p", _("tasks moved most:"), 'class="key"'))
    parts.append(
        f'<table class="data moved" id="moved-{index}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )
    return "".join(parts)


def _weight(value: float) -> str:
    return format_number(value, 0 if float(value).is_integer() else 1)


def _cells(values: Sequence[str], chosen: Sequence[bool]) -> str:
    """Number cells, the recommended option's column marked."""
    return "".join(
        f'<td class="num{" chosen" if mark else ""}">{html_text(v)}</td>'
        for v, mark in zip(values, chosen, strict=True)
    )


def matrix_table(matrix: Matrix, currency: str) -> str:
    """Criteria with their weights, each option's 0–100 scores, totals and ranks, then the recommendation."""
    ranking = matrix.ranking
    chosen = [r.name == matrix.recommended for r in ranking]
    head = (
        el("th", _("criterion"))
        + el("th", _("weight"), 'class="num"')
        + "".join(
            f'<th class="num{" chosen" if mark else ""}">{html_text(r.name)}</th>'
            for r, mark in zip(ranking, chosen, strict=True)
        )
    )
    body = []
    for i, c in enumerate(matrix.grid.criteria):
        scores = _cells([format_number(100 * r.scores[i].score, 0) for r in ranking], chosen)
        weight = html_text(_weight(c.weight))
        body.append(f'<tr><td>{html_text(c.title())}</td><td class="num">{weight}</td>{scores}</tr>')
    totals = _cells([format_number(100 * r.total, 0) for r in ranking], chosen)
    ranks = _cells([format_number(r.rank) for r in ranking], chosen)
    body.append('<tr class="total">' + el("td", _("weighted total")) + f"<td></td>{totals}</tr>")
    body.append('<tr class="total">' + el("td", _("rank")) + f"<td></td>{ranks}</tr>")
    return (
        el("p", _("Decision matrix (scores 0–100, best 100 on each criterion)"), 'class="key"')
        + f'<table class="data matrix" id="decision-matrix"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
        f'<p class="recommendation" id="recommendation">{html_text(recommendation(matrix, currency))}</p>'
    )


def comparison_figures(comparison: Comparison) -> Figures:
    """One Gantt per scenario (keyed `gantt-1`, `gantt-2`...), none when a plan has no task."""
    items = []
    current = comparison.current
    for i, s in enumerate(comparison.scenarios, start=1):
        if current.project.tasks and s.figures.project.tasks:
            items.append((gantt_id(i), scenario_gantt(current, s.figures, comparison.status_date)))
    return Figures(tuple(items))


def render_comparison_page(decision: Decision, *, project: str, today: dt.date) -> str:
    """The whole self-contained page (plotly.js inlined, no network access allowed)."""
    comparison, matrix = decision.comparison, decision.matrix
    figures = comparison_figures(comparison)
    drawn = dict(figures.items)
    status = comparison.status_date
    run = _("Monte Carlo: {runs} runs, seed {seed}; {leveling}.").format(
        runs=comparison.runs,
        seed=comparison.seed,
        leveling=_("leveled") if comparison.leveled else _("not leveled"),
    )
    facts = [
        (_("Project"), html_text(project)),
        (_("Status date"), html_text(_("not set") if status is None else format_moment(status))),
        (_("Baseline"), html_text(comparison.baseline or _("none"))),
        (_("Generated on"), html_text(format_day(today))),
    ]
    scen = comparison.scenarios
    links = "".join(
        el("a", _("Scenario {name}").format(name=s.name), f'href="#scenario-{i}"')
        for i, s in enumerate(scen, start=1)
    )
    body: list[str] = [
        _header(page_title(project), facts),
        "<nav>"
        + el("a", _("Comparison"), 'href="#comparison"')
        + el("a", _("Decision matrix"), 'href="#matrix"')
        + f"{links}</nav>",
        "<main>",
        '<section id="comparison">' + el("h2", _("Comparison")),
        f'<p class="key">{html_text(run)}</p>',
        comparison_table(comparison),
        "</section>",
        '<section id="matrix">' + el("h2", _("Decision matrix")),
        matrix_table(matrix, comparison.currency),
        "</section>",
    ]
    key = _(
        "The scenario's bars are drawn over the current plan's, shown as light outlined ghost bars: "
        "where a task moved, its ghost stays where the current plan has it."
    )
    for i, s in enumerate(scen, start=1):
        title = _("Scenario {name}").format(name=s.name)
        body.append(f'<section id="scenario-{i}" class="page"><h2>{html_text(title)}</h2>')
        body.append(scenario_details(i, s))
        body.append(el("h3", _("Gantt")))
        if gantt_id(i) in drawn:
            body.append(f'<p class="key">{html_text(key)}</p><div class="plot" id="{gantt_id(i)}"></div>')
        else:
            body.append(el("p", _("No task to draw."), 'class="empty"'))
        body.append("</section>")
    body.append("</main>")
    return html_document(page_title(project), body, figures, STYLE)
