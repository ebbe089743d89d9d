"""`plantrack import`: a project file creates the workspace, or replaces its plan (or a scenario's)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from plantrack.commands.base import ENV_PLANT, WORKSPACE_SUFFIX, Context
from plantrack.commands.counts import counts_text
from plantrack.commands.paths import user_path
from plantrack.commands.targets import (
    existing_store,
    explicit_location,
    explicit_workspace,
    json_location,
    location_label,
)
from plantrack.i18n import _
from plantrack.operations.demo import plan_counts
from plantrack.scheduling.errors import Problem, Severity
from plantrack.scheduling.model import Plant, Project


def _import_plant(ctx: Context, target: Path) -> Plant | None:
    """The plant a project file is read against: the one -p (or $PLANTRACK_PLANT) names (a file or a
    plant on a server), else the plant that lists the workspace being updated (beside its file, or on
    its server)."""
    from plantrack.store.location import ServerLocation
    from plantrack.store.plant_member import plant_of

    if getattr(ctx.args, "plant", None) or ctx.env.get(ENV_PLANT):
        store = ctx.plant_store()
        return None if store is None else store.read()
    location = explicit_location(ctx)
    if isinstance(location, ServerLocation) and location.project is not None:
        from plantrack.store.team.plant import plant_of_project

        return plant_of_project(location.address, location.project)
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
    workspace = existing_store(target, "plantrack import")
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
                "workspace": json_location(ctx.workspace_location()),
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
