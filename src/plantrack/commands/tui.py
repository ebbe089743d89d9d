"""`plantrack tui [WORKSPACE]`: open the terminal UI on a workspace (Textual is imported only here);
with --scenario it opens on that scenario's plan."""

from __future__ import annotations

import argparse

from plantrack.commands.base import Context, Subparsers, add_command
from plantrack.commands.paths import user_path
from plantrack.i18n import _
from plantrack.scheduling.errors import InvalidInput, Problem


def _tui(ctx: Context) -> int:
    explicit = ctx.args.path
    if explicit:
        path = user_path(ctx, explicit)
        if not path.exists():
            raise InvalidInput(
                [Problem(code="workspace-missing", message=_("no workspace at {path}").format(path=explicit))]
            )
    else:
        path = ctx.workspace_path()
    # open it first: an unreadable or too-new file is reported like any command does, before the screen
    from plantrack.store import open_workspace

    workspace = open_workspace(path, program="plantrack tui")
    if ctx.scenario is not None:  # an unknown scenario is reported here, naming it, before the screen
        workspace.read().scenarios.get(ctx.scenario)
    from plantrack.tui.app import PlantrackApp

    PlantrackApp(path, today=ctx.today, scenario=ctx.scenario).run()
    return 0


def register(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    parser = add_command(
        sub,
        "tui",
        help=_("open the terminal UI: Gantt, editing, deviations, resources, review meeting"),
        handler=_tui,
        example=_("plantrack tui line3.plantrack.json\nplantrack tui   # the only workspace in this folder"),
        common=common,
    )
    parser.add_argument(
        "path",
        nargs="?",
        metavar="WORKSPACE",
        help=_("workspace file (default: as -w, else the only one here)"),
    )
