"""GNOME Planner `.planner` reader: nested tasks, predecessors with lags (seconds), constraints,
calendars, resources, allocations and completion.

Planner tasks are fixed-work by default: a task with allocations becomes effort-driven (its work shared by
the allocated units), one without keeps its work as its duration.
"""

from __future__ import annotations

import datetime as dt
import math
import xml.etree.ElementTree as ET
from pathlib import Path

from plantrack.formats.interchange import ImportedPlan, Report
from plantrack.formats.xml_safe import parse_xml
from plantrack.i18n import N_, Nn_, _
from plantrack.scheduling.duration import MAX_MINUTES, Duration
from plantrack.scheduling.errors import InvalidInput, ModelError, Problem
from plantrack.scheduling.model import (
    STANDARD_HOURS,
    Assignment,
    Calendar,
    Constraint,
    ConstraintKind,
    DayHours,
    Link,
    LinkType,
    Period,
    Project,
    Resource,
    Task,
    TimeRange,
)
from plantrack.scheduling.tracking.records import ProgressRecord

_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_CONSTRAINTS = {
    "start-no-earlier-than": ConstraintKind.START_NO_EARLIER_THAN,
    "must-start-on": ConstraintKind.MUST_START_ON,
}
#: Longest work, duration or lag in seconds (Planner's unit): the model's limit of about 100 years.
MAX_SECONDS = MAX_MINUTES * 60
SECONDS = N_("a number of seconds")


def _time(value: str | None) -> dt.datetime | None:
    """`20070223T080000Z` -> 2007-02-23 08:00 (Planner writes wall-clock times with a Z)."""
    if not value:
        return None
    try:
        return dt.datetime.strptime(value.strip().rstrip("Z"), "%Y%m%dT%H%M%S")
    except ValueError:
        return None


def _int(value: str | None, report: Report, where: str, expected: str, limit: int, default: int = 0) -> int:
    """The attribute's whole number; a damaged one (`1e400`, `NaN`, `1!`, out of range) is an error naming
    the element, so the file is refused rather than read with a guess (or with an overflow further on)."""
    if value is None or not value.strip():
        return default
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if math.isfinite(number) and abs(number) <= limit:
        return int(number)
    shown = value[:40]
    if math.isfinite(number):
        report.error(
            "planner-number",
            _("{where}: {value} is out of range for {expected} (at most {limit})").format(
                where=where, value=repr(shown), expected=_(expected), limit=limit
            ),
        )
    else:
        report.error(
            "planner-number",
            _("{where}: {value} is not {expected}").format(
                where=where, value=repr(shown), expected=_(expected)
            ),
        )
    return default


def _calendars(root: ET.Element, report: Report) -> list[Calendar]:
    """Each calendar (children inherit their parent's week and day types); a weekday of a day type of its
    own (a short Friday) keeps that type's hours, a date of one keeps them as an exception."""
    out: list[Calendar] = []
    Types = dict[str, tuple[TimeRange, ...]]
    Exceptions = tuple[tuple[Period, ...], tuple[Period, ...]]  # off, extra

    def visit(element: ET.Element, base: dict[int, str], inherited: Types, exceptions: Exceptions) -> None:
        week = element.find("default-week")
        kinds = dict(base)  # weekday -> day type: 0 working, 1 not, 3+ a type with hours of its own
        for i, name in enumerate(_DAYS):
            kind = week.get(name, "2") if week is not None else "2"
            if kind != "2":  # 2 is "use the parent's"
                kinds[i] = kind
        types = dict(inherited)
        for overridden in element.iterfind("overridden-day-types/overridden-day-type"):
            where = _("calendar {calendar}, day type {day_type}").format(
                calendar=element.get("id"), day_type=overridden.get("id")
            )
            types[overridden.get("id") or ""] = tuple(
                r
                for i in overridden.iterfind("interval")
                if (r := _interval(i.get("start"), i.get("end"), report, where)) is not None
            )
        days, extra = list(exceptions[0]), list(exceptions[1])
        for day in element.iterfind("days/day"):
            when = _time((day.get("date") or "") + "T000000")
            kind = day.get("id") or ""
            if when is None or day.get("type") != "day-type" or kind == "2":
                continue
            days.append(Period(start=when, end=when + dt.timedelta(days=1)))
            if kind not in ("0", "1") and kind not in types:
                report.count(
                    "calendar-day",
                    Nn_(
                        "{n} calendar day of an unknown day type imported as off",
                        "{n} calendar days of an unknown day type imported as off",
                    ),
                )
            for r in types.get(kind, ()) if kind != "1" else ():
                extra.append(
                    Period(start=when + dt.timedelta(minutes=r.start), end=when + dt.timedelta(minutes=r.end))
                )
        hours = types.get("0", STANDARD_HOURS)
        working = [
            d
            for d in range(7)
            if kinds.get(d) == "0" or (kinds.get(d) not in ("0", "1") and types.get(kinds.get(d) or ""))
        ]
        own = tuple(
            DayHours(weekday=d, hours=types[kinds[d]])
            for d in working
            if kinds[d] != "0" and types[kinds[d]] != hours
        )
        try:
            out.append(
                Calendar(
                    id=f"cal{element.get('id')}",
                    name=element.get("name") or "",
                    weekdays=tuple(working),
                    hours=hours,
                    week_hours=own,
                    off=tuple(days),
                    extra=tuple(extra),
                )
            )
        except ModelError as exc:  # overlapping or empty hours: named with the calendar, not a bare error
            report.error(
                exc.code(), _("calendar {calendar}: {reason}").format(calendar=element.get("id"), reason=exc)
            )
        for child in element.findall("calendar"):
            visit(child, kinds, types, (tuple(days), tuple(extra)))

    for element in root.findall("calendars/calendar"):
        visit(element, {d: "0" if d < 5 else "1" for d in range(7)}, {"0": STANDARD_HOURS}, ((), ()))
    return out


