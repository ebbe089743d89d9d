"""Who may read and edit the projects on a team server: `team grant`, `team revoke`, `team rights`,
`team project` and `team plant`, all through PostgreSQL roles (see docs/team.md)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from plantrack.commands.base import ENV_WORKSPACE, Context, UsageError
from plantrack.i18n import _

if TYPE_CHECKING:
    from plantrack.commands.family import Family
    from plantrack.store.team.grants import Right

EXAMPLE_URI = "postgresql://methods@db.plant.local/plans"


def _server(ctx: Context) -> str:
    """--server URI, else -w / $PLANTRACK_WORKSPACE as a URI (a project after # is ignored)."""
    from plantrack.store.team.address import is_server_address
    from plantrack.store.team.connection import split_address

    given = ctx.args.server or getattr(ctx.args, "workspace", None) or ctx.env.get(ENV_WORKSPACE)
    if not given or not is_server_address(given):
        raise UsageError(
            _("say which server: --server URI, or -w URI (as in {example})").format(example=EXAMPLE_URI)
        )
    return split_address(given)[0]


def _right_text(right: Right) -> str:
    if right.right == "edit":
        return _("edit the projects of team {team}").format(team=repr(right.team))
    if right.right == "read-all":
        return _("read every project")
    return _("administer the rights")


def _right_json(right: Right) -> dict[str, object]:
    return {"login": right.login, "right": right.right, "team": right.team, "direct": right.direct}


def team_grant(ctx: Context) -> int:
    from plantrack.store.team.grants import Right, grant

    if (ctx.args.team is None) == (not ctx.args.read_all):
        raise UsageError(_("give one right: --team TEAM or --read-all"))
    address = _server(ctx)
    added = grant(address, ctx.args.login, ctx.args.team)
    right = Right(ctx.args.login, "read-all" if ctx.args.read_all else "edit", ctx.args.team, direct=True)
    if ctx.json:
        ctx.print_json({**_right_json(right), "granted": added})
    elif added:
        ctx.print(_("{login} may now {right}").format(login=ctx.args.login, right=_right_text(right)))
    else:
        ctx.print(
            _("{login} could already {right}; nothing changed").format(
                login=ctx.args.login, right=_right_text(right)
            )
        )
    return 0


def team_revoke(ctx: Context) -> int:
    from plantrack.store.team.grants import revoke

    if ctx.args.team is not None and ctx.args.read_all:
        raise UsageError(_("give at most one right: --team TEAM or --read-all"))
    done = revoke(_server(ctx), ctx.args.login, ctx.args.team, read_all=ctx.args.read_all)
    if ctx.json:
        ctx.print_json(
            {"login": ctx.args.login, "revoked": [_right_json(r) for r in done.revoked],
             "still": [_right_json(r) for r in done.still]}
        )  # fmt: skip
        return 0
    for right in done.revoked:
        ctx.print(_("{login} may no longer {right}").format(login=ctx.args.login, right=_right_text(right)))
    if not done.revoked:
        ctx.print(_("{login} held no such right directly; nothing changed").format(login=ctx.args.login))
    for right in done.still:
        ctx.print(
            _("{login} may still {right}, through another role it belongs to").format(
                login=ctx.args.login, right=_right_text(right)
            )
        )
    return 0


def team_rights(ctx: Context) -> int:
    from plantrack.store.team.address import shown
    from plantrack.store.team.grants import list_rights

    address = _server(ctx)
    found = list_rights(address)
    if ctx.json:
        ctx.print_json(
            {"address": shown(address), "rights": [_right_json(r) for r in found.rights],
             "teams": list(found.teams), "superusers": list(found.superusers)}
        )  # fmt: skip
        return 0
    from plantrack.commands.editing import table

    if not found.rights:
        ctx.print(
            _("nobody holds a plantrack right on {address} yet: give one with `plantrack team grant`").format(
                address=shown(address)
            )
        )
    else:
        rows = [
            {"login": r.login, "right": _right_text(r),
             "how": _("granted") if r.direct else _("through another role")}
            for r in found.rights
        ]  # fmt: skip
        columns = [("login", _("login")), ("right", _("right")), ("how", _("how"))]
        ctx.print(table(rows, columns, max_width=60))
    if found.superusers:
        ctx.print(_("superusers, who hold every right: {names}").format(names=", ".join(found.superusers)))
    return 0


def team_project(ctx: Context) -> int:
    from plantrack.store.team.grants import assign_project

    assign_project(_server(ctx), ctx.args.project, ctx.args.team)
    if ctx.json:
        ctx.print_json({"project": ctx.args.project, "team": ctx.args.team})
    else:
        ctx.print(
            _("project {project} now belongs to team {team}: its members edit it").format(
                project=repr(ctx.args.project), team=repr(ctx.args.team)
            )
        )
    return 0


def team_plant(ctx: Context) -> int:
    from plantrack.store.team.grants import assign_plant

    assign_plant(_server(ctx), ctx.args.plant_id, ctx.args.team)
    if ctx.json:
        ctx.print_json({"plant": ctx.args.plant_id, "team": ctx.args.team})
    else:
        ctx.print(
            _("plant {plant} now belongs to team {team}: its members edit it").format(
                plant=repr(ctx.args.plant_id), team=repr(ctx.args.team)
            )
        )
    return 0


def _server_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--server",
        metavar="URI",
        help=_("the database as a libpq URI (default: -w URI, else ${variable})").format(
            variable=ENV_WORKSPACE
        ),
    )


