"""What plantrack keeps in MSPDI extended attributes, both ways: length source, estimate, gate, window,
exact % done, resource kind; and the project start when the header's disagrees with the tasks'."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from plantrack.formats.interchange import Report
from plantrack.formats.mspdi.common import ELAPSED_FORMATS, duration_format, format_minutes, parse_minutes
from plantrack.formats.mspdi.fields import (
    LENGTH_EFFORT,
    LENGTH_ELAPSED_EFFORT,
    LENGTH_ESTIMATE,
    RESOURCE_KIND,
    TASK_GATE,
    TASK_LENGTH,
    TASK_LIKELY,
    TASK_OPTIMISTIC,
    TASK_PERCENT,
    TASK_PESSIMISTIC,
    TASK_WINDOW,
    Field,
    Fields,
    write_value,
)
from plantrack.formats.xml_safe import int_of, text
from plantrack.i18n import _
from plantrack.i18n.formats import format_moment, format_number
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.errors import ModelError
from plantrack.scheduling.model import Estimate, Resource, ResourceKind, Task

#: A header start this much earlier than every task is not the plan's start (a stale template date).
FAR_BEFORE = dt.timedelta(days=366)
_TRUE = frozenset({"1", "true", "yes"})


# ---------------------------------------------------------------- writing


def write_task_extras(el: ET.Element, task: Task, minutes_per_day: int, percent: float | None) -> None:
    """The task's plantrack fields (after its id) as `<ExtendedAttribute>` elements."""
    if task.window:
        write_value(el, TASK_WINDOW, task.window)
    if task.duration is None and task.effort is not None:
        write_value(el, TASK_LENGTH, LENGTH_ELAPSED_EFFORT if task.effort.elapsed else LENGTH_EFFORT)
    elif task.duration is None and task.estimate is not None and not task.milestone:
        write_value(el, TASK_LENGTH, LENGTH_ESTIMATE)
    if task.gate:
        write_value(el, TASK_GATE, "1")
    if task.estimate is not None:
        for f, value in (
            (TASK_OPTIMISTIC, task.estimate.optimistic),
            (TASK_LIKELY, task.estimate.likely),
            (TASK_PESSIMISTIC, task.estimate.pessimistic),
        ):
            write_value(el, f, format_minutes(value.minutes), duration_format(value, minutes_per_day))
    if percent is not None and percent != round(percent):
        write_value(el, TASK_PERCENT, repr(percent))


def write_resource_kind(el: ET.Element, resource: Resource) -> None:
    write_value(el, RESOURCE_KIND, str(resource.kind))


# ---------------------------------------------------------------- reading


def _duration_field(fields: Fields, el: ET.Element, f: Field) -> Duration | None:
    attr = fields.attribute(el, f)
    minutes = parse_minutes(text(attr, "Value") or "") if attr is not None else None
    if attr is None or minutes is None:
        return None
    return Duration(minutes=minutes, elapsed=(int_of(attr, "DurationFormat", 7) or 7) in ELAPSED_FORMATS)


def read_estimate(fields: Fields, el: ET.Element, ident: str, report: Report) -> Estimate | None:
    points = [_duration_field(fields, el, f) for f in (TASK_OPTIMISTIC, TASK_LIKELY, TASK_PESSIMISTIC)]
    if all(p is None for p in points):
        return None
    o, m, p = points
    if o is None or m is None or p is None:
        report.warn(
            "estimate-partial",
            _("task {id}: three-point estimate incomplete; not imported").format(id=ident),
            (ident,),
        )
        return None
    try:
        return Estimate(optimistic=o, likely=m, pessimistic=p)
    except ModelError as exc:
        report.warn(
            "estimate-invalid",
            _("task {id}: {reason}; estimate not imported").format(id=ident, reason=exc),
            (ident,),
        )
        return None


