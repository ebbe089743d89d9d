"""`plantrack calendar show`: the working time a calendar (or a resource) gives, day by day."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from plantrack.commands.base import Context
from plantrack.commands.editing import listing
from plantrack.commands.family import add_family
from plantrack.commands.parsers import Subparsers
from plantrack.commands.values import parse_when
from plantrack.i18n import _, language, ngettext, pgettext
from plantrack.i18n.formats import babel_locale, format_day, format_weekday
from plantrack.scheduling.errors import InvalidInput, Problem
from plantrack.scheduling.hours import day_notes, week_summary
from plantrack.scheduling.model import WEEKDAY_NAMES, Calendar


def _clock(minute_of_day: int) -> str:
    return f"{minute_of_day // 60:02d}:{minute_of_day % 60:02d}"


def _week_line(calendar: Calendar) -> str:
    """Each weekday with its hours; English keeps the file's keys (`mon`), French Babel's day names."""
    if language() == "en":
        return " · ".join(f"{day} {hours}" for day, hours in week_summary(calendar))
    parts = []
    for day in range(len(WEEKDAY_NAMES)):
        ranges = calendar.hours_for(day)
        hours = ", ".join(r.label() + (_(" (to next day)") if r.overnight else "") for r in ranges)
        shown = hours or pgettext("day", "off")
        parts.append(f"{format_weekday(day)} {shown}")
    return " · ".join(parts)


def calendar_show(ctx: Context) -> int:
    from babel.dates import format_date

    from plantrack.scheduling.calendar import CalendarCache

    project = ctx.open_workspace().read().project
    cache = CalendarCache(project)
    args = ctx.args
    absences: tuple[Any, ...] = ()
    calendar_id = args.id or project.calendar
    if args.resource:
        resource = project.resource_map().get(args.resource)
        if resource is None:
            raise InvalidInput(
                [
                    Problem(
                        code="resource-unknown",
                        message=_("no resource {id!r}").format(id=args.resource),
                        ids=(args.resource,),
                    )
                ]
            )
        calendar_id = resource.calendar or project.calendar
        absences = resource.absences
    if calendar_id not in cache.calendars:
        raise InvalidInput(
            [
                Problem(
                    code="calendar-unknown",
                    message=_("no calendar {id!r} (known: {known})").format(
                        id=calendar_id, known=", ".join(sorted(cache.calendars))
                    ),
                    ids=(calendar_id,),
                )
            ]
        )
    work = cache.get(calendar_id, absences)
    first = parse_when(args.start, what="--from").date() if args.start else ctx.today
    calendar = cache.calendars[calendar_id]
    notes = day_notes(calendar, absences, first, args.days, project.origin)
    rows = []
    for offset in range(args.days):
        day = first + dt.timedelta(days=offset)
        lo = int((dt.datetime.combine(day, dt.time()) - project.origin).total_seconds() // 60)
        spans = work.intervals(lo, lo + 24 * 60)
        rows.append(
            {
                "date": day.isoformat(),
                "weekday": WEEKDAY_NAMES[day.weekday()],
                "hours": [f"{_clock(a - lo)}-{_clock(b - lo)}" for a, b in spans],
                "working_hours": sum(b - a for a, b in spans) / 60,
                "notes": notes[day],
            }
        )
    if not ctx.json:
        days = ngettext("{count} day", "{count} days", args.days).format(count=args.days)
        if args.resource:
            heading = _("resource {resource} on calendar {calendar}, {first} + {days}")
        else:
            heading = _("calendar {calendar}, {first} + {days}")
        ctx.print(
            heading.format(resource=args.resource, calendar=calendar_id, first=format_day(first), days=days)
        )
        ctx.print(_("week: {days}").format(days=_week_line(calendar)))
        for row in rows:
            day = dt.date.fromisoformat(str(row["date"]))
            row["date"] = format_day(day)
            if language() != "en":  # English keeps the file's weekday keys (`mon`)
                row["weekday"] = format_date(day, "EEE", locale=babel_locale())
    columns = [
        ("date", _("Date")),
        ("weekday", _("Day")),
        ("working_hours", _("Hours")),
        ("hours", _("Working time")),
    ]
    listing(ctx, rows, columns=[*columns, ("notes", _("Why"))])
    return 0


def register(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    group = add_family(
        sub,
        "calendar",
        help=_("inspect and edit working calendars"),
        example="plantrack calendar show crew",
        common=common,
    )
    p = group.command(
        "show",
        calendar_show,
        help=_("working time per day, each holiday, closure and absence named; the hours of each weekday"),
        example="plantrack calendar show plant --from 2027-04-26 --days 14\n"
        "plantrack calendar show --resource elec",
    )
    p.add_argument("id", nargs="?", help=_("calendar id (default: the project's)"))
    p.add_argument("--resource", help=_("show a resource's calendar minus its absences"))
    p.add_argument("--from", dest="start", metavar="DATE", help=_("first day (default: today)"))
    p.add_argument("--days", type=int, default=14, help=_("number of days (default 14)"))
