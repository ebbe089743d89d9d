"""An independent schedule checker: shares no code with the leveler, only reads the domain model.

It counts working time day by day from the model's Calendar (weekdays, hours, public holidays from the
`holidays` package, off periods; not `extra` time or recurring rules) and checks links (lags on the
successor's calendar), lengths, capacities over time, windows, constraints and deadlines on instants.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import holidays

from plantrack.scheduling.model import Calendar, ConstraintKind, LinkType, Project, Task

Plan = Mapping[str, tuple[dt.datetime, dt.datetime]]
STANDARD = Calendar(id="standard")


def _calendar(project: Project, task: Task) -> Calendar:
    cals = {c.id: c for c in project.calendars}
    wanted = task.calendar
    if wanted is None:
        res = {r.id: r for r in project.resources}
        used = {
            res[a.resource].calendar or project.calendar for a in project.assignments if a.task == task.id
        }
        wanted = used.pop() if len(used) == 1 else project.calendar
    return cals.get(wanted, STANDARD)


def working_minutes(cal: Calendar, a: dt.datetime, b: dt.datetime) -> int:
    """Signed working minutes from a to b on `cal`: weekdays, hours, public holidays, off periods."""
    if b < a:
        return -working_minutes(cal, b, a)
    total = 0
    day = dt.datetime.combine(a.date(), dt.time())
    years = range(a.year, b.year + 1)
    public = (
        holidays.country_holidays(cal.holidays, subdiv=cal.holiday_subdivision, years=years)
        if cal.holidays
        else {}
    )
    while day < b:
        if day.weekday() in cal.weekdays and day.date() not in public:
            for hours in cal.hours:
                lo = max(a, day + dt.timedelta(minutes=hours.start))
                hi = min(b, day + dt.timedelta(minutes=hours.end))
                if hi > lo:
                    total += int((hi - lo).total_seconds() // 60) - _off_inside(cal, lo, hi)
        day += dt.timedelta(days=1)
    return total


def _off_inside(cal: Calendar, lo: dt.datetime, hi: dt.datetime) -> int:
    gone = 0
    for p in cal.off:
        s, e = max(lo, p.start), min(hi, p.end)
        if e > s:
            gone += int((e - s).total_seconds() // 60)
    return gone


def _length(project: Project, task: Task) -> tuple[int, bool]:
    if task.milestone:
        return 0, True
    if task.duration is not None:
        return task.duration.minutes, task.duration.elapsed
    if task.effort is not None:
        units = sum(a.units for a in project.assignments if a.task == task.id) or 1.0
        return round(task.effort.minutes / units), False
    if task.estimate is not None:  # the PERT mean (o + 4m + p) / 6, as docs/file-format.md defines it
        e = task.estimate
        mean = (e.optimistic.minutes + 4 * e.likely.minutes + e.pessimistic.minutes) / 6
        return round(mean), e.likely.elapsed
    raise AssertionError(f"validator: task {task.id} has no length it understands")


def _between(project: Project, task: Task, a: dt.datetime, b: dt.datetime, elapsed: bool) -> int:
    if elapsed:
        return int((b - a).total_seconds() // 60)
    return working_minutes(_calendar(project, task), a, b)


def violations(project: Project, plan: Plan, *, hard_deadlines: bool = True) -> list[str]:
    """Every rule the plan breaks, as sentences; an empty list means the plan is valid."""
    out: list[str] = []
    parents = {t.parent for t in project.tasks if t.parent}
    tasks = {t.id: t for t in project.tasks if t.id not in parents}
    for tid, task in tasks.items():
        if tid not in plan:
            out.append(f"{tid} is missing from the plan")
            continue
        start, finish = plan[tid]
        minutes, elapsed = _length(project, task)
        if start < project.start:
            out.append(f"{tid} starts before the project")
        got = _between(project, task, start, finish, elapsed)
        if got != minutes:
            out.append(f"{tid} lasts {got} min instead of {minutes}")
        out += _dates(task, start, finish, hard_deadlines)
        if task.window is not None:
            periods = next(w.periods for w in project.windows if w.id == task.window)
            if not any(p.start <= start and finish <= p.end for p in periods):
                out.append(f"{tid} is not inside one period of window {task.window}")
    if not out:
        out += _links(project, tasks, plan) + _capacity(project, tasks, plan)
    return out


def _dates(task: Task, start: dt.datetime, finish: dt.datetime, hard_deadlines: bool) -> list[str]:
    out = []
    for c in task.constraints:
        if c.kind is ConstraintKind.START_NO_EARLIER_THAN and start < c.date:
            out.append(f"{task.id} starts before {c.date}")
        if c.kind is ConstraintKind.FINISH_NO_LATER_THAN and finish > c.date:
            out.append(f"{task.id} finishes after {c.date}")
        if c.kind is ConstraintKind.MUST_START_ON and start != c.date:
            out.append(f"{task.id} does not start on {c.date}")
    if hard_deadlines and task.deadline is not None and finish > task.deadline:
        out.append(f"{task.id} misses its deadline")
    return out


def _links(project: Project, tasks: dict[str, Task], plan: Plan) -> list[str]:
    out = []
    for link in project.links:
        p_start, p_finish = plan[link.predecessor]
        s_start, s_finish = plan[link.successor]
        before = p_finish if link.type in (LinkType.FS, LinkType.FF) else p_start
        after = s_finish if link.type in (LinkType.FF, LinkType.SF) else s_start
        gap = _between(project, tasks[link.successor], before, after, link.lag.elapsed)
        if gap < link.lag.minutes:
            out.append(
                f"link {link.predecessor} -{link.type}-> {link.successor} broken ({gap} < {link.lag.minutes})"
            )
    return out


def _capacity(project: Project, tasks: dict[str, Task], plan: Plan) -> list[str]:
    out = []
    for res in project.resources:
        uses = [
            (plan[a.task][0], plan[a.task][1], a.units) for a in project.assignments if a.resource == res.id
        ]
        uses += [(p.start, p.end, res.capacity) for p in res.absences]
        points = sorted({s for s, _, _ in uses})
        for t in points:
            load = sum(u for s, e, u in uses if s <= t < e)
            if load > res.capacity + 1e-9:
                out.append(f"{res.id} is over capacity at {t}: {load} > {res.capacity}")
                break
    return out
