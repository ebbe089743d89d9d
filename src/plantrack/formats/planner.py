"""GNOME Planner `.planner` reader: nested tasks, predecessors with lags (seconds), constraints,
calendars, resources, allocations and completion.

Planner tasks are fixed-work by default: a task with allocations becomes effort-driven (its work shared by
the allocated units), one without keeps its work as its duration.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from pathlib import Path

from plantrack.formats.interchange import ImportedPlan, Report
from plantrack.formats.planner_calendars import planner_time, read_calendars
from plantrack.formats.xml_safe import parse_xml
from plantrack.i18n import N_, Nn_, _
from plantrack.scheduling.duration import MAX_MINUTES, Duration
from plantrack.scheduling.errors import InvalidInput, ModelError, Problem
from plantrack.scheduling.model import (
    Assignment,
    Calendar,
    Constraint,
    ConstraintKind,
    Link,
    LinkType,
    Project,
    Resource,
    Task,
)
from plantrack.scheduling.tracking.records import ProgressRecord

_CONSTRAINTS = {
    "start-no-earlier-than": ConstraintKind.START_NO_EARLIER_THAN,
    "must-start-on": ConstraintKind.MUST_START_ON,
}
#: Longest work, duration or lag in seconds (Planner's unit): the model's limit of about 100 years.
MAX_SECONDS = MAX_MINUTES * 60
SECONDS = N_("a number of seconds")


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


def read_planner(path: Path, data: bytes | None = None) -> ImportedPlan:
    root = parse_xml(path, kind="Planner", data=data)
    start = planner_time(root.get("project-start"))
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
    calendars = read_calendars(root, report)
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
            kind, when = _CONSTRAINTS.get(c.get("type") or ""), planner_time(c.get("time"))
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
                    actual_start=planner_time(element.get("work-start") or element.get("start")),
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
