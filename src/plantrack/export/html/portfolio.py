"""The committee's portfolio page: the plant's projects with traffic lights, the portfolio Gantt, the shared
resources' load, the line stops' occupation and the open actions by owner, in one self-contained file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from plantrack.export.html.escape import html_text
from plantrack.export.html.figures_portfolio import portfolio_gantt, shared_load_figure
from plantrack.export.html.page import Figures, html_document
from plantrack.export.labels import code_label, plain, signed
from plantrack.i18n import N_, _, ngettext
from plantrack.i18n.formats import format_day, format_number, format_week
from plantrack.operations.plant_report import NextGate, OwnerActions, Portfolio, ProjectLine
from plantrack.scheduling.portfolio_load import SharedLoad, WindowOccupation
from plantrack.scheduling.tracking.records import Decision, GateStatus

#: Slip in working days up to which a project is amber rather than red (on time or early is green).
SLIP_AMBER_DAYS = 5.0
#: SPI and CPI: green from 1.0, amber from this value, red below (the project report's KPI tiles).
INDEX_AMBER = 0.9

STYLE = """
.light { display: inline-block; width: 11px; height: 11px; border-radius: 50%; margin-right: 6px;
         vertical-align: -1px; background: #b0bec5; }
.light.good { background: var(--good); } .light.warn { background: var(--warn); }
.light.bad { background: var(--bad); }
td.gate { min-width: 14em; } tr.owner th { background: #e3e8ef; text-align: left; }
.meter { position: relative; background: #eceff1; height: 12px; width: 160px; border-radius: 2px;
         display: inline-block; vertical-align: middle; margin-right: 8px; overflow: hidden; }
.meter span { position: absolute; left: 0; top: 0; bottom: 0; background: #607d8b; }
.meter.beyond span { background: var(--bad); }
p.note { color: var(--muted); font-size: 13px; margin: 4px 0; }
"""

HEADINGS = {
    "projects": N_("Projects"),
    "gantt": N_("Portfolio Gantt"),
    "load": N_("Shared resources"),
    "windows": N_("Line stops"),
    "actions": N_("Open actions"),
    "load-title": N_(
        "Shared resources' load by week, all projects together (each project's hours in the hover)"
    ),
    "no-load": N_("No work is assigned to a shared resource."),
    "windows-title": N_("Shutdown windows: who works in them, against the crews' hours"),
    "no-windows": N_("The plant shares no shutdown window."),
    "actions-title": N_("Open actions across projects, by owner"),
    "no-actions": N_("No open action in any project."),
    "no-projects": N_("The plant has no project yet."),
    "over-title": N_(
        "Over-allocations by project: weeks when the projects together book more than a resource has"
    ),
    "no-over": N_("No shared resource is over-allocated."),
}


def _light(tone: str, label: str) -> str:
    word = html_text(label)
    return f'<span class="light {tone}" role="img" aria-label="{word}" title="{word}"></span>'


_TONE_WORDS = {"good": N_("on track"), "warn": N_("watch"), "bad": N_("alert"), "neutral": N_("no data")}


def _lit(tone: str, text: str) -> str:
    return _light(tone, _(_TONE_WORDS[tone])) + text


def slip_tone(days: float | None) -> str:
    if days is None:
        return "neutral"
    return "good" if days <= 0 else ("warn" if days <= SLIP_AMBER_DAYS else "bad")


def index_tone(value: float | None) -> str:
    if value is None:
        return "neutral"
    return "good" if value >= 1 else ("warn" if value >= INDEX_AMBER else "bad")


def gate_tone(gate: NextGate | None, status: dt.datetime | None) -> str:
    """Rejected: red; deferred: amber; due before the status date without a go: red; else green."""
    if gate is None:
        return "neutral"
    if gate.status is GateStatus.FAILED or gate.decision is Decision.REJECTED:
        return "bad"
    if gate.decision is Decision.DEFERRED:
        return "warn"
    if status is not None and gate.planned is not None and gate.planned < status:
        return "bad"
    return "good"


def _gate_cell(line: ProjectLine) -> str:
    gate = line.next_gate
    if gate is None:
        return _lit("neutral", html_text(_("no gate ahead")))
    name = gate.task if not gate.name or gate.name == gate.task else f"{gate.task} · {gate.name}"
    decided = code_label(gate.decision) if gate.decision is not None else _("no decision yet")
    when = format_day(gate.planned) if gate.planned is not None else ""
    detail = ", ".join(x for x in (when, decided) if x)
    return _lit(gate_tone(gate, line.status_date), f"{html_text(name)} <small>({html_text(detail)})</small>")


def _na() -> str:
    return '<span class="na">' + html_text(_("n/a")) + "</span>"


def _table(ident: str, head: str, rows: Sequence[str]) -> str:
    body = "".join(rows)
    return f'<table class="data" id="{ident}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def project_table(projects: Sequence[ProjectLine]) -> str:
    if not projects:
        return '<p class="empty">' + html_text(_(HEADINGS["no-projects"])) + "</p>"
    rows = []
    for p in projects:
        slip = _na() if p.slip_days is None else html_text(signed(p.slip_days, 1))
        spi = _na() if p.spi is None else html_text(plain(p.spi, 2))
        cpi = _na() if p.cpi is None else html_text(plain(p.cpi, 2))
        status = html_text(_("not set")) if p.status_date is None else html_text(format_day(p.status_date))
        base = _na() if p.baseline_finish is None else html_text(format_day(p.baseline_finish))
        actions = html_text(format_number(p.open_actions))
        if p.overdue_actions:
            actions += (
                " <small>("
                + html_text(
                    ngettext("{count} overdue", "{count} overdue", p.overdue_actions).format(
                        count=format_number(p.overdue_actions)
                    )
                )
                + ")</small>"
            )
        rows.append(
            f'<tr><td>{html_text(p.name)}</td><td class="num">{html_text(format_number(p.priority))}</td>'
            f"<td>{status}</td><td>{html_text(format_day(p.finish))}</td><td>{base}</td>"
            f'<td class="num">{_lit(slip_tone(p.slip_days), slip)}</td>'
            f'<td class="num">{_lit(index_tone(p.spi), spi)}</td>'
            f'<td class="num">{_lit(index_tone(p.cpi), cpi)}</td>'
            f'<td class="gate">{_gate_cell(p)}</td><td class="num">{actions}</td></tr>'
        )
    head = "".join(
        f"<th>{html_text(_(n))}</th>"
        for n in (
            N_("Project"),
            N_("Priority"),
            N_("Status date"),
            N_("Forecast finish"),
            N_("Baseline finish"),
            N_("Slip (working days)"),
            N_("SPI"),
            N_("CPI"),
            N_("Next gate and decision"),
            N_("Open actions"),
        )
    )
    return _table("projects", head, rows)


def _hours(value: float) -> str:
    return html_text(_("{hours} h").format(hours=plain(value, 0 if value == round(value) else 1)))


def window_table(windows: Sequence[WindowOccupation], names: Mapping[str, str]) -> str:
    if not windows:
        return '<p class="empty">' + html_text(_(HEADINGS["no-windows"])) + "</p>"
    rows = []
    for w in windows:
        span = _("{start} → {finish}").format(
            start=format_day(w.start), finish=format_day(w.finish - dt.timedelta(minutes=1))
        )
        title = html_text(w.name or w.id)
        if not w.crews:
            rows.append(
                f"<tr><td>{title}</td><td>{html_text(span)}</td>"
                f'<td colspan="3" class="na">{html_text(_("no shared crew works in it"))}</td></tr>'
            )
        for k, crew in enumerate(w.crews):
            share = 0.0 if crew.capacity_hours <= 0 else min(1.0, crew.load_hours / crew.capacity_hours)
            meter = (
                f'<span class="meter{" beyond" if crew.beyond else ""}">'
                f'<span style="width:{share * 100:.1f}%"></span></span>'
            )
            by_project = "<br>".join(
                f"{html_text(names.get(p.project, p.project))}: {_hours(p.load_hours)} "
                f"<small>({html_text(', '.join(p.tasks))})</small>"
                for p in crew.projects
            )
            lead = f"<td>{title}</td><td>{html_text(span)}</td>" if k == 0 else "<td></td><td></td>"
            rows.append(
                f"<tr>{lead}<td>{html_text(crew.name or crew.resource)}</td><td>{by_project}</td>"
                f'<td class="num">{meter}{_hours(crew.load_hours)} / {_hours(crew.capacity_hours)}</td></tr>'
            )
    head = "".join(
        f"<th>{html_text(_(n))}</th>"
        for n in (
            N_("Window"),
            N_("Period"),
            N_("Crew"),
            N_("Hours by project (tasks)"),
            N_("Hours / crew hours"),
        )
    )
    return _table("windows", head, rows)


def owner_table(owners: Sequence[OwnerActions]) -> str:
    if not owners:
        return '<p class="empty">' + html_text(_(HEADINGS["no-actions"])) + "</p>"
    rows = []
    for group in owners:
        count = ngettext("{count} open", "{count} open", len(group.actions)).format(
            count=format_number(len(group.actions))
        )
        if group.overdue:
            count += ", " + ngettext("{count} overdue", "{count} overdue", group.overdue).format(
                count=format_number(group.overdue)
            )
        rows.append(
            f'<tr class="owner"><th colspan="6">{html_text(group.owner or _("(no owner)"))} '
            f"<small>({html_text(count)})</small></th></tr>"
        )
        for a in group.actions:
            flag = ' class="overdue"' if a.overdue else ""
            state = _("overdue") if a.overdue else code_label(a.status)
            rows.append(
                f"<tr{flag}><td>{html_text(a.project_name)}</td><td>{html_text(a.id)}</td>"
                f"<td>{html_text(a.title)}</td><td>{html_text(format_day(a.due))}</td>"
                f"<td>{html_text(state)}</td><td>{html_text(a.task)}</td></tr>"
            )
    head = "".join(
        f"<th>{html_text(_(n))}</th>"
        for n in (N_("Project"), N_("Id"), N_("Action"), N_("Due"), N_("Status"), N_("Task"))
    )
    return _table("owners", head, rows)


def over_rows(loads: Sequence[SharedLoad]) -> list[tuple[str, str, list[dt.date], list[str]]]:
    """(project, resource, over-allocated weeks, tasks booked then) for each project and shared resource."""
    found: dict[tuple[str, str], tuple[list[dt.date], list[str]]] = {}
    for res in loads:
        for week in res.weeks:
            for share in week.projects:
                if share.tasks:
                    weeks, tasks = found.setdefault((share.project, res.id), ([], []))
                    weeks.append(week.start)
                    tasks += [t for t in share.tasks if t not in tasks]
    names = {r.id: r.name or r.id for r in loads}
    return [(project, names[res], weeks, tasks) for (project, res), (weeks, tasks) in found.items()]


def over_table(loads: Sequence[SharedLoad], names: Mapping[str, str], order: Sequence[str]) -> str:
    """Each project's over-allocated weeks on each shared resource, with the tasks booked then."""
    rows = sorted(over_rows(loads), key=lambda r: (order.index(r[0]) if r[0] in order else len(order), r[1]))
    if not rows:
        return '<p class="empty">' + html_text(_(HEADINGS["no-over"])) + "</p>"
    body = [
        f"<tr><td>{html_text(names.get(project, project))}</td><td>{html_text(resource)}</td>"
        f"<td>{html_text(', '.join(_week(w) for w in weeks))}</td><td>{html_text(', '.join(tasks))}</td></tr>"
        for project, resource, weeks, tasks in rows
    ]
    head = "".join(
        f"<th>{html_text(_(n))}</th>"
        for n in (N_("Project"), N_("Shared resource"), N_("Weeks"), N_("Tasks"))
    )
    return _table("over-allocations", head, body)


def _week(day: dt.date) -> str:
    """`2027-W09` / `2027-S09`: the ISO year and week."""
    return f"{day.isocalendar().year}-{format_week(day)}"


def header(result: Portfolio, title: str) -> str:
    dates = [p.status_date for p in result.projects if p.status_date is not None]
    facts = [
        (_("Plant"), html_text(result.plant)),
        (_("Projects"), html_text(format_number(len(result.projects)))),
        (_("Latest status date"), html_text(format_day(max(dates))) if dates else html_text(_("not set"))),
        (_("Generated on"), html_text(format_day(result.generated_on))),
    ]
    items = "".join(f"<div><dt>{html_text(k)}</dt><dd>{v}</dd></div>" for k, v in facts)
    return f'<header><h1>{html_text(title)}</h1><dl class="facts">{items}</dl></header>'


def build_figures(result: Portfolio) -> Figures:
    items = []
    if result.projects:
        items.append(("portfolio-gantt", portfolio_gantt(result.projects)))
    if any(w.load_hours for r in result.loads for w in r.weeks):
        items.append(("shared-load", shared_load_figure(result.loads, result.project_names())))
    return Figures(tuple(items))


def render_portfolio(result: Portfolio, *, title: str | None = None, figures: Figures | None = None) -> str:
    """One self-contained HTML document for the plant's committee (plotly.js inlined, no network)."""
    figures = figures or build_figures(result)
    drawn = dict(figures.items)
    t = {key: html_text(_(text)) for key, text in HEADINGS.items()}
    page_title = title or _("{plant} — portfolio").format(plant=result.plant)
    names = result.project_names()
    gantt = '<div class="plot" id="portfolio-gantt"></div>' if "portfolio-gantt" in drawn else ""
    load = (
        '<div class="plot" id="shared-load"></div>'
        if "shared-load" in drawn
        else f'<p class="empty">{t["no-load"]}</p>'
    )
    body = (
        header(result, page_title),
        f'<nav><a href="#projects-section">{t["projects"]}</a><a href="#gantt">{t["gantt"]}</a>'
        f'<a href="#load">{t["load"]}</a><a href="#windows-section">{t["windows"]}</a>'
        f'<a href="#actions-section">{t["actions"]}</a></nav>',
        "<main>",
        f'<section id="projects-section"><h2>{t["projects"]}</h2>',
        project_table(result.projects),
        "</section>",
        f'<section id="gantt"><h2>{t["gantt"]}</h2>{gantt}</section>',
        f'<section id="load" class="page"><h2>{t["load-title"]}</h2>{load}',
        f"<h3>{t['over-title']}</h3>",
        over_table(result.loads, names, [p.workspace for p in result.projects]),
        "</section>",
        f'<section id="windows-section"><h2>{t["windows-title"]}</h2>',
        window_table(result.windows, names),
        "</section>",
        f'<section id="actions-section"><h2>{t["actions-title"]}</h2>',
        owner_table(result.owners),
        "</section></main>",
    )
    return html_document(page_title, body, figures, STYLE)
