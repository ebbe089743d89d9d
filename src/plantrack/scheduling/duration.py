"""Durations as the trade writes them (`30m`, `4h`, `3d`, `5ed`; `2j`, `1,5 sem`, `5jc`) in minutes."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from plantrack.i18n import _
from plantrack.scheduling.errors import ModelError

MINUTES_PER_HOUR = 60
ELAPSED_MINUTES_PER_DAY = 24 * 60
ELAPSED_MINUTES_PER_WEEK = 7 * ELAPSED_MINUTES_PER_DAY
#: Longest duration or lag accepted: about 100 years of elapsed time (never clamped silently).
MAX_MINUTES = 100 * 366 * ELAPSED_MINUTES_PER_DAY

_UNITS = ("m", "h", "d", "w", "em", "eh", "ed", "ew")
_PATTERN = re.compile(r"^\s*([+-]?)\s*(\d+(?:\.\d+)?)\s*(em|eh|ed|ew|m|h|d|w)\s*$")
# any spelling: a decimal comma, a unit written out in English or French (read through _UNIT_WORDS)
_WORDY = re.compile(r"^\s*([+-]?)\s*(\d+(?:[.,]\d+)?)\s*([^\W\d_][^\d]*?)\s*$")
#: Unit words (lower case, accents and final dots removed) in both languages -> plantrack's unit.
#: Input is accepted in English and French whatever the interface language: a file travels.
_UNIT_WORDS: dict[str, str] = {
    **{u: u for u in _UNITS},
    **dict.fromkeys(("min", "mins", "mn", "minute", "minutes"), "m"),
    **dict.fromkeys(("hr", "hrs", "hour", "hours", "heure", "heures"), "h"),
    **dict.fromkeys(("j", "jr", "jrs", "jour", "jours", "day", "days"), "d"),
    **dict.fromkeys(("sem", "sems", "semaine", "semaines", "wk", "wks", "week", "weeks"), "w"),
    # elapsed time: jours calendaires (`jc`), or MS Project's "écoulés" spellings
    **dict.fromkeys(("emin", "minc", "minutes calendaires", "minutes ecoulees"), "em"),
    **dict.fromkeys(("ehr", "hc", "heures calendaires", "heures ecoulees", "heure ecoulee"), "eh"),
    **dict.fromkeys(
        (
            "jc", "jcal", "ej", "eday", "edays", "jour calendaire", "jours calendaires",
            "jour ecoule", "jours ecoules", "elapsed day", "elapsed days",
        ),
        "ed",
    ),
    **dict.fromkeys(
        ("sc", "semc", "esem", "ewk", "semaine calendaire", "semaines calendaires", "semaines ecoulees"),
        "ew",
    ),
}  # fmt: skip


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

    French and written-out units are read too (`2j`, `1,5 j`, `3 sem`, `30min`, `5jc`, `2 jours`).
    Fractions are rounded to the nearest minute. Raises ModelError with code `duration-unit`,
    `duration-negative` or `duration-out-of-range`.
    """
    if not isinstance(text, str):
        raise ModelError(
            "duration-unit",
            _("duration {text} must be a string such as '3d' (units: {units})").format(
                text=repr(text), units=", ".join(_UNITS)
            ),
        )
    match = _PATTERN.match(text)
    if match is not None:
        sign, number, unit = match.groups()
    else:
        sign, number, unit = _read_words(text)
    minutes = round(float(number) * unit_minutes(unit, minutes_per_day, minutes_per_week))
    if sign == "-" and minutes:
        if not allow_negative:
            raise ModelError("duration-negative", f"duration {text!r} is negative")
        minutes = -minutes
    return Duration(minutes=minutes, elapsed=unit.startswith("e"))


def _read_words(text: str) -> tuple[str, str, str]:
    """Sign, number and unit of a duration written with a decimal comma or a unit word."""
    match = _WORDY.match(text)
    unit = None if match is None else _UNIT_WORDS.get(_fold_unit(match[3]))
    if match is None or unit is None:
        raise ModelError(
            "duration-unit",
            _(
                "cannot read duration {text}: write a number and one of the units {units} "
                "(e.g. 30m, 4h, 3d, 2w, 5ed; in French 30min, 4h, 2j, 1,5j, 3 sem, 5jc)"
            ).format(text=repr(text), units=", ".join(_UNITS)),
        )
    return match[1], match[2].replace(",", "."), unit


def _fold_unit(word: str) -> str:
    """`Semaines.` -> `semaines`, `jours écoulés` -> `jours ecoules`: case, accents and final dots dropped."""
    decomposed = unicodedata.normalize("NFKD", word.lower().rstrip(". "))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


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
