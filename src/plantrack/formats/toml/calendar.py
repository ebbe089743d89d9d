"""The `[calendars.ID]` tables: weekdays, working hours, public holidays, off and extra periods, recurring
days off (RFC 5545 rules)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from plantrack.formats.toml.fields import Section, read_periods
from plantrack.i18n import _
from plantrack.scheduling.errors import ModelError
from plantrack.scheduling.hours import HoursError, parse_range, weekday_index
from plantrack.scheduling.model import (
    ONE_ELAPSED_DAY,
    WEEKDAY_NAMES,
    Calendar,
    DayHours,
    RecurringOff,
    TimeRange,
)

CALENDAR_KEYS = ("name", "weekdays", "hours", "week", "holidays", "off", "extra", "recurring")
_ERROR_KEYS = {"weekday-invalid": "weekdays", "hours-overlap": "hours"}


def read_calendar(section: Section, ident: str, start: dt.datetime | None) -> Calendar | None:
    section.check_keys(CALENDAR_KEYS)
    fields: dict[str, Any] = {"name": section.text("name")}
    if section.has("weekdays"):
        days = []
        for name in section.idents("weekdays"):
            if name.lower()[:3] in WEEKDAY_NAMES and name.lower() in (name.lower()[:3], _full(name)):
                days.append(WEEKDAY_NAMES.index(name.lower()[:3]))
            else:
                section.fail(
                    "weekday-invalid",
                    _("unknown weekday {day}: use {days}").format(
                        day=repr(name), days=", ".join(WEEKDAY_NAMES)
                    ),
                    "weekdays",
                )
        fields["weekdays"] = tuple(days)
    if section.has("hours"):
        fields["hours"] = _ranges(section, "hours", section.idents("hours"))
    week = section.table("week", "week") if section.has("week") else None
    if week is not None:
        per_day = []
        for name in week.data:
            day = weekday_index(name)
            if day is None:
                week.fail(
                    "weekday-invalid",
                    _("unknown weekday {day}: use {days}").format(
                        day=repr(name), days=", ".join(WEEKDAY_NAMES)
                    ),
                    name,
                )
                continue
            per_day.append(DayHours(weekday=day, hours=_ranges(week, name, week.idents(name))))
        section.ok = section.ok and week.ok
        fields["week_hours"] = tuple(sorted(per_day, key=lambda p: p.weekday))
    _holidays(section, fields)
    fields["off"] = read_periods(section, "off")
    fields["extra"] = read_periods(section, "extra")
    fields["recurring_off"] = _recurring(section, start)
    if not section.ok:
        return None
    try:
        return Calendar(id=ident, **fields)
    except ModelError as exc:
        section.model_error(exc, _ERROR_KEYS.get(exc.problem.code))
        return None


def _full(name: str) -> str:
    full = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    return full[WEEKDAY_NAMES.index(name.lower()[:3])]


def _ranges(section: Section, key: str, texts: list[str]) -> tuple[TimeRange, ...]:
    ranges = []
    for text in texts:
        try:
            ranges.append(parse_range(text))
        except (HoursError, ModelError) as exc:
            section.fail("hours-invalid", str(exc), key)
    ordered = tuple(sorted(ranges, key=lambda r: r.start))
    # caught here rather than by the model, so the error points at this day's line
    for before, after in itertools.pairwise(ordered):
        if after.start < before.end:
            section.fail(
                "hours-overlap",
                _("working hours {first} and {second} overlap").format(
                    first=before.label(), second=after.label()
                ),
                key,
            )
    return ordered


def _holidays(section: Section, fields: dict[str, Any]) -> None:
    """`holidays = "FR"` or `holidays = { country = "FR", subdivision = "57" }`."""
    value = section.data.get("holidays")
    if value is None:
        return
    country: str | None
    subdivision: str | None = None
    if isinstance(value, str):
        country = value
    else:
        table = section.table("holidays", "holidays")
        if table is None:
            return
        table.check_keys(("country", "subdivision"))
        country = table.ident("country")
        subdivision = table.ident("subdivision")
        if country is None:
            section.fail(
                "key-missing",
                _("'holidays' needs a country, e.g. {example}").format(example='{ country = "FR" }'),
                "holidays",
            )
            return
    import holidays  # only when a file names holidays: the package is large

    supported = holidays.list_supported_countries()
    if country.upper() not in supported:
        section.fail(
            "holidays-unknown",
            _(
                "no public holidays known for country {country}: use an ISO 3166 code such as FR, DE, BE"
            ).format(country=repr(country)),
            "holidays",
        )
        return
    known = supported[country.upper()]
    if subdivision is not None and subdivision not in known:
        section.fail(
            "holidays-unknown",
            _("{country} has no subdivision {subdivision} (known: {known}…)").format(
                country=country.upper(), subdivision=repr(subdivision), known=", ".join(known[:12])
            ),
            "holidays",
        )
        return
    fields["holidays"] = country.upper()
    fields["holiday_subdivision"] = subdivision


def _recurring(section: Section, start: dt.datetime | None) -> tuple[RecurringOff, ...]:
    from dateutil.rrule import rrulestr

    out = []
    for item in section.items("recurring"):
        item.check_keys(("rule", "length", "reason"))
        rule = item.text("rule", required=True)
        length = item.duration("length") or ONE_ELAPSED_DAY
        reason = item.text("reason")
        if rule:
            try:
                rrulestr(rule, dtstart=start or dt.datetime(2000, 1, 1))
            except (ValueError, TypeError) as exc:
                item.fail(
                    "recurring-invalid",
                    _("rule {rule} is not an RFC 5545 RRULE: {reason}").format(rule=repr(rule), reason=exc),
                    "rule",
                )
        if length.minutes <= 0:
            item.fail("duration-invalid", _("'length' must be above zero"), "length")
        if not item.ok:
            section.ok = False
            continue
        out.append(RecurringOff(rule=rule, length=length, reason=reason))
    return tuple(out)
