"""Whole-plan commands: `new`, `import`, `export toml` and `validate`.

Every command validates everything before it writes, and writes once: a file with errors leaves
the workspace byte-for-byte unchanged.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from plantrack.commands.base import (
    ENV_WORKSPACE,
    WORKSPACE_SUFFIX,
    Context,
    Subparsers,
    add_command,
    export_group,
)
from plantrack.commands.paths import user_path
from plantrack.commands.values import parse_when
from plantrack.export.files import write_atomically
from plantrack.i18n import Nn_, _, ngettext
from plantrack.i18n.formats import format_day
from plantrack.operations.demo import (
    plan_counts,
)
from plantrack.scheduling.errors import InvalidInput, ModelError, Problem, Severity
from plantrack.scheduling.model import Calendar, Plant, Project, clean_text

if TYPE_CHECKING:
    from plantrack.store.location import Location

STANDARD_CALENDAR = Calendar(id="standard", name="Standard day (Mon-Fri 08:00-12:00, 13:00-17:00)")


def explicit_workspace(ctx: Context) -> Path | None:
    """-w PATH or $PLANTRACK_WORKSPACE, if given (these commands name their own default)."""
    explicit = getattr(ctx.args, "workspace", None) or ctx.env.get(ENV_WORKSPACE)
    if not explicit:
        return None
    return user_path(ctx, explicit)


def explicit_location(ctx: Context) -> Location | None:
    """-w ADDRESS or $PLANTRACK_WORKSPACE, if given: a file (made absolute) or a project on a server."""
    from plantrack.store.location import FileLocation, locate

    path = explicit_workspace(ctx)
    if path is None:
        return None
    location = locate(getattr(ctx.args, "workspace", None) or ctx.env.get(ENV_WORKSPACE, ""))
    return FileLocation(path) if isinstance(location, FileLocation) else location


def location_label(location: Location) -> str:
    """The workspace in a sentence: the file's name, or the project id."""
    from plantrack.store.location import FileLocation

    return location.path.name if isinstance(location, FileLocation) else location.project or ""


def json_location(location: Location) -> str:
    """The workspace in --json: the file's path, or the server address without its password."""
    from plantrack.store.location import FileLocation

    return str(location.path) if isinstance(location, FileLocation) else location.shown()


def _shown_location(ctx: Context) -> str:
    return json_location(ctx.workspace_location())


def _existing(location: Location, program: str) -> Any:
    """The workspace at `location`, or None when there is none yet (no file, no such project)."""
    from plantrack.store.backend import open_store
    from plantrack.store.location import FileLocation

    if isinstance(location, FileLocation):
        return open_store(location, program=program) if location.path.exists() else None
    from plantrack.store.team.errors import ProjectMissing

    workspace = open_store(location, program=program)
    try:
        workspace.read()
    except ProjectMissing:
        return None
    return workspace


