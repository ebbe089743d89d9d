"""Working as a team on a PostgreSQL server: `team init` sets up the database's schema, `team push`
and `team pull` copy a workspace file in and out, `team list` shows the projects there."""

from __future__ import annotations

import argparse
from pathlib import Path

from plantrack.commands import team_rights
from plantrack.commands.base import ENV_PLANT, ENV_WORKSPACE, PLANT_SUFFIX, Context, UsageError
from plantrack.commands.family import add_family
from plantrack.commands.parsers import Subparsers
from plantrack.commands.paths import user_path
from plantrack.i18n import _, ngettext
from plantrack.i18n.formats import format_moment, format_number

EXAMPLE_URI = "postgresql://methods@db.plant.local/plans"


def _server(address: str) -> str:
    from plantrack.store.team.address import is_server_address, shown

    if not is_server_address(address):
        raise UsageError(
            _("{address} is not a PostgreSQL address: give one like {example}").format(
                address=repr(shown(address)), example="postgresql://USER@HOST:5432/DATABASE"
            )
        )
    return address


def _project_address(address: str) -> tuple[str, str]:
    """`URI#PROJECT` -> (URI, PROJECT); a usage error without the project."""
    from plantrack.store.team.address import shown
    from plantrack.store.team.connection import split_address

    uri, project = split_address(_server(address))
    if project is None:
        raise UsageError(
            _("{address} names no project: add it after #, as in {example}").format(
                address=repr(shown(address)), example=EXAMPLE_URI + "#line3"
            )
        )
    return uri, project


def team_init(ctx: Context) -> int:
    # the store package loads only here: `plantrack --help` never needs the team extra
    from plantrack.store.team.address import shown
    from plantrack.store.team.admin import init_database

    address = _server(ctx.args.address)
    setup = init_database(address)
    if ctx.json:
        ctx.print_json(
            {"address": shown(address), "schema_version": setup.version, "applied": list(setup.applied)}
        )
    elif setup.applied:
        versions = ", ".join(str(v) for v in setup.applied)
        ctx.print(
            ngettext(
                "set up the plantrack schema on {address}: version {version} (migration {versions} applied)",
                "set up the plantrack schema on {address}: version {version} (migrations {versions} applied)",
                len(setup.applied),
            ).format(address=shown(address), version=setup.version, versions=versions)
        )
    else:
        ctx.print(
            _("the plantrack schema on {address} is up to date: version {version}; nothing changed").format(
                address=shown(address), version=setup.version
            )
        )
    return 0


def _push_target(
    ctx: Context, given: str | None, default: str, *, nowhere: str, two_ids: str
) -> tuple[str, str]:
    """The server and the id a push goes to, a project's or, for a plant file, the plant's: the id
    after # in the address `given` or the one --as gives (the same one when both are given), else
    `default`, taken from the file's name.

    `nowhere` is the usage error without a server address, `two_ids` the one for two different ids
    ({one} after #, {other} with --as): both are raised before the server is reached."""
    from plantrack.store.team.address import is_server_address
    from plantrack.store.team.connection import split_address

    if not given or not is_server_address(given):
        raise UsageError(nowhere)
    uri, in_address = split_address(given)
    as_id = ctx.args.as_id
    if as_id and in_address and as_id != in_address:
        raise UsageError(two_ids.format(one=repr(in_address), other=repr(as_id)))
    return uri, as_id or in_address or default


def team_push(ctx: Context) -> int:
    from plantrack.store.team.address import shown
    from plantrack.store.team.sync import project_id_of, push_file

    ctx.refuse_scenario(_("push and pull copy the whole workspace, every scenario included"))
    source = user_path(ctx, ctx.args.file)
    if source.name.endswith(PLANT_SUFFIX):
        return _push_plant(ctx, source)
    uri, key = _push_target(
        ctx,
        ctx.args.to or getattr(ctx.args, "workspace", None) or ctx.env.get(ENV_WORKSPACE),
        project_id_of(source),
        nowhere=_("say where to push: --to URI, or -w URI#PROJECT (as in {example})").format(
            example=EXAMPLE_URI + "#line3"
        ),
        two_ids=_("two project ids given: {one} after # and {other} with --as; give one"),
    )
    state, revision = push_file(source, uri, key, replace=ctx.args.replace)
    counts = {
        "tasks": len(state.project.tasks),
        "baselines": len(state.baselines),
        "progress": len(state.progress),
        "gates": len(state.gates),
        "actions": len(state.actions),
        "meetings": len(state.meetings),
        "scenarios": len(state.scenarios),
    }
    if ctx.json:
        ctx.print_json({"address": shown(uri), "project": key, "revision": revision, "copied": counts})
        return 0
    parts = [
        ngettext("{count} task", "{count} tasks", counts["tasks"]),
        ngettext("{count} baseline", "{count} baselines", counts["baselines"]),
        ngettext("{count} progress record", "{count} progress records", counts["progress"]),
        ngettext("{count} gate decision", "{count} gate decisions", counts["gates"]),
        ngettext("{count} action entry", "{count} action entries", counts["actions"]),
        ngettext("{count} meeting", "{count} meetings", counts["meetings"]),
        ngettext("{count} scenario", "{count} scenarios", counts["scenarios"]),
    ]
    copied = ", ".join(
        part.format(count=format_number(count)) for part, count in zip(parts, counts.values(), strict=True)
    )
    ctx.print(
        _("pushed {file} to {address} as project {project} (revision {revision}): {copied}").format(
            file=ctx.args.file, address=shown(uri), project=repr(key), revision=revision, copied=copied
        )
    )
    return 0