def _interval(start: str | None, end: str | None, report: Report, where: str) -> TimeRange | None:
    """`0800`-`1200`; an end at or before the start (`2200`-`0600`) runs past midnight, a night shift.

    None (and an error naming the day type) when a bound is not a time of day written `HHMM`."""
    a, b = _hm(start), _hm(end, end=True)
    if a is None or b is None:
        report.error(
            "planner-interval",
            _("{where}: interval {start}-{end} is not two times HHMM").format(
                where=where, start=repr(start), end=repr(end)
            ),
        )
        return None
    try:
        return TimeRange(start=a, end=b if b > a else b + 1440)
    except ModelError as exc:
        report.error(
            exc.code(),
            _("{where}: interval {start}-{end}: {reason}").format(
                where=where, start=repr(start), end=repr(end), reason=exc
            ),
        )
        return None


def _hm(value: str | None, end: bool = False) -> int | None:
    text = (value or "0000").strip().zfill(4)
    if len(text) != 4 or not text.isdigit() or not text.isascii() or int(text[:2]) > 24 or int(text[2:]) > 59:
        return None
    minutes = int(text[:2]) * 60 + int(text[2:4])
    if minutes > 1440:
        return None
    return 1440 if end and minutes == 0 else minutes


def read_planner(path: Path, data: bytes | None = None) -> ImportedPlan:
    root = parse_xml(path, kind="Planner", data=data)
    start = _time(root.get("project-start"))
    if root.tag != "project" or root.find("tasks") is None or start is None:
        raise InvalidInput(
            [
                Problem(
                    code="planner-root",
                    message=_("{file} is not a GNOME Planner file with a project start").format(
                        file=path.name
                    ),
                    location=path.name,
                )
            ]
        )
    report = Report(path.name)
    calendars = _calendars(root, report)
    known_calendars = {c.id for c in calendars}
    resources: list[Resource] = []
    for res in root.iterfind("resources/resource"):
        rid = f"r{res.get('id')}"
        if res.get("type") == "2":
            report.warn(
                "resource-unsupported",
                _("material resource {name} skipped").format(name=repr(res.get("name"))),
            )
            continue
        rate = max(
            0.0,
            float(res.get("std-rate") or 0)
            if (res.get("std-rate") or "0").replace(".", "", 1).isdigit()
            else 0.0,
        )
        calendar = f"cal{res.get('calendar')}" if res.get("calendar") else None
        resources.append(
            Resource(
                id=rid,
                name=report.name(res.get("name"), "resource", rid),
                rate=rate,
                calendar=calendar if calendar in known_calendars else None,
            )
        )
    res_ids = {r.id for r in resources}
    elements: list[tuple[ET.Element, str | None]] = []
    stack: list[tuple[ET.Element, str | None]] = [(t, None) for t in reversed(root.findall("tasks/task"))]
    while stack:
        element, parent = stack.pop()
        elements.append((element, parent))
        stack.extend((c, element.get("id")) for c in reversed(element.findall("task")))
    parents = {p for _e, p in elements if p is not None}
    ids = {e.get("id") for e, _p in elements}
    assignments: list[Assignment] = []
    for alloc in root.iterfind("allocations/allocation"):
        task, rid = alloc.get("task-id") or "", f"r{alloc.get('resource-id')}"
        if task not in ids or rid not in res_ids or task in parents:
            report.count(
                "allocation-skipped",
                Nn_(
                    "{n} allocation on summaries or missing items skipped",
                    "{n} allocations on summaries or missing items skipped",
                ),
            )
            continue
        where = _("<allocation> of resource {resource} to task {task}").format(
            resource=alloc.get("resource-id"), task=task
        )
        assignments.append(
            Assignment(
                task=task,
                resource=rid,
                units=max(
                    1, _int(alloc.get("units"), report, f"{where}, units", N_("a percentage"), 10**6, 100)
                )
                / 100,
            )
        )
    assigned = {a.task for a in assignments}
    tasks: list[Task] = []
    links: list[Link] = []
    progress: list[ProgressRecord] = []
    for element, parent in elements:
        ident = element.get("id") or ""
        summary = ident in parents
        milestone = element.get("type") == "milestone" and not summary
        where = _("task {task}").format(task=ident)
        work = Duration(
            minutes=_int(element.get("work"), report, f"{where}, work", SECONDS, MAX_SECONDS) // 60
        )
        fixed_duration = element.get("scheduling") == "fixed-duration" and element.get("duration")
        duration: Duration | None = None
        effort: Duration | None = None
        if not summary and not milestone:
            if fixed_duration:
                seconds = _int(element.get("duration"), report, f"{where}, duration", SECONDS, MAX_SECONDS)
                duration = Duration(minutes=seconds // 60)
            elif ident in assigned and work.minutes > 0:
                effort = work
            else:
                duration = work
        constraints = []
        for c in element.iterfind("constraint"):
            kind, when = _CONSTRAINTS.get(c.get("type") or ""), _time(c.get("time"))
            if kind and when:
                constraints.append(Constraint(kind=kind, date=when))
            else:
                report.count(
                    "constraint-unsupported",
                    Nn_(
                        "{n} constraint of unsupported kinds dropped",
                        "{n} constraints of unsupported kinds dropped",
                    ),
                )
        try:
            tasks.append(
                Task(
                    id=ident,
                    name=report.name(element.get("name"), "task", ident),
                    duration=duration,
                    effort=effort,
                    milestone=milestone,
                    parent=parent,
                    constraints=tuple(constraints),
                    priority=min(
                        1000,
                        max(
                            0,
                            _int(
                                element.get("priority"), report, f"{where}, priority", N_("a priority"), 10**9
                            ),
                        ),
                    ),
                    notes=report.notes(element.get("note")),
                )
            )
        except ModelError as exc:
            report.error(exc.code(), _("task {task}: {reason}").format(task=ident, reason=exc), (ident,))
        for pred in element.iterfind("predecessors/predecessor"):
            other = pred.get("predecessor-id")
            if other not in ids:
                report.count(
                    "link-unknown",
                    Nn_(
                        "{n} predecessor naming missing tasks skipped",
                        "{n} predecessors naming missing tasks skipped",
                    ),
                )
                continue
            kind_name = pred.get("type") or "FS"
            links.append(
                Link(
                    predecessor=other or "",
                    successor=ident,
                    type=LinkType(kind_name) if kind_name in LinkType.__members__ else LinkType.FS,
                    lag=Duration(
                        minutes=_int(
                            pred.get("lag"),
                            report,
                            _("{where}, lag after {task}").format(where=where, task=other),
                            SECONDS,
                            MAX_SECONDS,
                        )
                        // 60
                    ),
                )
            )
        percent = _int(
            element.get("percent-complete"), report, f"{where}, percent-complete", N_("a percentage"), 10**6
        )
        if percent > 0 and not summary:
            progress.append(
                ProgressRecord(
                    task=ident,
                    status_date=start,
                    percent_complete=min(100, percent),
                    actual_start=_time(element.get("work-start") or element.get("start")),
                )
            )
    calendar = f"cal{root.get('calendar')}"
    if calendar not in known_calendars:
        calendars.append(Calendar(id="standard"))
        calendar = "standard"
    latest = max([start, *(p.actual_start for p in progress if p.actual_start)])
    progress = [
        ProgressRecord(
            task=p.task, status_date=latest, percent_complete=p.percent_complete, actual_start=p.actual_start
        )
        for p in progress
    ]
    try:
        project = Project(
            name=report.name(root.get("name"), "project", "project") or path.stem,
            start=start,
            calendar=calendar,
            calendars=tuple(calendars),
            resources=tuple(resources),
            tasks=tuple(tasks),
            links=tuple(links),
            assignments=tuple(assignments),
        )
    except ModelError as exc:
        report.error(exc.code(), str(exc))
        report.finish()
        raise
    return ImportedPlan(project=project, warnings=report.finish(), progress=progress)


def load_planner(path: Path) -> tuple[Project, list[Problem]]:
    plan = read_planner(path)
    return plan.project, plan.warnings
