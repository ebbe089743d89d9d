"""GanttProject `.gan` reader: nested tasks, dependencies with types and lags, resources and allocations,
completion, holidays, vacations and named baselines.

GanttProject counts durations and lags in working days of its calendar (8 h here) and keeps a start date
on every task. A task without predecessors that starts after the project start keeps that date as a
start-no-earlier-than constraint, so the critical path method places it where the user drew it.
"""

from __future__ import annotations

import datetime as dt
import math
import xml.etree.ElementTree as ET
from pathlib import Path

from plantrack.formats.interchange import ImportedPlan, Report, make_baseline, safe_id
from plantrack.formats.xml_safe import parse_xml
from plantrack.i18n import N_, Nn_, _
from plantrack.scheduling.calendar import WorkCalendar
from plantrack.scheduling.duration import MAX_MINUTES, Duration
from plantrack.scheduling.errors import InvalidInput, ModelError, Problem, format_quantity
from plantrack.scheduling.model import (
    Assignment,
    Calendar,
    Constraint,
    ConstraintKind,
    Link,
    LinkType,
    Period,
    Project,
    Resource,
    Task,
)
from plantrack.scheduling.tracking.records import Baseline, BaselineTask, ProgressRecord

#: GanttProject dependency types.
GAN_LINK_TYPES = {"1": LinkType.SS, "2": LinkType.FS, "3": LinkType.FF, "4": LinkType.SF}
DAY_MINUTES = 480
CALENDAR_ID = "ganttproject"
_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: Longest duration or lag in days of the file's calendar: the model's limit of about 100 years.
MAX_DAYS = MAX_MINUTES // DAY_MINUTES


