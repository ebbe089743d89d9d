"""Review minutes in Markdown or self-contained HTML; every user string is escaped, never interpreted."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from plantrack.export.labels import cause_text, code_label, percent_units, plain, signed, yes
from plantrack.i18n import N_, _, language
from plantrack.i18n.formats import format_day, format_moment, format_money, format_number
from plantrack.scheduling.model import clean_text
from plantrack.scheduling.tracking.actions import ActionState, overdue
from plantrack.scheduling.tracking.review import MilestoneRow, Review
from plantrack.scheduling.tracking.variance import TaskVariance


@dataclass
class Section:
    """Paragraphs, then a list (bulleted or numbered), then a table; `empty` when it has none of them."""

    title: str
    lines: list[str] = field(default_factory=list)
    headers: tuple[str, ...] = ()
    rows: list[tuple[str, ...]] = field(default_factory=list)
    empty: str = field(default_factory=lambda: _("None."))
    items: list[str] = field(default_factory=list)
    numbered: bool = False

    @property
    def blank(self) -> bool:
        return not (self.lines or self.items or self.rows)


def _d(when: dt.datetime | None) -> str:
    if when is None:
        return ""
    return format_day(when) if when.time() == dt.time() else format_moment(when)


def _r(x: float | None) -> str:
    return _("n/a") if x is None else plain(x, 2)


def _days(days: float) -> str:
    return _("{days} d").format(days=signed(days, 1))


def _money(value: float, currency: str) -> str:
    return format_money(value, currency)


def _yes(flag: bool) -> str:
    return yes() if flag else ""


def _task_rows(tasks: Sequence[TaskVariance]) -> list[tuple[str, ...]]:
    return [
        (
            t.id,
            t.name,
            _d(t.forecast_start),
            _d(t.forecast_finish),
            _days(t.finish_slip_days),
            percent_units(t.percent_complete, 0),
        )
        for t in tasks
    ]


def _action_rows(actions: Sequence[ActionState], as_of: dt.datetime) -> list[tuple[str, ...]]:
    """One row per action; overdue as judged at the status date `as_of`."""
    return [
        (
            s.action.id,
            s.action.title,
            s.action.owner,
            format_day(s.action.due),  # a due day, whatever hour the date was stored at
            code_label(s.action.status),
            code_label(s.action.pdca),
            _yes(overdue(s, as_of)),
        )
        for s in actions
    ]


SLIP = N_("Slip (task days)")
TASK_HEADERS = (N_("Task"), N_("Name"), N_("Start"), N_("Finish"), SLIP, N_("Done"))
ACTION_HEADERS = (N_("Id"), N_("Action"), N_("Owner"), N_("Due"), N_("Status"), N_("PDCA"), N_("Overdue"))


def _t(headers: Sequence[str]) -> tuple[str, ...]:
    return tuple(_(h) for h in headers)


def _decision_text(m: MilestoneRow) -> str:
    if m.gate is None or m.gate.decision is None:
        return ""
    d = m.gate.decision
    text = _("{decision} by {who} on {date}").format(
        decision=code_label(d.decision), who=d.by, date=_d(d.date)
    )
    return text + (f": {d.note}" if d.note else "")


def sections(review: Review) -> tuple[str, list[Section]]:
    """The title and the sections of the minutes, independent of the output format."""
    r, ev, cur = review.report, review.report.ev, review.currency
    record = review.record
    title = _("Review minutes — {project}").format(project=review.project)
    eac_method = {"cpi": "cpi", "budget-rate": _("budget-rate")}.get(ev.eac_method, ev.eac_method)
    out = [
        Section(
            _("Period and status"),
            [
                _("Period covered: {since} to {until}.").format(
                    since=_d(review.since), until=_d(review.status_date)
                ),
                _("Status date: {date}. Compared with baseline {baseline}.").format(
                    date=_d(review.status_date), baseline=r.baseline
                ),
                _("Actions as of {date}; overdue: still open and due before the status date.").format(
                    date=_d(review.meeting)
                ),
                _(
                    "Slips are in days of each task's own calendar: working time between baseline and "
                    "forecast on the calendar the task works on, over one day of that calendar (24 h for "
                    "elapsed durations)."
                ),
            ],
        ),
        Section(_("Attendees"), items=list(record.attendees), empty=_("None recorded.")),
        Section(_("Agenda"), items=list(record.agenda), numbered=True, empty=_("None recorded.")),
        Section(
            _("Indicators"),
            headers=(_("Indicator"), _("Value")),
            rows=[
                (_("Complete (EV / BAC)"), percent_units(ev.percent_complete, 1)),
                (_("Forecast finish"), _d(r.forecast_finish)),
                (_("Baseline finish"), _d(r.baseline_finish)),
                (_("Finish slip (days of the last task's calendar)"), _days(r.finish_slip_days)),
                (_("SPI (schedule performance)"), _r(ev.spi)),
                (_("SPI(t) (earned schedule)"), _r(ev.spi_t)),
                (_("CPI (cost performance)"), _r(ev.cpi)),
                (_("Budget at completion (BAC)"), _money(ev.bac, cur)),
                (
                    _("Earned value (EV) / actual cost (AC)"),
                    f"{format_number(ev.ev, 2)} / {_money(ev.ac, cur)}",
                ),
                (_("Estimate at completion (EAC, {method})").format(method=eac_method), _money(ev.eac, cur)),
                (_("Variance at completion (VAC)"), _money(ev.vac, cur)),
            ],
        ),
        Section(_("Tasks finished"), headers=_t(TASK_HEADERS), rows=_task_rows(review.finished)),
        Section(_("Tasks started"), headers=_t(TASK_HEADERS), rows=_task_rows(review.started)),
        Section(
            _("Late tasks"),
            headers=_t(
                (N_("Task"), N_("Name"), N_("Critical"), SLIP, N_("Introduced"), N_("Cause"), N_("Note"))
            ),
            rows=[
                (
                    t.id,
                    t.name,
                    _yes(t.critical),
                    _days(t.finish_slip_days),
                    _days(t.introduced_slip_days),
                    cause_text(t),
                    t.note,
                )
                for t in review.late
            ],
        ),
        Section(
            _("Coming up in the next two weeks"), headers=_t(TASK_HEADERS), rows=_task_rows(review.coming)
        ),
        Section(
            _("Milestones and gates"),
            headers=_t(
                (
                    N_("Milestone"),
                    N_("Name"),
                    N_("Baseline"),
                    N_("Forecast"),
                    SLIP,
                    N_("Gate"),
                    N_("Decision"),
                )
            ),
            rows=[
                (
                    m.task.id,
                    m.task.name,
                    _d(m.task.baseline_finish),
                    _d(m.task.forecast_finish),
                    _days(m.task.finish_slip_days),
                    "" if m.gate is None else code_label(m.gate.status),
                    _decision_text(m),
                )
                for m in review.milestones
            ],
        ),
        Section(
            _("Decisions"),
            headers=_t(
                (
                    N_("Gate"),
                    N_("Milestone"),
                    N_("Date"),
                    N_("Decision"),
                    N_("Decided by"),
                    N_("Note"),
                    N_("This period"),
                )
            ),
            rows=[
                (
                    row.gate,
                    row.name,
                    _d(row.decision.date),
                    code_label(row.decision.decision),
                    row.decision.by,
                    row.decision.note,
                    _yes(row.in_period),
                )
                for row in review.decisions
            ],
            empty=_("No gate decision recorded."),
        ),
        Section(
            _("New actions"),
            headers=_t(ACTION_HEADERS),
            rows=_action_rows(review.actions_new, review.status_date),
        ),
        Section(
            _("Actions done"),
            headers=_t(ACTION_HEADERS),
            rows=_action_rows(review.actions_done, review.status_date),
        ),
        Section(
            _("Overdue actions"),
            headers=_t(ACTION_HEADERS),
            rows=_action_rows(review.actions_overdue, review.status_date),
        ),
        Section(
            _("Open points"),
            headers=_t(ACTION_HEADERS),
            rows=_action_rows(review.open_points, review.status_date),
        ),
        Section(_("Discussion notes"), lines=list(record.notes)),
        Section(
            _("Introduced slip by cause (Pareto)"),
            [_("Each task's slip counts once, under the cause of the task that introduced it.")]
            if r.pareto
            else [],
            headers=(_("Cause"), _("Introduced slip (task days)"), _("Share"), _("Cumulative")),
            rows=[
                (
                    code_label(p.cause),
                    plain(p.slip_days, 1),
                    percent_units(p.share, 0),
                    percent_units(p.cumulative, 0),
                )
                for p in r.pareto
            ],
        ),
        Section(
            _("Trend over status dates"),
            headers=(_("Status date"), "SPI", "CPI", "SPI(t)", _("Complete"), _("Forecast finish")),
            rows=[
                (
                    _d(p.status_date),
                    _r(p.spi),
                    _r(p.cpi),
                    _r(p.spi_t),
                    percent_units(p.percent_complete, 1),
                    _d(p.forecast_finish),
                )
                for p in review.trend
            ],
        ),
        Section(
            _("Next meeting"),
            []
            if record.next_meeting is None
            else [_("Next meeting: {date}.").format(date=_d(record.next_meeting))],
            empty=_("Not set."),
        ),
    ]
    return title, out


#: Markdown's inline syntax, escaped wherever it stands: emphasis, code, links and images, raw HTML and
#: autolinks, entity references (`&lt;` would show as `<`), table pipes, headings, strikethrough, maths
_MD_INLINE = re.compile(r"([\\`*_{}\[\]<>#!|~$&])")
#: What opens a block at the start of a line: a bullet (`-`, `+`; `*` is escaped above) or a number
#: followed by `.` or `)`, which would turn a line or an agenda item into a list
_MD_BULLET = re.compile(r"^([-+])")
_MD_NUMBER = re.compile(r"^(\d+)([.)])")


def md_escape(text: str, *, cell: bool = False) -> str:
    """Literal text in Markdown: control characters dropped, syntax backslash-escaped (never entities).

    A table `cell` holds inline text only, so a leading `-` or `1.` stays as typed there ("-2.0 d").
    """
    text = clean_text(text).replace("\r", " ").replace("\n", " ").replace("\t", " ").strip()
    text = _MD_INLINE.sub(r"\\\1", text)
    return text if cell else _MD_NUMBER.sub(r"\1\\\2", _MD_BULLET.sub(r"\\\1", text))


def to_markdown(review: Review) -> str:
    title, parts = sections(review)
    out = [f"# {md_escape(title)}", ""]
    for s in parts:
        out += [f"## {md_escape(s.title)}", ""]
        out += [f"{md_escape(line)}\n" for line in s.lines]
        if s.items:
            marks = [f"{i}." if s.numbered else "-" for i in range(1, len(s.items) + 1)]
            out += [f"{mark} {md_escape(item)}" for mark, item in zip(marks, s.items, strict=True)]
            out.append("")
        if s.rows:
            out.append("| " + " | ".join(md_escape(h, cell=True) for h in s.headers) + " |")
            out.append("|" + "---|" * len(s.headers))
            out += ["| " + " | ".join(md_escape(c, cell=True) for c in row) + " |" for row in s.rows]
        if s.blank:
            out.append(md_escape(s.empty))
        out.append("")
    return "\n".join(out)


_CSS = (
    "body{font-family:system-ui,sans-serif;max-width:70em;margin:2em auto;padding:0 1em;color:#222}"
    "table{border-collapse:collapse;margin:.5em 0}"
    "th,td{border:1px solid #bbb;padding:.2em .6em;text-align:left}"
    "th{background:#eee}h2{margin-top:1.5em;border-bottom:1px solid #ccc}"
)


def _h(text: str) -> str:
    return html.escape(clean_text(text), quote=True)


def to_html(review: Review) -> str:
    title, parts = sections(review)
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{language()}"><head><meta charset="utf-8">',
        # no script, no remote content: the page only shows text
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        f"<title>{_h(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{_h(title)}</h1>",
    ]
    for s in parts:
        out.append(f"<section><h2>{_h(s.title)}</h2>")
        out += [f"<p>{_h(line)}</p>" for line in s.lines]
        if s.items:
            tag = "ol" if s.numbered else "ul"
            out.append(f"<{tag}>" + "".join(f"<li>{_h(item)}</li>" for item in s.items) + f"</{tag}>")
        if s.rows:
            out.append(
                "<table><thead><tr>" + "".join(f"<th>{_h(h)}</th>" for h in s.headers) + "</tr></thead>"
            )
            out.append("<tbody>")
            out += ["<tr>" + "".join(f"<td>{_h(c)}</td>" for c in row) + "</tr>" for row in s.rows]
            out.append("</tbody></table>")
        if s.blank:
            out.append(f"<p>{_h(s.empty)}</p>")
        out.append("</section>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"
