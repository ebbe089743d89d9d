"""Which calendar a task works on: its own narrowed to its resources', combined and cached per run."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from plantrack.scheduling.calendar.axis import DAY, to_minute
from plantrack.scheduling.calendar.compiled import DEFAULT_CALENDAR, WorkCalendar
from plantrack.scheduling.calendar.intervals import subtract
from plantrack.scheduling.model import Calendar, Period, Project, Resource, Task


def _intersect(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Two sorted disjoint interval lists intersected (a merge walk)."""
    out: list[tuple[int, int]] = []
    i = j = 0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if lo < hi:
            out.append((lo, hi))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


class CombinedCalendar(WorkCalendar):
    """Working time common to several calendars: a task's own and those of the people it needs."""

    def __init__(
        self, parts: Sequence[WorkCalendar], origin: dt.datetime, absences: Sequence[Period] = ()
    ) -> None:
        self._parts = tuple(parts)
        super().__init__(parts[0].calendar, origin, absences)
        self.id = INTERSECTION.join(p.id for p in self._parts)

    @property
    def parts(self) -> tuple[WorkCalendar, ...]:
        return self._parts

    def without_closures(self) -> WorkCalendar:
        return CombinedCalendar([p.without_closures() for p in self._parts], self.origin)

    def _compile(self, day0: int, day1: int) -> list[tuple[int, int]]:
        common = self._parts[0]._compile(day0, day1)
        for part in self._parts[1:]:
            common = _intersect(common, part._compile(day0, day1))
        return subtract(common, [self._span(p) for p in self._absences])


#: A combined calendar with no working time this many days from the project start falls back to the
#: task's own (a combination that never meets is a data problem, not a plan that waits forever).
COMMON_TIME_DAYS = 366
#: Joins the ids of a combined calendar ("crew ∩ hse"); ids hold no spaces, so it cannot be ambiguous.
INTERSECTION = " ∩ "


def project_calendars(project: Project) -> dict[str, Calendar]:
    """The project's calendars by id, with the built-in standard calendar unless one is defined."""
    out = {DEFAULT_CALENDAR.id: DEFAULT_CALENDAR}
    out.update(project.calendar_map())
    return out


def task_calendar_id(
    project: Project,
    task: Task,
    resource_ids: Sequence[str],
    resources: Mapping[str, Resource] | None = None,
) -> str:
    """The calendar a task's work runs on: its own, narrowed to its resources' working time.

    Work needs the task's time and every assigned person's: the task's own calendar (else the one its
    resources' calendars have in common, a resource without one counting as on the project calendar,
    else the project's) intersected with the calendar of each assigned resource that has its own. A
    resource without a calendar of its own follows the task's (a shutdown crew task on nights and
    weekends takes the maintenance team with it). Several calendars give a combined id such as
    "crew ∩ hse" (`INTERSECTION`), which `CalendarCache.get` understands.
    """
    resources = project.resource_map() if resources is None else resources
    own = sorted({c for r in resource_ids if r in resources and (c := resources[r].calendar) is not None})
    if task.calendar is not None:
        base = task.calendar
    elif not resource_ids:
        return project.calendar
    else:
        plain = any(resources[r].calendar is None for r in resource_ids if r in resources)
        base = project.calendar if plain or not own else own[0]
    parts = [base, *(c for c in own if c != base)]
    return INTERSECTION.join(parts)


def calendar_parts(calendar_id: str) -> list[str]:
    """The calendar ids a (possibly combined) calendar id is made of."""
    return calendar_id.split(INTERSECTION)


class CalendarCache:
    """Compiles each (calendar, absences) combination once per scheduling run."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.origin = project.origin
        self.calendars = project_calendars(project)
        self._resources = project.resource_map()
        self._compiled: dict[tuple[str, tuple[Period, ...]], WorkCalendar] = {}
        #: combined calendars with no common working time, and the calendar used instead
        self.disjoint: dict[str, str] = {}

    def get(self, calendar_id: str, absences: Sequence[Period] = ()) -> WorkCalendar:
        key = (calendar_id, tuple(sorted(absences, key=lambda p: (p.start, p.end))) if absences else ())
        found = self._compiled.get(key)
        if found is None:
            parts = calendar_parts(calendar_id)
            if len(parts) > 1:
                found = CombinedCalendar([self.get(p) for p in parts], self.origin, key[1])
                first = to_minute(self.origin, self.project.start) // DAY
                # compiled straight for that year: asking `work_before` would search 200 years first
                if not found._compile(first, first + COMMON_TIME_DAYS):
                    # people whose calendars never meet (a day shift and a night shift on one task, as
                    # MS Project files hold): the task runs on its own calendar; `disjoint` says so
                    self.disjoint[calendar_id] = parts[0]
                    found = self.get(parts[0], absences)
            elif key[1]:  # the calendar minus absences: cut out of the calendar compiled without them
                found = WorkCalendar(
                    self.calendars[calendar_id], self.origin, key[1], base=self.get(calendar_id)
                )
            else:
                found = WorkCalendar(self.calendars[calendar_id], self.origin)
            self._compiled[key] = found
        return found

    def for_task(self, task: Task, resource_ids: Sequence[str]) -> WorkCalendar:
        """The calendar a task's work runs on, minus the absences of the resources assigned to it."""
        resources = self._resources
        absences = [p for r in resource_ids if r in resources for p in resources[r].absences]
        return self.get(task_calendar_id(self.project, task, resource_ids, resources), absences)
