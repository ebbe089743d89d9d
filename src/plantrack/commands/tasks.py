"""Editing tasks from the command line: add, edit, remove and list."""

from __future__ import annotations

import argparse
import dataclasses
from typing import TYPE_CHECKING, Any

from plantrack.commands.base import Context
from plantrack.commands.editing import (
    commit_project,
    edit_plan,
    listing,
    not_found,
    open_for_update,
    read_state,
    sanitised,
    split_ids,
)
from plantrack.commands.family import add_family
from plantrack.commands.parsers import Subparsers
from plantrack.commands.values import parse_when
from plantrack.i18n import _
from plantrack.operations import plan_edits
from plantrack.operations.problems import refuse
from plantrack.scheduling.duration import format_duration, parse_duration
from plantrack.scheduling.errors import InvalidInput, ModelError
from plantrack.scheduling.model import (
    Constraint,
    ConstraintKind,
    Estimate,
    Link,
    LinkType,
    Project,
    Task,
)

if TYPE_CHECKING:
    from plantrack.scheduling.calendar import WorkCalendar

# ---------------------------------------------------------------- tasks


def _task_fields(ctx: Context, project: Project, args: argparse.Namespace) -> dict[str, Any]:
    """Task fields given on the command line (only those present)."""
    per_day, per_week = project.minutes_per_day, project.minutes_per_week
    out: dict[str, Any] = {}
    try:
        if args.name is not None:
            out["name"] = sanitised(ctx, args.name, args.id)
        if args.duration is not None:
            out["duration"] = parse_duration(
                args.duration, minutes_per_day=per_day, minutes_per_week=per_week
            )
            out["effort"] = None
        if args.effort is not None:
            out["effort"] = parse_duration(args.effort, minutes_per_day=per_day, minutes_per_week=per_week)
            out["duration"] = None
        if args.estimate is not None:
            parts = [p.strip() for p in args.estimate.split(",")]
            if len(parts) != 3:
                raise ModelError(
                    "estimate-invalid",
                    _("--estimate {text!r} must be OPTIMISTIC,LIKELY,PESSIMISTIC (e.g. 2d,3d,5d)").format(
                        text=args.estimate
                    ),
                    [args.id],
                )
            o, m, p = (parse_duration(x, minutes_per_day=per_day, minutes_per_week=per_week) for x in parts)
            out["estimate"] = Estimate(optimistic=o, likely=m, pessimistic=p)
    except ModelError as exc:
        raise InvalidInput([exc.problem.located(None)]) from exc
    if args.milestone is not None:
        out["milestone"] = args.milestone
        if args.milestone and args.duration is None:
            out["duration"] = None
    if args.gate:
        out["gate"] = True
        out["milestone"] = True
    if args.parent is not None:
        out["parent"] = args.parent or None
    for key in ("owner", "notes"):
        value = getattr(args, key)
        if value is not None:
            out[key] = sanitised(ctx, value, args.id)
    for key in ("window", "calendar"):
        value = getattr(args, key)
        if value is not None:
            out[key] = value or None
    if args.priority is not None:
        out["priority"] = args.priority
    if args.cost is not None:
        out["fixed_cost"] = args.cost
    if args.deadline is not None:
        out["deadline"] = (
            parse_when(
                args.deadline, what="--deadline", end_of_day=True, calendar=_calendar(project, args, out)
            )
            if args.deadline
            else None
        )
    constraints: list[Constraint] = []
    for flag, kind in (
        ("snet", ConstraintKind.START_NO_EARLIER_THAN),
        ("fnlt", ConstraintKind.FINISH_NO_LATER_THAN),
        ("mso", ConstraintKind.MUST_START_ON),
    ):
        value = getattr(args, flag)
        if value:
            end = flag == "fnlt"
            calendar = _calendar(project, args, out) if end else None
            when = parse_when(value, what=f"--{flag}", end_of_day=end, calendar=calendar)
            constraints.append(Constraint(kind=kind, date=when))
    if constraints:
        out["constraints"] = tuple(constraints)
    return out


def _calendar(project: Project, args: argparse.Namespace, fields: dict[str, Any]) -> WorkCalendar:
    """The calendar a date alone typed for the task's finish ends its working day on: its own once
    edited (`--calendar` given with the date), else the one its work runs on now."""
    from plantrack.scheduling.dates import DateReader

    reader = DateReader(project)
    if fields.get("calendar") is not None:
        return reader.calendar(fields["calendar"])
    if "calendar" in fields:  # cleared: the resources' or the project's, as the scheduler picks
        task = project.task_map().get(args.id)
        if task is not None:
            project = dataclasses.replace(
                project,
                tasks=tuple(dataclasses.replace(t, calendar=None) if t is task else t for t in project.tasks),
            )
            reader = DateReader(project)
    return reader.task_calendar(args.id)


