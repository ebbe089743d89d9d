"""Working time for tracking, counted on each task's own calendar (minus its resources' absences)."""

from __future__ import annotations

import datetime as dt

from plantrack.scheduling.calendar import (
    ELAPSED,
    CalendarCache,
    TimeAxis,
    WorkCalendar,
    calendar_parts,
    project_calendars,
    to_datetime,
    to_minute,
)
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.model import Project

DAY = 24 * 60


class CalendarWorkTime:
    """`WorkTime` over the project's calendars; elapsed-duration tasks count calendar time."""

    def __init__(self, project: Project) -> None:
        self._project = project
        self._origin = project.origin
        self._cache = CalendarCache(project)
        self._tasks = project.task_map()
        self._resources: dict[str, list[str]] = {}
        for a in project.assignments:
            self._resources.setdefault(a.task, []).append(a.resource)
        self._axes: dict[str | None, TimeAxis] = {}

    def _axis(self, task_id: str | None) -> TimeAxis:
        found = self._axes.get(task_id)
        if found is None:
            task = self._tasks.get(task_id) if task_id is not None else None
            if task is None:
                found = self._cache.get(self._project.calendar)
            elif (planned := task.planned_duration()) is not None and planned.elapsed:
                found = ELAPSED  # an elapsed duration, or a three-point estimate in elapsed time
            else:
                found = self._cache.for_task(task, self._resources.get(task.id, []))
            self._axes[task_id] = found
        return found

    def after_lag(self, task: str, when: dt.datetime, lag: Duration) -> dt.datetime:
        """Where a link's lag from `when` ends for `task`: plain minutes when elapsed, else working time on
        the task's calendar, even for an elapsed duration (as the scheduler counts it)."""
        if lag.elapsed or not lag.minutes:
            return when + dt.timedelta(minutes=lag.minutes)
        found = self._tasks.get(task)
        work = (
            self._cache.get(self._project.calendar)
            if found is None
            else self._cache.for_task(found, self._resources.get(task, []))
        )
        k = work.work_before(to_minute(self._origin, when)) + lag.minutes
        return to_datetime(self._origin, work.finish_at(k))

    def day_minutes(self, task: str | None) -> int:
        """One working day of the calendar `task` works on: the hours its calendars share each day
        (24 h for an elapsed duration); the project's day length if they share none."""
        axis = self._axis(task)
        if not isinstance(axis, WorkCalendar):
            return DAY
        calendars = project_calendars(self._project)
        common = [(r.start, r.end) for r in calendars[calendar_parts(axis.id)[0]].hours]
        for part in calendar_parts(axis.id)[1:]:
            hours = [(r.start, r.end) for r in calendars[part].hours]
            common = [(max(a, c), min(b, d)) for a, b in common for c, d in hours if max(a, c) < min(b, d)]
        return sum(b - a for a, b in common) or self._project.minutes_per_day

    def minutes(self, task: str | None, start: dt.datetime, end: dt.datetime) -> int:
        axis = self._axis(task)
        return axis.work_before(to_minute(self._origin, end)) - axis.work_before(
            to_minute(self._origin, start)
        )

    def add(self, task: str | None, start: dt.datetime, minutes: int) -> dt.datetime:
        if minutes <= 0:
            return start
        axis = self._axis(task)
        return to_datetime(
            self._origin, axis.finish_at(axis.work_before(to_minute(self._origin, start)) + minutes)
        )