def register(group: Family) -> None:
    """Add the rights commands to the `team` group."""
    p = group.command(
        "grant",
        team_grant,
        help=_("let a login edit a team's projects, or read every project"),
        example=(
            f"plantrack team grant anne --team line3 --server {EXAMPLE_URI}\n"
            f"plantrack team grant committee --read-all --server {EXAMPLE_URI}"
        ),
        description=_(
            "Let an existing login edit the projects of a team (--team; the team is made on first "
            "use) or read every project and change none (--read-all). Rights are PostgreSQL roles; "
            "only a member of plantrack_admin (or a superuser) may change them."
        ),
    )
    p.add_argument("login", metavar="LOGIN", help=_("the login (PostgreSQL role) to give the right to"))
    p.add_argument("--team", metavar="TEAM", help=_("edit the projects of this team"))
    p.add_argument("--read-all", action="store_true", help=_("read every project, change none"))
    _server_option(p)
    p = group.command(
        "revoke",
        team_revoke,
        help=_("take a right back from a login"),
        example=f"plantrack team revoke anne --team line3 --server {EXAMPLE_URI}",
        description=_(
            "Take back from a login the right to edit a team's projects (--team), to read every "
            "project (--read-all), or with neither every plantrack right granted to it."
        ),
    )
    p.add_argument("login", metavar="LOGIN", help=_("the login (PostgreSQL role)"))
    p.add_argument("--team", metavar="TEAM", help=_("the team whose projects it may no longer edit"))
    p.add_argument("--read-all", action="store_true", help=_("the right to read every project"))
    _server_option(p)
    p = group.command(
        "rights",
        team_rights,
        help=_("show who may read, edit or administer the projects"),
        example=f"plantrack team rights --server {EXAMPLE_URI}",
        description=_(
            "Show every login's plantrack rights, read from the server's roles and memberships, "
            "whether granted to it or held through another role."
        ),
    )
    _server_option(p)
    p = group.command(
        "project",
        team_project,
        help=_("give a project to a team, whose members then edit it"),
        example=f"plantrack team project line3-retrofit --team line3 --server {EXAMPLE_URI}",
        description=_(
            "Give a project (with its scenarios) to a team: the team's members edit it, the others "
            "no longer do. Only a member of plantrack_admin (or a superuser) may."
        ),
    )
    p.add_argument("project", metavar="PROJECT", help=_("the project id on the server"))
    p.add_argument("--team", metavar="TEAM", required=True, help=_("the team that edits it from now on"))
    _server_option(p)
    p = group.command(
        "plant",
        team_plant,
        help=_("give a plant to a team, whose members then edit it"),
        example=f"plantrack team plant assembly --team methods --server {EXAMPLE_URI}",
        description=_(
            "Give a plant to a team: the team's members edit its shared part, its projects and their "
            "priorities; adding a project also needs the right to edit that project. Only a member of "
            "plantrack_admin (or a superuser) may."
        ),
    )
    p.add_argument("plant_id", metavar="PLANT", help=_("the plant id on the server"))
    p.add_argument("--team", metavar="TEAM", required=True, help=_("the team that edits it from now on"))
    _server_option(p)
