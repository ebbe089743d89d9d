"""Working as a team on a PostgreSQL server: `team init` sets up the database's schema."""

from __future__ import annotations

import argparse

from plantrack.commands.base import Context, UsageError, add_command, add_group
from plantrack.i18n import _, ngettext


def team_init(ctx: Context) -> int:
    # the store package loads only here: `plantrack --help` never needs the team extra
    from plantrack.store.team.address import is_server_address, shown
    from plantrack.store.team.admin import init_database

    address: str = ctx.args.address
    if not is_server_address(address):
        raise UsageError(
            _("{address} is not a PostgreSQL address: give one like {example}").format(
                address=repr(shown(address)), example="postgresql://USER@HOST:5432/DATABASE"
            )
        )
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


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    group = add_group(
        sub,
        "team",
        help=_("share plans on a PostgreSQL server (needs plantrack[team])"),
        example="plantrack team init postgresql://methods@db.plant.local/plans",
        common=common,
    )
    p = add_command(
        group,
        "init",
        help=_("set up or upgrade the plantrack tables in a PostgreSQL database (safe to run again)"),
        handler=team_init,
        common=common,
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
