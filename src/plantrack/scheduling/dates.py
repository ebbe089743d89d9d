"""A date typed alone: its day's start for start-like values, the end of its working day for end-like ones.

One rule for the command line and the TUI forms. A start-like value (actual start, start-no-earlier-
than, must-start-on, a report's `--since`) is 00:00 of the day. An end-like value (actual finish,
deadline, finish-no-later-than, a status date, a due date) is the end of the last working minute of
that day on the calendar it is counted on: the task's calendar for a task's dates, the project
calendar for a status date. So `--actual-finish 2028-02-10` on an 08-12/13-17 calendar is 17:00 that
day, and the day's slip counts. A day without working time on that calendar (a Saturday, a holiday)
ends at 23:59, the start of its last minute: in working time the same instant as midnight, and one
that stays on the day typed wherever only the day is shown. A day worked up to midnight ends at
midnight. A date with a time of day is taken as written. Dates are ISO 8601 or, in both languages,
day first as the French write them (`05/01/2027`, `05/01/2027 14:00`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from plantrack.i18n import N_, _
from plantrack.scheduling.calendar import (
    DAY,
    DEFAULT_CALENDAR,
    CalendarCache,
    WorkCalendar,
    to_datetime,
    to_minute,
)
from plantrack.scheduling.errors import PlantrackError
from plantrack.scheduling.model import Project

#: The file format's range (B8): a date outside it is a typing error, not a plan.
MIN_YEAR, MAX_YEAR = 1900, 2200
#: Where a day without working time ends: no work lies between it and midnight, and it keeps the day.
LAST_MINUTE = dt.timedelta(hours=23, minutes=59)
ISO_HINT = N_("write ISO 8601, e.g. 2027-03-15 or 2027-03-15T08:00, or day/month/year, e.g. 15/03/2027")
#: `05/01/2027`, `5/1/27 14:00`: the day first (French order), a 2-digit year is 20xx (MS Project's CSV).
_DAY_FIRST = re.compile(
    r"^(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4}|\d{2})(?:[ T]+(?P<h>\d{1,2})[:h](?P<min>\d{2}))?$"
)


class DateError(ValueError):
    """Text that is not an ISO 8601 date or local date-time, or lies outside 1900-2200; `field` names
    the value concerned where several are read at once, `out_of_range` tells the second case apart."""

    def __init__(self, message: str, field: str = "", *, out_of_range: bool = False) -> None:
        super().__init__(message)
        self.field = field
        self.out_of_range = out_of_range


def read_iso(text: str) -> tuple[dt.datetime, bool]:
    """The instant written, and whether it was a date alone (no time of day)."""
    stripped = text.strip()
    if "/" in stripped:
        return read_day_first(text)
    try:
        if len(stripped) == 10:
            day = dt.date.fromisoformat(stripped)
            value, alone = dt.datetime.combine(day, dt.time()), True
        else:
            value, alone = dt.datetime.fromisoformat(stripped), False
    except ValueError:
        raise DateError(_("{text} is not a date: {hint}").format(text=repr(text), hint=_(ISO_HINT))) from None
    if value.tzinfo is not None:
        raise DateError(
            _("{text} has a UTC offset: times are plant wall-clock time, write it without one").format(
                text=repr(text)
            )
        )
    return _in_range(text, value), alone


def _in_range(text: str, value: dt.datetime) -> dt.datetime:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise DateError(
            _("{text} is outside {low}-{high}").format(text=repr(text), low=MIN_YEAR, high=MAX_YEAR),
            out_of_range=True,
        )
    return value


def read_day_first(text: str) -> tuple[dt.datetime, bool]:
    """`05/01/2027` (5 January) or `05/01/2027 14:00`, and whether it was a date alone; a month above
    12 is refused with the reminder that the day comes first (`01/13/2027` is no date)."""
    match = _DAY_FIRST.match(text.strip())
    if match is None:
        raise DateError(_("{text} is not a date: {hint}").format(text=repr(text), hint=_(ISO_HINT)))
    day, month, year = int(match["d"]), int(match["m"]), int(match["y"])
    if month > 12:
        raise DateError(
            _("{text} is not a date: month {month} does not exist; the order is day/month/year").format(
                text=repr(text), month=month
            )
        )
    year += 2000 if len(match["y"]) == 2 else 0
    hour, minute = int(match["h"] or 0), int(match["min"] or 0)
    try:
        value = dt.datetime(year, month, day, hour, minute)
    except ValueError:
        raise DateError(
            _("{text} is not a date: {day:02d}/{month:02d} does not exist in {year} (day/month/year)").format(
                text=repr(text), day=day, month=month, year=year
            )
        ) from None
    return _in_range(text, value), match["h"] is None


def end_of_working_day(day: dt.date, calendar: WorkCalendar) -> dt.datetime:
    """The end of the last working minute of `day` on `calendar`; 23:59 when it has none."""
    midnight = dt.datetime.combine(day, dt.time())
    lo = to_minute(calendar.origin, midnight)
    try:
        worked = calendar.intervals(lo, lo + DAY)
    except PlantrackError:  # further than the calendar's 200-year horizon from the project start
        worked = []
    return to_datetime(calendar.origin, worked[-1][1]) if worked else midnight + LAST_MINUTE


def read_when(text: str, *, end: bool = False, calendar: WorkCalendar | None = None) -> dt.datetime:
    """A typed date or date-time; a date alone is its day's start, or with `end` its working day's end.

    Without a calendar an end-like date alone ends at midnight, as the project file's end-like keys do.
    """
    value, alone = read_iso(text)
    if not (alone and end):
        return value
    if calendar is None:
        return value + dt.timedelta(days=1)
    return end_of_working_day(value.date(), calendar)


def end_day(value: dt.datetime) -> dt.date:
    """The day an end-like instant closes: 24:00 on 10 March is 11 March 00:00, shown as the 10th."""
    return value.date() - dt.timedelta(days=1) if value.time() == dt.time() else value.date()


def show_end(value: dt.datetime, calendar: WorkCalendar | None = None) -> str:
    """An end-like instant (a deadline) as the day it closes, with a time of day only when it is not the
    day's end: midnight (a date alone in the project file) or the end of that working day on `calendar`
    (a date alone typed on the command line or in a form) both read `2027-03-10`."""
    if value.time() == dt.time():
        return end_day(value).isoformat()
    if value.time() == dt.time(23, 59) or (
        calendar is not None and value == end_of_working_day(value.date(), calendar)
    ):
        return value.date().isoformat()
    return value.strftime("%Y-%m-%d %H:%M")


class DateReader:
    """Typed dates of one plan, each calendar compiled once (a CSV batch reads many)."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self._cache = CalendarCache(project)
        self._tasks = project.task_map()
        self._assigned: dict[str, list[str]] = {}
        for a in project.assignments:
            self._assigned.setdefault(a.task, []).append(a.resource)

    def project_calendar(self) -> WorkCalendar:
        return self.calendar(self.project.calendar)

    def calendar(self, calendar_id: str) -> WorkCalendar:
        """A calendar by id; an unknown one (refused later by validation) reads as the standard one."""
        known = calendar_id if calendar_id in self._cache.calendars else DEFAULT_CALENDAR.id
        return self._cache.get(known)

    def task_calendar(self, task_id: str | None) -> WorkCalendar:
        """The calendar the task's work runs on (as the scheduler counts it); the project's otherwise."""
        task = None if task_id is None else self._tasks.get(task_id)
        if task is None:
            return self.project_calendar()
        return self._cache.for_task(task, self._assigned.get(task.id, []))

    def progress(
        self, task: str, typed: Mapping[str, str | None]
    ) -> tuple[dt.datetime | None, dt.datetime | None, dt.datetime | None]:
        """The status date, actual start and actual finish of a progress report (keys `date`,
        `actual_start`, `actual_finish`; empty or absent: None), for `progress` and the TUI form alike.

        The status date alone ends its working day on the project calendar, so every task of one report
        shares one instant; an actual finish alone ends it on the task's calendar. A task on a longer
        shift reported finished on the status day is taken as finished at the status date, which it
        cannot lie after.
        """

        def read(key: str) -> tuple[dt.datetime, bool] | None:
            text = (typed.get(key) or "").strip()
            if not text:
                return None
            try:
                return read_iso(text)
            except DateError as exc:
                raise DateError(str(exc), key, out_of_range=exc.out_of_range) from None

        status = read("date")
        start = read("actual_start")
        finish = read("actual_finish")
        when = None
        if status is not None:
            when = status[0]
            if status[1]:
                when = end_of_working_day(when.date(), self.project_calendar())
        ended = None
        if finish is not None:
            ended = finish[0]
            if finish[1]:
                ended = end_of_working_day(ended.date(), self.task_calendar(task))
                # the typed days, not the instants: a day worked up to midnight ends on the next date
                if when is not None and status is not None and status[1] and finish[0] == status[0]:
                    ended = min(ended, when)
        return when, None if start is None else start[0], ended
