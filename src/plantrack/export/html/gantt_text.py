"""The Gantt's words: instants as the figure's data and as a reader sees them, and the hover text of a bar
(shared by the plan's Gantt, the network figure and the scenarios' Gantt)."""

from __future__ import annotations

import datetime as dt

from plantrack.export.html.escape import plot_text
from plantrack.export.html.view import TaskKind, TaskState, TaskView
from plantrack.export.labels import percent_units, plain, signed
from plantrack.i18n import N_, _, language
from plantrack.i18n.formats import format_moment

STATE_LABELS: dict[TaskState, str] = {
    TaskState.DONE: N_("Done"),
    TaskState.ON_TRACK: N_("On track"),
    TaskState.LATE: N_("Late (finish after baseline)"),
    TaskState.CRITICAL: N_("Critical (zero float)"),
}


def iso(when: dt.datetime) -> str:
    return when.isoformat(sep=" ", timespec="minutes")


def shown(when: dt.datetime) -> str:
    """A date and time as a reader sees it (the figure's data keeps `iso`, which plotly parses)."""
    return iso(when) if language() == "en" else format_moment(when)


def duration_ms(start: dt.datetime, finish: dt.datetime) -> float:
    return (finish - start).total_seconds() * 1000


def hover_text(task: TaskView) -> str:
    """Everything a committee member asks about one bar, user text escaped."""
    lines = [f"<b>{plot_text(task.id)} · {plot_text(task.name)}</b>"]
    if task.kind is TaskKind.MILESTONE:
        lines.append(_("Milestone: {date}").format(date=shown(task.finish)))
    else:
        lines.append(
            _("Start: {start} · Finish: {finish}").format(start=shown(task.start), finish=shown(task.finish))
        )
    if task.baseline_finish is not None and task.baseline_start is not None:
        lines.append(
            _("Baseline: {start} → {finish}").format(
                start=shown(task.baseline_start), finish=shown(task.baseline_finish)
            )
        )
    if task.finish_variance_days is not None:
        lines.append(
            _("Finish variance: {days} days of its calendar").format(
                days=signed(task.finish_variance_days, 1)
            )
        )
    float_text = _("Total float: {hours} h").format(hours=plain(task.total_float_hours, 1))
    lines.append(float_text + (_(" · critical") if task.critical else ""))
    lines.append(
        _("State: {state} · {percent} complete").format(
            state=_(STATE_LABELS[task.state]), percent=percent_units(task.percent_complete, 0)
        )
    )
    if task.owner:
        lines.append(_("Owner: {owner}").format(owner=plot_text(task.owner)))
    if task.resources:
        lines.append(_("Resources: {names}").format(names=", ".join(plot_text(r) for r in task.resources)))
    if task.cause:
        lines.append(_("Cause: {cause}").format(cause=plot_text(task.cause)))
    return "<br>".join(lines)
