"""Working-hour ranges read from text: `08:00-12:00`, and night shifts past midnight such as `21:00-05:00`."""

from __future__ import annotations

import re

from plantrack.scheduling.model import WEEKDAY_NAMES, Calendar, TimeRange

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
