"""`plantrack plant level`: every project of the plant leveled together, each plan saved in its workspace."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING, Any

from plantrack.commands.base import Context
from plantrack.commands.level_options import add_time_limit, time_limit
from plantrack.commands.parsers import add_command
from plantrack.i18n import _, ngettext
from plantrack.i18n.formats import format_moment

if TYPE_CHECKING:
    from plantrack.operations.plant_level import PlantLeveled
    from plantrack.scheduling.leveling.plant.level_plant import PlantLevelingResult

#: 25 s of search: a plant of 20 projects of 100 tasks is read, leveled and saved within 30 s
DEFAULT_TIME_LIMIT = 25.0
#: How many waits the text output explains; --json has them all.
WAITS_SHOWN = 30


def _moment(value: dt.datetime | None) -> str:
    return "—" if value is None else format_moment(value)


def _iso(value: dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat(timespec="minutes")


def cmd_level(ctx: Context) -> int:
    from plantrack.operations.plant_level import level_plant_file
    from plantrack.scheduling.leveling.result import Objective

    seconds = time_limit(ctx.args)
    objective = Objective(ctx.args.objective)
    done = level_plant_file(
        ctx.plant(), objective=objective, time_limit=seconds, workers=0, program="plantrack plant level"
    )
    if ctx.json:
        ctx.print_json(level_json(done))
    else:
        _print(ctx, done)
    return 0


def level_json(done: PlantLeveled) -> dict[str, Any]:
    """`plant level --json`: the certificate, and per project its finishes and the tasks that moved."""
    from plantrack.scheduling.leveling.plant.wording import bookings

    result = done.result
    projects = []
    for n, (change, leveled) in enumerate(zip(done.changes, result.projects, strict=True)):
        waits = []
        for tid, task in leveled.tasks.items():
            found = bookings(result, n, tid)
            if found is None:
                continue
            resource, held = found
            waits.append(
                {
                    "task": tid,
                    "start": _iso(task.start),
                    "finish": _iso(task.finish),
                    "delay_minutes": task.delay_minutes,
                    "resource": resource,
                    "held_by": [
                        {
                            "project": b.project,
                            "tasks": list(b.tasks),
                            "from": _iso(b.start),
                            "to": _iso(b.finish),
                        }
                        for b in held
                    ],
                }
            )
        projects.append(
            {
                "workspace": change.workspace,
                "name": change.name,
                "priority": change.priority,
                "finish_before": _iso(change.finish_before),
                "finish_after": _iso(change.finish_after),
                "tasks_moved": change.moved,
                "waits": waits,
            }
        )
    return {
        "saved": done.saved,
        "status": str(result.status),
        "reason": str(result.reason),
        "objective_kind": str(result.objective_kind),
        # priority-weighted hours on the leveling axis from the plant's earliest project start
        "objective_weighted_hours": round(result.objective, 4),
        "bound_weighted_hours": round(result.bound, 4),
        "gap": round(result.gap, 6),
        "time_s": round(result.time_s, 3),
        "time_limit_s": result.time_limit,
        "stability_moves_minutes": result.stability_moves,
        "projects": projects,
    }


def _print(ctx: Context, done: PlantLeveled) -> None:
    from plantrack.commands.editing import table
    from plantrack.scheduling.leveling.plant.wording import certificate_text, moved_texts

    result: PlantLevelingResult = done.result
    ctx.print(certificate_text(result))
    rows = [
        {
            "name": change.name,
            "priority": str(change.priority),
            "before": _moment(change.finish_before),
            "after": _moment(change.finish_after),
            "moved": str(change.moved),
        }
        for change in done.changes
    ]
    columns = [
        ("name", _("Project")),
        ("priority", _("Priority")),
        ("before", _("Finish before")),
        ("after", _("Finish after")),
        ("moved", _("Tasks moved")),
    ]
    ctx.print(table(rows, columns))
    reasons = moved_texts(result)
    if reasons:
        ctx.print(_("What waited and why:"))
        for line in reasons[:WAITS_SHOWN]:
            ctx.print(f"  {line}")
        rest = len(reasons) - WAITS_SHOWN
        if rest > 0:
            ctx.print(
                "  "
                + ngettext(
                    "… and {n} more task (--json lists them all)",
                    "… and {n} more tasks (--json lists them all)",
                    rest,
                ).format(n=rest)
            )
    if done.saved:
        ctx.print(_("Each project's leveled plan is saved in its own workspace."))
    else:
        ctx.print(_("No plan found: every project keeps its plan. Raise --time-limit."))


def register(
    plants: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Add `level` to the `plant` family's subparsers (`commands/plant.py`, PLANT_FAMILY_MODULES)."""
    p = add_command(
        plants,
        "level",
        help=_(
            "level every project of the plant together against the shared capacities and save each "
            "project's plan in its workspace (all or none)"
        ),
        description=_(
            "Level the not-yet-done work of every project of the plant together: every link, window, "
            "date and capacity holds, then the priority-weighted sum of the projects' finishes is "
            "minimised, then the plans move as little as possible from the stored ones. Prints the "
            "objective, a proven lower bound and the gap, each project's finish before and after, and "
            "which other project held a resource a task waited for."
        ),
        example="plantrack plant level\nplantrack plant level --time-limit 120 --objective lateness --json",
        handler=cmd_level,
        common=common,
    )
    add_time_limit(p, help=_("leveling time limit in seconds (default 25)"))
    p.set_defaults(time_limit=DEFAULT_TIME_LIMIT)
    p.add_argument(
        "--objective",
        choices=("finish", "lateness"),
        default="finish",
        help=_(
            "finish (default): minimise the priority-weighted sum of the projects' finishes, deadlines "
            "are hard limits; lateness: deadlines are soft, minimise the working hours late weighted by "
            "task and project priority"
        ),
    )
