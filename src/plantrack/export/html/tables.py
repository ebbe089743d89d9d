"""The page's HTML blocks: header, KPI tiles, late tasks, action register, gate decisions (all escaped)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from plantrack.export.html.escape import html_text
from plantrack.export.html.view import ActionView, GateDecisionView, Kpis, ReportView, TaskKind, TaskView
from plantrack.export.labels import code_label, plain, signed, yes
from plantrack.i18n import N_, _, language
from plantrack.i18n.formats import format_day, format_moment, format_money, format_number


def _empty(message: str) -> str:
    return '<p class="empty">' + html_text(message) + "</p>"


def _head(names: Sequence[str]) -> str:
    """A table's header row, each marked name in the current language."""
    return "<tr>" + "".join(f"<th>{html_text(_(n))}</th>" for n in names) + "</tr>"


def _money(value: float, currency: str) -> str:
    if language() == "en":  # the report's historical English form: narrow spaces, the ISO code after
        return f"{value:,.0f}\u202f{html_text(currency)}".replace(",", "\u202f")
    return html_text(format_money(value, currency, digits=0))


def _day(value: dt.date) -> str:
    return html_text(format_day(value))


def _pct(value: float, digits: int) -> str:
    """`12.5\u202f%` in English (as always), `12,5\u202f%` in French."""
    return html_text(plain(value, digits)) + "\u202f%"


def _tile(label: str, value: str, note: str = "", tone: str = "neutral") -> str:
    note_html = f'<div class="note">{note}</div>' if note else ""
    return (
        f'<div class="tile {tone}"><div class="label">{label}</div>'
        f'<div class="value">{value}</div>{note_html}</div>'
    )


def _index_tone(value: float | None) -> str:
    if value is None:
        return "neutral"
    return "good" if value >= 1 else ("warn" if value >= 0.9 else "bad")


def kpi_tiles(kpis: Kpis, currency: str) -> str:
    """Forecast vs baseline finish, % complete, SPI, CPI, EAC vs BAC, late critical tasks, overdue actions."""
    na = '<span class="na">' + html_text(_("n/a")) + "</span>"
    if kpis.baseline_finish is not None and kpis.slip_working_days is not None:
        slip = kpis.slip_working_days
        note = html_text(
            _("baseline {date} · slip {days} days").format(
                date=format_day(kpis.baseline_finish), days=signed(slip, 1)
            )
        )
        finish_tone = "good" if slip <= 0 else "bad"
    else:
        note, finish_tone = html_text(_("no baseline to compare")), "neutral"
    tiles = [
        _tile(_("Forecast finish"), _day(kpis.forecast_finish), note, finish_tone),
        _tile(
            html_text(_("Complete")),
            na if kpis.percent_complete is None else _pct(kpis.percent_complete, 1),
        ),
        _tile(
            "SPI",
            na if kpis.spi is None else plain(kpis.spi, 2),
            html_text(_("schedule performance")),
            _index_tone(kpis.spi),
        ),
        _tile(
            "CPI",
            na if kpis.cpi is None else plain(kpis.cpi, 2),
            html_text(_("cost performance")),
            _index_tone(kpis.cpi),
        ),
        _tile(
            html_text(_("EAC vs BAC")),
            na if kpis.eac is None else _money(kpis.eac, currency),
            "" if kpis.bac is None else _("budget {amount}").format(amount=_money(kpis.bac, currency)),
            "neutral"
            if kpis.eac is None or kpis.bac is None
            else ("good" if kpis.eac <= kpis.bac else "bad"),
        ),
        _tile(
            html_text(_("Late critical tasks")),
            html_text(format_number(kpis.late_critical_tasks)),
            "",
            "good" if kpis.late_critical_tasks == 0 else "bad",
        ),
        _tile(
            html_text(_("Overdue actions")),
            na if kpis.overdue_actions is None else html_text(format_number(kpis.overdue_actions)),
            "",
            "neutral" if kpis.overdue_actions is None else ("good" if kpis.overdue_actions == 0 else "bad"),
        ),
    ]
    return '<div class="kpis">' + "".join(tiles) + "</div>"


