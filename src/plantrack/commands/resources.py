"""Resources and assignments from the command line: `resource add/edit/rm/list` and `assign`."""

from __future__ import annotations

import argparse
from typing import Any

from plantrack.commands.base import Context
from plantrack.commands.choices import coded_choice
from plantrack.commands.editing import (
    commit_project,
    listing,
    open_for_update,
    parse_span,
    read_state,
    sanitised,
)
from plantrack.commands.family import add_family
from plantrack.commands.parsers import Subparsers, add_command
from plantrack.i18n import N_, _
from plantrack.operations import plan_edits, shared_edits
from plantrack.operations.problems import refuse
from plantrack.scheduling.errors import InvalidInput, ModelError
from plantrack.scheduling.model import (
    Project,
    Resource,
    ResourceKind,
)

# ---------------------------------------------------------------- resources and assignments

#: each kind of resource as a table shows it
_KINDS = {
    "person": N_("person"),
    "team": N_("team"),
    "machine": N_("machine"),
    "contractor": N_("contractor"),
}


def _kind_word(code: str) -> str:
    return _(_KINDS[code])


def resource_add(ctx: Context) -> int:
    args = ctx.args
    with open_for_update(ctx) as state:
        project: Project = state.project
        if args.id in project.resource_map():
            raise refuse("id", "id-duplicate", _("resource {id} already exists").format(id=args.id), args.id)
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
    ctx.print(_("added resource {id}").format(id=args.id))
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
    ctx.print(_("updated resource {id}").format(id=args.id))
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
        if tasks:
            ctx.print(
                _("removed resource {id} and its assignments to {tasks}").format(
                    id=args.id, tasks=", ".join(tasks)
                )
            )
        else:
            ctx.print(_("removed resource {id}").format(id=args.id))
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
    if not ctx.json:  # the kinds are the file's words: shown in the reader's language
        for row in rows:
            row["kind"] = _(_KINDS[row["kind"]]) if row["kind"] in _KINDS else row["kind"]
    listing(
        ctx,
        rows,
        columns=[
            ("id", "ID"),
            ("name", _("Name")),
            ("kind", _("Kind")),
            ("capacity", _("Capacity")),
            ("rate", _("Rate/h ({currency})").format(currency=project.currency)),
            ("calendar", _("Calendar")),
            ("tasks", _("Tasks")),
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
    if args.remove:
        ctx.print(_("unassigned {resource} from {task}").format(resource=args.resource, task=args.task))
    else:
        ctx.print(
            _("assigned {units} × {resource} to {task}").format(
                units=f"{args.units:g}", resource=args.resource, task=args.task
            )
        )
    return 0


def register(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    res = add_family(
        sub,
        "resource",
        help=_("add, edit, remove and list resources"),
        common=common,
        example="plantrack resource list",
    )
    p = res.command(
        "add",
        resource_add,
        help=_("add a person, team, machine or contractor"),
        example=_('plantrack resource add elec --name "Maintenance electrician" --capacity 2 --rate 48'),
    )
    p.add_argument("id", help=_("resource id (no spaces), e.g. elec"))
    p.add_argument("--name", help=_("name as people read it, e.g. 'Maintenance electrician'"))
    coded_choice(
        p,
        "--kind",
        codes=[k.value for k in ResourceKind],
        label=_kind_word,
        default="person",
        help=_("what it is (default: {person})").format(person=_kind_word("person")),
    )
    p.add_argument("--capacity", type=float, default=1.0, help=_("units available (default 1)"))
    p.add_argument("--rate", type=float, default=0.0, help=_("cost per working hour"))
    p.add_argument("--calendar", help=_("its own calendar id (default: the project's)"))
    p.add_argument(
        "--absence",
        action="append",
        metavar="FROM..TO",
        help=_("an absence, e.g. 2027-03-01..2027-03-05 (repeatable)"),
    )
    p = res.command(
        "edit",
        resource_edit,
        help=_("change a resource's name, kind, capacity, rate or calendar"),
        example="plantrack resource edit elec --capacity 3 --rate 52\n"
        "plantrack resource edit crew --calendar ''",
    )
    p.add_argument("id", help=_("resource id"))
    p.add_argument("--name", help=_("name as people read it"))
    coded_choice(p, "--kind", codes=[k.value for k in ResourceKind], label=_kind_word, help=_("what it is"))
    p.add_argument("--capacity", type=float, help=_("units available, above 0"))
    p.add_argument("--rate", type=float, help=_("cost per working hour, 0 or more"))
    p.add_argument("--calendar", help=_("its own calendar id; '' for the project's"))
    p = res.command(
        "rm",
        resource_rm,
        help=_("remove a resource (refused while it is assigned, unless --force)"),
        example="plantrack resource rm temp-welder\nplantrack resource rm temp-welder --force",
    )
    p.add_argument("id", help=_("resource id"))
    p.add_argument("--force", action="store_true", help=_("also remove its assignments to tasks"))
    res.command("list", resource_list, help=_("list the resources"), example="plantrack resource list --json")

    p = add_command(
        sub,
        "assign",
        help=_("assign a resource to a task"),
        handler=assign,
        common=common,
        example="plantrack assign install elec --units 2",
    )
    p.add_argument("task", help=_("task id"))
    p.add_argument("resource", help=_("resource id"))
    p.add_argument("--units", type=float, default=1.0, help=_("units of the resource (default 1)"))
    p.add_argument("--remove", action="store_true", help=_("remove the assignment instead"))
