"""MSPDI value codecs shared by the reader and the writer: durations, dates, link types, formats."""

from __future__ import annotations

import datetime as dt
import re

from plantrack.i18n import N_
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.model import ConstraintKind, LinkType, clean_text

NAMESPACE = "http://schemas.microsoft.com/project"

#: MSPDI PredecessorLink/Type codes.
LINK_TYPES: dict[int, LinkType] = {0: LinkType.FF, 1: LinkType.FS, 2: LinkType.SF, 3: LinkType.SS}
LINK_CODES: dict[LinkType, int] = {v: k for k, v in LINK_TYPES.items()}

#: Duration/LagFormat codes whose value is elapsed (calendar) time; the `?` (estimated) twins too.
ELAPSED_FORMATS = frozenset({4, 6, 8, 10, 12, 36, 38, 40, 42, 44})
PERCENT_FORMATS = frozenset({19, 20})
FORMAT_MINUTES, FORMAT_HOURS, FORMAT_DAYS, FORMAT_WEEKS = 3, 5, 7, 9
FORMAT_ELAPSED_HOURS, FORMAT_ELAPSED_DAYS = 6, 8

#: ConstraintType codes (0 ASAP, 1 ALAP, 2 MSO, 3 MFO, 4 SNET, 5 SNLT, 6 FNET, 7 FNLT).
CONSTRAINT_KINDS: dict[int, ConstraintKind] = {
    2: ConstraintKind.MUST_START_ON,
    4: ConstraintKind.START_NO_EARLIER_THAN,
    7: ConstraintKind.FINISH_NO_LATER_THAN,
}
CONSTRAINT_CODES: dict[ConstraintKind, int] = {v: k for k, v in CONSTRAINT_KINDS.items()}
MUST_FINISH_ON = 3
#: MS Project's constraint types plantrack has no equal for, marked with N_() (shown translated)
CONSTRAINT_NAMES = {
    1: N_("as late as possible"),
    3: N_("must finish on"),
    5: N_("start no later than"),
    6: N_("finish no earlier than"),
}

#: Resource that MS Project writes on assignments of tasks without a resource.
UNASSIGNED_RESOURCE = -65535

_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")


def xml_text(value: object) -> str:
    """Text XML 1.0 can hold: control characters (never wanted in a name) and lone surrogates removed."""
    return _NOT_XML.sub("", clean_text(str(value)))


_ISO_DURATION = re.compile(
    r"^(-)?P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$"
)


def parse_minutes(text: str) -> int | None:
    """`PT8H30M0S` -> 510; `P1DT2H` -> 1560 (a D is 24 h); None when the text is not such a duration."""
    match = _ISO_DURATION.match(text.strip())
    if match is None or text.strip() in ("P", "-P"):
        return None
    sign, days, hours, minutes, seconds = match.groups()
    total = float(days or 0) * 1440 + float(hours or 0) * 60 + float(minutes or 0) + float(seconds or 0) / 60
    value = round(total)
    return -value if sign else value


def format_minutes(minutes: int) -> str:
    sign = "-" if minutes < 0 else ""
    minutes = abs(minutes)
    return f"{sign}PT{minutes // 60}H{minutes % 60}M0S"


def parse_datetime(text: str | None) -> dt.datetime | None:
    """An MSPDI date-time (`2003-01-07T08:00:00`), naive wall-clock; None when absent or unreadable."""
    if not text:
        return None
    try:
        value = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    if value.tzinfo is not None:  # a few producers add an offset; plantrack keeps wall-clock time
        value = value.replace(tzinfo=None)
    return value.replace(second=0, microsecond=0)


def format_datetime(value: dt.datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%S")


def parse_time(text: str | None, *, end: bool = False) -> int | None:
    """`08:00:00` -> 480; an end time of `00:00:00` is midnight at the end of the day (1440)."""
    if not text:
        return None
    try:
        value = dt.time.fromisoformat(text.strip())
    except ValueError:
        return None
    minutes = value.hour * 60 + value.minute
    return 1440 if end and minutes == 0 else minutes


def format_time(minutes: int) -> str:
    minutes %= 1440
    return f"{minutes // 60:02d}:{minutes % 60:02d}:00"


def duration_format(duration: Duration, minutes_per_day: int) -> int:
    """The display format MS Project should use: days when whole days, else hours."""
    if duration.elapsed:
        return FORMAT_ELAPSED_DAYS if duration.minutes % 1440 == 0 else FORMAT_ELAPSED_HOURS
    return FORMAT_DAYS if minutes_per_day and duration.minutes % minutes_per_day == 0 else FORMAT_HOURS