def header(report: ReportView) -> str:
    status = report.gantt.status_date
    facts = [
        (_("Project"), html_text(report.project_name)),
        (_("Status date"), html_text(_("not set")) if status is None else _day(status)),
        (
            _("Baseline"),
            html_text(report.gantt.baseline_name) if report.gantt.baseline_name else html_text(_("none")),
        ),
        (_("Generated on"), _day(report.generated_on)),
    ]
    items = "".join(f"<div><dt>{html_text(k)}</dt><dd>{v}</dd></div>" for k, v in facts)
    return f'<header><h1>{html_text(report.title)}</h1><dl class="facts">{items}</dl></header>'


def late_tasks(tasks: Sequence[TaskView]) -> list[TaskView]:
    """Tasks finishing after their baseline, critical first, then by slip (largest first)."""
    late = [
        t
        for t in tasks
        if t.kind is not TaskKind.SUMMARY
        and t.finish_variance_days is not None
        and t.finish_variance_days > 0
    ]
    return sorted(late, key=lambda t: (not t.critical, -(t.finish_variance_days or 0.0), t.id))


def variance_table(tasks: Sequence[TaskView]) -> str:
    rows = late_tasks(tasks)
    if not rows:
        return _empty(_("No task finishes later than its baseline."))
    body = "".join(
        "<tr>"
        f"<td>{html_text(t.id)}</td><td>{html_text(t.name)}</td>"
        f"<td>{html_text(yes()) if t.critical else ''}</td>"
        f"<td>{_day(t.baseline_finish)}</td><td>{_day(t.finish)}</td>"
        f'<td class="num">{html_text(signed(t.finish_variance_days, 1))}</td>'
        f'<td class="num">{_pct(t.percent_complete, 0)}</td>'
        f"<td>{html_text(t.owner)}</td><td>{html_text(t.cause)}</td>"
        "</tr>"
        for t in rows
        if t.baseline_finish is not None and t.finish_variance_days is not None
    )
    head = _head(
        (
            N_("Id"),
            N_("Task"),
            N_("Critical"),
            N_("Baseline finish"),
            N_("Forecast finish"),
            N_("Slip (task days)"),
            N_("Complete"),
            N_("Owner"),
            N_("Cause"),
        )
    )
    return f'<table class="data" id="late-tasks"><thead>{head}</thead><tbody>{body}</tbody></table>'


def ordered_actions(actions: Sequence[ActionView]) -> list[ActionView]:
    """Overdue first, then open by due date, then closed ones."""

    def rank(a: ActionView) -> tuple[int, dt.date, str]:
        group = 0 if a.overdue else (1 if a.is_open else 2)
        return group, a.due, a.id

    return sorted(actions, key=rank)


def action_table(actions: Sequence[ActionView]) -> str:
    if not actions:
        return _empty(_("No action recorded."))
    body = []
    for a in ordered_actions(actions):
        flag = ' class="overdue"' if a.overdue else ""
        state = _("overdue") if a.overdue else code_label(a.status)
        body.append(
            f"<tr{flag}><td>{html_text(a.id)}</td><td>{html_text(a.title)}</td><td>{html_text(a.owner)}</td>"
            f"<td>{_day(a.due)}</td><td>{html_text(state)}</td><td>{html_text(code_label(a.pdca))}</td>"
            f"<td>{html_text(a.task)}</td></tr>"
        )
    head = _head((N_("Id"), N_("Action"), N_("Owner"), N_("Due"), N_("Status"), N_("PDCA"), N_("Task")))
    return f'<table class="data" id="actions"><thead>{head}</thead><tbody>{"".join(body)}</tbody></table>'


def decision_table(decisions: Sequence[GateDecisionView]) -> str:
    """Every go/no-go decision, each gate's history oldest first (deferred, then validated...)."""
    if not decisions:
        return _empty(_("No gate decision recorded."))
    body = "".join(
        f"<tr><td>{html_text(d.gate)}</td><td>{html_text(d.name)}</td>"
        f"<td>{html_text(format_moment(d.date) if d.date.time() != dt.time() else format_day(d.date))}</td>"
        f"<td>{html_text(code_label(d.decision))}</td><td>{html_text(d.by)}</td><td>{html_text(d.note)}</td></tr>"
        for d in decisions
    )
    head = _head((N_("Gate"), N_("Milestone"), N_("Date"), N_("Decision"), N_("Decided by"), N_("Note")))
    return f'<table class="data" id="gate-decisions"><thead>{head}</thead><tbody>{body}</tbody></table>'