def slug(name: str) -> str:
    """A file-name stem for a project name: `Line 3 retrofit` -> `line-3-retrofit`."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60] or "project"


#: the words of `plan_counts`, singular and plural
_COUNTED = {
    "tasks": Nn_("{count} task", "{count} tasks"),
    "phases": Nn_("{count} phase", "{count} phases"),
    "milestones": Nn_("{count} milestone", "{count} milestones"),
    "links": Nn_("{count} link", "{count} links"),
    "resources": Nn_("{count} resource", "{count} resources"),
    "calendars": Nn_("{count} calendar", "{count} calendars"),
    "windows": Nn_("{count} window", "{count} windows"),
}


def counts_text(counts: dict[str, int]) -> str:
    parts = []
    for what, n in counts.items():
        if what in _COUNTED:
            parts.append(ngettext(*_COUNTED[what], n).format(count=n))
        else:
            parts.append(f"{n} {what if n != 1 else what.removesuffix('s')}")
    return ", ".join(parts)


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


def _import_plant(ctx: Context, target: Path) -> Plant | None:
    """The plant a project file is read against: the one -p (or $PLANTRACK_PLANT) names, else the plant
    that lists the workspace being updated."""
    from plantrack.commands.base import ENV_PLANT
    from plantrack.store.plant import read_plant
    from plantrack.store.plant_member import plant_of

    if getattr(ctx.args, "plant", None) or ctx.env.get(ENV_PLANT):
        path = ctx.plant_path()
        return None if path is None else read_plant(path)
    return plant_of(target) if target.exists() else None


def cmd_import(ctx: Context) -> int:
    from plantrack.formats.detect import load_project
    from plantrack.formats.interchange import load_plan
    from plantrack.store import WorkspaceState
    from plantrack.store.backend import create_store
    from plantrack.store.location import FileLocation

    source = user_path(ctx, ctx.args.file)
    _speak_file_language(ctx, source)
    stem = source.name.split(".")[0] or "project"
    member = explicit_workspace(ctx) or ctx.cwd / (stem + WORKSPACE_SUFFIX)
    # a project of the plant may name the plant's crews and stops without defining them
    plant = _import_plant(ctx, member) if source.is_file() else None
    project, warnings = load_project(source, plant)  # every problem at once, before anything is written
    # files from other tools may carry baselines and actuals too (MSPDI, GanttProject, Planner)
    tracked = load_plan(source)
    if ctx.scenario is not None:
        return _import_scenario(ctx, source, project, warnings, tracked)
    target = explicit_location(ctx) or FileLocation(ctx.cwd / (stem + WORKSPACE_SUFFIX))
    tracking = (0, 0)
    workspace = _existing(target, "plantrack import")
    if workspace is not None:
        with workspace.update() as state:
            # the file's plan replaces the workspace's; schedule, baselines and history stay
            state.project = project
            tracking = _store_tracking(state, tracked)
        action = "updated"
        done = _("updated {workspace} from {source}: {counts}")
    else:
        state = WorkspaceState(project=project)
        tracking = _store_tracking(state, tracked)
        create_store(target, state, program="plantrack import")
        action = "created"
        done = _("created {workspace} from {source}: {counts}")
    counts = plan_counts(project)
    imported = {"baselines_imported": tracking[0], "progress_records_imported": tracking[1]}
    if ctx.json:
        ctx.print_json(
            {
                "workspace": json_location(target),
                "action": action,
                **counts,
                **imported,
                "warnings": [w.to_json() for w in warnings],
            }
        )
    else:
        ctx.warn(warnings)
        ctx.print(
            done.format(workspace=location_label(target), source=source.name, counts=counts_text(counts))
        )
        if any(tracking):
            ctx.print(
                _("with {baselines} baseline(s) and {records} progress record(s)").format(
                    baselines=tracking[0], records=tracking[1]
                )
            )
    return 0


def _import_scenario(
    ctx: Context, source: Path, project: Project, warnings: list[Problem], tracked: Any
) -> int:
    """`import --scenario NAME`: the file's plan replaces the scenario's; the histories are not touched."""
    workspace = ctx.open_workspace(program="plantrack import")
    with workspace.update() as state:
        state.project = project
    if tracked is not None and (tracked.baselines or tracked.progress):
        warnings = [
            *warnings,
            Problem(
                code="scenario-tracking-skipped",
                message=_(
                    "the file's baselines and progress were not imported: they are shared by every "
                    "scenario; import the file without --scenario to keep them"
                ),
                severity=Severity.WARNING,
            ),
        ]
    counts = plan_counts(project)
    if ctx.json:
        ctx.print_json(
            {
                "workspace": _shown_location(ctx),
                "scenario": ctx.scenario,
                "action": "updated",
                **counts,
                "warnings": [w.to_json() for w in warnings],
            }
        )
    else:
        ctx.warn(warnings)
        ctx.print(
            _("updated scenario {scenario} of {workspace} from {source}: {counts}").format(
                scenario=repr(ctx.scenario),
                workspace=workspace.name,
                source=source.name,
                counts=counts_text(counts),
            )
        )
    return 0


def _speak_file_language(ctx: Context, source: Path) -> None:
    """The imported file's own `language` speaks for the whole import, its errors included (it outranks
    the replaced workspace's and the locale, not --lang or PLANTRACK_LANG)."""
    from plantrack.formats.detect import declared_language
    from plantrack.i18n import LANGUAGES
    from plantrack.i18n.choose import Choice, activate

    if ctx.language is None or ctx.language.explicit:
        return
    code = declared_language(source)
    if code is None or code not in LANGUAGES:
        return
    ctx._project_language_read = True  # the file's key, not the workspace's it replaces
    ctx.language = Choice(code, "project")
    if warning := activate(code):
        ctx.err.write(warning + "\n")


def _store_tracking(state: Any, plan: Any) -> tuple[int, int]:
    """Baselines and progress carried by the file; a re-import does not repeat records already kept."""
    if plan is None or not (plan.baselines or plan.progress):
        return 0, 0
    from plantrack.formats.interchange import store_tracking
    from plantrack.store.tracking_codec import progress

    known = set(progress(state))
    plan.progress = [r for r in plan.progress if r not in known]
    return store_tracking(state, plan)


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
