"""The project calendar read day by day (midnight to midnight): which days have working time, for the
faces that shade the non-working days, and working minutes between two instants."""

from __future__ import annotations

import datetime as dt

from plantrack.scheduling.calendar.axis import DAY, to_minute
from plantrack.scheduling.calendar.combined import CalendarCache
from plantrack.scheduling.model import Project


def working_days(project: Project, first: dt.date, last: dt.date) -> list[bool]:
    """For each day from `first` to `last` (both included), whether the project calendar has any working
    time in it."""
    calendar = CalendarCache(project).get(project.calendar)
    out = []
    day = first
    while day <= last:
        start = to_minute(project.origin, dt.datetime.combine(day, dt.time()))
        out.append(calendar.working_between(start, start + DAY) > 0)
        day += dt.timedelta(days=1)
    return out


def project_working_minutes(project: Project, a: dt.datetime, b: dt.datetime) -> int:
    """Working minutes from `a` to `b` on the project calendar (negative when `b` is before `a`)."""
    calendar = CalendarCache(project).get(project.calendar)
    return calendar.working_between(to_minute(project.origin, a), to_minute(project.origin, b))
