"""MS Project XML (MSPDI) reader: tasks, outline, links, constraints, calendars, resources, assignments,
baselines and actuals, with a warning for everything plantrack cannot carry."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from plantrack.formats.interchange import ImportedPlan, Report, make_baseline
from plantrack.formats.mspdi.calendar import calendar_id, read_calendars
from plantrack.formats.mspdi.common import (
    CONSTRAINT_KINDS,
    CONSTRAINT_NAMES,
    ELAPSED_FORMATS,
    LINK_TYPES,
    PERCENT_FORMATS,
    parse_datetime,
    parse_minutes,
)
from plantrack.formats.mspdi.constraints import with_must_finish
from plantrack.formats.mspdi.extras import (
    project_start,
    read_gate,
    read_length,
    read_percent,
    read_window,
)
from plantrack.formats.mspdi.fields import TASK_ID, Fields
from plantrack.formats.mspdi.resources import read_assignments, read_resources
from plantrack.formats.mspdi.windows import read_window as window_of
from plantrack.formats.xml_safe import float_of, int_of, parse_xml, text
from plantrack.i18n import Nn_
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.errors import InvalidInput, ModelError, Problem
from plantrack.scheduling.model import (
    Calendar,
    Constraint,
    Link,
    Project,
    Task,
    Window,
)
from plantrack.scheduling.tracking.records import BaselineTask, ProgressRecord


@dataclass
class _Reader:
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


def _outline(reader: _Reader, root: ET.Element) -> list[tuple[ET.Element, str, str | None]]:
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


def _constraints(reader: _Reader, el: ET.Element, ident: str) -> tuple[Constraint, ...]:
    code = int_of(el, "ConstraintType", 0) or 0
    when = parse_datetime(text(el, "ConstraintDate"))
    if code == 0:
        return ()
    if code == 3 and when is not None and ident not in reader.summaries:
        reader.must_finish[ident] = when  # pinned once the plan's calendars and resources are known
        return ()
    kind = CONSTRAINT_KINDS.get(code)
    if kind is None or when is None:
        what = CONSTRAINT_NAMES.get(code, f"type {code}")
        reader.report.warn(
            "constraint-unsupported",
            f"task {ident}: constraint '{what}' is not supported by plantrack and was dropped",
            (ident,),
        )
        return ()
    return (Constraint(kind=kind, date=when),)


def _task(reader: _Reader, el: ET.Element, ident: str, parent: str | None) -> Task | None:
    report = reader.report
    summary = ident in reader.summaries
    duration = None if summary else reader.duration(el, "Duration", "DurationFormat")
    effort = estimate = None
    if not summary:
        duration, effort, estimate = read_length(reader.fields, el, ident, duration, report)
    if duration is None and effort is None and estimate is None and not summary:
        report.warn("duration-missing", f"task {ident} has no duration; imported as 0", (ident,))
        duration = Duration(minutes=0)
    milestone = not summary and duration is not None and duration.minutes == 0
    if text(el, "Milestone") == "1" and not milestone and not summary:
        report.warn(
            "milestone-with-duration",
            f"task {ident} is flagged as a milestone but lasts {duration.minutes if duration else 0} "
            "minutes; imported as a task",
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
            constraints=_constraints(reader, el, ident),
            deadline=parse_datetime(text(el, "Deadline")),
            priority=min(1000, max(0, int_of(el, "Priority", 500) or 0)),
            owner=report.name(text(el, "Contact"), "owner", ident),
            fixed_cost=max(0.0, float_of(el, "FixedCost", 0.0) or 0.0) / 100,  # in cents
            window=read_window(reader.fields, el, ident, set(reader.windows), report),
            leveling_delay=None if summary else _leveling_delay(el),
            calendar=reader.calendar(text(el, "CalendarUID")),
            notes=report.notes(text(el, "Notes")),
        )
    except ModelError as exc:
        for p in exc.problems():
            report.error(p.code, f"task UID {text(el, 'UID')}: {p.message}", (ident,))
        return None


def _leveling_delay(el: ET.Element) -> Duration | None:
    """MS Project's leveling delay (tenths of a minute in `LevelingDelayFormat`); None when there is none."""
    tenths = int_of(el, "LevelingDelay", 0) or 0
    if tenths <= 0:
        return None
    elapsed = (int_of(el, "LevelingDelayFormat", 7) or 7) in ELAPSED_FORMATS
    return Duration(minutes=round(tenths / 10), elapsed=elapsed)


