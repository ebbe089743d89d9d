"""Working time: calendars (weekdays, hours, holidays), periods off, recurring off time, shutdown windows.

These are the inputs; `scheduling/calendar/` turns a calendar into the scheduler's time axis.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from plantrack.i18n import _
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.errors import ModelError
from plantrack.scheduling.model.text import check_id
from plantrack.scheduling.timerange import DayHours, TimeRange

WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ONE_ELAPSED_DAY = Duration(minutes=24 * 60, elapsed=True)


@dataclass(frozen=True, slots=True, kw_only=True)
class Period:
    """A span of time [start, end) with an optional reason (an absence, a shutdown, extra work)."""

    start: dt.datetime
    end: dt.datetime
    reason: str = ""

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise ModelError(
                "period-end-before-start",
                _("period ends ({end}) before it starts ({start})").format(
                    end=self.end.isoformat(), start=self.start.isoformat()
                ),
            )


@dataclass(frozen=True, slots=True, kw_only=True)
class RecurringOff:
    """Recurring non-working time: an RFC 5545 RRULE (dateutil) and the length of each occurrence."""

    rule: str
    length: Duration = ONE_ELAPSED_DAY
    reason: str = ""


STANDARD_HOURS = (TimeRange(start=8 * 60, end=12 * 60), TimeRange(start=13 * 60, end=17 * 60))


@dataclass(frozen=True, slots=True, kw_only=True)
class Calendar:
    """Working time: weekdays (0 = Monday), daily hour ranges, public holidays and exceptions."""

    id: str
    name: str = ""
    weekdays: tuple[int, ...] = (0, 1, 2, 3, 4)
    hours: tuple[TimeRange, ...] = STANDARD_HOURS
    holidays: str | None = None  # country code known to the `holidays` package, e.g. "FR"
    holiday_subdivision: str | None = None  # e.g. "57" (Moselle) for FR
    off: tuple[Period, ...] = ()
    extra: tuple[Period, ...] = ()  # extra working time outside the regular hours
    recurring_off: tuple[RecurringOff, ...] = ()
    # per-weekday hours replacing `hours` on that day, e.g. a short Friday 08:00-12:00
    week_hours: tuple[DayHours, ...] = ()

    def __post_init__(self) -> None:
        check_id("calendar", self.id)
        if any(d not in range(7) for d in self.weekdays):
            raise ModelError(
                "weekday-invalid",
                _("calendar {calendar} has an invalid weekday").format(calendar=self.id),
                [self.id],
            )
        days = [d.weekday for d in self.week_hours]
        if len(set(days)) != len(days) or any(d not in range(7) for d in days):
            raise ModelError(
                "weekday-invalid",
                _("calendar {calendar}: per-day hours repeat a weekday").format(calendar=self.id),
                [self.id],
            )
        for day in days:
            if day not in self.weekdays:
                raise ModelError(
                    "weekday-invalid",
                    _(
                        "calendar {calendar}: hours are given for {day}, which is not one of "
                        "its working weekdays (add it to the weekdays)"
                    ).format(calendar=self.id, day=WEEKDAY_NAMES[day]),
                    [self.id],
                )
        for with_next in (False, True):  # a day's own clash first: it names the right day
            for day in range(7):
                self._check_overlap(day, with_next)

    def hours_for(self, weekday: int) -> tuple[TimeRange, ...]:
        """The ranges worked from a weekday's midnight (none on a day off); night shifts run past it."""
        if weekday not in self.weekdays:
            return ()
        for day in self.week_hours:
            if day.weekday == weekday:
                return day.hours
        return self.hours

    def _check_overlap(self, day: int, with_next: bool) -> None:
        # a night shift's tail overlaps the next day's first ranges as much as its own day's ones
        spans = [(r.start, r.end, r) for r in self.hours_for(day)]
        if with_next:
            spans += [(r.start + 24 * 60, r.end + 24 * 60, r) for r in self.hours_for((day + 1) % 7)]
        spans.sort(key=lambda s: s[0])
        for before, after in itertools.pairwise(spans):
            if after[0] < before[1]:
                where = WEEKDAY_NAMES[day]
                raise ModelError(
                    "hours-overlap",
                    _("calendar {calendar}: working hours {first} and {second} overlap ({day})").format(
                        calendar=self.id, first=before[2].label(), second=after[2].label(), day=where
                    ),
                    [self.id],
                )


@dataclass(frozen=True, slots=True, kw_only=True)
class Window:
    """A named production shutdown window: the periods when the line is stopped."""

    id: str
    name: str = ""
    periods: tuple[Period, ...] = ()

    def __post_init__(self) -> None:
        check_id("window", self.id)
        if not self.periods:
            raise ModelError(
                "window-empty", _("window {window} has no period").format(window=self.id), [self.id]
            )
