"""MSPDI calendars to plantrack calendars and back: weekday hours, base calendars, both exception styles.

MSPDI WorkingTimes are per weekday and per calendar day: they map to plantrack's default hours (the most
common day) and per-weekday hours, exactly. A plantrack night shift (21:00-05:00) is written split at
midnight, its tail on the next weekday, as MS Project's own night-shift calendar does. Weekly rules made by
older readers are still turned back into per-weekday hours. Exceptions (the 2003 `WeekDay` DayType 0 style
and the 2007+ `Exceptions` style, recurrences expanded) become off and extra periods.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field

from dateutil import rrule

from plantrack.formats.mspdi.common import (
    format_datetime,
    format_time,
    parse_datetime,
    parse_time,
    xml_text,
)
from plantrack.formats.xml_safe import int_of, text
from plantrack.i18n import _
from plantrack.scheduling.errors import ModelError
from plantrack.scheduling.model import STANDARD_HOURS, Calendar, DayHours, Period, RecurringOff, TimeRange

Ranges = list[tuple[int, int]]
Warn = Callable[[str, str, tuple[str, ...]], None]

#: Longest expansion of one exception into days; longer ones are cut with a warning.
MAX_EXCEPTION_DAYS = 3660
_BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_WEEKLY_RULE = re.compile(
    r"^FREQ=WEEKLY;BYDAY=(MO|TU|WE|TH|FR|SA|SU);BYHOUR=(\d+);BYMINUTE=(\d+);BYSECOND=0$"
)
_STANDARD: Ranges = [(r.start, r.end) for r in STANDARD_HOURS]
_MONTH_ITEMS = {3: rrule.SU, 4: rrule.MO, 5: rrule.TU, 6: rrule.WE, 7: rrule.TH, 8: rrule.FR, 9: rrule.SA}
DAY = 24 * 60


def calendar_id(uid: str) -> str:
    return f"cal{uid}"


def _union(ranges: Ranges) -> Ranges:
    out: Ranges = []
    for a, b in sorted(ranges):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _minus(ranges: Ranges, cut: Ranges) -> Ranges:
    out: Ranges = []
    for a, b in ranges:
        pieces = [(a, b)]
        for c, d in cut:
            pieces = [p for x, y in pieces for p in ((x, min(y, c)), (max(x, d), y)) if p[1] > p[0]]
        out.extend(pieces)
    return _union(out)


def _working_times(element: ET.Element) -> Ranges:
    out: Ranges = []
    for wt in element.iterfind("WorkingTimes/WorkingTime"):
        start = parse_time(text(wt, "FromTime"))
        end = parse_time(text(wt, "ToTime"), end=True)
        if start is not None and end is not None and end > start:
            out.append((start, end))
    return _union(out)


@dataclass
class _Raw:
    uid: str
    name: str
    base: str | None
    days: dict[int, Ranges] = field(default_factory=dict)  # weekday 0 = Monday
    exceptions: list[tuple[dt.date, dt.date, Ranges, str]] = field(default_factory=list)


def _recurrence_dates(exc: ET.Element, first: dt.date, last: dt.date) -> list[dt.date]:
    """Dates of a 2007+ exception: its recurrence pattern within [first, last], Occurrences at most."""
    kind = int_of(exc, "Type", 1) or 1
    count = int_of(exc, "Occurrences")
    period = max(1, int_of(exc, "Period", 1) or 1)
    start = dt.datetime.combine(first, dt.time())
    until = dt.datetime.combine(last, dt.time())
    position = int_of(exc, "MonthPosition", 0) or 0
    nth = -1 if position >= 4 else position + 1
    item = int_of(exc, "MonthItem", 0) or 0
    weekday = _MONTH_ITEMS.get(item)
    month = (int_of(exc, "Month", 0) or 0) + 1
    day = int_of(exc, "MonthDay", 1) or 1
    # RFC 5545 forbids COUNT with UNTIL: count here, stop at the range's end below
    args: dict[str, object] = {"dtstart": start}
    if count and count > 0:
        args["count"] = count
    else:
        args["until"] = until
    if kind in (1, 7):
        freq = rrule.DAILY
        args["interval"] = period if kind == 7 else 1
    elif kind == 6:
        freq = rrule.WEEKLY
        bits = int_of(exc, "DaysOfWeek", 0) or 0
        days = [
            (rrule.SU, rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA)[i]
            for i in range(7)
            if bits & (1 << i)
        ]
        args.update(interval=period, byweekday=days or None)
    elif kind in (4, 2):
        freq = rrule.MONTHLY if kind == 4 else rrule.YEARLY
        args.update(interval=period if kind == 4 else 1, bymonthday=day)
        if kind == 2:
            args["bymonth"] = month
    else:  # 5 monthly or 3 yearly, by position: the nth Monday, weekday, weekend day or day
        freq = rrule.MONTHLY if kind == 5 else rrule.YEARLY
        args["interval"] = period if kind == 5 else 1
        if kind == 3:
            args["bymonth"] = month
        if weekday is not None:
            args["byweekday"] = weekday(nth)
        elif item == 1:
            args.update(byweekday=(rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR), bysetpos=nth)
        elif item == 2:
            args.update(byweekday=(rrule.SA, rrule.SU), bysetpos=nth)
        else:
            args["bymonthday"] = nth
    rule = rrule.rrule(freq, **args)  # type: ignore[arg-type]
    dates: list[dt.date] = []
    for occ in rule:
        if occ > until:
            break
        dates.append(occ.date())
        if len(dates) >= MAX_EXCEPTION_DAYS:
            break
    return dates


def _read_one(element: ET.Element) -> _Raw:
    uid = text(element, "UID") or "0"
    base = text(element, "BaseCalendarUID")
    raw = _Raw(uid=uid, name=text(element, "Name") or "", base=base if base not in (None, "-1") else None)
    for wd in element.iterfind("WeekDays/WeekDay"):
        day_type = int_of(wd, "DayType", -1)
        working = text(wd, "DayWorking") == "1"
        hours = _working_times(wd) if working else []
        if day_type is not None and 1 <= day_type <= 7:
            raw.days[(day_type - 2) % 7] = hours
        elif day_type == 0:  # 2003 style: an exception held in the WeekDays list
            start = parse_datetime(text(wd, "TimePeriod/FromDate"))
            end = parse_datetime(text(wd, "TimePeriod/ToDate"))
            if start and end and end >= start:
                raw.exceptions.append((start.date(), end.date(), hours, ""))
    styled_2007 = element.find("Exceptions/Exception") is not None
    if styled_2007:  # files with both styles carry the same exceptions twice
        raw.exceptions = []
    for exc in element.iterfind("Exceptions/Exception"):
        start = parse_datetime(text(exc, "TimePeriod/FromDate"))
        end = parse_datetime(text(exc, "TimePeriod/ToDate"))
        if not (start and end and end >= start):
            continue
        hours = _working_times(exc) if text(exc, "DayWorking") == "1" else []
        name = text(exc, "Name") or ""
        if (int_of(exc, "Type", 1) or 1) == 1:  # every day of the range, as many as Occurrences says
            count = int_of(exc, "Occurrences")
            last = end.date()
            if count and count > 0:
                last = min(last, start.date() + dt.timedelta(days=count - 1))
            raw.exceptions.append((start.date(), last, hours, name))
        else:
            dates = _recurrence_dates(exc, start.date(), end.date())
            raw.exceptions.extend((d, d, hours, name) for d in dates)
    return raw


def _build(
    raw: _Raw, days: dict[int, Ranges], exceptions: list[tuple[dt.date, dt.date, Ranges, str]], warn: Warn
) -> Calendar:
    working = sorted(d for d, r in days.items() if r)
    shapes = [tuple(days[d]) for d in working]
    # the most common day gives the default hours (the first such day on a tie); the others their own
    usual = max(shapes, key=shapes.count) if shapes else ()
    week = tuple(
        DayHours(weekday=d, hours=tuple(TimeRange(start=a, end=b) for a, b in days[d]))
        for d in working
        if tuple(days[d]) != usual
    )
    off: list[Period] = []
    extra: list[Period] = []
    for first, last, times, name in exceptions:
        if (last - first).days > MAX_EXCEPTION_DAYS:
            warn(
                "calendar-exception-cut",
                _("calendar {name}: an exception over {days} days was cut to that length").format(
                    name=repr(raw.name), days=MAX_EXCEPTION_DAYS
                ),
                (calendar_id(raw.uid),),
            )
            last = first + dt.timedelta(days=MAX_EXCEPTION_DAYS)
        begin = dt.datetime.combine(first, dt.time())
        off.append(
            Period(start=begin, end=dt.datetime.combine(last, dt.time()) + dt.timedelta(days=1), reason=name)
        )
        if times:
            for n in range((last - first).days + 1):
                day = begin + dt.timedelta(days=n)
                extra.extend(
                    Period(
                        start=day + dt.timedelta(minutes=a), end=day + dt.timedelta(minutes=b), reason=name
                    )
                    for a, b in times
                )
    return Calendar(
        id=calendar_id(raw.uid),
        name=raw.name,
        weekdays=tuple(working),
        hours=tuple(TimeRange(start=a, end=b) for a, b in usual),
        week_hours=week,
        off=tuple(off),
        extra=tuple(extra),
    )


def read_calendars(project: ET.Element, warn: Warn) -> list[Calendar]:
    """Every calendar of the file, base calendars resolved into their derived ones."""
    raws = {raw.uid: raw for raw in map(_read_one, project.iterfind("Calendars/Calendar"))}

    def resolved(
        uid: str, seen: tuple[str, ...]
    ) -> tuple[dict[int, Ranges], list[tuple[dt.date, dt.date, Ranges, str]]]:
        raw = raws[uid]
        if raw.base in raws and raw.base not in seen:
            days, exceptions = resolved(raw.base, (*seen, uid))
        else:
            days, exceptions = {d: list(_STANDARD) for d in range(5)} | {5: [], 6: []}, []
        return days | raw.days, exceptions + raw.exceptions

    out = []
    for uid, raw in raws.items():
        days, exceptions = resolved(uid, ())
        try:
            out.append(_build(raw, days, exceptions, warn))
        except ModelError as exc:
            warn(
                "calendar-unreadable",
                _("calendar {name} skipped: {reason}").format(name=repr(raw.name), reason=exc),
                (calendar_id(uid),),
            )
    return out


# ---------------------------------------------------------------- writing


def weekday_hours(calendar: Calendar) -> tuple[dict[int, Ranges], list[RecurringOff]]:
    """Each weekday's hours within its own 24 hours, night-shift tails on the next day (recovering the
    weekly rules older readers made), and the other rules."""
    days: dict[int, Ranges] = {d: [] for d in range(7)}
    for d in range(7):
        for r in calendar.hours_for(d):
            days[d].append((r.start, min(r.end, DAY)))
            if r.end > DAY:
                days[(d + 1) % 7].append((0, r.end - DAY))
    days = {d: _union(ranges) for d, ranges in days.items()}
    others = []
    for rec in calendar.recurring_off:
        match = _WEEKLY_RULE.match(rec.rule)
        if match is None:
            others.append(rec)
            continue
        day = _BYDAY.index(match.group(1))
        start = int(match.group(2)) * 60 + int(match.group(3))
        days[day] = _minus(days[day], [(start, start + rec.length.minutes)])
    return days, others


def day_ranges(calendar: Calendar, days: dict[int, Ranges], date: dt.date) -> Ranges:
    """Working minutes of one date: the weekday's hours, less off-times, plus extra time."""
    midnight = dt.datetime.combine(date, dt.time())
    nxt = midnight + dt.timedelta(days=1)

    def clip(p: Period) -> tuple[int, int] | None:
        a, b = max(p.start, midnight), min(p.end, nxt)
        if b <= a:
            return None
        return (a - midnight) // dt.timedelta(minutes=1), (b - midnight) // dt.timedelta(minutes=1)

    ranges = days[date.weekday()]
    cut = [c for c in map(clip, calendar.off) if c]
    ranges = _minus(ranges, cut)
    return _union(ranges + [c for c in map(clip, calendar.extra) if c])


