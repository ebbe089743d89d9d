"""Working hours as people read them: `08:00-12:00`, night shifts `21:00-05:00`, and what closes a day."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from plantrack.scheduling.model import WEEKDAY_NAMES, Calendar, Period, TimeRange

DAY = 24 * 60
_RANGE = re.compile(r"^\s*(\d{1,2}):(\d\d)\s*-\s*(\d{1,2}):(\d\d)\s*$")


class HoursError(ValueError):
    """A range that cannot be read; the message says why, for the caller to name the calendar."""


def parse_range(text: str) -> TimeRange:
    """`08:00-12:00` -> (480, 720); an end before the start runs on past midnight: `21:00-05:00`."""
    match = _RANGE.match(text)
    if match is None:
        raise HoursError(
            f"hours {text!r} must read HH:MM-HH:MM, e.g. 08:00-12:00 or 21:00-05:00 for a night shift"
        )
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if m1 >= 60 or m2 >= 60 or h1 > 24 or h2 > 24 or (h1 == 24 and m1) or (h2 == 24 and m2):
        raise HoursError(f"hours {text!r} are not clock times (00:00 to 24:00)")
    start, end = h1 * 60 + m1, h2 * 60 + m2
    if start >= DAY:
        raise HoursError(f"hours {text!r} start at 24:00: write 00:00 for the next day")
    if start == end:
        raise HoursError(f"hours {text!r} have zero length (a whole day is 00:00-24:00)")
    if end < start:
        # a night shift: the end is the next day's clock time, so it never lasts 24 hours or more
        end += DAY
    return TimeRange(start=start, end=end)


def parse_ranges(texts: list[str]) -> tuple[TimeRange, ...]:
    return tuple(sorted((parse_range(t) for t in texts), key=lambda r: r.start))


def weekday_index(name: str) -> int | None:
    """`fri` or `friday` (any case) -> 4; None for anything else."""
    full = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    low = name.strip().lower()
    if low in WEEKDAY_NAMES:
        return WEEKDAY_NAMES.index(low)
    return full.index(low) if low in full else None


def week_summary(calendar: Calendar) -> list[tuple[str, str]]:
    """Each weekday with its hours (`21:00-05:00 (+1 day)` for a night shift), or `off`."""
    out = []
    for day, name in enumerate(WEEKDAY_NAMES):
        ranges = calendar.hours_for(day)
        text = ", ".join(r.label() + (" (to next day)" if r.overnight else "") for r in ranges)
        out.append((name, text or "off"))
    return out


def holiday_names(calendar: Calendar, first: dt.date, last: dt.date) -> dict[dt.date, str]:
    """The public holidays of the calendar's country from `first` to `last`, with their names."""
    if not calendar.holidays:
        return {}
    import holidays as holidays_lib  # large: only for a calendar that names a country

    found = holidays_lib.country_holidays(
        calendar.holidays, subdiv=calendar.holiday_subdivision, years=range(first.year, last.year + 1)
    )
    return {day: str(name) for day, name in found.items() if first <= day <= last}


def day_notes(
    calendar: Calendar, absences: Sequence[Period], first: dt.date, days: int, origin: dt.datetime
) -> dict[dt.date, list[str]]:
    """Why each day of a range loses (or gains) working time: holidays by name, closures and absences."""
    from dateutil.rrule import rrulestr

    last = first + dt.timedelta(days=days - 1)
    notes: dict[dt.date, list[str]] = {first + dt.timedelta(days=i): [] for i in range(days)}
    for day, name in holiday_names(calendar, first, last).items():
        notes[day].append(f"holiday: {name}")
    lo, hi = (
        dt.datetime.combine(first, dt.time()),
        dt.datetime.combine(last, dt.time()) + dt.timedelta(days=1),
    )

    def mark(start: dt.datetime, end: dt.datetime, label: str) -> None:
        day = max(start, lo).date()
        while day <= last and dt.datetime.combine(day, dt.time()) < end:
            notes[day].append(label)
            day += dt.timedelta(days=1)

    for period in calendar.off:
        mark(period.start, period.end, f"closed: {period.reason or 'no reason given'}")
    for period in calendar.extra:
        mark(period.start, period.end, f"extra time: {period.reason or 'no reason given'}")
    for period in absences:
        mark(period.start, period.end, f"absent: {period.reason or 'no reason given'}")
    for rec in calendar.recurring_off:
        length = dt.timedelta(minutes=rec.length.minutes)
        # as the engine reads it: a rule without its own DTSTART counts from the project origin
        rule = rrulestr(rec.rule, dtstart=origin, ignoretz=True, forceset=True)
        for occurrence in rule.between(lo - length, hi, inc=True):
            if occurrence + length > lo:
                mark(occurrence, occurrence + length, f"closed: {rec.reason or rec.rule}")
    return notes
