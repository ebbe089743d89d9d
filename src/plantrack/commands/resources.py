"""Resources and assignments from the command line: `resource add/edit/rm/list` and `assign`."""

from __future__ import annotations

import argparse
from typing import Any

from plantrack.commands.base import Context, add_command, add_group
from plantrack.commands.editing import (
    commit_project,
    listing,
    open_for_update,
    parse_span,
    read_state,
    sanitised,
)
from plantrack.operations import plan_edits, shared_edits
from plantrack.operations.problems import refuse
from plantrack.scheduling.errors import InvalidInput, ModelError
from plantrack.scheduling.model import (
    Project,
    Resource,
    ResourceKind,
)

# ---------------------------------------------------------------- resources and assignments


def resource_add(ctx: Context) -> int:
    args = ctx.args
    with open_for_update(ctx) as state:
        project: Project = state.project
        if args.id in project.resource_map():
            raise refuse("id", "id-duplicate", f"resource {args.id} already exists", args.id)
        try:
            absences = tuple(parse_span(text, args.id) for text in args.absence or [])
            resource = Resource(
                id=args.id,
                name=sanitised(ctx, args.name or "", args.id),
                kind=ResourceKind(args.kind),
                capacity=args.capacity,
                rate=args.rate,
                calendar=args.calendar,
                absences=absences,
            )
        except ModelError as exc:
            raise InvalidInput([exc.problem]) from exc
        state.project = commit_project(ctx, shared_edits.add(project, "resource", resource))
    ctx.print(f"added resource {args.id}")
    return 0


def resource_edit(ctx: Context) -> int:
    args = ctx.args
    with open_for_update(ctx) as state:
        project: Project = state.project
        shared_edits.known(project, "resource", args.id)
        fields: dict[str, Any] = {}
        if args.name is not None:
            fields["name"] = sanitised(ctx, args.name, args.id)
        if args.kind is not None:
            fields["kind"] = ResourceKind(args.kind)
        for key in ("capacity", "rate"):
            if getattr(args, key) is not None:
                fields[key] = getattr(args, key)
        if args.calendar is not None:
            fields["calendar"] = args.calendar or None
        # commit_project checks what depends on it: an assignment above the new capacity, the calendar
        state.project = commit_project(ctx, shared_edits.update(project, "resource", args.id, **fields))
    ctx.print(f"updated resource {args.id}")
    return 0


def resource_rm(ctx: Context) -> int:
    args = ctx.args
    with open_for_update(ctx) as state:
        project: Project = state.project
        tasks = shared_edits.resource_tasks(project, args.id)
        state.project = commit_project(ctx, shared_edits.remove_resource(project, args.id, force=args.force))
    if ctx.json:
        ctx.print_json({"removed": args.id, "unassigned_from": tasks})
    else:
        ctx.print(
            f"removed resource {args.id}" + (f" and its assignments to {', '.join(tasks)}" if tasks else "")
        )
    return 0


def resource_list(ctx: Context) -> int:
    project = read_state(ctx).project
    load: dict[str, list[str]] = {}
    for a in project.assignments:
        load.setdefault(a.resource, []).append(a.task)
    rows = [
        {
            "id": r.id,
            "name": r.name,
            "kind": str(r.kind),
            "capacity": r.capacity,
            "rate": r.rate,
            "calendar": r.calendar or project.calendar,
            "absences": [[p.start.isoformat(), p.end.isoformat()] for p in r.absences],
            "tasks": load.get(r.id, []),
        }
        for r in project.resources
    ]
    listing(
        ctx,
        rows,
        columns=[
            ("id", "ID"),
            ("name", "Name"),
            ("kind", "Kind"),
            ("capacity", "Capacity"),
            ("rate", f"Rate/h ({project.currency})"),
            ("calendar", "Calendar"),
            ("tasks", "Tasks"),
        ],
    )
    return 0


def assign(ctx: Context) -> int:
    args = ctx.args
    with open_for_update(ctx) as state:
        project: Project = state.project
        if args.remove:
            edited = plan_edits.unassign(project, args.task, args.resource)
        else:
            edited = plan_edits.assign(project, args.task, args.resource, args.units)
        state.project = commit_project(ctx, edited)
    verb = "unassigned" if args.remove else f"assigned {args.units:g} ×"
    ctx.print(f"{verb} {args.resource} {'from' if args.remove else 'to'} {args.task}")
    return 0


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    res = add_group(
        sub,
        "resource",
        help="add, edit, remove and list resources",
        common=common,
        example="plantrack resource list",
    )
    p = add_command(
        res,
        "add",
        help="add a person, team, machine or contractor",
        handler=resource_add,
        common=common,
        example='plantrack resource add elec --name "Maintenance electrician" --capacity 2 --rate 48',
    )
    p.add_argument("id", help="resource id (no spaces), e.g. elec")
    p.add_argument("--name", help="name as people read it, e.g. 'Maintenance electrician'")
    p.add_argument(
        "--kind",
        choices=[k.value for k in ResourceKind],
        default="person",
        help="what it is (default person)",
    )
    p.add_argument("--capacity", type=float, default=1.0, help="units available (default 1)")
    p.add_argument("--rate", type=float, default=0.0, help="cost per working hour")
    p.add_argument("--calendar", help="its own calendar id (default: the project's)")
    p.add_argument(
        "--absence",
        action="append",
        metavar="FROM..TO",
        help="an absence, e.g. 2027-03-01..2027-03-05 (repeatable)",
    )
    p = add_command(
        res,
        "edit",
        help="change a resource's name, kind, capacity, rate or calendar",
        handler=resource_edit,
        common=common,
        example="plantrack resource edit elec --capacity 3 --rate 52\n"
        "plantrack resource edit crew --calendar ''",
    )
    p.add_argument("id", help="resource id")
    p.add_argument("--name", help="name as people read it")
    p.add_argument("--kind", choices=[k.value for k in ResourceKind], help="what it is")
    p.add_argument("--capacity", type=float, help="units available, above 0")
    p.add_argument("--rate", type=float, help="cost per working hour, 0 or more")
    p.add_argument("--calendar", help="its own calendar id; '' for the project's")
    p = add_command(
        res,
        "rm",
        help="remove a resource (refused while it is assigned, unless --force)",
        handler=resource_rm,
        common=common,
        example="plantrack resource rm temp-welder\nplantrack resource rm temp-welder --force",
    )
    p.add_argument("id", help="resource id")
    p.add_argument("--force", action="store_true", help="also remove its assignments to tasks")
    add_command(
        res,
        "list",
        help="list the resources",
        handler=resource_list,
        common=common,
        example="plantrack resource list --json",
    )

    p = add_command(
        sub,
        "assign",
        help="assign a resource to a task",
        handler=assign,
        common=common,
        example="plantrack assign install elec --units 2",
    )
    p.add_argument("task", help="task id")
    p.add_argument("resource", help="resource id")
    p.add_argument("--units", type=float, default=1.0, help="units of the resource (default 1)")
    p.add_argument("--remove", action="store_true", help="remove the assignment instead")
