"""Editing working calendars from the command line: `calendar add/edit/rm/off/list`."""

from __future__ import annotations

import argparse
import itertools
from typing import Any

from plantrack.commands.base import Context
from plantrack.commands.editing import (
    commit_project,
    edit_plan,
    listing,
    not_found,
    open_for_update,
    read_state,
    sanitised,
)
from plantrack.commands.family import add_family
from plantrack.commands.parsers import Subparsers
from plantrack.commands.values import parse_when
from plantrack.i18n import _, language, pgettext
from plantrack.i18n.formats import format_moment, format_weekday
from plantrack.operations import shared_edits
from plantrack.scheduling.errors import InvalidInput, ModelError, Problem
from plantrack.scheduling.hours import HoursError, parse_range, weekday_index
from plantrack.scheduling.model import WEEKDAY_NAMES, Calendar, DayHours, Period, Project, TimeRange


def _invalid(code: str, message: str, ident: str) -> InvalidInput:
    return InvalidInput([Problem(code=code, message=message, ids=(ident,))])


def parse_weekdays(text: str, ident: str) -> tuple[int, ...]:
    """`mon-fri`, `mon,wed,fri`, `mon-fri,sat` or `fri-mon` (a range may wrap past Sunday) -> 0-6."""
    days: list[int] = []
    for part in (p.strip().lower() for p in text.split(",") if p.strip()):
        first, sep, last = part.partition("-")
        names = [first, last] if sep else [first]
        if any(name[:3] not in WEEKDAY_NAMES for name in names):
            raise _invalid(
                "weekday-invalid",
                _("calendar {id}: weekdays {text!r} must be names such as mon-fri or mon,wed,sat").format(
                    id=ident, text=text
                ),
                ident,
            )
        a, b = (WEEKDAY_NAMES.index(name[:3]) for name in (names[0], names[-1]))
        span = range(a, b + 1) if a <= b else [*range(a, 7), *range(b + 1)]
        days.extend(d for d in span if d not in days)
    return tuple(sorted(days))


def parse_hours(text: str, ident: str) -> tuple[TimeRange, ...]:
    """`08:00-12:00,13:00-17:00` -> working ranges; `21:00-05:00` is a night shift into the next day."""
    ranges = []
    for part in (p.strip() for p in text.split(",") if p.strip()):
        try:
            ranges.append(parse_range(part))
        except (HoursError, ModelError) as exc:
            raise _invalid(
                "hours-invalid", _("calendar {id}: {error}").format(id=ident, error=exc), ident
            ) from None
    ordered = tuple(sorted(ranges, key=lambda r: r.start))
    for before, after in itertools.pairwise(ordered):
        if after.start < before.end:
            raise _invalid(
                "hours-overlap",
                _("calendar {id}: working hours {first} and {second} overlap").format(
                    id=ident, first=before.label(), second=after.label()
                ),
                ident,
            )
    return ordered


def _hours_options(values: list[str], ident: str, base: Calendar | None) -> dict[str, Any]:
    """`--hours RANGES` for every working day, `--hours fri=RANGES` for one (`fri=default` drops it)."""
    out: dict[str, Any] = {}
    week = {d.weekday: d.hours for d in base.week_hours} if base is not None else {}
    for value in values:
        day_text, sep, ranges = value.partition("=")
        if not sep:
            out["hours"] = parse_hours(value, ident)
            continue
        day = weekday_index(day_text)
        if day is None:
            raise _invalid(
                "weekday-invalid",
                _(
                    "calendar {id}: {day!r} in --hours {value!r} is not a weekday: use "
                    "{names}, e.g. fri=08:00-12:00"
                ).format(id=ident, day=day_text, value=value, names=", ".join(WEEKDAY_NAMES)),
                ident,
            )
        if ranges.strip().lower() == "default":
            week.pop(day, None)
        else:
            week[day] = parse_hours(ranges, ident)
    if any("=" in v for v in values):
        out["week_hours"] = tuple(DayHours(weekday=d, hours=h) for d, h in sorted(week.items()))
    return out


