"""GNOME Planner's time stamps and calendars: inherited week and day types, days off, extra hours."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from plantrack.formats.interchange import Report
from plantrack.i18n import Nn_, _
from plantrack.scheduling.errors import ModelError
from plantrack.scheduling.model import STANDARD_HOURS, Calendar, DayHours, Period, TimeRange

_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def planner_time(value: str | None) -> dt.datetime | None:
    """`20070223T080000Z` -> 2007-02-23 08:00 (Planner writes wall-clock times with a Z)."""
    if not value:
        return None
    try:
        return dt.datetime.strptime(value.strip().rstrip("Z"), "%Y%m%dT%H%M%S")
    except ValueError:
        return None


def read_calendars(root: ET.Element, report: Report) -> list[Calendar]:
    """Each calendar (children inherit their parent's week and day types); a weekday of a day type of its
    own (a short Friday) keeps that type's hours, a date of one keeps them as an exception."""
    out: list[Calendar] = []
    Types = dict[str, tuple[TimeRange, ...]]
    Exceptions = tuple[tuple[Period, ...], tuple[Period, ...]]  # off, extra

    def visit(element: ET.Element, base: dict[int, str], inherited: Types, exceptions: Exceptions) -> None:
        week = element.find("default-week")
        kinds = dict(base)  # weekday -> day type: 0 working, 1 not, 3+ a type with hours of its own
        for i, name in enumerate(_DAYS):
            kind = week.get(name, "2") if week is not None else "2"
            if kind != "2":  # 2 is "use the parent's"
                kinds[i] = kind
        types = dict(inherited)
        for overridden in element.iterfind("overridden-day-types/overridden-day-type"):
            where = _("calendar {calendar}, day type {day_type}").format(
                calendar=element.get("id"), day_type=overridden.get("id")
            )
            types[overridden.get("id") or ""] = tuple(
                r
                for i in overridden.iterfind("interval")
                if (r := _interval(i.get("start"), i.get("end"), report, where)) is not None
            )
        days, extra = list(exceptions[0]), list(exceptions[1])
        for day in element.iterfind("days/day"):
            when = planner_time((day.get("date") or "") + "T000000")
            kind = day.get("id") or ""
            if when is None or day.get("type") != "day-type" or kind == "2":
                continue
            days.append(Period(start=when, end=when + dt.timedelta(days=1)))
            if kind not in ("0", "1") and kind not in types:
                report.count(
                    "calendar-day",
                    Nn_(
                        "{n} calendar day of an unknown day type imported as off",
                        "{n} calendar days of an unknown day type imported as off",
                    ),
                )
            for r in types.get(kind, ()) if kind != "1" else ():
                extra.append(
                    Period(start=when + dt.timedelta(minutes=r.start), end=when + dt.timedelta(minutes=r.end))
                )
        hours = types.get("0", STANDARD_HOURS)
        working = [
            d
            for d in range(7)
            if kinds.get(d) == "0" or (kinds.get(d) not in ("0", "1") and types.get(kinds.get(d) or ""))
        ]
        own = tuple(
            DayHours(weekday=d, hours=types[kinds[d]])
            for d in working
            if kinds[d] != "0" and types[kinds[d]] != hours
        )
        try:
            out.append(
                Calendar(
                    id=f"cal{element.get('id')}",
                    name=element.get("name") or "",
                    weekdays=tuple(working),
                    hours=hours,
                    week_hours=own,
                    off=tuple(days),
                    extra=tuple(extra),
                )
            )
        except ModelError as exc:  # overlapping or empty hours: named with the calendar, not a bare error
            report.error(
                exc.code(), _("calendar {calendar}: {reason}").format(calendar=element.get("id"), reason=exc)
            )
        for child in element.findall("calendar"):
            visit(child, kinds, types, (tuple(days), tuple(extra)))

    for element in root.findall("calendars/calendar"):
        visit(element, {d: "0" if d < 5 else "1" for d in range(7)}, {"0": STANDARD_HOURS}, ((), ()))
    return out


def _interval(start: str | None, end: str | None, report: Report, where: str) -> TimeRange | None:
    """`0800`-`1200`; an end at or before the start (`2200`-`0600`) runs past midnight, a night shift.

    None (and an error naming the day type) when a bound is not a time of day written `HHMM`."""
    a, b = _hm(start), _hm(end, end=True)
    if a is None or b is None:
        report.error(
            "planner-interval",
            _("{where}: interval {start}-{end} is not two times HHMM").format(
                where=where, start=repr(start), end=repr(end)
            ),
        )
        return None
    try:
        return TimeRange(start=a, end=b if b > a else b + 1440)
    except ModelError as exc:
        report.error(
            exc.code(),
            _("{where}: interval {start}-{end}: {reason}").format(
                where=where, start=repr(start), end=repr(end), reason=exc
            ),
        )
        return None


def _hm(value: str | None, end: bool = False) -> int | None:
    text = (value or "0000").strip().zfill(4)
    if len(text) != 4 or not text.isdigit() or not text.isascii() or int(text[:2]) > 24 or int(text[2:]) > 59:
        return None
    minutes = int(text[:2]) * 60 + int(text[2:4])
    if minutes > 1440:
        return None
    return 1440 if end and minutes == 0 else minutes
