"""MSPDI tasks: the outline, each task's fields and constraints, and the links between tasks."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from plantrack.formats.interchange import Report
from plantrack.formats.mspdi.calendar import calendar_id
from plantrack.formats.mspdi.common import (
    CONSTRAINT_KINDS,
    CONSTRAINT_NAMES,
    ELAPSED_FORMATS,
    LINK_TYPES,
    PERCENT_FORMATS,
    parse_datetime,
    parse_minutes,
)
from plantrack.formats.mspdi.extras import read_gate, read_length, read_window
from plantrack.formats.mspdi.fields import TASK_ID, Fields
from plantrack.formats.xml_safe import float_of, int_of, text
from plantrack.i18n import Nn_, _
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.errors import ModelError
from plantrack.scheduling.model import Calendar, Constraint, Link, Task, Window
from plantrack.scheduling.tracking.records import BaselineTask, ProgressRecord


@dataclass
class TaskReader:
    report: Report
    fields: Fields
    minutes_per_day: int = 480
    windows: dict[str, Window] = field(default_factory=dict)
    must_finish: dict[str, dt.datetime] = field(default_factory=dict)  # task id -> must-finish-on date
    calendars: dict[str, Calendar] = field(default_factory=dict)
    task_ids: dict[str, str] = field(default_factory=dict)  # UID -> plantrack id
    resource_ids: dict[str, str] = field(default_factory=dict)
    summaries: set[str] = field(default_factory=set)
    tasks: list[Task] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    baseline_tasks: dict[int, list[BaselineTask]] = field(default_factory=dict)
    progress: list[ProgressRecord] = field(default_factory=list)

    def duration(self, element: ET.Element, tag: str, format_tag: str) -> Duration | None:
        value = text(element, tag)
        minutes = parse_minutes(value) if value else None
        if minutes is None:
            return None
        return Duration(minutes=minutes, elapsed=(int_of(element, format_tag, 7) or 7) in ELAPSED_FORMATS)

    def calendar(self, uid: str | None) -> str | None:
        if uid is None or uid == "-1":
            return None
        ident = calendar_id(uid)
        return ident if ident in self.calendars else None


def outline(reader: TaskReader, root: ET.Element) -> list[tuple[ET.Element, str, str | None]]:
    """(element, id, parent id) of each real task, in file order; parents from outline levels."""
    out: list[tuple[ET.Element, str, str | None]] = []
    stack: list[tuple[int, str]] = []
    used: set[str] = set()
    for element in root.iterfind("Tasks/Task"):
        uid = text(element, "UID")
        level = int_of(element, "OutlineLevel", 1) or 0
        if uid is None or level <= 0 or text(element, "ID") == "0":
            continue  # the project summary task
        if text(element, "IsNull") == "1":
            reader.report.count(
                "task-blank", Nn_("{n} blank task row skipped", "{n} blank task rows skipped")
            )
            continue
        ident = reader.fields.own_id(element, TASK_ID) or uid
        if ident in used:
            ident = f"{ident}-{uid}"
        used.add(ident)
        reader.task_ids[uid] = ident
        while stack and stack[-1][0] >= level:
            stack.pop()
        parent = stack[-1][1] if stack else None
        if parent is not None:
            reader.summaries.add(parent)
        stack.append((level, ident))
        out.append((element, ident, parent))
    return out


def constraints(reader: TaskReader, el: ET.Element, ident: str) -> tuple[Constraint, ...]:
    code = int_of(el, "ConstraintType", 0) or 0
    when = parse_datetime(text(el, "ConstraintDate"))
    if code == 0:
        return ()
    if code == 3 and when is not None and ident not in reader.summaries:
        reader.must_finish[ident] = when  # pinned once the plan's calendars and resources are known
        return ()
    kind = CONSTRAINT_KINDS.get(code)
    if kind is None or when is None:
        what = _(CONSTRAINT_NAMES[code]) if code in CONSTRAINT_NAMES else _("type {code}").format(code=code)
        reader.report.warn(
            "constraint-unsupported",
            _("task {id}: constraint '{constraint}' is not supported by plantrack and was dropped").format(
                id=ident, constraint=what
            ),
            (ident,),
        )
        return ()
    return (Constraint(kind=kind, date=when),)


def read_task(reader: TaskReader, el: ET.Element, ident: str, parent: str | None) -> Task | None:
    report = reader.report
    summary = ident in reader.summaries
    duration = None if summary else reader.duration(el, "Duration", "DurationFormat")
    effort = estimate = None
    if not summary:
        duration, effort, estimate = read_length(reader.fields, el, ident, duration, report)
    if duration is None and effort is None and estimate is None and not summary:
        report.warn(
            "duration-missing", _("task {id} has no duration; imported as 0").format(id=ident), (ident,)
        )
        duration = Duration(minutes=0)
    milestone = not summary and duration is not None and duration.minutes == 0
    if text(el, "Milestone") == "1" and not milestone and not summary:
        report.warn(
            "milestone-with-duration",
            _("task {id} is flagged as a milestone but lasts {minutes} minutes; imported as a task").format(
                id=ident, minutes=duration.minutes if duration else 0
            ),
            (ident,),
        )
    if text(el, "Manual") == "1":
        report.count(
            "manual-task",
            Nn_(
                "{n} manually scheduled task imported as automatically scheduled",
                "{n} manually scheduled tasks imported as automatically scheduled",
            ),
        )
    if text(el, "Recurring") == "1" and summary:
        report.count(
            "recurring-task",
            Nn_(
                "{n} recurring task imported as a summary of its occurrences",
                "{n} recurring tasks imported as a summary of its occurrences",
            ),
        )
    try:
        return Task(
            id=ident,
            name=report.name(text(el, "Name"), "task", ident),
            duration=duration,
            effort=effort,
            estimate=estimate,
            milestone=milestone,
            gate=read_gate(reader.fields, el, ident, milestone, report),
            parent=parent,
            constraints=constraints(reader, el, ident),
            deadline=parse_datetime(text(el, "Deadline")),
            priority=min(1000, max(0, int_of(el, "Priority", 500) or 0)),
            owner=report.name(text(el, "Contact"), "owner", ident),
            fixed_cost=max(0.0, float_of(el, "FixedCost", 0.0) or 0.0) / 100,  # in cents
            window=read_window(reader.fields, el, ident, set(reader.windows), report),
            leveling_delay=None if summary else leveling_delay(el),
            calendar=reader.calendar(text(el, "CalendarUID")),
            notes=report.notes(text(el, "Notes")),
        )
    except ModelError as exc:
        for p in exc.problems():
            report.error(
                p.code, _("task UID {uid}: {reason}").format(uid=text(el, "UID"), reason=p.message), (ident,)
            )
        return None


def leveling_delay(el: ET.Element) -> Duration | None:
    """MS Project's leveling delay (tenths of a minute in `LevelingDelayFormat`); None when there is none."""
    tenths = int_of(el, "LevelingDelay", 0) or 0
    if tenths <= 0:
        return None
    elapsed = (int_of(el, "LevelingDelayFormat", 7) or 7) in ELAPSED_FORMATS
    return Duration(minutes=round(tenths / 10), elapsed=elapsed)


