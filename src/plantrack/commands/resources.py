"""Resources and assignments from the command line: `resource add/list` and `assign`."""

from __future__ import annotations

import argparse
import dataclasses

from plantrack.commands.base import Context, add_command, add_group
from plantrack.commands.editing import (
    commit_project,
    listing,
    open_for_update,
    parse_span,
    read_state,
    sanitised,
)
from plantrack.scheduling.errors import InvalidInput, ModelError, Problem
from plantrack.scheduling.model import (
    Assignment,
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
            raise InvalidInput(
                [Problem(code="id-duplicate", message=f"resource {args.id} already exists", ids=(args.id,))]
            )
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
        state.project = commit_project(
            ctx, dataclasses.replace(project, resources=(*project.resources, resource))
        )
    ctx.print(f"added resource {args.id}")
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
        others = tuple(
            a for a in project.assignments if not (a.task == args.task and a.resource == args.resource)
        )
        if args.remove:
            if len(others) == len(project.assignments):
                raise InvalidInput(
                    [
                        Problem(
                            code="assignment-unknown",
                            message=f"{args.resource} is not assigned to {args.task}",
                            ids=(args.task, args.resource),
                        )
                    ]
                )
            new = others
        else:
            try:
                new = (*others, Assignment(task=args.task, resource=args.resource, units=args.units))
            except ModelError as exc:
                raise InvalidInput([exc.problem]) from exc
        state.project = commit_project(ctx, dataclasses.replace(project, assignments=new))
    verb = "unassigned" if args.remove else f"assigned {args.units:g} ×"
    ctx.print(f"{verb} {args.resource} {'from' if args.remove else 'to'} {args.task}")
    return 0


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    res = add_group(
        sub, "resource", help="add and list resources", common=common, example="plantrack resource list"
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
