"""`plantrack scenario`: what-if variants of the plan kept in the workspace (new, list, show, rm...).

A thin adapter over operations/scenario_edits.py. These commands name their scenarios themselves:
--scenario and $PLANTRACK_SCENARIO do not apply to them.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from plantrack.commands.base import Context
from plantrack.commands.family import add_family
from plantrack.commands.parsers import Subparsers
from plantrack.i18n import _
from plantrack.i18n.formats import format_day, format_moment
from plantrack.scheduling.model import clean_text


def _workspace(ctx: Context, program: str) -> Any:
    return ctx.open_store(program=program)


def _author(ctx: Context) -> Any:
    """The user from the environment, and now: the clock's time on `ctx.today` (pinned in tests)."""
    from plantrack.operations.scenario_edits import author_on

    return author_on(ctx.user, ctx.today, dt.datetime.now())


def _finish(value: str | None) -> str:
    if value is None:
        return _("not scheduled")
    return format_moment(dt.datetime.fromisoformat(value))


def _human(row: Any) -> dict[str, Any]:
    from plantrack.i18n.formats import format_number

    return {
        "name": row.name,
        "note": row.note,
        "created": _("{day} by {user}").format(
            day=format_day(row.created_at.date()), user=row.created_by or _("unknown")
        ),
        "tasks": format_number(row.tasks),
        "finish": _finish(row.finish),
    }


def _new(ctx: Context) -> int:
    from plantrack.operations.scenario_edits import new_scenario

    args = ctx.args
    made = new_scenario(
        _workspace(ctx, "plantrack scenario new"),
        args.name,
        source=args.source,
        note=args.note,
        author=_author(ctx),
    )
    if ctx.json:
        ctx.print_json(made.to_json())
    else:
        ctx.print(
            _("scenario {name} created from {source}: {tasks} tasks").format(
                name=repr(made.name),
                source=_("the current plan") if args.source == "current" else repr(args.source),
                tasks=made.tasks,
            )
        )
    return 0


def _list(ctx: Context) -> int:
    from plantrack.commands.editing import listing
    from plantrack.operations.scenario_edits import scenario_rows

    rows = scenario_rows(_workspace(ctx, "plantrack scenario list").read())
    listing(
        ctx,
        [r.to_json() if ctx.json else _human(r) for r in rows],
        columns=[
            ("name", _("Name")),
            ("note", _("Note")),
            ("created", _("Created")),
            ("tasks", _("Tasks")),
            ("finish", _("Finish")),
        ],
    )
    return 0


def _show(ctx: Context) -> int:
    from plantrack.operations.scenario_edits import scenario_row
    from plantrack.operations.scenarios.diff import diff_json, render_diff
    from plantrack.operations.scenarios.workspace import scenario_diff

    state = _workspace(ctx, "plantrack scenario show").read()
    row = scenario_row(state, ctx.args.name)
    diff = scenario_diff(state, ctx.args.name)
    plan = state.scenarios.get(ctx.args.name).project
    if ctx.json:
        ctx.print_json(
            {
                **row.to_json(),
                "scores": dict(state.scenarios.get(row.name).scores),
                "diff": diff_json(diff, plan),
            }
        )
        return 0
    human = _human(row)
    lines = [
        (_("Scenario"), row.name),
        (_("Note"), row.note),
        (_("Created"), human["created"]),
        (_("Tasks"), human["tasks"]),
        (_("Links"), str(row.links)),
        (_("Finish"), human["finish"]),
    ]
    width = max(len(label) for label, _value in lines)
    for label, value in lines:
        ctx.print(f"{label:<{width}}  {clean_text(value)}")
    ctx.print()
    for line in render_diff(diff, plan, row.name):
        ctx.print(line)
    return 0


def _rm(ctx: Context) -> int:
    from plantrack.operations.scenario_edits import remove_scenario

    remove_scenario(_workspace(ctx, "plantrack scenario rm"), ctx.args.name)
    if not ctx.json:
        ctx.print(_("scenario {name} removed").format(name=repr(ctx.args.name)))
    else:
        ctx.print_json({"removed": ctx.args.name})
    return 0


def _rename(ctx: Context) -> int:
    from plantrack.operations.scenario_edits import rename_scenario

    new = rename_scenario(_workspace(ctx, "plantrack scenario rename"), ctx.args.old, ctx.args.new)
    if ctx.json:
        ctx.print_json({"old": ctx.args.old, "new": new})
    else:
        ctx.print(_("scenario {old} renamed {new}").format(old=repr(ctx.args.old), new=repr(new)))
    return 0


def _adopt(ctx: Context) -> int:
    from plantrack.operations.scenario_edits import adopt_scenario

    kept = adopt_scenario(_workspace(ctx, "plantrack scenario adopt"), ctx.args.name, author=_author(ctx))
    if ctx.json:
        ctx.print_json({"adopted": ctx.args.name, "previous_plan_kept_as": kept})
    else:
        ctx.print(
            _("scenario {name} is now the current plan; the previous plan is kept as scenario {kept}").format(
                name=repr(ctx.args.name), kept=repr(kept)
            )
        )
    return 0


def register(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    group = add_family(
        sub,
        "scenario",
        help=_(
            "what-if variants of the plan kept in the workspace; edit one with --scenario NAME on any "
            "planning command (baselines and progress stay shared)"
        ),
        example=_(
            "plantrack scenario new 'supplier late' --note 'delivery +3 weeks'\n"
            "plantrack task edit T12 --duration 20d --scenario 'supplier late'\n"
            "plantrack schedule --scenario 'supplier late'\n"
            "plantrack scenario adopt 'supplier late'"
        ),
        common=common,
    )
    p = group.command(
        "new",
        _new,
        help=_("make a scenario: a copy of the current plan or of another scenario"),
        example=_("plantrack scenario new 'two weekend stops' --from current --note 'instead of August'"),
    )
    p.add_argument("name", help=_("the scenario's name (free text, unique in the workspace)"))
    p.add_argument(
        "--from",
        dest="source",
        default="current",
        metavar="current|SCENARIO",
        help=_("copy the current plan (default) or this scenario"),
    )
    p.add_argument("--note", default="", help=_("what the scenario tries, e.g. the change it studies"))
    group.command(
        "list",
        _list,
        help=_("list the scenarios: note, who made them and when, tasks, finish of their stored plan"),
        example=_("plantrack scenario list --json"),
    )
    p = group.command(
        "show",
        _show,
        help=_("a scenario's description and what it changes in the current plan, item by item"),
        example=_("plantrack scenario show 'supplier late'"),
    )
    p.add_argument("name", help=_("the scenario's name (see `plantrack scenario list`)"))
    p = group.command(
        "rm",
        _rm,
        help=_("delete a scenario (the current plan is not touched)"),
        example=_("plantrack scenario rm 'supplier late'"),
    )
    p.add_argument("name", help=_("the scenario's name (see `plantrack scenario list`)"))
    p = group.command(
        "rename",
        _rename,
        help=_("rename a scenario"),
        example=_("plantrack scenario rename 'supplier late' 'supplier 3 weeks late'"),
    )
    p.add_argument("old", help=_("the scenario's name now"))
    p.add_argument("new", help=_("its new name"))
    p = group.command(
        "adopt",
        _adopt,
        help=_(
            "make a scenario the current plan, in one save; the previous plan is kept as a scenario "
            "named after today's date"
        ),
        example=_("plantrack scenario adopt 'two weekend stops'"),
    )
    p.add_argument("name", help=_("the scenario's name (see `plantrack scenario list`)"))
