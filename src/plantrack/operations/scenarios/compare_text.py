"""The comparison as text: a table with the current plan and each scenario side by side, then per scenario
the critical path's change, the windows missed and the tasks that moved most, with the reason."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from plantrack.i18n import _, pgettext
from plantrack.i18n.formats import format_moment, format_money, format_number, format_percent
from plantrack.operations.scenarios.compare import Comparison, MovedTask, Reason, ReasonKind
from plantrack.operations.scenarios.figures import PlanFigures
from plantrack.scheduling.model import clean_text

Row = tuple[str, list[str]]


def days_text(value: float | None, signed: bool = True) -> str:
    if value is None:
        return "—"
    text = format_number(value, 0 if float(value).is_integer() else 1)
    return ("+" + text) if signed and value > 0 else text


def _hours(value: float) -> str:
    return format_number(value, 0 if float(value).is_integer() else 1) + " h"


def table(header: Sequence[str], rows: Sequence[Row]) -> list[str]:
    """Rows of a label and one cell per plan; a row without cells is a section title."""
    widths = [max([len(header[0])] + [len(label) for label, cells in rows if cells])]
    for i in range(1, len(header)):
        widths.append(max([len(header[i])] + [len(cells[i - 1]) for _l, cells in rows if cells]))
    lines = [
        "  ".join(
            [header[0].ljust(widths[0]), *(h.rjust(w) for h, w in zip(header[1:], widths[1:], strict=True))]
        )
    ]
    for label, cells in rows:
        if not cells:
            lines.append(label)
            continue
        lines.append(
            "  ".join(
                [label.ljust(widths[0]), *(c.rjust(w) for c, w in zip(cells, widths[1:], strict=True))]
            ).rstrip()
        )
    return lines


def comparison_rows(comparison: Comparison) -> list[Row]:
    plans = [comparison.current, *(s.figures for s in comparison.scenarios)]
    scen = comparison.scenarios
    currency = comparison.currency

    def each(get: Callable[[PlanFigures], str]) -> list[str]:
        return [get(p) for p in plans]

    def shifts(get: Callable[..., str]) -> list[str]:
        return ["—", *(get(s) for s in scen)]

    rows: list[Row] = [(_("Delay"), [])]
    rows.append(("  " + pgettext("scenario figure", "finish"), each(lambda p: format_moment(p.finish))))
    rows.append(
        (
            "  " + _("finish against the current plan (working days)"),
            shifts(lambda s: days_text(s.finish_shift_days)),
        )
    )
    if comparison.baseline is not None:
        label = _("slip against baseline {name} (working days)").format(name=clean_text(comparison.baseline))
        rows.append(("  " + label, each(lambda p: days_text(p.slip_days))))
    rows.append(("  " + _("P50 finish"), each(lambda p: format_moment(p.p50))))
    rows.append(("  " + _("P80 finish"), each(lambda p: format_moment(p.p80))))
    if comparison.before is not None:
        rows.append(
            (
                "  " + _("ready for window {window}").format(window=clean_text(comparison.before)),
                each(lambda p: "—" if p.ready is None else format_moment(p.ready)),
            )
        )
        window = clean_text(comparison.before)
        start = _("start of window {window}").format(window=window)
        rows.append(("  " + start, each(lambda p: "—" if p.due is None else format_moment(p.due))))
        label = _("chance of being ready before it starts")
    else:
        label = _("chance of meeting the project's finish date")
    rows.append(
        (
            "  " + label,
            each(lambda p: "—" if p.probability is None else format_percent(100 * p.probability, 0)),
        )
    )
    deadlines = list(dict.fromkeys(d.task for p in plans for d in p.deadlines))
    for task in deadlines:

        def chance(p: PlanFigures, task: str = task) -> str:
            found = next((d for d in p.deadlines if d.task == task), None)
            return "—" if found is None else format_percent(100 * found.probability, 0)

        rows.append(
            ("  " + _("chance of meeting the deadline of {task}").format(task=clean_text(task)), each(chance))
        )
    rows.append(("  " + _("critical tasks"), each(lambda p: format_number(len(p.critical)))))
    rows.append((_("Cost"), []))
    rows.append(("  " + _("budget (BAC)"), each(lambda p: format_money(p.cost, currency))))
    rows.append(
        (
            "  " + _("cost against the current plan"),
            shifts(lambda s: ("+" if s.cost_delta > 0 else "") + format_money(s.cost_delta, currency)),
        )
    )
    rows.append(("  " + _("overtime"), each(lambda p: _hours(p.overtime_hours))))
    rows.append(("  " + _("contractor hours"), each(lambda p: _hours(p.contractor_hours))))
    rows.append(
        (
            "  " + _("extra hours (overtime and contractor) against the current plan"),
            shifts(lambda s: ("+" if s.extra_hours_delta > 0 else "") + _hours(s.extra_hours_delta)),
        )
    )
    rows.append((_("Resources"), []))
    rows.append(("  " + _("over-allocated hours"), each(lambda p: _hours(p.over_hours))))
    for rid in dict.fromkeys(r.id for p in plans for r in p.resources):

        def peak(p: PlanFigures, rid: str = rid) -> str:
            found = next((r for r in p.resources if r.id == rid), None)
            if found is None:
                return "—"
            return f"{format_number(found.peak_units, 1)}/{format_number(found.capacity, 1)}"

        rows.append(
            (
                "  " + _("peak units, {resource} (booked/capacity)").format(resource=clean_text(rid)),
                each(peak),
            )
        )
    windows = list(dict.fromkeys(w.id for p in plans for w in p.windows))
    for wid in windows:

        def inside(p: PlanFigures, wid: str = wid) -> str:
            found = next((w for w in p.windows if w.id == wid), None)
            return "—" if found is None else _hours(found.hours)

        rows.append(
            ("  " + _("hours worked in window {window}").format(window=clean_text(wid)), each(inside))
        )
    rows.append(
        ("  " + _("tasks missing their window"), each(lambda p: format_number(len(p.windows_missed))))
    )
    return rows


def reason_text(reason: Reason) -> str:
    """Why a task moved, in words."""
    kind = reason.kind
    if kind is ReasonKind.OWN_CHANGE:
        return _("its own change: {fields}").format(fields=", ".join(reason.fields))
    if kind is ReasonKind.WINDOW:
        return _("waits for {window}").format(window=clean_text(reason.window or ""))
    if kind is ReasonKind.DRIVER_CHANGED:
        before = clean_text(reason.driver_before) if reason.driver_before else _("the project start")
        after = clean_text(reason.driver_after) if reason.driver_after else _("the project start")
        return _("now driven by {after} instead of {before}").format(after=after, before=before)
    if kind is ReasonKind.DRIVER_MOVED:
        return _("its driving predecessor {task} moved").format(task=clean_text(reason.driver_after or ""))
    return _("the status date, a constraint or leveling")


def _moved_lines(moved: Sequence[MovedTask]) -> list[str]:
    rows: list[Row] = [
        (
            clean_text(m.id),
            [
                format_moment(m.finish_before),
                format_moment(m.finish_after),
                days_text(m.shift_days),
                reason_text(m.reason),
            ],
        )
        for m in moved
    ]
    header = [_("task"), _("finish before"), _("finish after"), _("days"), _("reason")]
    lines = table(header, rows)
    # the reason reads better left-aligned: redo the last column
    width = max(len(r[1][3]) for r in rows) if rows else 0
    return [
        "  " + line[: len(line) - width].rstrip() + "  " + r
        for line, r in zip(lines, [header[4], *(r[1][3] for r in rows)], strict=True)
    ]


def render_comparison(comparison: Comparison) -> list[str]:
    """The lines `scenario compare` prints."""
    lines = []
    if comparison.status_date is not None:
        lines.append(
            _("Status date {date}; every plan computed from it with the same actuals.").format(
                date=format_moment(comparison.status_date)
            )
        )
    lines.append(
        _("Monte Carlo: {runs} runs, seed {seed}; {leveling}.").format(
            runs=comparison.runs,
            seed=comparison.seed,
            leveling=_("leveled") if comparison.leveled else _("not leveled"),
        )
    )
    header = [_("figure"), _("current plan"), *(clean_text(s.name) for s in comparison.scenarios)]
    lines.extend(table(header, comparison_rows(comparison)))
    for s in comparison.scenarios:
        lines.append("")
        lines.append(_("Scenario {name}").format(name=clean_text(s.name)))
        if s.critical_joined or s.critical_left:
            joined = ", ".join(clean_text(t) for t in s.critical_joined) or "—"
            left = ", ".join(clean_text(t) for t in s.critical_left) or "—"
            lines.append(
                "  " + _("critical path: joined by {joined}; left by {left}").format(joined=joined, left=left)
            )
        else:
            lines.append("  " + _("critical path unchanged"))
        for task, window in s.figures.windows_missed:
            lines.append(
                "  "
                + _("task {task} fits in no period of window {window}").format(
                    task=clean_text(task), window=clean_text(window)
                )
            )
        if s.moved:
            lines.append("  " + _("tasks moved most:"))
            lines.extend(_moved_lines(s.moved))
        else:
            lines.append("  " + _("no task moved"))
    return lines