def read_links(reader: TaskReader, el: ET.Element, ident: str) -> None:
    for link in el.iterfind("PredecessorLink"):
        pred = reader.task_ids.get(text(link, "PredecessorUID") or "")
        if text(link, "CrossProject") == "1" or pred is None:
            reader.report.count(
                "link-external",
                Nn_(
                    "{n} link to tasks outside the file skipped",
                    "{n} links to tasks outside the file skipped",
                ),
            )
            continue
        lag_format = int_of(link, "LagFormat", 7) or 7
        tenths = int_of(link, "LinkLag", 0) or 0
        if lag_format in PERCENT_FORMATS and tenths:
            reader.report.warn(
                "lag-percent",
                _(
                    "link {predecessor} → {successor}: a lag in percent of the predecessor is not supported; "
                    "imported as 0"
                ).format(predecessor=pred, successor=ident),
                (pred, ident),
            )
            tenths = 0
        lag = Duration(minutes=round(tenths / 10), elapsed=lag_format in ELAPSED_FORMATS)
        kind = LINK_TYPES.get(int_of(link, "Type", 1) or 0)
        if kind is None:
            reader.report.warn(
                "link-type-unknown",
                _("link {predecessor} → {successor}: unknown type; read as FS").format(
                    predecessor=pred, successor=ident
                ),
            )
        reader.links.append(Link(predecessor=pred, successor=ident, type=kind or LINK_TYPES[1], lag=lag))
