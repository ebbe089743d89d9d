"""Editing the plan from the command line: tasks, links, resources and assignments."""

from __future__ import annotations

import argparse
import dataclasses
from typing import Any

from plantrack.commands.base import Context, add_command, add_group, parse_when
from plantrack.commands.editing import (
    commit_project,
    listing,
    parse_span,
    sanitised,
    split_ids,
)
from plantrack.scheduling.duration import format_duration, parse_duration
from plantrack.scheduling.errors import InvalidInput, ModelError, Problem
from plantrack.scheduling.model import (
    Assignment,
    Constraint,
    ConstraintKind,
    Estimate,
    Link,
    LinkType,
    Project,
    Resource,
    ResourceKind,
    Task,
)


def _not_found(kind: str, ident: str, known: list[str]) -> InvalidInput:
    import difflib

    close = difflib.get_close_matches(ident, known, n=3)
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    return InvalidInput([Problem(code=f"{kind}-unknown", message=f"no {kind} {ident!r}{hint}", ids=(ident,))])


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
                    f"--estimate {args.estimate!r} must be OPTIMISTIC,LIKELY,PESSIMISTIC (e.g. 2d,3d,5d)",
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
        out["deadline"] = parse_when(args.deadline, what="--deadline") if args.deadline else None
    constraints: list[Constraint] = []
    for flag, kind in (
        ("snet", ConstraintKind.START_NO_EARLIER_THAN),
        ("fnlt", ConstraintKind.FINISH_NO_LATER_THAN),
        ("mso", ConstraintKind.MUST_START_ON),
    ):
        value = getattr(args, flag)
        if value:
            constraints.append(Constraint(kind=kind, date=parse_when(value, what=f"--{flag}")))
    if constraints:
        out["constraints"] = tuple(constraints)
    return out


def _add_task_options(parser: argparse.ArgumentParser, *, adding: bool) -> None:
    parser.add_argument("id", help="task id (no spaces), e.g. install")
    parser.add_argument("--name", required=False, help="task name as people read it")
    length = parser.add_mutually_exclusive_group()
    length.add_argument("--duration", help="working duration: 30m, 4h, 3d, 2w, or elapsed 5ed")
    length.add_argument("--effort", help="work to share among the assigned units, e.g. 24h")
    parser.add_argument("--estimate", help="three-point estimate OPTIMISTIC,LIKELY,PESSIMISTIC")
    parser.add_argument(
        "--milestone", action=argparse.BooleanOptionalAction, default=None, help="a milestone (jalon)"
    )
    parser.add_argument("--gate", action="store_true", help="a validation milestone (go/no-go)")
    parser.add_argument("--parent", help="the phase (summary task) it belongs to; '' clears it")
    if adding:
        parser.add_argument("--after", help="comma-separated predecessors (finish-to-start)")
    parser.add_argument("--owner", help="who is responsible (pilote)")
    parser.add_argument("--notes", help="free text")
    parser.add_argument("--window", help="production shutdown window it must fit in; '' clears it")
    parser.add_argument("--calendar", help="its own calendar (e.g. the crew's); '' clears it")
    parser.add_argument("--priority", type=int, help="0-1000, higher is levelled first (default 500)")
    parser.add_argument("--cost", type=float, help="fixed cost in the project currency")
    parser.add_argument("--deadline", help="date it should be finished by; '' clears it")
    parser.add_argument("--snet", metavar="DATE", help="constraint: start no earlier than DATE")
    parser.add_argument("--fnlt", metavar="DATE", help="constraint: finish no later than DATE")
    parser.add_argument("--mso", metavar="DATE", help="constraint: must start on DATE")


def task_add(ctx: Context) -> int:
    args = ctx.args
    with ctx_update(ctx) as state:
        project: Project = state.project
        if args.id in project.task_map():
            raise InvalidInput(
                [Problem(code="id-duplicate", message=f"task {args.id} already exists", ids=(args.id,))]
            )
        fields = _task_fields(ctx, project, args)
        try:
            task = Task(id=args.id, **fields)
        except ModelError as exc:
            raise InvalidInput([exc.problem]) from exc
        links = tuple(Link(predecessor=p, successor=args.id) for p in split_ids(args.after))
        state.project = commit_project(
            ctx,
            dataclasses.replace(project, tasks=(*project.tasks, task), links=(*project.links, *links)),
        )
    ctx.print(f"added task {args.id}")
    return 0


def task_edit(ctx: Context) -> int:
    args = ctx.args
    with ctx_update(ctx) as state:
        project: Project = state.project
        tasks = project.task_map()
        if args.id not in tasks:
            raise _not_found("task", args.id, list(tasks))
        fields = _task_fields(ctx, project, args)
        if not fields:
            raise InvalidInput(
                [Problem(code="nothing-to-change", message="give at least one field to change")]
            )
        try:
            edited = dataclasses.replace(tasks[args.id], **fields)
        except ModelError as exc:
            raise InvalidInput([exc.problem]) from exc
        new_tasks = tuple(edited if t.id == args.id else t for t in project.tasks)
        state.project = commit_project(ctx, dataclasses.replace(project, tasks=new_tasks))
    ctx.print(f"updated task {args.id}")
    return 0