def read_length(
    fields: Fields, el: ET.Element, ident: str, duration: Duration | None, report: Report
) -> tuple[Duration | None, Duration | None, Estimate | None]:
    """(duration, effort, estimate): effort tasks and estimate-only tasks written by plantrack come back
    as such; a duration changed in MS Project since (no longer the estimate's expected value) wins."""
    estimate = read_estimate(fields, el, ident, report)
    marker = (fields.value(el, TASK_LENGTH) or "").lower()
    if marker in (LENGTH_EFFORT, LENGTH_ELAPSED_EFFORT):
        work = parse_minutes(text(el, "Work") or "")
        if work is not None and work > 0:
            return None, Duration(minutes=work, elapsed=marker == LENGTH_ELAPSED_EFFORT), estimate
        report.warn(
            "effort-missing",
            _("task {id}: effort-driven but no work given; kept its duration").format(id=ident),
            (ident,),
        )
    if (
        marker == LENGTH_ESTIMATE
        and estimate is not None
        and duration is not None
        and duration.minutes == round(estimate.expected_minutes)
    ):
        return None, None, estimate
    return duration, None, estimate


def read_gate(fields: Fields, el: ET.Element, ident: str, milestone: bool, report: Report) -> bool:
    if (fields.value(el, TASK_GATE) or "").lower() not in _TRUE:
        return False
    if not milestone:
        report.warn(
            "gate-not-milestone",
            _("task {id} is flagged as a gate but is not a milestone").format(id=ident),
            (ident,),
        )
    return milestone


def read_window(fields: Fields, el: ET.Element, ident: str, windows: set[str], report: Report) -> str | None:
    window = fields.value(el, TASK_WINDOW)
    if window is None or window in windows:
        return window
    report.warn(
        "window-unknown",
        _("task {id} is bound to window {window}, which the file does not define; imported unbound").format(
            id=ident, window=repr(window)
        ),
        (ident,),
    )
    return None


def read_percent(fields: Fields, el: ET.Element, percent: float) -> float:
    """The exact % done plantrack wrote, unless MS Project's whole PercentComplete was changed since."""
    try:
        exact = float(fields.value(el, TASK_PERCENT) or "nan")
    except ValueError:
        return percent
    return exact if 0 <= exact <= 100 and round(exact) == round(percent) else percent


def read_kind(fields: Fields, el: ET.Element, ident: str, report: Report) -> ResourceKind:
    value = (fields.value(el, RESOURCE_KIND) or "").lower()
    if not value:
        return ResourceKind.PERSON
    try:
        return ResourceKind(value)
    except ValueError:
        report.warn(
            "resource-kind-unknown",
            _("resource {id}: unknown kind {kind}; read as person").format(id=ident, kind=repr(value)),
            (ident,),
        )
        return ResourceKind.PERSON


def project_start(
    header: dt.datetime | None, planned: list[dt.datetime], started: list[dt.datetime], report: Report
) -> dt.datetime | None:
    """The project start: the header's, unless the tasks' own dates contradict it.

    `planned` are the saved starts of leaf tasks without an actual start, `started` those of the rest.
    Unstarted work cannot begin before the project start, so a header after one of them is wrong (the
    CPM would push the whole plan after it); a header over a year before every task is a stale date.
    Both are replaced by the earliest task start, with a warning naming the gap.
    """
    if header is None or not planned:
        return header
    earliest = min(planned + started)
    if min(planned) < header:
        gap = header - earliest
        message = _(
            "the file's project start {start} is {gap} after its tasks' earliest start {earliest}; "
            "the project starts at the tasks' date"
        )
    elif earliest - header > FAR_BEFORE:
        gap = earliest - header
        message = _(
            "the file's project start {start} is {gap} before its tasks' earliest start {earliest}; "
            "the project starts at the tasks' date"
        )
    else:
        return header
    report.warn(
        "start-date-mismatch",
        message.format(start=format_moment(header), gap=_span(gap), earliest=format_moment(earliest)),
    )
    return earliest


def _span(gap: dt.timedelta) -> str:
    days = gap.days
    if days >= 60:
        if days >= 365:
            return _("{days} days (about {years} years)").format(
                days=days, years=format_number(days / 365.25, 1)
            )
        return _("{days} days").format(days=days)
    hours = round(gap.total_seconds() / 3600)
    return _("{days} days").format(days=days) if days >= 2 else _("{hours} hours").format(hours=hours)
