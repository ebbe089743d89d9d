"""Production shutdown windows from the command line: `window add/edit/rm/list`."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from plantrack.commands.base import Context
from plantrack.commands.editing import (
    commit_project,
    edit_plan,
    listing,
    open_for_update,
    parse_span,
    read_state,
    sanitised,
)
from plantrack.commands.family import add_family
from plantrack.commands.parsers import Subparsers
from plantrack.i18n import _
from plantrack.i18n.formats import format_moment
from plantrack.operations import shared_edits
from plantrack.operations.problems import refuse
from plantrack.scheduling.errors import InvalidInput, ModelError
from plantrack.scheduling.model import Period, Project, Window


def _moment(iso: str) -> str:
    """An instant of a period as the table shows it: `2027-04-16 17:00` / `16/04/2027 17:00`."""
    return format_moment(dt.datetime.fromisoformat(iso))


def _periods(texts: list[str] | None, ident: str) -> tuple[Period, ...] | None:
    if texts is None:
        return None
    try:
        return tuple(parse_span(text, ident) for text in texts)
    except ModelError as exc:
        raise InvalidInput([exc.problem]) from exc


def window_add(ctx: Context) -> int:
    args = ctx.args
    with open_for_update(ctx) as state:
        project: Project = state.project
        if args.id in project.window_map():
            raise refuse("id", "id-duplicate", _("window {id} already exists").format(id=args.id), args.id)
        try:
            window = Window(
                id=args.id,
                name=sanitised(ctx, args.name or "", args.id),
                periods=_periods(args.period, args.id) or (),
            )
        except ModelError as exc:
            raise InvalidInput([exc.problem]) from exc
        state.project = commit_project(ctx, shared_edits.add(project, "window", window))
    ctx.print(_("added window {id}").format(id=args.id))
    return 0


def window_edit(ctx: Context) -> int:
    args = ctx.args
    with open_for_update(ctx) as state:
        project: Project = state.project
        window: Window = shared_edits.known(project, "window", args.id)
        periods = _periods(args.period, args.id)
        added = _periods(args.add_period, args.id)
        fields: dict[str, Any] = {}
        if args.name is not None:
            fields["name"] = sanitised(ctx, args.name, args.id)
        if periods is not None or added is not None:
            fields["periods"] = (*(window.periods if periods is None else periods), *(added or ()))
        # commit_project schedules nothing: a task that no longer fits its window shows at `schedule`
        state.project = commit_project(ctx, shared_edits.update(project, "window", args.id, **fields))
    ctx.print(_("updated window {id}").format(id=args.id))
    return 0


def window_rm(ctx: Context) -> int:
    ident = ctx.args.id
    return edit_plan(
        ctx, lambda plan: shared_edits.remove_window(plan, ident), _("removed window {id}").format(id=ident)
    )


def window_list(ctx: Context) -> int:
    project = read_state(ctx).project
    rows = [
        {
            "id": w.id,
            "name": w.name,
            "periods": [
                [p.start.isoformat(timespec="minutes"), p.end.isoformat(timespec="minutes")]
                for p in w.periods
            ],
            "tasks": shared_edits.window_tasks(project, w.id),
        }
        for w in project.windows
    ]
    if not ctx.json:
        for row in rows:
            row["periods"] = [f"{_moment(a)}..{_moment(b)}" for a, b in row["periods"]]
    columns = [("id", _("ID")), ("name", _("Name")), ("periods", _("Periods")), ("tasks", _("Tasks"))]
    listing(ctx, rows, columns=columns)
    return 0


def register(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    group = add_family(
        sub,
        "window",
        help=_("add, edit, remove and list production shutdown windows"),
        example="plantrack window list",
        common=common,
    )
    period_help = _(
        "FROM..TO, whole days (2027-08-02..2027-08-20) or instants (2027-04-16T17:00..2027-04-19T06:00)"
    )
    p = group.command(
        "add",
        window_add,
        help=_("add a shutdown window: the periods when the line is stopped"),
        example=_(
            "plantrack window add stop1 --name 'Easter stop' --period 2027-04-16T17:00..2027-04-19T06:00"
        ),
    )
    p.add_argument("id", help=_("window id (no spaces), e.g. stop1"))
    p.add_argument("--name", help=_("name as people read it"))
    p.add_argument(
        "--period",
        action="append",
        required=True,
        metavar="FROM..TO",
        help=_("{period} (repeatable)").format(period=period_help),
    )
    p = group.command(
        "edit",
        window_edit,
        help=_("rename a window or change its periods"),
        example="plantrack window edit stop1 --period 2027-04-16T13:00..2027-04-19T06:00\n"
        "plantrack window edit stop1 --add-period 2027-05-07..2027-05-08",
    )
    p.add_argument("id", help=_("window id"))
    p.add_argument("--name", help=_("name as people read it"))
    p.add_argument(
        "--period",
        action="append",
        metavar="FROM..TO",
        help=_("replace every period: {period}").format(period=period_help),
    )
    p.add_argument("--add-period", action="append", metavar="FROM..TO", help=_("add a period (repeatable)"))
    p = group.command(
        "rm", window_rm, help=_("remove a window no task is bound to"), example="plantrack window rm stop1"
    )
    p.add_argument("id", help=_("window id"))
    group.command(
        "list",
        window_list,
        help=_("list the windows, their periods and the tasks bound to each"),
        example="plantrack window list --json",
    )