def task_rm(ctx: Context) -> int:
    ident = ctx.args.id
    with ctx_update(ctx) as state:
        project: Project = state.project
        if ident not in project.task_map():
            raise _not_found("task", ident, list(project.task_map()))
        children = project.children().get(ident, [])
        if children:
            raise InvalidInput(
                [
                    Problem(
                        code="task-has-children",
                        message=f"phase {ident} still holds {', '.join(children)}: remove or move them first",
                        ids=(ident, *children),
                    )
                ]
            )
        state.project = commit_project(
            ctx,
            dataclasses.replace(
                project,
                tasks=tuple(t for t in project.tasks if t.id != ident),
                links=tuple(x for x in project.links if ident not in (x.predecessor, x.successor)),
                assignments=tuple(a for a in project.assignments if a.task != ident),
            ),
        )
    ctx.print(f"removed task {ident} with its links and assignments")
    return 0


def task_list(ctx: Context) -> int:
    project = ctx_read(ctx).project
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
            shown = "phase"
        elif t.effort is not None:
            shown = "effort " + format_duration(t.effort, minutes_per_day=per_day, minutes_per_week=per_week)
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
            ("name", "Name"),
            ("duration", "Duration"),
            ("parent", "Phase"),
            ("predecessors", "After"),
            ("resources", "Resources"),
            ("owner", "Owner"),
        ],
    )
    return 0


# ---------------------------------------------------------------- links


def link_add(ctx: Context) -> int:
    args = ctx.args
    with ctx_update(ctx) as state:
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
        if any(x.predecessor == args.predecessor and x.successor == args.successor for x in project.links):
            raise InvalidInput(
                [
                    Problem(
                        code="link-duplicate",
                        message=f"{args.predecessor} → {args.successor} is already linked",
                        ids=(args.predecessor, args.successor),
                    )
                ]
            )
        link = Link(predecessor=args.predecessor, successor=args.successor, type=LinkType(args.type), lag=lag)
        state.project = commit_project(ctx, dataclasses.replace(project, links=(*project.links, link)))
    ctx.print(f"linked {args.predecessor} → {args.successor} ({args.type}, lag {args.lag})")
    return 0


def link_rm(ctx: Context) -> int:
    args = ctx.args
    with ctx_update(ctx) as state:
        project: Project = state.project
        kept = tuple(
            x
            for x in project.links
            if not (x.predecessor == args.predecessor and x.successor == args.successor)
        )
        if len(kept) == len(project.links):
            raise InvalidInput(
                [
                    Problem(
                        code="link-unknown",
                        message=f"no link {args.predecessor} → {args.successor}",
                        ids=(args.predecessor, args.successor),
                    )
                ]
            )
        state.project = commit_project(ctx, dataclasses.replace(project, links=kept))
    ctx.print(f"removed link {args.predecessor} → {args.successor}")
    return 0


# ---------------------------------------------------------------- resources and assignments


def resource_add(ctx: Context) -> int:
    args = ctx.args
    with ctx_update(ctx) as state:
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
    project = ctx_read(ctx).project
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
    with ctx_update(ctx) as state:
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


def ctx_read(ctx: Context) -> Any:
    from plantrack.store import open_workspace

    return open_workspace(ctx.workspace_path()).read()


def ctx_update(ctx: Context) -> Any:
    from plantrack.store import open_workspace

    return open_workspace(ctx.workspace_path()).update()


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    tasks = add_group(
        sub, "task", help="add, edit, remove and list tasks", example="plantrack task list", common=common
    )
    p = add_command(
        tasks,
        "add",
        help="add a task, milestone or phase",
        handler=task_add,
        common=common,
        example='plantrack task add train --name "Operator training" --duration 2d --after instr',
    )
    _add_task_options(p, adding=True)
    p = add_command(
        tasks,
        "edit",
        help="change fields of a task",
        handler=task_edit,
        common=common,
        example='plantrack task edit train --duration 3d --owner "K. Diallo"',
    )
    _add_task_options(p, adding=False)
    p = add_command(
        tasks,
        "rm",
        help="remove a task with its links and assignments",
        handler=task_rm,
        common=common,
        example="plantrack task rm train",
    )
    p.add_argument("id")
    add_command(
        tasks,
        "list",
        help="list the tasks",
        handler=task_list,
        common=common,
        example="plantrack task list --json",
    )

    links = add_group(
        sub,
        "link",
        help="add or remove dependencies",
        common=common,
        example="plantrack link add order delivery",
    )
    p = add_command(
        links,
        "add",
        help="make SUCCESSOR depend on PREDECESSOR",
        handler=link_add,
        common=common,
        example="plantrack link add training install --type SS --lag 2d",
    )
    p.add_argument("predecessor")
    p.add_argument("successor")
    p.add_argument("--type", choices=[t.value for t in LinkType], default="FS", help="link type (default FS)")
    p.add_argument(
        "--lag", default="0d", help="lag, or a lead when negative (write --lag=-1d): 2d, 5ed (default 0d)"
    )
    p = add_command(
        links,
        "rm",
        help="remove a dependency",
        handler=link_rm,
        common=common,
        example="plantrack link rm training install",
    )
    p.add_argument("predecessor")
    p.add_argument("successor")

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
    p.add_argument("id")
    p.add_argument("--name")
    p.add_argument("--kind", choices=[k.value for k in ResourceKind], default="person")
    p.add_argument("--capacity", type=float, default=1.0, help="units available (default 1)")
    p.add_argument("--rate", type=float, default=0.0, help="cost per working hour")
    p.add_argument("--calendar", help="its own calendar id")
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
    p.add_argument("task")
    p.add_argument("resource")
    p.add_argument("--units", type=float, default=1.0, help="units of the resource (default 1)")
    p.add_argument("--remove", action="store_true", help="remove the assignment instead")
