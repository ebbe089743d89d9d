"""`plantrack tui [WORKSPACE]`: open the terminal UI on a workspace (Textual is imported only here);
with --scenario it opens on that scenario's plan; given a plant (a *.plant.json, -p, $PLANTRACK_PLANT, a
plant file or a `postgresql://…#PLANT` address) it opens on the plant's portfolio."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from plantrack.commands.base import ENV_PLANT, PLANT_SUFFIX, Context
from plantrack.commands.parsers import Subparsers, add_command
from plantrack.commands.paths import user_path
from plantrack.i18n import _
from plantrack.scheduling.errors import InvalidInput, Problem

if TYPE_CHECKING:
    from plantrack.store.plant_store import PlantStore


def _plant_asked(ctx: Context) -> PlantStore | None:
    """The plant to open on its portfolio: a *.plant.json given as the path, else -p (unless -w names a
    workspace), else $PLANTRACK_PLANT when neither -w nor a path names a workspace; -p and
    $PLANTRACK_PLANT may name a plant file or a plant on a team server."""
    from plantrack.store.plant_store import plant_store

    explicit = ctx.args.path
    if explicit:
        return plant_store(user_path(ctx, explicit)) if explicit.endswith(PLANT_SUFFIX) else None
    if getattr(ctx.args, "workspace", None):
        return None
    if getattr(ctx.args, "plant", None) or ctx.env.get(ENV_PLANT):
        return ctx.plant_store(program="plantrack tui")
    return None


def _tui_on_plant(ctx: Context, store: PlantStore) -> int:
    """The plant's portfolio; enter opens a project's usual screens, escape comes back."""
    ctx.refuse_scenario(_("a plant holds whole projects, not scenarios"))
    if store.file is not None and not store.file.exists():
        message = _("no plant at {path}").format(path=store.file)
        raise InvalidInput([Problem(code="plant-missing", message=message)])
    from plantrack.operations.plant import open_plant

    # a broken plant (or one missing on its server) is reported here, naming its problems, before the
    # screen (which names a project that no longer resolves in its row and shows the others)
    open_plant(store, keep_unresolved=True)
    from plantrack.tui.portfolio.app import run_plant

    run_plant(store, today=ctx.today, here=ctx.cwd)
    return 0


def _tui(ctx: Context) -> int:
    plant = _plant_asked(ctx)
    if plant is not None:
        return _tui_on_plant(ctx, plant)
    explicit = ctx.args.path
    from plantrack.store.location import FileLocation
    from plantrack.store.team.address import is_server_address

    if explicit and is_server_address(explicit):
        ctx.args.workspace = explicit  # the same as -w ADDRESS
        explicit = None
    if not explicit and not isinstance(ctx.workspace_location(), FileLocation):
        return _tui_on_server(ctx)
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


def _tui_on_server(ctx: Context) -> int:
    """The TUI on a project of a team server: exports go to the current folder, named after the project;
    other users' saves show within a second (the server's change notices)."""
    store = ctx.open_store(program="plantrack tui")
    store.read()  # a missing project or a refused read is reported here, before the screen
    if ctx.scenario is not None:
        store.read().scenarios.get(ctx.scenario)
    from plantrack.tui.app import PlantrackApp

    PlantrackApp(
        ctx.cwd / ctx.workspace_name(), today=ctx.today, scenario=ctx.scenario, store=store, poll_seconds=0.25
    ).run()
    return 0


def register(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    parser = add_command(
        sub,
        "tui",
        help=_("open the terminal UI: Gantt, editing, deviations, resources, review meeting"),
        handler=_tui,
        example=_(
            "plantrack tui line3.plantrack.json\nplantrack tui   # the only workspace in this folder\n"
            "plantrack tui -p plant1.plant.json\nplantrack tui -p 'postgresql://ana@db:5432/plans#assembly'"
        ),
        common=common,
    )
    parser.add_argument(
        "path",
        nargs="?",
        metavar="WORKSPACE",
        help=_(
            "workspace file, postgresql://…#PROJECT address, or a *.plant.json plant to open on its "
            "portfolio (default: as -w, else the plant of -p or $PLANTRACK_PLANT, a plant file or a "
            "postgresql://…#PLANT address, else the only workspace here)"
        ),
    )
