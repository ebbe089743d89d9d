"""Whole-plan commands: `new`, `import`, `export toml` and `validate`.

Every command validates everything before it writes, and writes once: a file with errors leaves
the workspace byte-for-byte unchanged.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import unicodedata

from plantrack.commands.base import WORKSPACE_SUFFIX, Context
from plantrack.commands.counts import counts_text
from plantrack.commands.importing import cmd_import
from plantrack.commands.parsers import Subparsers, add_command, export_group
from plantrack.commands.paths import user_path
from plantrack.commands.targets import explicit_location, json_location, location_label
from plantrack.commands.values import parse_when
from plantrack.export.files import write_atomically
from plantrack.i18n import _, ngettext
from plantrack.i18n.formats import format_day
from plantrack.operations.demo import plan_counts
from plantrack.scheduling.errors import InvalidInput, ModelError, Problem, Severity
from plantrack.scheduling.model import Calendar, Project, clean_text

STANDARD_CALENDAR = Calendar(id="standard", name="Standard day (Mon-Fri 08:00-12:00, 13:00-17:00)")


def slug(name: str) -> str:
    """A file-name stem for a project name: `Line 3 retrofit` -> `line-3-retrofit`."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60] or "project"


# ---------------------------------------------------------------- new


def cmd_new(ctx: Context) -> int:
    from plantrack.store import WorkspaceState
    from plantrack.store.backend import create_store
    from plantrack.store.location import FileLocation

    ctx.refuse_scenario(_("`new` creates a workspace; make a scenario with `plantrack scenario new`"))
    name = clean_text(ctx.args.name)
    if name != unicodedata.normalize("NFC", ctx.args.name):
        ctx.warn(
            [
                Problem(
                    code="name-sanitised",
                    message=_("control characters removed from the project name"),
                    ids=("project",),
                    severity=Severity.WARNING,
                )
            ]
        )
    start = (
        parse_when(ctx.args.start, what="--start")
        if ctx.args.start
        else dt.datetime.combine(ctx.today, dt.time())
    )
    try:
        project = Project(
            name=name, start=start, calendar=STANDARD_CALENDAR.id, calendars=(STANDARD_CALENDAR,)
        )
    except ModelError as exc:
        raise InvalidInput(exc.problems()) from None
    location = explicit_location(ctx) or FileLocation(ctx.cwd / (slug(name) + WORKSPACE_SUFFIX))
    create_store(location, WorkspaceState(project=project), program="plantrack new")
    if ctx.json:
        ctx.print_json({"workspace": json_location(location), "name": name, "start": start})
    else:
        ctx.print(
            _("created {path}: {name!r}, starting {start}").format(
                path=location_label(location), name=name, start=format_day(start)
            )
        )
        ctx.print(
            _("next: `plantrack task add ...`, or describe the plan in a TOML file and `plantrack import` it")
        )
    return 0


# ---------------------------------------------------------------- import

# ---------------------------------------------------------------- export toml


def cmd_export_toml(ctx: Context) -> int:
    from plantrack.formats.toml.writer import dumps_project_toml
    from plantrack.store.plant_member import PlantMemberWorkspace

    workspace = ctx.open_workspace(program="plantrack export")
    project = workspace.read().project
    if isinstance(workspace, PlantMemberWorkspace):  # written as the member stores it, naming the
        project = workspace.own(project)  # plant's items, so that it imports back into the plant
    text = dumps_project_toml(project)
    if not ctx.args.output or ctx.args.output == "-":
        ctx.out.write(text)
        return 0
    target = user_path(ctx, ctx.args.output)
    write_atomically(target, text)
    counts = counts_text(plan_counts(project))
    ctx.err.write(_("wrote {path}: {counts}").format(path=target.name, counts=counts) + "\n")
    return 0


# ---------------------------------------------------------------- validate


def cmd_validate(ctx: Context) -> int:
    if ctx.args.file:
        from plantrack.formats.detect import load_project

        source = user_path(ctx, ctx.args.file)
        project, problems = load_project(source)
        label = source.name
    else:
        from plantrack.scheduling.validate import validate

        project = ctx.open_workspace(program="plantrack validate").read().project
        label = ctx.workspace_name()
        problems = [p.located(label) for p in validate(project)]
        if any(p.severity is Severity.ERROR for p in problems):
            raise InvalidInput(problems)
    strict_failure = bool(ctx.args.strict and problems)
    if ctx.json:
        ctx.print_json([p.to_json() for p in problems])
    else:
        ctx.warn(problems)
        if problems:
            verdict = ngettext(
                "no errors, {count} warning(s)", "no errors, {count} warning(s)", len(problems)
            ).format(count=len(problems))
        else:
            verdict = _("no errors")
        counts = counts_text(plan_counts(project))
        ctx.print(_("{file}: {verdict} ({counts})").format(file=label, verdict=verdict, counts=counts))
    return 1 if strict_failure else 0


# ---------------------------------------------------------------- registration


def register(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    p = add_command(
        sub,
        "new",
        help=_("create an empty workspace for a new project"),
        example=_('plantrack new "Line 3 screwing station" --start 2027-01-04'),
        handler=cmd_new,
        common=common,
    )
    p.add_argument("name", help=_("project name"))
    p.add_argument("--start", metavar="DATE", help=_("project start (default: today)"))
    from plantrack.formats.detect import FORMATS

    p = add_command(
        sub,
        "import",
        help=_("create the workspace from a project file, or replace its plan (baselines and history stay)"),
        description=_(
            "Create the workspace from a project file, or replace its plan (baselines and "
            "history stay).\nThe format comes from the extension, else from the content:"
        )
        + "\n"
        + "\n".join(f"  {', '.join(f.extensions):<20} {f.description}" for f in FORMATS),
        example="plantrack import plan.toml\nplantrack import line3.xml -w line3.plantrack.json\n"
        "plantrack import tasks.csv",
        handler=cmd_import,
        common=common,
    )
    p.add_argument("file", help=_("project file in one of the formats above"))
    exports = export_group(sub, common)
    p = add_command(
        exports,
        "toml",
        help=_("write the plan as a project file (stdout by default)"),
        example="plantrack export toml -o plan.toml",
        handler=cmd_export_toml,
        common=common,
    )
    p.add_argument("-o", "--output", metavar="FILE", help=_("file to write ('-' or absent: stdout)"))
    p = add_command(
        sub,
        "validate",
        help=_("check a project file or the workspace and report every problem at once"),
        example="plantrack validate plan.toml --json\nplantrack validate",
        handler=cmd_validate,
        common=common,
    )
    p.add_argument("file", nargs="?", help=_("project file to check (default: the workspace)"))
    p.add_argument("--strict", action="store_true", help=_("exit 1 on warnings too"))