def _links(reader: _Reader, el: ET.Element, ident: str) -> None:
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
                f"link {pred} → {ident}: a lag in percent of the predecessor is not supported; imported as 0",
                (pred, ident),
            )
            tenths = 0
        lag = Duration(minutes=round(tenths / 10), elapsed=lag_format in ELAPSED_FORMATS)
        kind = LINK_TYPES.get(int_of(link, "Type", 1) or 0)
        if kind is None:
            reader.report.warn("link-type-unknown", f"link {pred} → {ident}: unknown type; read as FS")
        reader.links.append(Link(predecessor=pred, successor=ident, type=kind or LINK_TYPES[1], lag=lag))


def _tracking(reader: _Reader, el: ET.Element, task: Task, status: dt.datetime) -> None:
    summary = task.id in reader.summaries
    for b in el.iterfind("Baseline"):
        number = int_of(b, "Number", 0) or 0
        start, finish = parse_datetime(text(b, "Start")), parse_datetime(text(b, "Finish"))
        minutes = parse_minutes(text(b, "Duration") or "")
        if start is None or finish is None or minutes is None or finish < start:
            reader.report.count(
                "baseline-partial",
                Nn_(
                    "{n} baseline entry without start, finish and duration skipped",
                    "{n} baseline entries without start, finish and duration skipped",
                ),
            )
            continue
        reader.baseline_tasks.setdefault(number, []).append(
            BaselineTask(
                id=task.id,
                name=task.name,
                start=start,
                finish=finish,
                duration_minutes=minutes,
                work_minutes=parse_minutes(text(b, "Work") or "") or 0,
                cost=(float_of(b, "Cost", 0.0) or 0.0) / 100,  # MSPDI baseline costs are in cents
                milestone=task.milestone,
                summary=summary,
            )
        )
    if summary:
        return
    started = parse_datetime(text(el, "ActualStart"))
    finished = parse_datetime(text(el, "ActualFinish"))
    percent = read_percent(reader.fields, el, float_of(el, "PercentComplete", 0.0) or 0.0)
    if started is None and finished is None and percent <= 0:
        return
    remaining = parse_minutes(text(el, "RemainingDuration") or "")
    work = parse_minutes(text(el, "ActualWork") or "")
    cost = float_of(el, "ActualCost")
    try:
        reader.progress.append(
            ProgressRecord(
                task=task.id,
                status_date=status,
                actual_start=started,
                actual_finish=finished,
                percent_complete=min(100.0, max(0.0, percent)),
                remaining_minutes=None if finished or remaining is None else max(0, remaining),
                hours=work / 60 if work else None,
                cost=cost / 100 if cost else None,  # MSPDI costs are in cents
            )
        )
    except ModelError as exc:
        reader.report.warn("actuals-invalid", f"task {task.id}: actuals skipped: {exc}", (task.id,))


def _start(
    reader: _Reader, root: ET.Element, outline: list[tuple[ET.Element, str, str | None]]
) -> dt.datetime | None:
    """The header's start date, checked against the tasks' own start dates; theirs when it is absent."""
    planned: list[dt.datetime] = []
    manual: list[dt.datetime] = []  # MS Project lets a manually scheduled task sit before the start
    started: list[dt.datetime] = []
    for el, ident, _parent in outline:
        when = parse_datetime(text(el, "Start"))
        if when is not None and ident not in reader.summaries:
            if text(el, "ActualStart"):
                started.append(when)
            else:
                (manual if text(el, "Manual") == "1" else planned).append(when)
    header = parse_datetime(text(root, "StartDate"))
    if header is None:
        return min(planned + manual + started, default=None)
    return project_start(header, planned or manual, started, reader.report)


def _pin_must_finish(reader: _Reader, project: Project) -> Project:
    """Tasks MS Project must finish on a date: pinned to start where their work ends on that date."""
    must_finish = {k: v for k, v in reader.must_finish.items() if k in project.task_map()}
    project, starts = with_must_finish(project, must_finish)
    for ident, start in starts.items():
        finish = f"{must_finish[ident]:%Y-%m-%d %H:%M}"
        pinned = "" if start is None else f"must-start-on {start:%Y-%m-%d %H:%M} and "
        reader.report.warn(
            "constraint-must-finish-on",
            f"task {ident}: 'must finish on {finish}' imported as {pinned}finish-no-later-than {finish} "
            "(plantrack has no must-finish-on)",
            (ident,),
        )
    return project


def read_mspdi(path: Path, data: bytes | None = None) -> ImportedPlan:
    """Read an MSPDI file; InvalidInput (exit 1, nothing written) on unsafe or unusable input."""
    try:
        return _read(path, data)
    except ModelError as exc:  # a value breaking a model rule outside the checks below: name the file
        raise InvalidInput([p.located(path.name) for p in exc.problems()]) from None


