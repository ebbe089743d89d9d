"""MS Project XML (MSPDI) writer, elements in the schema's order (MS Project rejects any other order)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from plantrack.formats.interchange import Report
from plantrack.formats.mspdi.calendar import write_calendar
from plantrack.formats.mspdi.common import (
    CONSTRAINT_CODES,
    LINK_CODES,
    MUST_FINISH_ON,
    NAMESPACE,
    duration_format,
    format_datetime,
    format_minutes,
    xml_text,
)
from plantrack.formats.mspdi.constraints import must_finish_date, planned_minutes
from plantrack.formats.mspdi.extras import write_resource_kind, write_task_extras
from plantrack.formats.mspdi.fields import RESOURCE_ID, TASK_ID, write_definitions, write_value
from plantrack.formats.mspdi.windows import write_window
from plantrack.i18n import _
from plantrack.scheduling.calendar import CalendarCache
from plantrack.scheduling.cpm import Schedule
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.errors import Problem
from plantrack.scheduling.model import (
    Calendar,
    Constraint,
    ConstraintKind,
    Link,
    Period,
    Project,
    Task,
)
from plantrack.scheduling.tracking.progress import TaskProgress, fold
from plantrack.scheduling.tracking.records import Baseline, ProgressRecord

_BASELINE_NAME = re.compile(r"^Baseline(\d{0,2})$")
_CALENDAR_ID = re.compile(r"^cal(\d+)$")


def _sub(parent: ET.Element, tag: str, value: object | None = None) -> ET.Element:
    element = ET.SubElement(parent, tag)
    if value is not None:
        element.text = xml_text(value)
    return element


def _outline_order(project: Project) -> list[tuple[Task, int, str]]:
    """Tasks depth-first (a summary before its subtasks), with outline level and number."""
    children = project.children()
    tasks = project.task_map()
    out: list[tuple[Task, int, str]] = []
    roots = [t.id for t in project.tasks if t.parent is None or t.parent not in tasks]
    stack = [(tid, 1, str(i + 1)) for i, tid in reversed(list(enumerate(roots)))]
    while stack:
        tid, level, number = stack.pop()
        out.append((tasks[tid], level, number))
        kids = children.get(tid, [])
        stack.extend((kid, level + 1, f"{number}.{j + 1}") for j, kid in reversed(list(enumerate(kids))))
    return out


def _expanded_off(calendar: Calendar, first: dt.datetime, last: dt.datetime) -> Calendar:
    """The calendar with its public holidays and non-weekly recurring rules as plain off periods."""
    from dateutil.rrule import rrulestr

    from plantrack.formats.mspdi.calendar import weekday_hours

    _days, others = weekday_hours(calendar)
    off = list(calendar.off)
    for rec in others:
        rule = rrulestr(rec.rule, dtstart=dt.datetime.combine(first.date(), dt.time()), ignoretz=True)
        for occ in rule.between(first - dt.timedelta(days=1), last, inc=True):
            off.append(
                Period(start=occ, end=occ + dt.timedelta(minutes=rec.length.minutes), reason=rec.reason)
            )
    if calendar.holidays:
        import holidays as holidays_lib

        years = range(first.year, last.year + 1)
        found = holidays_lib.country_holidays(
            calendar.holidays, subdiv=calendar.holiday_subdivision, years=years
        )
        for day, name in sorted(found.items()):
            # a holiday takes the shifts that start on it, a night shift's tail included, as the engine does
            start = dt.datetime.combine(day, dt.time())
            for r in calendar.hours_for(day.weekday()):
                span = (start + dt.timedelta(minutes=r.start), start + dt.timedelta(minutes=r.end))
                off.append(Period(start=span[0], end=span[1], reason=str(name)))
    weekly = tuple(r for r in calendar.recurring_off if r not in others)
    return dataclasses.replace(calendar, off=tuple(off), recurring_off=weekly, holidays=None)


def _calendar_uids(project: Project) -> dict[str, int]:
    uids: dict[str, int] = {}
    for cal in project.calendars:
        match = _CALENDAR_ID.match(cal.id)
        if match and int(match.group(1)) not in uids.values() and int(match.group(1)) > 0:
            uids[cal.id] = int(match.group(1))
    for cal in project.calendars:
        if cal.id not in uids:
            uids[cal.id] = max(uids.values(), default=0) + 1
    return uids


def _baseline_numbers(baselines: Sequence[Baseline], report: Report) -> list[tuple[int, Baseline]]:
    numbers: dict[int, Baseline] = {}
    rest = []
    for b in baselines:
        match = _BASELINE_NAME.match(b.name)
        n = int(match.group(1) or 0) if match else -1
        if 0 <= n <= 10 and n not in numbers:
            numbers[n] = b
        else:
            rest.append(b)
    for b in rest:
        free = next((n for n in range(11) if n not in numbers), None)
        if free is None:
            report.warn(
                "baseline-dropped",
                _("baseline {name} not written: MSPDI holds 11 baselines at most").format(name=b.name),
            )
            continue
        numbers[free] = b
        report.warn(
            "baseline-renumbered",
            _("baseline {name} written as MS Project baseline {number}").format(name=b.name, number=free),
        )
    return sorted(numbers.items())


def _write_task(
    tasks: ET.Element,
    project: Project,
    entry: tuple[Task, int, str],
    uid: int,
    ctx: _Context,
) -> None:
    task, level, number = entry
    summary = task.id in ctx.summaries
    el = _sub(tasks, "Task")
    _sub(el, "UID", uid)
    _sub(el, "ID", uid)
    _sub(el, "Name", task.name or task.id)
    _sub(el, "Type", 0)
    _sub(el, "IsNull", 0)
    if task.owner:
        _sub(el, "Contact", task.owner)
    _sub(el, "WBS", number)
    _sub(el, "OutlineNumber", number)
    _sub(el, "OutlineLevel", level)
    _sub(el, "Priority", task.priority)
    planned = ctx.schedule.task(task.id) if ctx.schedule is not None and task.id in ctx.scheduled else None
    if planned is not None:
        _sub(el, "Start", format_datetime(planned.early_start_at))
        _sub(el, "Finish", format_datetime(planned.early_finish_at))
    if not summary:
        # effort-driven tasks too: the working minutes the CPM gives them (effort over their units),
        # never an empty duration that other tools would read as a milestone
        minutes, elapsed = planned_minutes(project, task)
        duration = Duration(minutes=minutes, elapsed=elapsed)
        _sub(el, "Duration", format_minutes(duration.minutes))
        _sub(el, "DurationFormat", duration_format(duration, project.minutes_per_day))
        if task.duration is None and task.effort is not None:
            _sub(el, "Work", format_minutes(task.effort.minutes))
    _sub(el, "EffortDriven", int(not summary and task.duration is None and task.effort is not None))
    _sub(el, "Milestone", int(task.milestone))
    _sub(el, "Summary", int(summary))
    if planned is not None:
        _sub(el, "Critical", int(planned.critical))
    if task.fixed_cost:
        _sub(el, "FixedCost", round(task.fixed_cost * 100, 2))  # MSPDI costs are in cents
    state = ctx.progress.get(task.id)
    if state is not None and not summary:
        _sub(el, "PercentComplete", round(state.percent or (100 if state.finished else 0)))
        if state.actual_start:
            _sub(el, "ActualStart", format_datetime(state.actual_start))
        if state.actual_finish:
            _sub(el, "ActualFinish", format_datetime(state.actual_finish))
        if state.cost:
            _sub(el, "ActualCost", round(state.cost * 100, 2))
        if state.hours:
            _sub(el, "ActualWork", format_minutes(round(state.hours * 60)))
        if state.remaining_minutes is not None and not state.actual_finish:
            _sub(el, "RemainingDuration", format_minutes(state.remaining_minutes))
    constraint = task.constraints[0] if task.constraints else None
    must_finish = must_finish_date(project, task, ctx.calendars) if len(task.constraints) == 2 else None
    if must_finish is not None:  # "must start on S" + "finish no later than F", S ending at F
        constraint = Constraint(kind=ConstraintKind.FINISH_NO_LATER_THAN, date=must_finish)
    elif len(task.constraints) > 1:
        ctx.report.warn(
            "constraint-dropped",
            _("task {id}: MSPDI holds one constraint; kept the first").format(id=task.id),
        )
    code = CONSTRAINT_CODES[constraint.kind] if constraint else 0
    _sub(el, "ConstraintType", MUST_FINISH_ON if must_finish is not None else code)
    if task.calendar and task.calendar in ctx.calendar_uids:
        _sub(el, "CalendarUID", ctx.calendar_uids[task.calendar])
    if constraint:
        _sub(el, "ConstraintDate", format_datetime(constraint.date))
    if task.deadline:
        _sub(el, "Deadline", format_datetime(task.deadline))
    if task.leveling_delay is not None and not summary:  # the leveled plan, as MS Project keeps it
        _sub(el, "LevelingDelay", task.leveling_delay.minutes * 10)  # tenths of a minute
        _sub(el, "LevelingDelayFormat", duration_format(task.leveling_delay, project.minutes_per_day))
    if task.notes:
        _sub(el, "Notes", task.notes)
    for link in ctx.links_into.get(task.id, []):
        pl = _sub(el, "PredecessorLink")
        _sub(pl, "PredecessorUID", ctx.task_uids[link.predecessor])
        _sub(pl, "Type", LINK_CODES[link.type])
        _sub(pl, "CrossProject", 0)
        _sub(pl, "LinkLag", link.lag.minutes * 10)  # tenths of a minute
        _sub(pl, "LagFormat", duration_format(link.lag, project.minutes_per_day))
    write_value(el, TASK_ID, task.id)
    write_task_extras(el, task, project.minutes_per_day, state.percent if state and not summary else None)
    for n, baseline in ctx.baselines:
        entry_b = baseline.task_map().get(task.id)
        if entry_b is None:
            continue
        b = _sub(el, "Baseline")
        _sub(b, "Number", n)
        _sub(b, "Start", format_datetime(entry_b.start))
        _sub(b, "Finish", format_datetime(entry_b.finish))
        _sub(b, "Duration", format_minutes(entry_b.duration_minutes))
        _sub(b, "DurationFormat", 7)
        _sub(b, "Work", format_minutes(entry_b.work_minutes))
        _sub(b, "Cost", round(entry_b.cost * 100, 2))


@dataclasses.dataclass
class _Context:
    report: Report
    schedule: Schedule | None
    scheduled: set[str]
    summaries: set[str]
    progress: dict[str, TaskProgress]
    calendar_uids: dict[str, int]
    task_uids: dict[str, int]
    links_into: dict[str, list[Link]]
    baselines: list[tuple[int, Baseline]]
    calendars: CalendarCache


def write_mspdi(
    project: Project,
    *,
    schedule: Schedule | None = None,
    baselines: Sequence[Baseline] = (),
    progress: Sequence[ProgressRecord] = (),
    saved_at: dt.datetime | None = None,
) -> tuple[bytes, list[Problem]]:
    """The MSPDI document for `project` (with its schedule, baselines and progress) and what was lost."""
    report = Report(_("MSPDI export"))
    root = ET.Element("Project", {"xmlns": NAMESPACE})
    _sub(root, "SaveVersion", 14)
    _sub(root, "Name", project.name)
    _sub(root, "Title", project.name)
    if saved_at is not None:
        _sub(root, "LastSaved", format_datetime(saved_at))
    _sub(root, "ScheduleFromStart", 0 if project.finish else 1)
    _sub(root, "StartDate", format_datetime(project.start))
    if project.finish:
        _sub(root, "FinishDate", format_datetime(project.finish))
    _sub(root, "CurrencyCode", project.currency)
    calendar_uids = _calendar_uids(project)
    if project.calendar in calendar_uids:
        _sub(root, "CalendarUID", calendar_uids[project.calendar])
    _sub(root, "MinutesPerDay", project.minutes_per_day)
    _sub(root, "MinutesPerWeek", project.minutes_per_week)
    states = fold(progress)
    status = project.status_date or max((s.status_date for s in states.values()), default=None)
    if status is not None:
        _sub(root, "StatusDate", format_datetime(status))
    write_definitions(_sub(root, "ExtendedAttributes"))
    first = project.start - dt.timedelta(days=366)
    last = project.start + dt.timedelta(days=2 * 366)
    if schedule is not None and schedule.tasks:
        last = max(last, *(t.early_finish_at for t in schedule.tasks))
    calendars = _sub(root, "Calendars")
    for cal in project.calendars:
        write_calendar(calendars, _expanded_off(cal, first, last), calendar_uids[cal.id])
    resource_calendars: dict[str, int] = {}
    for res in project.resources:
        if res.absences:  # absences live in a resource calendar derived from the resource's own
            base = project.calendar_map().get(res.calendar or project.calendar) or Calendar(id="standard")
            uid = max([*calendar_uids.values(), *resource_calendars.values()], default=0) + 1
            own = dataclasses.replace(
                base,
                id=f"cal{uid}",
                name=_("{resource} calendar").format(resource=res.name or res.id),
                off=base.off + res.absences,
            )
            write_calendar(calendars, _expanded_off(own, first, last), uid)
            resource_calendars[res.id] = uid
    free = max([*calendar_uids.values(), *resource_calendars.values()], default=0) + 1
    for n, window in enumerate(project.windows):
        write_window(calendars, window, free + n)
    order = _outline_order(project)
    task_uids = {task.id: i + 1 for i, (task, _l, _n) in enumerate(order)}
    links_into: dict[str, list[Link]] = {}
    for link in project.links:
        if link.predecessor in task_uids and link.successor in task_uids:
            links_into.setdefault(link.successor, []).append(link)
    ctx = _Context(
        report=report,
        schedule=schedule,
        scheduled={t.id for t in schedule.tasks} if schedule else set(),
        summaries=project.summary_ids(),
        progress=states,
        calendar_uids=calendar_uids,
        task_uids=task_uids,
        links_into=links_into,
        baselines=_baseline_numbers(baselines, report),
        calendars=CalendarCache(project),
    )
    tasks = _sub(root, "Tasks")
    for entry in order:
        _write_task(tasks, project, entry, task_uids[entry[0].id], ctx)
    resources = _sub(root, "Resources")
    resource_uids: dict[str, int] = {}
    for i, res in enumerate(project.resources, start=1):
        resource_uids[res.id] = i
        el = _sub(resources, "Resource")
        _sub(el, "UID", i)
        _sub(el, "ID", i)
        _sub(el, "Name", res.name or res.id)
        _sub(el, "Type", 1)
        _sub(el, "IsNull", 0)
        _sub(el, "MaxUnits", repr(float(res.capacity)))
        _sub(el, "StandardRate", repr(float(res.rate)))
        _sub(el, "StandardRateFormat", 2)  # per hour
        cal_uid = resource_calendars.get(res.id) or calendar_uids.get(res.calendar or "")
        if cal_uid is not None:
            _sub(el, "CalendarUID", cal_uid)
        write_value(el, RESOURCE_ID, res.id)
        write_resource_kind(el, res)
    assignments = _sub(root, "Assignments")
    for i, asg in enumerate(project.assignments, start=1):
        if asg.task not in task_uids or asg.resource not in resource_uids:
            continue
        row = _sub(assignments, "Assignment")
        _sub(row, "UID", i)
        _sub(row, "TaskUID", task_uids[asg.task])
        _sub(row, "ResourceUID", resource_uids[asg.resource])
        _sub(row, "Units", repr(float(asg.units)))
    ET.indent(root, space=" ")
    data = ET.tostring(root, encoding="UTF-8", xml_declaration=True)
    return data, report.finish()
