"""The page's HTML blocks: header, KPI tiles, late tasks, action register, gate decisions (all escaped)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from plantrack.export.html.escape import html_text
from plantrack.export.html.view import ActionView, GateDecisionView, Kpis, ReportView, TaskKind, TaskView


def _money(value: float, currency: str) -> str:
    return f"{value:,.0f}\u202f{html_text(currency)}".replace(",", "\u202f")


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
    na = '<span class="na">n/a</span>'
    if kpis.baseline_finish is not None and kpis.slip_working_days is not None:
        slip = kpis.slip_working_days
        note = f"baseline {kpis.baseline_finish:%Y-%m-%d} · slip {slip:+.1f} days"
        finish_tone = "good" if slip <= 0 else "bad"
    else:
        note, finish_tone = "no baseline to compare", "neutral"
    tiles = [
        _tile("Forecast finish", f"{kpis.forecast_finish:%Y-%m-%d}", note, finish_tone),
        _tile(
            "Complete",
            na if kpis.percent_complete is None else f"{kpis.percent_complete:.1f}\u202f%",
        ),
        _tile(
            "SPI",
            na if kpis.spi is None else f"{kpis.spi:.2f}",
            "schedule performance",
            _index_tone(kpis.spi),
        ),
        _tile(
            "CPI", na if kpis.cpi is None else f"{kpis.cpi:.2f}", "cost performance", _index_tone(kpis.cpi)
        ),
        _tile(
            "EAC vs BAC",
            na if kpis.eac is None else _money(kpis.eac, currency),
            "" if kpis.bac is None else f"budget {_money(kpis.bac, currency)}",
            "neutral"
            if kpis.eac is None or kpis.bac is None
            else ("good" if kpis.eac <= kpis.bac else "bad"),
        ),
        _tile(
            "Late critical tasks",
            str(kpis.late_critical_tasks),
            "",
            "good" if kpis.late_critical_tasks == 0 else "bad",
        ),
        _tile(
            "Overdue actions",
            na if kpis.overdue_actions is None else str(kpis.overdue_actions),
            "",
            "neutral" if kpis.overdue_actions is None else ("good" if kpis.overdue_actions == 0 else "bad"),
        ),
    ]
    return '<div class="kpis">' + "".join(tiles) + "</div>"


def header(report: ReportView) -> str:
    status = report.gantt.status_date
    facts = [
        ("Project", html_text(report.project_name)),
        ("Status date", "not set" if status is None else f"{status:%Y-%m-%d}"),
        ("Baseline", html_text(report.gantt.baseline_name) if report.gantt.baseline_name else "none"),
        ("Generated on", f"{report.generated_on:%Y-%m-%d}"),
    ]
    items = "".join(f"<div><dt>{k}</dt><dd>{v}</dd></div>" for k, v in facts)
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
        return '<p class="empty">No task finishes later than its baseline.</p>'
    body = "".join(
        "<tr>"
        f"<td>{html_text(t.id)}</td><td>{html_text(t.name)}</td><td>{'yes' if t.critical else ''}</td>"
        f"<td>{t.baseline_finish:%Y-%m-%d}</td><td>{t.finish:%Y-%m-%d}</td>"
        f'<td class="num">{t.finish_variance_days:+.1f}</td>'
        f'<td class="num">{t.percent_complete:.0f}\u202f%</td>'
        f"<td>{html_text(t.owner)}</td><td>{html_text(t.cause)}</td>"
        "</tr>"
        for t in rows
        if t.baseline_finish is not None and t.finish_variance_days is not None
    )
    head = (
        "<tr><th>Id</th><th>Task</th><th>Critical</th><th>Baseline finish</th><th>Forecast finish</th>"
        "<th>Slip (task days)</th><th>Complete</th><th>Owner</th><th>Cause</th></tr>"
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
        return '<p class="empty">No action recorded.</p>'
    body = []
    for a in ordered_actions(actions):
        flag = ' class="overdue"' if a.overdue else ""
        state = "overdue" if a.overdue else a.status
        body.append(
            f"<tr{flag}><td>{html_text(a.id)}</td><td>{html_text(a.title)}</td><td>{html_text(a.owner)}</td>"
            f"<td>{a.due:%Y-%m-%d}</td><td>{html_text(state)}</td><td>{html_text(a.pdca)}</td>"
            f"<td>{html_text(a.task)}</td></tr>"
        )
    head = (
        "<tr><th>Id</th><th>Action</th><th>Owner</th><th>Due</th><th>Status</th><th>PDCA</th>"
        "<th>Task</th></tr>"
    )
    return f'<table class="data" id="actions"><thead>{head}</thead><tbody>{"".join(body)}</tbody></table>'


def decision_table(decisions: Sequence[GateDecisionView]) -> str:
    """Every go/no-go decision, each gate's history oldest first (deferred, then validated...)."""
    if not decisions:
        return '<p class="empty">No gate decision recorded.</p>'
    when = "%Y-%m-%d %H:%M"
    body = "".join(
        f"<tr><td>{html_text(d.gate)}</td><td>{html_text(d.name)}</td>"
        f"<td>{d.date.strftime(when if d.date.time() != dt.time() else '%Y-%m-%d')}</td>"
        f"<td>{html_text(d.decision)}</td><td>{html_text(d.by)}</td><td>{html_text(d.note)}</td></tr>"
        for d in decisions
    )
    head = (
        "<tr><th>Gate</th><th>Milestone</th><th>Date</th><th>Decision</th><th>Decided by</th>"
        "<th>Note</th></tr>"
    )
    return f'<table class="data" id="gate-decisions"><thead>{head}</thead><tbody>{body}</tbody></table>'