def _push_plant(ctx: Context, source: Path) -> int:
    """`team push NAME.plant.json`: the plant and its member workspaces, in one transaction."""
    from plantrack.store.team.address import shown
    from plantrack.store.team.plant_sync import push_plant

    uri, key = _push_target(
        ctx,
        ctx.args.to or getattr(ctx.args, "plant", None) or ctx.env.get(ENV_PLANT),
        source.name.removesuffix(PLANT_SUFFIX),
        nowhere=_("say where to push the plant: --to URI, or -p URI#PLANT (as in {example})").format(
            example=EXAMPLE_URI + "#assembly"
        ),
        two_ids=_("two plant ids given: {one} after # and {other} with --as; give one"),
    )
    plant = push_plant(source, uri, key, replace=ctx.args.replace)
    projects = [p.workspace for p in plant.projects]
    if ctx.json:
        ctx.print_json({"address": shown(uri), "plant": key, "projects": projects})
        return 0
    ctx.print(
        ngettext(
            "pushed plant {file} to {address} as plant {plant} with {count} project: {projects}",
            "pushed plant {file} to {address} as plant {plant} with {count} projects: {projects}",
            len(projects),
        ).format(
            file=ctx.args.file,
            address=shown(uri),
            plant=repr(key),
            count=len(projects),
            projects=", ".join(projects) or "-",
        )
    )
    return 0


def _pull_plant(ctx: Context, uri: str, key: str, target: Path) -> int:
    """`team pull URI#PLANT -o NAME.plant.json`: the plant and a workspace file per member beside it."""
    from plantrack.store.team.address import shown
    from plantrack.store.team.plant_sync import pull_plant

    _plant, files = pull_plant(uri, key, target)
    if ctx.json:
        ctx.print_json(
            {
                "address": shown(uri),
                "plant": key,
                "file": str(ctx.args.output),
                "projects": [str(f) for f in files],
            }
        )
        return 0
    ctx.print(
        ngettext(
            "pulled plant {plant} from {address} into {file} with {count} project: {projects}",
            "pulled plant {plant} from {address} into {file} with {count} projects: {projects}",
            len(files),
        ).format(
            plant=repr(key),
            address=shown(uri),
            file=ctx.args.output,
            count=len(files),
            projects=", ".join(f.name for f in files) or "-",
        )
    )
    return 0


def team_pull(ctx: Context) -> int:
    from plantrack.store.team.address import shown
    from plantrack.store.team.sync import pull_project

    ctx.refuse_scenario(_("push and pull copy the whole workspace, every scenario included"))
    uri, key = _project_address(ctx.args.address)
    target = user_path(ctx, ctx.args.output)
    if target.name.endswith(PLANT_SUFFIX):
        return _pull_plant(ctx, uri, key, target)
    state = pull_project(uri, key, target)
    if ctx.json:
        ctx.print_json(
            {"address": shown(uri), "project": key, "revision": state.revision, "file": str(ctx.args.output)}
        )
        return 0
    ctx.print(
        _("pulled project {project} (revision {revision}) from {address} into {file}").format(
            project=repr(key), revision=state.revision, address=shown(uri), file=ctx.args.output
        )
    )
    return 0


