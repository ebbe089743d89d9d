"""Integer time axes for leveling: axis point t <-> plant instant, in steps of `unit` minutes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from plantrack.scheduling.calendar import WorkCalendar, to_datetime, to_minute
from plantrack.scheduling.model import Calendar

DAY = 24 * 60


class Axis(Protocol):
    """Maps plant instants to axis points and back; lengths on the axis are multiples of `unit` minutes."""

    @property
    def unit(self) -> int: ...

    def point_at_or_after(self, instant: dt.datetime) -> int: ...

    def point_at_or_before(self, instant: dt.datetime) -> int: ...

    def start_instant(self, t: int) -> dt.datetime: ...

    def finish_instant(self, t: int) -> dt.datetime: ...

    def minutes(self, t: int) -> int:
        """Axis point t as minutes from the project start on this axis."""
        ...


def is_continuous(calendar: Calendar) -> bool:
    """A 24/7 calendar: every minute works, so working time and elapsed time coincide."""
    return (
        set(calendar.weekdays) == set(range(7))
        and len(calendar.hours) == 1
        and calendar.hours[0].start == 0
        and calendar.hours[0].end == DAY
        and not calendar.week_hours
        and calendar.holidays is None
        and not calendar.off
        and not calendar.recurring_off
    )


@dataclass(frozen=True, slots=True)
class ContinuousAxis:
    """Elapsed minutes from the project start, in steps of `unit` minutes (24/7 calendars, PSPLIB)."""

    origin: dt.datetime
    unit: int

    def _offset(self, instant: dt.datetime) -> int:
        return int((instant - self.origin).total_seconds() // 60)

    def point_at_or_after(self, instant: dt.datetime) -> int:
        return -(-self._offset(instant) // self.unit)

    def point_at_or_before(self, instant: dt.datetime) -> int:
        return self._offset(instant) // self.unit

    def start_instant(self, t: int) -> dt.datetime:
        return self.origin + dt.timedelta(minutes=t * self.unit)

    def finish_instant(self, t: int) -> dt.datetime:
        return self.origin + dt.timedelta(minutes=t * self.unit)

    def minutes(self, t: int) -> int:
        return t * self.unit


@dataclass(frozen=True, slots=True)
class WorkingAxis:
    """Working minutes of one shared calendar from the project start, in steps of `unit` minutes.

    Where every task works on the same calendar, lengths and lags are fixed on this axis: nights,
    weekends and holidays simply do not exist on it.
    """

    calendar: WorkCalendar
    origin: dt.datetime  # minute 0 of the WorkCalendar (midnight of the start day)
    base: int  # working minutes before the project start
    unit: int

    def _work(self, instant: dt.datetime) -> int:
        return self.calendar.work_before(to_minute(self.origin, instant)) - self.base

    def point_at_or_after(self, instant: dt.datetime) -> int:
        return -(-self._work(instant) // self.unit)

    def point_at_or_before(self, instant: dt.datetime) -> int:
        return self._work(instant) // self.unit

    def start_instant(self, t: int) -> dt.datetime:
        return to_datetime(self.origin, self.calendar.start_at(self.base + t * self.unit))

    def finish_instant(self, t: int) -> dt.datetime:
        if t <= 0:
            return self.start_instant(t)
        return to_datetime(self.origin, self.calendar.finish_at(self.base + t * self.unit))

    def minutes(self, t: int) -> int:
        return t * self.unit
