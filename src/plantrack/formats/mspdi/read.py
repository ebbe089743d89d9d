"""MS Project XML (MSPDI) reader: tasks, outline, links, constraints, calendars, resources, assignments,
baselines and actuals, with a warning for everything plantrack cannot carry (tasks and links: `tasks.py`)."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

from plantrack.formats.interchange import ImportedPlan, Report, make_baseline
from plantrack.formats.mspdi.calendar import read_calendars
from plantrack.formats.mspdi.common import parse_datetime, parse_minutes
from plantrack.formats.mspdi.constraints import with_must_finish
from plantrack.formats.mspdi.extras import project_start, read_percent
from plantrack.formats.mspdi.fields import Fields
from plantrack.formats.mspdi.resources import read_assignments, read_resources
from plantrack.formats.mspdi.tasks import TaskReader, read_links, read_task
from plantrack.formats.mspdi.tasks import outline as task_outline
from plantrack.formats.mspdi.windows import read_window as window_of
from plantrack.formats.xml_safe import float_of, int_of, parse_xml, text
from plantrack.i18n import Nn_, _
from plantrack.i18n.formats import format_moment
from plantrack.scheduling.errors import InvalidInput, ModelError, Problem
from plantrack.scheduling.model import Calendar, Project, Task
from plantrack.scheduling.tracking.records import BaselineTask, ProgressRecord


def _tracking(reader: TaskReader, el: ET.Element, task: Task, status: dt.datetime) -> None:
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
        reader.report.warn(
            "actuals-invalid",
            _("task {id}: actuals skipped: {reason}").format(id=task.id, reason=exc),
            (task.id,),
        )


def _start(
    reader: TaskReader, root: ET.Element, outline: list[tuple[ET.Element, str, str | None]]
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


def _pin_must_finish(reader: TaskReader, project: Project) -> Project:
    """Tasks MS Project must finish on a date: pinned to start where their work ends on that date."""
    must_finish = {k: v for k, v in reader.must_finish.items() if k in project.task_map()}
    project, starts = with_must_finish(project, must_finish)
    for ident, start in starts.items():
        finish = format_moment(must_finish[ident])
        if start is None:
            message = _(
                "task {id}: 'must finish on {finish}' imported as finish-no-later-than {finish} "
                "(plantrack has no must-finish-on)"
            )
        else:
            message = _(
                "task {id}: 'must finish on {finish}' imported as must-start-on {start} and "
                "finish-no-later-than {finish} (plantrack has no must-finish-on)"
            )
        reader.report.warn(
            "constraint-must-finish-on",
            message.format(id=ident, finish=finish, start=format_moment(start) if start else ""),
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
                    message=_(
                        "{file}: root element is <{tag}>, not the <Project> of an MS Project XML file"
                    ).format(file=path.name, tag=root.tag),
                    location=path.name,
                )
            ]
        )
    report = Report(path.name)
    reader = TaskReader(
        report=report, fields=Fields(root), minutes_per_day=int_of(root, "MinutesPerDay", 480) or 480
    )
    for cal in read_calendars(root, lambda c, m, i: report.warn(c, m, i)):
        window = window_of(cal)
        if window is not None:  # a shutdown window plantrack wrote as a calendar
            reader.windows[window.id] = window
        else:
            reader.calendars[cal.id] = cal
    outline = task_outline(reader, root)
    saved = parse_datetime(text(root, "LastSaved")) or parse_datetime(text(root, "CreationDate"))
    status = parse_datetime(text(root, "StatusDate"))
    for el, ident, parent in outline:
        try:
            task = read_task(reader, el, ident, parent)
            if task is not None:
                reader.tasks.append(task)
                read_links(reader, el, ident)
        except ModelError as exc:  # a lag or delay of 10^19 minutes: the task is named, not just the file
            report.error(exc.code(), _("task {id}: {reason}").format(id=ident, reason=exc), (ident,))
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
                    code="mspdi-no-start",
                    message=_("the file gives no project start date"),
                    location=path.name,
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
                note=_("MS Project baseline {number} from {file}").format(number=n, file=path.name),
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