def _read(path: Path, data: bytes | None) -> ImportedPlan:
    root = parse_xml(path, kind="MSPDI", data=data)
    if root.tag != "Project":
        raise InvalidInput(
            [
                Problem(
                    code="mspdi-root",
                    message=f"{path.name}: root element is <{root.tag}>, "
                    "not the <Project> of an MS Project XML file",
                    location=path.name,
                )
            ]
        )
    report = Report(path.name)
    reader = _Reader(
        report=report, fields=Fields(root), minutes_per_day=int_of(root, "MinutesPerDay", 480) or 480
    )
    for cal in read_calendars(root, lambda c, m, i: report.warn(c, m, i)):
        window = window_of(cal)
        if window is not None:  # a shutdown window plantrack wrote as a calendar
            reader.windows[window.id] = window
        else:
            reader.calendars[cal.id] = cal
    outline = _outline(reader, root)
    saved = parse_datetime(text(root, "LastSaved")) or parse_datetime(text(root, "CreationDate"))
    status = parse_datetime(text(root, "StatusDate"))
    for el, ident, parent in outline:
        try:
            task = _task(reader, el, ident, parent)
            if task is not None:
                reader.tasks.append(task)
                _links(reader, el, ident)
        except ModelError as exc:  # a lag or delay of 10^19 minutes: the task is named, not just the file
            report.error(exc.code(), f"task {ident}: {exc}", (ident,))
    latest = [
        d
        for el, _i, _p in outline
        for d in map(parse_datetime, (text(el, "ActualStart"), text(el, "ActualFinish")))
        if d
    ]
    if status is None:  # no status date saved: progress stands as of the latest actual date
        status = max([*latest, parse_datetime(text(root, "CurrentDate")) or dt.datetime.min])
    tasks_by_id = {t.id: t for t in reader.tasks}
    for el, ident, _parent in outline:
        if ident in tasks_by_id:
            _tracking(reader, el, tasks_by_id[ident], status)
    resources, reader.resource_ids = read_resources(root, report, reader.fields, reader.calendar)
    assignments = read_assignments(
        root, report, resources, reader.resource_ids, reader.task_ids, reader.summaries
    )
    start = _start(reader, root, outline) or saved
    if start is None:
        raise InvalidInput(
            [
                Problem(
                    code="mspdi-no-start", message="the file gives no project start date", location=path.name
                )
            ]
        )
    finish = parse_datetime(text(root, "FinishDate")) if text(root, "ScheduleFromStart") == "0" else None
    default_calendar = reader.calendar(text(root, "CalendarUID"))
    if default_calendar is None:
        default_calendar = next(iter(reader.calendars), None) or "standard"
    if default_calendar not in reader.calendars:
        reader.calendars[default_calendar] = Calendar(id=default_calendar, name="Standard")
    name = report.name(text(root, "Title") or text(root, "Name") or path.stem, "project", "project")
    baselines = [
        b
        for n, entries in sorted(reader.baseline_tasks.items())
        if (
            b := make_baseline(
                "Baseline" if n == 0 else f"Baseline{n}",
                saved or start,
                entries,
                note=f"MS Project baseline {n} from {path.name}",
            )
        )
    ]
    try:
        project = Project(
            name=name or path.stem or "project",
            start=start,
            finish=finish if finish and finish > start else None,
            calendar=default_calendar,
            currency=(text(root, "CurrencyCode") or "EUR")[:3],
            status_date=parse_datetime(text(root, "StatusDate")),
            minutes_per_day=reader.minutes_per_day,
            minutes_per_week=int_of(root, "MinutesPerWeek", 2400) or 2400,
            calendars=tuple(reader.calendars.values()),
            resources=tuple(resources),
            tasks=tuple(reader.tasks),
            links=tuple(reader.links),
            assignments=tuple(assignments),
            windows=tuple(reader.windows.values()),
        )
        project = _pin_must_finish(reader, project)
    except ModelError as exc:
        for p in exc.problems():
            report.error(p.code, p.message, p.ids)
        report.finish()
        raise  # unreachable: finish() raises on errors
    warnings = report.finish()
    return ImportedPlan(project=project, warnings=warnings, baselines=baselines, progress=reader.progress)


def load_mspdi(path: Path) -> tuple[Project, list[Problem]]:
    """The `formats.detect` loader: the plan and the warnings."""
    plan = read_mspdi(path)
    return plan.project, plan.warnings