def _date(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        return dt.datetime.combine(dt.date.fromisoformat(value.strip()[:10]), dt.time(8))
    except ValueError:
        return None


def _number(value: str | None, default: float = 0.0) -> float:
    """The attribute's number; `default` when it is absent or not a finite number."""
    try:
        number = float(value) if value is not None else default
    except ValueError:
        return default
    return number if math.isfinite(number) else default


def _checked(
    value: str | None, report: Report, where: str, expected: str, limit: float, default: float = 0.0
) -> float:
    """The attribute's number; a damaged one (`1e400`, `NaN`, `1!`, out of range) is an error naming the
    element, so the file is refused rather than read with a guess (or with an overflow further on)."""
    if value is None or not value.strip():
        return default
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if math.isfinite(number) and abs(number) <= limit:
        return number
    shown = value[:40]
    if math.isfinite(number):
        report.error(
            "gan-number",
            _("{where}: {value} is out of range for {expected} (at most {limit})").format(
                where=where, value=repr(shown), expected=_(expected), limit=format_quantity(limit)
            ),
        )
    else:
        report.error(
            "gan-number",
            _("{where}: {value} is not {expected}").format(
                where=where, value=repr(shown), expected=_(expected)
            ),
        )
    return default


def _calendar(root: ET.Element, start: dt.datetime) -> Calendar:
    # 3.x keeps the week flat in <day-types>; 2.0 nests it in <day-types><calendar>. A file with
    # neither gets GanttProject's own default, Saturday and Sunday off (not a 7-day week).
    week = root.find("calendars/day-types/default-week")
    if week is None:
        week = root.find("calendars/day-types/calendar/default-week")
    if week is None:
        weekdays: tuple[int, ...] = (0, 1, 2, 3, 4)
    else:
        weekdays = tuple(i for i, d in enumerate(_DAYS) if week.get(d, "0") == "0")
    off = []
    years = range(start.year, start.year + 6)
    for holiday in root.iterfind("calendars/date"):
        year, month, day = holiday.get("year") or "", holiday.get("month") or "", holiday.get("date") or ""
        if holiday.get("type", "HOLIDAY") != "HOLIDAY" or not (month.isdigit() and day.isdigit()):
            continue
        # a holiday without a year recurs every year
        for y in [int(year)] if year.isdigit() else list(years):
            try:
                first = dt.datetime(y, int(month), int(day))
            except (ValueError, OverflowError):  # no such date, or a year of twenty digits
                continue
            off.append(
                Period(start=first, end=first + dt.timedelta(days=1), reason=(holiday.text or "").strip())
            )
    return Calendar(id=CALENDAR_ID, name=_("GanttProject calendar"), weekdays=weekdays, off=tuple(off))


def read_gan(path: Path, data: bytes | None = None) -> ImportedPlan:
    root = parse_xml(path, kind="GanttProject", data=data)
    if root.tag != "project" or root.find("tasks") is None:
        raise InvalidInput(
            [
                Problem(
                    code="gan-root",
                    message=_("{file} is not a GanttProject file").format(file=path.name),
                    location=path.name,
                )
            ]
        )
    report = Report(path.name)
    elements: list[tuple[ET.Element, str | None]] = []
    stack: list[tuple[ET.Element, str | None]] = [(t, None) for t in reversed(root.findall("tasks/task"))]
    while stack:
        element, parent = stack.pop()
        elements.append((element, parent))
        ident = element.get("id") or ""
        stack.extend((child, ident) for child in reversed(element.findall("task")))
    starts = [d for e, _p in elements if (d := _date(e.get("start")))]
    start = min(starts) if starts else _date(root.get("view-date"))
    if start is None:
        raise InvalidInput(
            [
                Problem(
                    code="gan-empty", message=_("the file has no task with a start date"), location=path.name
                )
            ]
        )
    calendar = _calendar(root, start)
    parents = {p for _e, p in elements if p is not None}
    ids = {e.get("id"): e.get("id") or "" for e, _p in elements}
    links: list[Link] = []
    for element, _parent in elements:
        for dep in element.iterfind("depend"):
            successor = ids.get(dep.get("id"))
            if successor is None:
                report.count(
                    "link-unknown",
                    Nn_(
                        "{n} dependency on missing tasks skipped", "{n} dependencies on missing tasks skipped"
                    ),
                )
                continue
            kind = GAN_LINK_TYPES.get(dep.get("type") or "2", LinkType.FS)
            where = _("<depend> of task {task} on task {other}, difference").format(
                task=element.get("id"), other=dep.get("id")
            )
            lag = round(
                _checked(dep.get("difference"), report, where, N_("a lag in days"), MAX_DAYS) * DAY_MINUTES
            )
            if dep.get("hardness") == "Rubber":
                report.count(
                    "link-rubber",
                    Nn_(
                        "{n} 'rubber' dependency imported as strong (a minimum lag)",
                        "{n} 'rubber' dependencies imported as strong (a minimum lag)",
                    ),
                )
            links.append(
                Link(
                    predecessor=element.get("id") or "",
                    successor=successor,
                    type=kind,
                    lag=Duration(minutes=lag),
                )
            )
    has_pred = {lk.successor for lk in links}
    resources: list[Resource] = []
    for res in root.iterfind("resources/resource"):
        rid = f"r{res.get('id')}"
        rate = res.find("rate[@name='standard']")
        resources.append(
            Resource(
                id=rid,
                name=report.name(res.get("name"), "resource", rid),
                rate=max(
                    0.0,
                    _checked(
                        rate.get("value") if rate is not None else None,
                        report,
                        _("<rate> of resource {id}, value").format(id=res.get("id")),
                        N_("a daily rate"),
                        1e12,
                    ),
                )
                / 8,
            )
        )
    names = {r.id: r.name for r in resources}
    owners: dict[str, str] = {}
    assignments: dict[tuple[str, str], Assignment] = {}
    for alloc in root.iterfind("allocations/allocation"):
        task, rid = alloc.get("task-id") or "", f"r{alloc.get('resource-id')}"
        if task not in ids or rid not in names:
            report.count(
                "allocation-unknown",
                Nn_(
                    "{n} allocation naming missing tasks or resources skipped",
                    "{n} allocations naming missing tasks or resources skipped",
                ),
            )
            continue
        if alloc.get("responsible") == "true":
            owners[task] = names[rid]
        where = _("<allocation> of resource {resource} to task {task}, load").format(
            resource=alloc.get("resource-id"), task=task
        )
        load = _checked(alloc.get("load"), report, where, N_("a load in percent"), 1e6, 100.0) / 100
        if task in parents:
            report.count(
                "assignment-on-summary",
                Nn_(
                    "{n} allocation on summary tasks not imported",
                    "{n} allocations on summary tasks not imported",
                ),
            )
        elif load > 0:
            assignments[(task, rid)] = Assignment(task=task, resource=rid, units=load)
    tasks: list[Task] = []
    progress: list[ProgressRecord] = []
    # GanttProject keeps no status date: progress stands as of the latest start of a task under way
    status = max(
        [start, *(d for e, _p in elements if _number(e.get("complete")) > 0 and (d := _date(e.get("start"))))]
    )
    for element, parent in elements:
        ident = element.get("id") or ""
        summary = ident in parents
        milestone = element.get("meeting") == "true"
        begin = _date(element.get("start"))
        days = _checked(
            element.get("duration"),
            report,
            _("task {task}, duration").format(task=ident),
            N_("a number of days"),
            MAX_DAYS,
        )
        constraints: tuple[Constraint, ...] = ()
        if not summary and ident not in has_pred and begin is not None and begin > start:
            constraints = (Constraint(kind=ConstraintKind.START_NO_EARLIER_THAN, date=begin),)
            report.count(
                "start-kept",
                Nn_(
                    "{n} task without predecessors kept their start as a constraint",
                    "{n} tasks without predecessors kept their start as a constraint",
                ),
            )
        if element.find("task") is None and element.get("thirdDate-constraint") not in (None, "0"):
            report.count(
                "third-date",
                Nn_("{n} 'third date' constraint not imported", "{n} 'third date' constraints not imported"),
            )
        try:
            tasks.append(
                Task(
                    id=ident,
                    name=report.name(element.get("name"), "task", ident),
                    duration=None if summary or milestone else Duration(minutes=round(days * DAY_MINUTES)),
                    milestone=milestone and not summary,
                    parent=parent,
                    constraints=constraints,
                    owner=owners.get(ident, ""),
                    notes=report.notes(element.findtext("notes")),
                )
            )
        except ModelError as exc:
            report.error(exc.code(), _("task {task}: {reason}").format(task=ident, reason=exc), (ident,))
        complete = _checked(
            element.get("complete"),
            report,
            _("task {task}, complete").format(task=ident),
            N_("a percentage"),
            1e6,
        )
        if complete > 0 and not summary:
            progress.append(
                ProgressRecord(
                    task=ident, status_date=status, percent_complete=min(100.0, complete), actual_start=begin
                )
            )
    vacations: dict[str, list[Period]] = {}
    for vac in root.iterfind("vacations/vacation"):
        first, last = _date(vac.get("start")), _date(vac.get("end"))
        rid = f"r{vac.get('resourceid')}"
        if first and last and last >= first and rid in names:
            day0 = first.replace(hour=0)
            vacations.setdefault(rid, []).append(
                Period(start=day0, end=last.replace(hour=0) + dt.timedelta(days=1), reason="vacation")
            )
    resources = [
        Resource(id=r.id, name=r.name, rate=r.rate, absences=tuple(vacations.get(r.id, ())))
        for r in resources
    ]
    if root.find("tasks/taskproperties/taskproperty[@type='custom']") is not None:
        report.warn("custom-fields", _("custom task columns are not imported"))
    try:
        project = Project(
            name=report.name(root.get("name"), "project", "project") or path.stem,
            start=start,
            calendar=CALENDAR_ID,
            calendars=(calendar,),
            resources=tuple(resources),
            tasks=tuple(tasks),
            links=tuple(links),
            assignments=tuple(assignments.values()),
        )
    except ModelError as exc:
        report.error(exc.code(), str(exc))
        report.finish()
        raise
    baselines = _baselines(root, project, report)
    warnings = report.finish()
    return ImportedPlan(project=project, warnings=warnings, baselines=baselines, progress=progress)


def _baselines(root: ET.Element, project: Project, report: Report) -> list[Baseline]:
    """GanttProject's named baselines (`<previous-tasks>`): start and duration in working days."""
    work = WorkCalendar(project.calendar_map()[CALENDAR_ID], project.origin)
    names = {t.id: t.name for t in project.tasks}
    out = []
    for i, saved in enumerate(root.iterfind("previous/previous-tasks")):
        entries = []
        for prev in saved.iterfind("previous-task"):
            ident, begin = prev.get("id") or "", _date(prev.get("start"))
            if ident not in names or begin is None:
                continue
            where = _("baseline {name}, task {task}, duration").format(
                name=repr(saved.get("name")), task=ident
            )
            minutes = round(
                _checked(prev.get("duration"), report, where, N_("a number of days"), MAX_DAYS) * DAY_MINUTES
            )
            origin_minutes = work.work_before((begin - project.origin) // dt.timedelta(minutes=1))
            finish = project.origin + dt.timedelta(minutes=work.finish_at(origin_minutes + minutes))
            entries.append(
                BaselineTask(
                    id=ident,
                    name=names[ident],
                    start=begin,
                    finish=max(begin, finish),
                    duration_minutes=minutes,
                    work_minutes=0,
                    cost=0.0,
                    milestone=prev.get("meeting") == "true",
                    summary=prev.get("super") == "true",
                )
            )
        name = safe_id(saved.get("name") or "", f"baseline{i + 1}")
        baseline = make_baseline(
            name,
            project.start,
            entries,
            note=_("GanttProject baseline {name}").format(name=repr(saved.get("name"))),
        )
        if baseline is not None:
            out.append(baseline)
    return out


def load_gan(path: Path) -> tuple[Project, list[Problem]]:
    plan = read_gan(path)
    return plan.project, plan.warnings