def _holidays(country: str, subdivision: str | None, ident: str) -> tuple[str | None, str | None]:
    """A country code the `holidays` package knows (and one of its subdivisions), or ('', …) to clear."""
    if not country:
        return None, None
    import holidays  # only when a command names holidays: the package is large

    supported = holidays.list_supported_countries()
    known = supported.get(country.upper())
    if known is None:
        raise _invalid(
            "holidays-unknown",
            _(
                "calendar {id}: no public holidays known for country {country!r}: "
                "use an ISO 3166 code such as FR, DE, BE"
            ).format(id=ident, country=country),
            ident,
        )
    if subdivision and subdivision not in known:
        raise _invalid(
            "holidays-unknown",
            _("calendar {id}: {country} has no subdivision {subdivision!r} (known: {known}…)").format(
                id=ident, country=country.upper(), subdivision=subdivision, known=", ".join(known[:12])
            ),
            ident,
        )
    return country.upper(), subdivision or None


def _fields(ctx: Context, args: argparse.Namespace, base: Calendar | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if args.name is not None:
        out["name"] = sanitised(ctx, args.name, args.id)
    if args.weekdays is not None:
        out["weekdays"] = parse_weekdays(args.weekdays, args.id)
    if args.hours:
        out.update(_hours_options(args.hours, args.id, base))
    elif "weekdays" in out and base is not None:
        # a day no longer worked takes its own hours with it (Friday dropped: its short hours go too)
        out["week_hours"] = tuple(d for d in base.week_hours if d.weekday in out["weekdays"])
    if args.holidays is not None:
        out["holidays"], out["holiday_subdivision"] = _holidays(args.holidays, args.subdivision, args.id)
    elif args.subdivision is not None:
        raise _invalid(
            "holidays-missing", _("calendar {id}: --subdivision needs --holidays").format(id=args.id), args.id
        )
    return out


def calendar_add(ctx: Context) -> int:
    args = ctx.args
    with open_for_update(ctx) as state:
        project: Project = state.project
        if args.id in project.calendar_map():
            raise _invalid("id-duplicate", _("calendar {id} already exists").format(id=args.id), args.id)
        try:
            calendar = Calendar(id=args.id, **_fields(ctx, args))
        except ModelError as exc:
            raise InvalidInput([exc.problem]) from exc
        state.project = commit_project(ctx, shared_edits.add(project, "calendar", calendar))
    ctx.print(_("added calendar {id}").format(id=args.id))
    return 0


def calendar_edit(ctx: Context) -> int:
    args = ctx.args
    with open_for_update(ctx) as state:
        project: Project = state.project
        calendar: Calendar = shared_edits.known(project, "calendar", args.id)
        fields = _fields(ctx, args, calendar)
        state.project = commit_project(ctx, shared_edits.update(project, "calendar", args.id, **fields))
    ctx.print(_("updated calendar {id}").format(id=args.id))
    return 0


def calendar_rm(ctx: Context) -> int:
    ident = ctx.args.id
    return edit_plan(
        ctx,
        lambda plan: shared_edits.remove_calendar(plan, ident),
        _("removed calendar {id}").format(id=ident),
    )


def calendar_off(ctx: Context) -> int:
    """A closure: whole days FROM to TO (or exact instants), with a reason."""
    args = ctx.args
    start = parse_when(args.start, what="--from")
    end = parse_when(args.end, what="--to", end_of_day=True)
    with open_for_update(ctx) as state:
        project: Project = state.project
        calendars = project.calendar_map()
        if args.id not in calendars:
            raise not_found("calendar", args.id, list(calendars))
        try:
            closure = Period(start=start, end=end, reason=sanitised(ctx, args.name or "", args.id))
        except ModelError as exc:
            message = _("calendar {id}: {error}").format(id=args.id, error=exc.problem.message)
            raise _invalid(exc.code(), message, args.id) from exc
        calendar = calendars[args.id]
        edited = shared_edits.update(project, "calendar", args.id, off=(*calendar.off, closure))
        state.project = commit_project(ctx, edited)
    ctx.print(
        _("calendar {id}: closed from {start} until {end}").format(
            id=args.id, start=format_moment(start), end=format_moment(end)
        )
    )
    return 0


def calendar_list(ctx: Context) -> int:
    project = read_state(ctx).project
    rows = [
        {
            "id": c.id,
            "name": c.name,
            "weekdays": [WEEKDAY_NAMES[d] for d in c.weekdays],
            "hours": [r.label() for r in c.hours],
            "week": [
                f"{WEEKDAY_NAMES[d.weekday]} {', '.join(r.label() for r in d.hours) or 'none'}"
                for d in c.week_hours
            ],
            "holidays": c.holidays if not c.holiday_subdivision else f"{c.holidays}-{c.holiday_subdivision}",
            "off": [
                [p.start.isoformat(timespec="minutes"), p.end.isoformat(timespec="minutes"), p.reason]
                for p in c.off
            ],
            "used_by": shared_edits.calendar_users(project, c.id),
        }
        for c in project.calendars
    ]
    columns = [
        ("id", "ID"),
        ("name", _("Name")),
        ("weekdays", _("Days")),
        ("hours", _("Hours")),
        ("week", _("Own hours")),
    ]
    columns += [("holidays", _("Holidays")), ("used_by", _("Used by"))]
    if not ctx.json and language() != "en":
        rows = [_in_words(r, c, project) for r, c in zip(rows, project.calendars, strict=True)]
    listing(ctx, rows, columns=columns)
    return 0


def _in_words(row: dict[str, Any], calendar: Calendar, project: Project) -> dict[str, Any]:
    """A `calendar list` row for reading in the user's language: day names from Babel, "off" and
    "the project" in words. English and `--json` keep the file's keys (`mon`, `none`, `project`)."""
    week = [
        f"{format_weekday(d.weekday)} {', '.join(r.label() for r in d.hours) or pgettext('day', 'off')}"
        for d in calendar.week_hours
    ]
    users = list(row["used_by"])
    if project.calendar == calendar.id:  # `calendar_users` puts the project first, as the word "project"
        users[0] = _("project")
    weekdays = [format_weekday(d) for d in calendar.weekdays]
    return {**row, "weekdays": weekdays, "week": week, "used_by": users}


def _calendar_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", help=_("calendar id (no spaces), e.g. crew"))
    p.add_argument("--name", help=_("name as people read it"))
    p.add_argument("--weekdays", metavar="DAYS", help=_("working days: mon-fri, mon,wed,fri or sat-sun"))
    p.add_argument(
        "--hours",
        action="append",
        metavar="[DAY=]RANGES",
        help=_(
            "working hours each day: 08:00-12:00,13:00-17:00; 21:00-05:00 is a night shift into the next "
            "day; fri=08:00-12:00 for one weekday (repeat the option; fri=default drops it)"
        ),
    )
    p.add_argument(
        "--holidays", metavar="COUNTRY", help=_("public holidays of a country: FR, DE…; '' for none")
    )
    p.add_argument("--subdivision", help=_("a region with its own holidays, e.g. 57 (Moselle) with FR"))


def register(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    group = add_family(
        sub,
        "calendar",
        help=_("inspect and edit working calendars"),
        example="plantrack calendar show crew",
        common=common,
    )
    p = group.command(
        "add",
        calendar_add,
        help=_("add a working calendar (default Mon-Fri 08:00-12:00, 13:00-17:00)"),
        example=_(
            "plantrack calendar add crew --name 'Shutdown crew' --weekdays mon-sun "
            "--hours 06:00-14:00,14:00-22:00 --holidays FR"
        ),
    )
    _calendar_options(p)
    p = group.command(
        "edit",
        calendar_edit,
        help=_("change a calendar's name, working days, hours or holidays"),
        example="plantrack calendar edit plant --hours 07:30-12:00,12:45-16:15 --hours fri=07:30-12:00\n"
        "plantrack calendar edit plant --holidays FR --subdivision 57",
    )
    _calendar_options(p)
    p = group.command(
        "rm",
        calendar_rm,
        help=_("remove a calendar nothing uses"),
        example="plantrack calendar rm old-shifts",
    )
    p.add_argument("id", help=_("calendar id"))
    p = group.command(
        "off",
        calendar_off,
        help=_("close a calendar for some days: a plant shutdown, a bridge day"),
        example=_("plantrack calendar off plant --from 2027-08-02 --to 2027-08-20 --name 'Summer shutdown'"),
    )
    p.add_argument("id", help=_("calendar id"))
    p.add_argument("--from", dest="start", required=True, metavar="DATE", help=_("first day closed"))
    p.add_argument("--to", dest="end", required=True, metavar="DATE", help=_("last day closed (included)"))
    p.add_argument("--name", help=_("the reason, e.g. 'Summer shutdown'"))
    group.command(
        "list",
        calendar_list,
        help=_("list the calendars and what uses each"),
        example="plantrack calendar list --json",
    )