def team_list(ctx: Context) -> int:
    from plantrack.store.team.address import shown
    from plantrack.store.team.connection import split_address
    from plantrack.store.team.sync import list_server

    uri, _project = split_address(_server(ctx.args.address))
    projects, plants = list_server(uri)
    if ctx.json:
        ctx.print_json(
            {
                "address": shown(uri),
                "projects": [
                    {
                        "id": p.id,
                        "name": p.name,
                        "revision": p.revision,
                        "tasks": p.tasks,
                        "updated_at": p.updated_at.isoformat(),
                        "updated_by": p.updated_by,
                    }
                    for p in projects
                ],
                "plants": [{"id": p.id, "name": p.name, "projects": p.projects} for p in plants],
            }
        )
        return 0
    from plantrack.commands.editing import table

    if not projects:
        ctx.print(
            _("no project on {address} yet: copy a workspace there with `plantrack team push FILE`").format(
                address=shown(uri)
            )
        )
    else:
        rows = [
            {"id": p.id, "name": p.name, "revision": str(p.revision), "tasks": format_number(p.tasks),
             "updated": format_moment(p.updated_at.astimezone().replace(tzinfo=None)), "by": p.updated_by}
            for p in projects
        ]  # fmt: skip
        columns = [
            ("id", _("id")), ("name", _("name")), ("revision", _("revision")), ("tasks", _("tasks")),
            ("updated", _("last change")), ("by", _("by")),
        ]  # fmt: skip
        ctx.print(table(rows, columns))
    if plants:  # a server without plants lists its projects as before
        plant_rows = [{"id": p.id, "name": p.name, "projects": format_number(p.projects)} for p in plants]
        plant_columns = [("id", _("plant")), ("name", _("name")), ("projects", _("projects"))]
        ctx.print("\n" + table(plant_rows, plant_columns))
    return 0


def register(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    group = add_family(
        sub,
        "team",
        help=_("share plans on a PostgreSQL server (needs plantrack[team])"),
        example="plantrack team init " + EXAMPLE_URI,
        common=common,
    )
    p = group.command(
        "init",
        team_init,
        help=_("set up or upgrade the plantrack tables in a PostgreSQL database (safe to run again)"),
        example="plantrack team init postgresql://methods@db.plant.local/plans",
        description=_(
            "Set up or upgrade the plantrack tables in a PostgreSQL database; running it again changes "
            "nothing. Give no password in the address: libpq reads it from PGPASSWORD, ~/.pgpass or a "
            "service file. Needs the team extra: pip install 'plantrack[team]'."
        ),
    )
    p.add_argument(
        "address",
        metavar="URI",
        help=_("the database as a libpq URI: postgresql://USER@HOST:PORT/DATABASE"),
    )

    p = group.command(
        "push",
        team_push,
        help=_("copy a workspace file to a PostgreSQL server as a project"),
        example="plantrack team push line3.plantrack.json --to postgresql://methods@db.plant.local/plans\n"
        "plantrack team push line3.plantrack.json -w 'postgresql://methods@db.plant.local/plans#line3'\n"
        "plantrack team push assembly.plant.json --to postgresql://methods@db.plant.local/plans",
        description=_(
            "Copy a workspace file to a PostgreSQL server as a project: its plan, stored schedule, "
            "baselines, progress, gate decisions, actions, meetings and scenarios, in one transaction. "
            "The project id is the one after # in the address or the one --as gives (two different "
            "ids are refused), else the file's name. An existing project is never overwritten without "
            "--replace. A plant file (NAME.plant.json) is pushed with its member workspaces, in one "
            "transaction, as plant NAME (or the id after # in --to or -p, or the one --as gives, the "
            "same rule) and projects named after the member files."
        ),
    )
    p.add_argument("file", metavar="FILE", help=_("the workspace file to copy"))
    p.add_argument("--to", metavar="URI", help=_("the database as a libpq URI (instead of -w URI#PROJECT)"))
    p.add_argument(
        "--as",
        dest="as_id",
        metavar="ID",
        help=_("the project id on the server (the plant id for a plant file)"),
    )
    p.add_argument(
        "--replace",
        action="store_true",
        help=_("replace the project if the server already has one of that id"),
    )
    p = group.command(
        "pull",
        team_pull,
        help=_("copy a project from a PostgreSQL server into a new workspace file"),
        example=f"plantrack team pull '{EXAMPLE_URI}#line3' -o line3.plantrack.json\n"
        f"plantrack team pull '{EXAMPLE_URI}#assembly' -o assembly.plant.json",
        description=_(
            "Copy a project from a PostgreSQL server into a new workspace file, everything included; "
            "an existing file is never overwritten. With -o NAME.plant.json, the id after # names a "
            "plant: it is pulled with each member project into ID.plantrack.json beside the plant file."
        ),
    )
    p.add_argument("address", metavar="URI#PROJECT", help=_("the database and the project id after #"))
    p.add_argument("-o", "--output", metavar="FILE", required=True, help=_("the new workspace file"))
    p = group.command(
        "list",
        team_list,
        help=_("list the projects and the plants on a PostgreSQL server"),
        example="plantrack team list " + EXAMPLE_URI,
        description=_("List the projects on a PostgreSQL server: id, name, revision, tasks and last change."),
    )
    p.add_argument(
        "address", metavar="URI", help=_("the database as a libpq URI: postgresql://USER@HOST:PORT/DATABASE")
    )
    team_rights.register(group)