def _add_task_options(parser: argparse.ArgumentParser, *, adding: bool) -> None:
    parser.add_argument("id", help=_("task id (no spaces), e.g. install"))
    parser.add_argument("--name", required=False, help=_("task name as people read it"))
    length = parser.add_mutually_exclusive_group()
    length.add_argument("--duration", help=_("working duration: 30m, 4h, 3d, 2w, or elapsed 5ed"))
    length.add_argument("--effort", help=_("work to share among the assigned units, e.g. 24h"))
    parser.add_argument("--estimate", help=_("three-point estimate OPTIMISTIC,LIKELY,PESSIMISTIC"))
    parser.add_argument(
        "--milestone", action=argparse.BooleanOptionalAction, default=None, help=_("a milestone (jalon)")
    )
    parser.add_argument("--gate", action="store_true", help=_("a validation milestone (go/no-go)"))
    parser.add_argument("--parent", help=_("the phase (summary task) it belongs to; '' clears it"))
    if adding:
        parser.add_argument("--after", help=_("comma-separated predecessors (finish-to-start)"))
    parser.add_argument("--owner", help=_("who is responsible (pilote)"))
    parser.add_argument("--notes", help=_("free text"))
    parser.add_argument("--window", help=_("production shutdown window it must fit in; '' clears it"))
    parser.add_argument("--calendar", help=_("its own calendar (e.g. the crew's); '' clears it"))
    parser.add_argument("--priority", type=int, help=_("0-1000, higher is levelled first (default 500)"))
    parser.add_argument("--cost", type=float, help=_("fixed cost in the project currency"))
    parser.add_argument(
        "--deadline",
        metavar="DATE",
        help=_(
            "date it should be finished by; a date alone is the end of that working day on the task's "
            "calendar; '' clears it"
        ),
    )
    parser.add_argument(
        "--snet", metavar="DATE", help=_("constraint: start no earlier than DATE (a date alone: its 00:00)")
    )
    parser.add_argument(
        "--fnlt",
        metavar="DATE",
        help=_("constraint: finish no later than DATE (a date alone: the end of that working day)"),
    )
    parser.add_argument(
        "--mso", metavar="DATE", help=_("constraint: must start on DATE (a date alone: its 00:00)")
    )


def task_add(ctx: Context) -> int:
    args = ctx.args
    with open_for_update(ctx) as state:
        project: Project = state.project
        if args.id in project.task_map():
            raise refuse("id", "id-duplicate", _("task {id} already exists").format(id=args.id), args.id)
        try:
            task = Task(id=args.id, **_task_fields(ctx, project, args))
        except ModelError as exc:
            raise InvalidInput([exc.problem]) from exc
        links = tuple(Link(predecessor=p, successor=args.id) for p in split_ids(args.after))
        state.project = commit_project(ctx, plan_edits.add_task(project, task, links=links))
    ctx.print(_("added task {id}").format(id=args.id))
    return 0


def task_edit(ctx: Context) -> int:
    args = ctx.args
    with open_for_update(ctx) as state:
        project: Project = state.project
        if args.id not in project.task_map():
            raise not_found("task", args.id, list(project.task_map()))
        fields = _task_fields(ctx, project, args)
        state.project = commit_project(ctx, plan_edits.update_task(project, args.id, **fields))
    ctx.print(_("updated task {id}").format(id=args.id))
    return 0


def task_rm(ctx: Context) -> int:
    ident = ctx.args.id
    done = _("removed task {id} with its links and assignments").format(id=ident)
    return edit_plan(ctx, lambda plan: plan_edits.remove_task(plan, ident), done)


def task_list(ctx: Context) -> int:
    project = read_state(ctx).project
    per_day, per_week = project.minutes_per_day, project.minutes_per_week
    preds: dict[str, list[str]] = {}
    for link in project.links:
        lag = format_duration(link.lag, minutes_per_day=per_day, minutes_per_week=per_week)
        text = link.predecessor + ("" if link.type is LinkType.FS else str(link.type))
        text += "" if link.lag.minutes == 0 else ("+" if link.lag.minutes > 0 else "") + lag
        preds.setdefault(link.successor, []).append(text)
    res: dict[str, list[str]] = {}
    for a in project.assignments:
        res.setdefault(a.task, []).append(f"{a.resource}×{a.units:g}")
    summaries = project.summary_ids()
    rows = []
    for t in project.tasks:
        length = t.planned_duration()
        if t.id in summaries:
            shown = _("phase")
        elif t.effort is not None:
            shown = _("effort {duration}").format(
                duration=format_duration(t.effort, minutes_per_day=per_day, minutes_per_week=per_week)
            )
        elif length is not None:
            shown = format_duration(length, minutes_per_day=per_day, minutes_per_week=per_week)
        else:
            shown = ""
        rows.append(
            {
                "id": t.id,
                "name": t.name,
                "duration": shown,
                "milestone": t.milestone,
                "parent": t.parent,
                "predecessors": preds.get(t.id, []),
                "resources": res.get(t.id, []),
                "owner": t.owner,
            }
        )
    listing(
        ctx,
        rows,
        columns=[
            ("id", "ID"),
            ("name", _("Name")),
            ("duration", _("Duration")),
            ("parent", _("Phase")),
            ("predecessors", _("After")),
            ("resources", _("Resources")),
            ("owner", _("Owner")),
        ],
    )
    return 0


def register(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    tasks = add_family(
        sub, "task", help=_("add, edit, remove and list tasks"), example="plantrack task list", common=common
    )
    p = tasks.command(
        "add",
        task_add,
        help=_("add a task, milestone or phase"),
        example=_('plantrack task add train --name "Operator training" --duration 2d --after instr'),
    )
    _add_task_options(p, adding=True)
    p = tasks.command(
        "edit",
        task_edit,
        help=_("change fields of a task"),
        example='plantrack task edit train --duration 3d --owner "K. Diallo"',
    )
    _add_task_options(p, adding=False)
    p = tasks.command(
        "rm",
        task_rm,
        help=_("remove a task with its links and assignments"),
        example="plantrack task rm train",
    )
    p.add_argument("id")
    tasks.command("list", task_list, help=_("list the tasks"), example="plantrack task list --json")
