"""Review minutes in Markdown or self-contained HTML; every user string is escaped, never interpreted."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from plantrack.scheduling.model import clean_text
from plantrack.scheduling.tracking.actions import ActionState, overdue
from plantrack.scheduling.tracking.review import Review
from plantrack.scheduling.tracking.variance import SLIP_UNIT, TaskVariance


@dataclass
class Section:
    """Paragraphs, then a list (bulleted or numbered), then a table; `empty` when it has none of them."""

    title: str
    lines: list[str] = field(default_factory=list)
    headers: tuple[str, ...] = ()
    rows: list[tuple[str, ...]] = field(default_factory=list)
    empty: str = "None."
    items: list[str] = field(default_factory=list)
    numbered: bool = False

    @property
    def blank(self) -> bool:
        return not (self.lines or self.items or self.rows)


def _d(when: dt.datetime | None) -> str:
    if when is None:
        return ""
    return f"{when:%Y-%m-%d}" if when.time() == dt.time() else f"{when:%Y-%m-%d %H:%M}"


def _r(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.2f}"


def _days(days: float) -> str:
    return f"{days:+.1f} d"


def _task_rows(tasks: Sequence[TaskVariance]) -> list[tuple[str, ...]]:
    return [
        (
            t.id,
            t.name,
            _d(t.forecast_start),
            _d(t.forecast_finish),
            _days(t.finish_slip_days),
            f"{t.percent_complete:.0f} %",
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
            f"{s.action.due:%Y-%m-%d}",  # a due day, whatever hour the date was stored at
            str(s.action.status),
            str(s.action.pdca),
            "yes" if overdue(s, as_of) else "",
        )
        for s in actions
    ]


SLIP = "Slip (task days)"
TASK_HEADERS = ("Task", "Name", "Start", "Finish", SLIP, "Done")
ACTION_HEADERS = ("Id", "Action", "Owner", "Due", "Status", "PDCA", "Overdue")


def sections(review: Review) -> tuple[str, list[Section]]:
    """The title and the sections of the minutes, independent of the output format."""
    r, ev, cur = review.report, review.report.ev, review.currency
    record = review.record
    title = f"Review minutes — {review.project}"
    out = [
        Section(
            "Period and status",
            [
                f"Period covered: {_d(review.since)} to {_d(review.status_date)}.",
                f"Status date: {_d(review.status_date)}. Compared with baseline {r.baseline}.",
                f"Actions as of {_d(review.meeting)}; overdue: still open and due before the status date.",
                f"Slips are in {SLIP_UNIT}: working time between baseline and forecast on the calendar the "
                "task works on, over one day of that calendar (24 h for elapsed durations).",
            ],
        ),
        Section("Attendees", items=list(record.attendees), empty="None recorded."),
        Section("Agenda", items=list(record.agenda), numbered=True, empty="None recorded."),
        Section(
            "Indicators",
            headers=("Indicator", "Value"),
            rows=[
                ("Complete (EV / BAC)", f"{ev.percent_complete:.1f} %"),
                ("Forecast finish", _d(r.forecast_finish)),
                ("Baseline finish", _d(r.baseline_finish)),
                ("Finish slip (days of the last task's calendar)", _days(r.finish_slip_days)),
                ("SPI (schedule performance)", _r(ev.spi)),
                ("SPI(t) (earned schedule)", _r(ev.spi_t)),
                ("CPI (cost performance)", _r(ev.cpi)),
                ("Budget at completion (BAC)", f"{ev.bac:,.2f} {cur}"),
                ("Earned value (EV) / actual cost (AC)", f"{ev.ev:,.2f} / {ev.ac:,.2f} {cur}"),
                (f"Estimate at completion (EAC, {ev.eac_method})", f"{ev.eac:,.2f} {cur}"),
                ("Variance at completion (VAC)", f"{ev.vac:,.2f} {cur}"),
            ],
        ),
        Section("Tasks finished", headers=TASK_HEADERS, rows=_task_rows(review.finished)),
        Section("Tasks started", headers=TASK_HEADERS, rows=_task_rows(review.started)),
        Section(
            "Late tasks",
            headers=("Task", "Name", "Critical", SLIP, "Introduced", "Cause", "Note"),
            rows=[
                (
                    t.id,
                    t.name,
                    "yes" if t.critical else "",
                    _days(t.finish_slip_days),
                    _days(t.introduced_slip_days),
                    t.cause_label,
                    t.note,
                )
                for t in review.late
            ],
        ),
        Section("Coming up in the next two weeks", headers=TASK_HEADERS, rows=_task_rows(review.coming)),
        Section(
            "Milestones and gates",
            headers=("Milestone", "Name", "Baseline", "Forecast", SLIP, "Gate", "Decision"),
            rows=[
                (
                    m.task.id,
                    m.task.name,
                    _d(m.task.baseline_finish),
                    _d(m.task.forecast_finish),
                    _days(m.task.finish_slip_days),
                    "" if m.gate is None else str(m.gate.status),
                    ""
                    if m.gate is None or m.gate.decision is None
                    else f"{m.gate.decision.decision} by {m.gate.decision.by} on {_d(m.gate.decision.date)}"
                    + (f": {m.gate.decision.note}" if m.gate.decision.note else ""),
                )
                for m in review.milestones
            ],
        ),
        Section(
            "Decisions",
            headers=("Gate", "Milestone", "Date", "Decision", "Decided by", "Note", "This period"),
            rows=[
                (
                    row.gate,
                    row.name,
                    _d(row.decision.date),
                    str(row.decision.decision),
                    row.decision.by,
                    row.decision.note,
                    "yes" if row.in_period else "",
                )
                for row in review.decisions
            ],
            empty="No gate decision recorded.",
        ),
        Section(
            "New actions", headers=ACTION_HEADERS, rows=_action_rows(review.actions_new, review.status_date)
        ),
        Section(
            "Actions done", headers=ACTION_HEADERS, rows=_action_rows(review.actions_done, review.status_date)
        ),
        Section(
            "Overdue actions",
            headers=ACTION_HEADERS,
            rows=_action_rows(review.actions_overdue, review.status_date),
        ),
        Section(
            "Open points", headers=ACTION_HEADERS, rows=_action_rows(review.open_points, review.status_date)
        ),
        Section("Discussion notes", lines=list(record.notes)),
        Section(
            "Introduced slip by cause (Pareto)",
            ["Each task's slip counts once, under the cause of the task that introduced it."]
            if r.pareto
            else [],
            headers=("Cause", "Introduced slip (task days)", "Share", "Cumulative"),
            rows=[
                (p.cause, f"{p.slip_days:.1f}", f"{p.share:.0f} %", f"{p.cumulative:.0f} %") for p in r.pareto
            ],
        ),
        Section(
            "Trend over status dates",
            headers=("Status date", "SPI", "CPI", "SPI(t)", "Complete", "Forecast finish"),
            rows=[
                (
                    _d(p.status_date),
                    _r(p.spi),
                    _r(p.cpi),
                    _r(p.spi_t),
                    f"{p.percent_complete:.1f} %",
                    _d(p.forecast_finish),
                )
                for p in review.trend
            ],
        ),
        Section(
            "Next meeting",
            [] if record.next_meeting is None else [f"Next meeting: {_d(record.next_meeting)}."],
            empty="Not set.",
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
        '<html lang="en"><head><meta charset="utf-8">',
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
