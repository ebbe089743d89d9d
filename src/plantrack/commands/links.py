"""Editing dependencies from the command line: `link add` and `link rm`."""

from __future__ import annotations

import argparse

from plantrack.commands.base import Context
from plantrack.commands.editing import (
    commit_project,
    edit_plan,
    listing,
    not_found,
    open_for_update,
    read_state,
)
from plantrack.commands.family import add_family
from plantrack.commands.parsers import Subparsers
from plantrack.i18n import _
from plantrack.operations import plan_edits
from plantrack.scheduling.duration import format_duration, parse_duration
from plantrack.scheduling.errors import InvalidInput, ModelError
from plantrack.scheduling.model import (
    Link,
    LinkType,
    Project,
)

# ---------------------------------------------------------------- links


def link_add(ctx: Context) -> int:
    args = ctx.args
    with open_for_update(ctx) as state:
        project: Project = state.project
        try:
            lag = parse_duration(
                args.lag,
                minutes_per_day=project.minutes_per_day,
                minutes_per_week=project.minutes_per_week,
                allow_negative=True,
            )
        except ModelError as exc:
            raise InvalidInput([exc.problem]) from exc
        link = Link(predecessor=args.predecessor, successor=args.successor, type=LinkType(args.type), lag=lag)
        state.project = commit_project(ctx, plan_edits.add_link(project, link))
    ctx.print(
        _("linked {predecessor} → {successor} ({type}, lag {lag})").format(
            predecessor=args.predecessor, successor=args.successor, type=args.type, lag=args.lag
        )
    )
    return 0


def link_rm(ctx: Context) -> int:
    args = ctx.args
    done = _("removed link {predecessor} → {successor}").format(
        predecessor=args.predecessor, successor=args.successor
    )
    return edit_plan(ctx, lambda plan: plan_edits.remove_link(plan, args.predecessor, args.successor), done)


def link_list(ctx: Context) -> int:
    project = read_state(ctx).project
    ident = ctx.args.task
    tasks = project.task_map()
    if ident is not None and ident not in tasks:
        raise not_found("task", ident, list(tasks))
    per_day, per_week = project.minutes_per_day, project.minutes_per_week
    rows = [
        {
            "predecessor": x.predecessor,
            "successor": x.successor,
            "type": str(x.type),
            "lag": format_duration(x.lag, minutes_per_day=per_day, minutes_per_week=per_week),
            "predecessor_name": tasks[x.predecessor].name if x.predecessor in tasks else "",
            "successor_name": tasks[x.successor].name if x.successor in tasks else "",
        }
        for x in project.links
        if ident is None or ident in (x.predecessor, x.successor)
    ]
    listing(
        ctx,
        rows,
        columns=[
            ("predecessor", _("Predecessor")),
            ("successor", _("Successor")),
            ("type", _("Type")),
            ("lag", _("Lag")),
            ("predecessor_name", _("Predecessor name")),
            ("successor_name", _("Successor name")),
        ],
    )
    return 0


def register(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    links = add_family(
        sub,
        "link",
        help=_("add, remove and list dependencies"),
        common=common,
        example="plantrack link add order delivery",
    )
    p = links.command(
        "add",
        link_add,
        help=_("make SUCCESSOR depend on PREDECESSOR"),
        example="plantrack link add training install --type SS --lag 2d",
    )
    p.add_argument("predecessor", help=_("the task that comes first"))
    p.add_argument("successor", help=_("the task that depends on it"))
    p.add_argument(
        "--type", choices=[t.value for t in LinkType], default="FS", help=_("link type (default FS)")
    )
    p.add_argument(
        "--lag", default="0d", help=_("lag, or a lead when negative (write --lag=-1d): 2d, 5ed (default 0d)")
    )
    p = links.command(
        "rm", link_rm, help=_("remove a dependency"), example="plantrack link rm training install"
    )
    p.add_argument("predecessor", help=_("the task that comes first"))
    p.add_argument("successor", help=_("the task that depends on it"))
    p = links.command(
        "list",
        link_list,
        help=_("list the dependencies, all or those of one task"),
        example="plantrack link list\nplantrack link list --task install --json",
    )
    p.add_argument("--task", metavar="ID", help=_("only the links into or out of this task"))
