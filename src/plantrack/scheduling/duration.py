"""Durations as the trade writes them (`30m`, `4h`, `3d`, `2w`, `5ed`) to and from integer minutes."""

from __future__ import annotations

import re
from dataclasses import dataclass

from plantrack.scheduling.errors import ModelError

MINUTES_PER_HOUR = 60
ELAPSED_MINUTES_PER_DAY = 24 * 60
ELAPSED_MINUTES_PER_WEEK = 7 * ELAPSED_MINUTES_PER_DAY
#: Longest duration or lag accepted: about 100 years of elapsed time (never clamped silently).
MAX_MINUTES = 100 * 366 * ELAPSED_MINUTES_PER_DAY

_UNITS = ("m", "h", "d", "w", "em", "eh", "ed", "ew")
_PATTERN = re.compile(r"^\s*([+-]?)\s*(\d+(?:\.\d+)?)\s*(em|eh|ed|ew|m|h|d|w)\s*$")


@dataclass(frozen=True, slots=True, kw_only=True)
class Duration:
    """A length of time: working minutes on a calendar, or elapsed minutes when `elapsed` is set."""

    minutes: int
    elapsed: bool = False

    def __post_init__(self) -> None:
        if abs(self.minutes) > MAX_MINUTES:
            raise ModelError(
                "duration-out-of-range",
                f"duration of {self.minutes} minutes exceeds the limit of about 100 years",
            )

    @property
    def hours(self) -> float:
        return self.minutes / MINUTES_PER_HOUR

    def __neg__(self) -> Duration:
        return Duration(minutes=-self.minutes, elapsed=self.elapsed)


ZERO = Duration(minutes=0)


def unit_minutes(unit: str, minutes_per_day: int, minutes_per_week: int) -> int:
    """Minutes in one `unit`; working days and weeks follow the project's day and week lengths."""
    return {
        "m": 1,
        "h": MINUTES_PER_HOUR,
        "d": minutes_per_day,
        "w": minutes_per_week,
        "em": 1,
        "eh": MINUTES_PER_HOUR,
        "ed": ELAPSED_MINUTES_PER_DAY,
        "ew": ELAPSED_MINUTES_PER_WEEK,
    }[unit]


def parse_duration(
    text: str,
    *,
    minutes_per_day: int = 480,
    minutes_per_week: int = 2400,
    allow_negative: bool = False,
) -> Duration:
    """Parse `3d`, `1.5h`, `5ed`, `-2d` (a lead, only with `allow_negative`) into a Duration.

    Fractions are rounded to the nearest minute. Raises ModelError with code `duration-unit`,
    `duration-negative` or `duration-out-of-range`.
    """
    if not isinstance(text, str):
        raise ModelError(
            "duration-unit",
            f"duration {text!r} must be a string such as '3d' (units: {', '.join(_UNITS)})",
        )
    match = _PATTERN.match(text)
    if match is None:
        raise ModelError(
            "duration-unit",
            f"cannot read duration {text!r}: write a number and one of the units "
            f"{', '.join(_UNITS)} (e.g. 30m, 4h, 3d, 2w, 5ed)",
        )
    sign, number, unit = match.groups()
    minutes = round(float(number) * unit_minutes(unit, minutes_per_day, minutes_per_week))
    if sign == "-" and minutes:
        if not allow_negative:
            raise ModelError("duration-negative", f"duration {text!r} is negative")
        minutes = -minutes
    return Duration(minutes=minutes, elapsed=unit.startswith("e"))


def format_duration(duration: Duration, *, minutes_per_day: int = 480, minutes_per_week: int = 2400) -> str:
    """The shortest exact spelling of a duration, e.g. 960 working minutes -> `2d`; inverse of parse."""
    minutes = duration.minutes
    sign = "-" if minutes < 0 else ""
    minutes = abs(minutes)
    prefix = "e" if duration.elapsed else ""
    if duration.elapsed:
        candidates = [("w", ELAPSED_MINUTES_PER_WEEK), ("d", ELAPSED_MINUTES_PER_DAY), ("h", 60)]
    else:
        candidates = [("w", minutes_per_week), ("d", minutes_per_day), ("h", 60)]
    if minutes:
        for unit, size in candidates:
            if size > 0 and minutes % size == 0:
                return f"{sign}{minutes // size}{prefix}{unit}"
    return f"{sign}{minutes}{prefix}m"