def exception_days(calendar: Calendar, days: dict[int, Ranges]) -> list[tuple[dt.date, dt.date, Ranges]]:
    """Dates whose working time differs from their weekday, consecutive non-working days merged."""
    touched: set[dt.date] = set()
    for p in (*calendar.off, *calendar.extra):
        day = p.start.date()
        while dt.datetime.combine(day, dt.time()) < p.end and len(touched) < 100_000:
            touched.add(day)
            day += dt.timedelta(days=1)
    out: list[tuple[dt.date, dt.date, Ranges]] = []
    for date in sorted(touched):
        ranges = day_ranges(calendar, days, date)
        if ranges == days[date.weekday()]:
            continue
        if not ranges and out and not out[-1][2] and out[-1][1] == date - dt.timedelta(days=1):
            out[-1] = (out[-1][0], date, [])
        else:
            out.append((date, date, ranges))
    return out


def write_calendar(parent: ET.Element, calendar: Calendar, uid: int) -> None:
    """One `<Calendar>` in schema order: UID, Name, IsBaseCalendar, BaseCalendarUID, WeekDays, Exceptions.

    `calendar.off` must already hold the expansion of its holidays and non-weekly recurring rules.
    """
    sub = ET.SubElement
    el = sub(parent, "Calendar")
    sub(el, "UID").text = str(uid)
    sub(el, "Name").text = xml_text(calendar.name or calendar.id)
    sub(el, "IsBaseCalendar").text = "1"
    sub(el, "BaseCalendarUID").text = "-1"
    days, _rules = weekday_hours(calendar)
    special = exception_days(calendar, days)
    weekdays = sub(el, "WeekDays")
    for day_type in range(1, 8):
        ranges = days[(day_type - 2) % 7]
        wd = sub(weekdays, "WeekDay")
        sub(wd, "DayType").text = str(day_type)
        _write_hours(wd, ranges)
    for first, last, ranges in special:  # the 2003 style, still read by every MSPDI consumer
        wd = sub(weekdays, "WeekDay")
        sub(wd, "DayType").text = "0"
        sub(wd, "DayWorking").text = "1" if ranges else "0"
        period = sub(wd, "TimePeriod")
        sub(period, "FromDate").text = format_datetime(dt.datetime.combine(first, dt.time()))
        sub(period, "ToDate").text = format_datetime(dt.datetime.combine(last, dt.time(23, 59)))
        _write_times(wd, ranges)
    if special:
        exceptions = sub(el, "Exceptions")
        for first, last, ranges in special:
            exc = sub(exceptions, "Exception")
            sub(exc, "EnteredByOccurrences").text = "0"
            period = sub(exc, "TimePeriod")
            sub(period, "FromDate").text = format_datetime(dt.datetime.combine(first, dt.time()))
            sub(period, "ToDate").text = format_datetime(dt.datetime.combine(last, dt.time(23, 59)))
            sub(exc, "Occurrences").text = str((last - first).days + 1)
            sub(exc, "Name").text = "Exception"
            sub(exc, "Type").text = "1"
            sub(exc, "DayWorking").text = "1" if ranges else "0"
            _write_times(exc, ranges)


def _write_hours(wd: ET.Element, ranges: Ranges) -> None:
    ET.SubElement(wd, "DayWorking").text = "1" if ranges else "0"
    _write_times(wd, ranges)


def _write_times(parent: ET.Element, ranges: Ranges) -> None:
    if not ranges:
        return
    times = ET.SubElement(parent, "WorkingTimes")
    for a, b in ranges:
        wt = ET.SubElement(times, "WorkingTime")
        ET.SubElement(wt, "FromTime").text = format_time(a)
        ET.SubElement(wt, "ToTime").text = format_time(b)
