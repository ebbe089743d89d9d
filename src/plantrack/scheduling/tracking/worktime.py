"""Working time for tracking, counted on each task's own calendar (minus its resources' absences)."""

from __future__ import annotations

import datetime as dt

from plantrack.scheduling.calendar import ELAPSED, CalendarCache, TimeAxis, to_datetime, to_minute
from plantrack.scheduling.model import Project


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
            elif task.duration is not None and task.duration.elapsed:
                found = ELAPSED
            else:
                found = self._cache.for_task(task, self._resources.get(task.id, []))
            self._axes[task_id] = found
        return found

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
