"""The `plant` commands: create a plant, share its part, add and remove projects, show the shared load."""

from __future__ import annotations

import argparse
import importlib
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from plantrack.commands.base import PLANT_SUFFIX, Context
from plantrack.commands.family import Family
from plantrack.commands.parsers import add_group
from plantrack.commands.paths import user_path
from plantrack.commands.plant_load_view import load_json, over_json, over_line, print_load
from plantrack.commands.values import whole_number
from plantrack.i18n import _, ngettext
from plantrack.scheduling.errors import Severity

if TYPE_CHECKING:
    from plantrack.operations.plant_demo import DemoPlant
    from plantrack.scheduling.model import Plant
    from plantrack.store.plant_store import PlantStore


#: Modules adding commands to the `plant` family, each `register(plants, common)` given the family's
#: subparsers once the commands of this module are declared: e.g. "plant_report" for `plant list` and
#: `plant export html`. (Modules registering from the top-level subparsers go in `cli.PLANT_COMMAND_MODULES`.)
PLANT_FAMILY_MODULES: tuple[str, ...] = ("plant_level", "plant_report")


def plant_group(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> argparse._SubParsersAction[argparse.ArgumentParser]:
    """The `plant` family, which several command modules add to (new, add, load, level, list, export…)."""
    return add_group(
        sub,
        "plant",
        help=_("the plant's portfolio: projects sharing crews, machines and line stops"),
        example="plantrack plant new plant1\nplantrack plant add line3.plantrack.json --priority 3\n"
        "plantrack plant load --resource elec",
        common=common,
    )


def _members_text(plant: Plant) -> str:
    count = len(plant.projects)
    return ngettext("{count} project", "{count} projects", count).format(count=count)


def cmd_new(ctx: Context) -> int:
    from plantrack.commands.project import slug
    from plantrack.operations.plant import new_plant
    from plantrack.store.plant_store import plant_store

    ctx.refuse_scenario(_("a plant holds whole projects, not scenarios"))
    store = ctx.plant_store(must_exist=False) if _plant_named(ctx) else None
    store = store or plant_store(ctx.cwd / f"{slug(ctx.args.name)}{PLANT_SUFFIX}")
    plant = new_plant(store, ctx.args.name)
    if ctx.json:
        ctx.print_json({"plant": where(store), "name": plant.name, "action": "created"})
    else:
        ctx.print(_("created plant {name} in {path}").format(name=plant.name, path=store.shown()))
    return 0


def where(store: PlantStore) -> str:
    """The plant's place in --json: the plant file's path, or the server address (no password) and id."""
    return store.shown() if store.file is None else str(store.file)


def _members_given(ctx: Context, store: PlantStore, given: list[str]) -> list[Path | str]:
    """Workspace files (relative to the working folder) for a plant file; project ids (or addresses of
    the same server) for a plant on a server."""
    if store.file is None:
        return list(given)
    return [user_path(ctx, w) for w in given]


def _plant_named(ctx: Context) -> bool:
    from plantrack.commands.base import ENV_PLANT

    return bool(getattr(ctx.args, "plant", None) or ctx.env.get(ENV_PLANT))


def cmd_import(ctx: Context) -> int:
    from plantrack.formats.toml.plant import load_plant_toml
    from plantrack.operations.plant import import_shared
    from plantrack.store.plant_store import plant_store

    ctx.refuse_scenario(_("a plant holds whole projects, not scenarios"))
    shared = load_plant_toml(user_path(ctx, ctx.args.file))  # every problem at once, nothing written
    target = ctx.plant_store(must_exist=False)
    if target is None:
        target = plant_store(ctx.cwd / f"{Path(ctx.args.file).name.split('.')[0] or 'plant'}{PLANT_SUFFIX}")
    created = not target.exists()
    plant = import_shared(target, shared)
    counts = {
        "calendars": len(plant.calendars),
        "resources": len(plant.resources),
        "windows": len(plant.windows),
        "projects": len(plant.projects),
    }
    if ctx.json:
        action = "created" if created else "updated"
        ctx.print_json({"plant": where(target), "name": plant.name, "action": action, **counts})
        return 0
    done = (
        _("created plant {name} in {path}")
        if created
        else _("updated the shared part of plant {name} ({path})")
    )
    ctx.print(done.format(name=plant.name, path=target.shown()))
    ctx.print(
        _("shared: {calendars} calendars, {resources} resources, {windows} windows; {members}").format(
            calendars=counts["calendars"],
            resources=counts["resources"],
            windows=counts["windows"],
            members=_members_text(plant),
        )
    )
    return 0


def cmd_add(ctx: Context) -> int:
    from plantrack.operations.plant import add_projects

    ctx.refuse_scenario(_("a plant holds whole projects, not scenarios"))
    target = ctx.plant()
    plant = add_projects(target, _members_given(ctx, target, ctx.args.workspaces), ctx.args.priority)
    return _say_projects(ctx, target, plant, _("plant {name}: {members}"))


def cmd_remove(ctx: Context) -> int:
    from plantrack.operations.plant import remove_project

    ctx.refuse_scenario(_("a plant holds whole projects, not scenarios"))
    target = ctx.plant()
    plant = remove_project(target, _members_given(ctx, target, [ctx.args.workspace])[0])
    return _say_projects(ctx, target, plant, _("plant {name}: {members}"))


def _members_json(plant: Plant) -> list[dict[str, object]]:
    return [{"workspace": p.workspace, "priority": p.priority} for p in plant.projects]


def _print_members(ctx: Context, plant: Plant) -> None:
    for project in plant.projects:
        ctx.print(
            _("  {workspace}  priority {priority}").format(
                workspace=project.workspace, priority=project.priority
            )
        )


def _say_projects(ctx: Context, target: PlantStore, plant: Plant, line: str) -> int:
    if ctx.json:
        ctx.print_json({"plant": where(target), "name": plant.name, "projects": _members_json(plant)})
        return 0
    ctx.print(line.format(name=plant.name, members=_members_text(plant)))
    _print_members(ctx, plant)
    return 0


def cmd_load(ctx: Context) -> int:
    from plantrack.operations.plant import open_plant
    from plantrack.operations.plant_load import plant_load

    ctx.refuse_scenario(_("the plant's load reads each project's current plan"))
    opened = open_plant(ctx.plant())
    # a member that is gone is named, and the rest of the plant still shown
    missing = [replace(p, severity=Severity.WARNING) for p in opened.missing]
    ctx.warn(missing)
    loads = plant_load(opened, ctx.args.resource)
    if ctx.json:
        ctx.print_json(
            {
                "plant": opened.plant.name,
                "resources": [load_json(load) for load in loads],
                "warnings": [p.to_json() for p in missing],
            }
        )
        return 0
    ctx.print(
        _("plant {name}: shared resources' load by ISO week, booked against capacity (hours)").format(
            name=opened.plant.name
        )
    )
    for load in loads:
        print_load(ctx, load)
    return 0


def read_demo_plant(language: str) -> DemoPlant:
    """The embedded demo plant in `language`, its projects checked against it."""
    from plantrack.formats.demo import (
        DEMO_PLANT_PROJECTS,
        load_demo,
        load_demo_plant,
        load_demo_plant_project,
    )
    from plantrack.operations.plant_demo import demo_plant

    others = {stem: load_demo_plant_project(stem, language)[0] for stem in DEMO_PLANT_PROJECTS}
    return demo_plant(load_demo_plant(language), load_demo(language)[0], others, language)


def cmd_demo(ctx: Context) -> int:
    from plantrack.i18n import language
    from plantrack.operations.plant import open_plant
    from plantrack.operations.plant_demo import create_demo_plant, create_demo_plant_on
    from plantrack.operations.plant_load import plant_load
    from plantrack.store.plant_store import plant_store

    ctx.refuse_scenario(_("a plant holds whole projects, not scenarios"))
    demo = read_demo_plant(language())
    server = ctx.plant_store(must_exist=False) if _plant_named(ctx) else None
    if server is not None and server.file is None:
        target: PlantStore = server
        demo = create_demo_plant_on(server, demo)
    else:
        target = plant_store(create_demo_plant(ctx.cwd, demo))
    loads = plant_load(open_plant(target))
    if ctx.json:
        ctx.print_json(
            {
                "plant": where(target),
                "name": demo.plant.name,
                "projects": _members_json(demo.plant),
                "overallocations": {load.id: [over_json(o) for o in load.overallocations] for load in loads},
            }
        )
        return 0
    ctx.print(_("created plant {name} in {path}").format(name=demo.plant.name, path=target.shown()))
    _print_members(ctx, demo.plant)
    for load in loads:
        for over in load.overallocations:
            ctx.print(over_line(load.id, over))
    ctx.print(
        _("next: `plantrack plant load`, `plantrack schedule -w {workspace}`").format(
            workspace=demo.members[1][0]
            if target.file is not None
            else f"'{target.member_address(demo.members[1][0])}'"
        )
    )
    return 0


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    plants = plant_group(sub, common)
    family = Family(plants, common)
    p = family.command(
        "new",
        cmd_new,
        help=_(
            "create an empty plant here, in a file named after it (`Plant 1` -> plant-1.plant.json), "
            "or at -p PLANT"
        ),
        example='plantrack plant new plant1\nplantrack plant new "Plant 1" -p plant1.plant.json',
    )
    p.add_argument("name", help=_("plant name"))
    p = family.command(
        "import",
        cmd_import,
        help=_(
            "create the plant from a plant file, or replace the shared part (calendars, resources, "
            "windows) of the plant there, keeping its projects"
        ),
        example="plantrack plant import plant.toml\nplantrack plant import plant.toml -p plant1.plant.json",
    )
    p.add_argument("file", help=_("plant file (plant.toml)"))
    p = family.command(
        "add",
        cmd_add,
        help=_("add project workspaces to the plant, or change their priority"),
        description=_(
            "Add project workspaces to the plant, or change their priority. Each project must use "
            "the plant's shared ids without redefining them, and belong to no other plant."
        ),
        example="plantrack plant add line3.plantrack.json press4.plantrack.json --priority 2",
    )
    p.add_argument("workspaces", nargs="+", metavar="WORKSPACE", help=_("project workspace file"))
    p.add_argument(
        "--priority",
        type=whole_number("--priority", 1),
        help=_("priority, 1 or more; a higher priority is served first (default: 1, or the one it has)"),
    )
    p = family.command(
        "remove",
        cmd_remove,
        help=_("take a project workspace out of the plant (the workspace itself is kept)"),
        example="plantrack plant remove press4.plantrack.json",
    )
    p.add_argument("workspace", metavar="WORKSPACE", help=_("project workspace file"))
    p = family.command(
        "load",
        cmd_load,
        help=_(
            "each shared resource's load by project and by ISO week against its capacity, "
            "over-allocations named by project, task and dates"
        ),
        example="plantrack plant load\nplantrack plant load --resource elec --json",
    )
    p.add_argument("--resource", metavar="ID", help=_("only this shared resource"))
    family.command(
        "demo",
        cmd_demo,
        help=_(
            "create the demo plant here: the line-3 retrofit and two smaller projects sharing the "
            "maintenance crew and the line 3 stops"
        ),
        example="plantrack plant demo\nplantrack plant load",
    )
    for name in PLANT_FAMILY_MODULES:
        importlib.import_module(f"plantrack.commands.{name}").register(plants, common)
