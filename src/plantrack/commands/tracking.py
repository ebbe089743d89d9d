"""Tracking commands: baselines, progress at a status date, gate decisions and the variance report."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING, Any

from plantrack.commands.base import Context, UsageError
from plantrack.commands.family import add_family
from plantrack.commands.parsers import Subparsers
from plantrack.i18n import N_, _, language, pgettext
from plantrack.i18n.formats import format_day, format_moment, format_money, format_number
from plantrack.scheduling.errors import InvalidInput, ModelError, Problem

if TYPE_CHECKING:
    from plantrack.scheduling.tracking.records import Baseline


#: Why a command that records history refuses --scenario (the histories belong to the current plan).
SHARED_HISTORY = N_(
    "baselines, progress, gate decisions, actions and meetings are shared by every scenario and "
    "recorded against the current plan: run this command without --scenario"
)


def workspace(ctx: Context, *, records: bool = False) -> Any:
    """The workspace (with --scenario, the scenario's plan and the shared histories); a command that
    `records` history refuses a scenario."""
    opened = ctx.open_workspace(refuse_scenario=_(SHARED_HISTORY) if records else None)
    if ctx.scenario is not None:  # readers: the plan is the scenario's, the histories are not
        ctx.err.write(
            _(
                "scenario {name}: baselines, progress, gates, actions and meetings shown are the "
                "workspace's, shared by every scenario"
            ).format(name=repr(ctx.scenario))
            + "\n"
        )
    return opened


# ---------------------------------------------------------------- baselines


def _baseline_save(ctx: Context) -> int:
    from plantrack.operations.analysis import forecast_plan
    from plantrack.scheduling.tracking.baseline import make_baseline
    from plantrack.scheduling.tracking.worktime import CalendarWorkTime
    from plantrack.store.tracking_codec import find_baseline, save_baseline

    name = ctx.args.name
    with workspace(ctx, records=True).update() as state:
        if find_baseline(state, name) is not None:
            raise InvalidInput(
                [
                    Problem(
                        code="baseline-exists",
                        message=_("baseline {name} exists; a baseline never changes").format(name=repr(name)),
                    )
                ]
            )
        plan = forecast_plan(state)
        saved_at = dt.datetime.combine(ctx.today, dt.time())
        try:
            baseline = make_baseline(
                state.project,
                plan,
                CalendarWorkTime(state.project),
                name=name,
                saved_at=saved_at,
                note=ctx.args.note,
            )
        except ModelError as exc:
            raise InvalidInput(exc.problems()) from exc
        save_baseline(state, baseline)
    if ctx.json:
        ctx.print_json(_baseline_json(baseline, tasks=False))
    else:
        ctx.print(
            _("baseline {name} saved: finish {finish}, BAC {bac}").format(
                name=name,
                finish=format_moment(baseline.project_finish),
                bac=format_money(baseline.bac, state.project.currency),
            )
        )
    return 0


def _baseline_json(b: Baseline, *, tasks: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": b.name,
        "saved_at": b.saved_at,
        "note": b.note,
        "start": b.project_start,
        "finish": b.project_finish,
        "bac": round(b.bac, 2),
    }
    if tasks:
        out["tasks"] = [
            {
                "id": t.id,
                "name": t.name,
                "start": t.start,
                "finish": t.finish,
                "duration_hours": t.duration_minutes / 60,
                "work_hours": t.work_minutes / 60,
                "cost": round(t.cost, 2),
                "critical": t.critical,
            }
            for t in b.tasks
        ]
    return out


def _baseline_list(ctx: Context) -> int:
    from plantrack.commands.editing import listing
    from plantrack.store.tracking_codec import baselines

    rows = [_baseline_json(b, tasks=False) for b in baselines(workspace(ctx).read())]
    if not ctx.json:
        for row in rows:
            row["saved_at"] = format_day(row["saved_at"])
            row["finish"] = format_moment(row["finish"])
            row["bac"] = format_number(row["bac"], 2)
    listing(
        ctx,
        rows,
        columns=[
            ("name", _("Name")),
            ("saved_at", _("Saved")),
            ("finish", _("Finish")),
            ("bac", _("BAC")),
            ("note", _("Note")),
        ],
    )
    return 0


def _baseline_show(ctx: Context) -> int:
    from plantrack.commands.editing import table
    from plantrack.operations.analysis import baseline_or_refuse

    b = baseline_or_refuse(workspace(ctx).read(), ctx.args.name)
    data = _baseline_json(b, tasks=True)
    if ctx.json:
        ctx.print_json(data)
        return 0
    ctx.print(
        _("baseline {name} (saved {saved}) {note}")
        .format(name=b.name, saved=format_day(b.saved_at), note=b.note)
        .rstrip()
    )
    ctx.print(
        _("start {start} · finish {finish} · BAC {bac}").format(
            start=format_moment(b.project_start),
            finish=format_moment(b.project_finish),
            bac=format_number(b.bac, 2),
        )
    )
    cols = [
        ("id", _("Task")),
        ("name", _("Name")),
        ("start", pgettext("column", "Start")),
        ("finish", _("Finish")),
        ("duration_hours", _("Hours")),
        ("cost", _("Cost")),
    ]
    rows = data["tasks"] if language() == "en" else [_localized(row) for row in data["tasks"]]
    ctx.print(table(rows, cols))
    return 0


def _localized(row: dict[str, Any]) -> dict[str, Any]:
    """A task row of `baseline show` with the current language's dates and decimal mark."""
    out = dict(row)
    for key in ("start", "finish"):
        out[key] = format_moment(row[key])
    for key in ("duration_hours", "cost"):
        out[key] = f"{row[key]:g}".replace(".", ",")
    return out


def _baseline_rm(ctx: Context) -> int:
    from plantrack.store.tracking_codec import remove_baseline

    if not ctx.args.yes:
        raise UsageError(
            _("removing baseline {name} loses it for good: add --yes to confirm").format(name=ctx.args.name)
        )
    with workspace(ctx, records=True).update() as state:
        if not remove_baseline(state, ctx.args.name):
            raise InvalidInput(
                [
                    Problem(
                        code="baseline-missing",
                        message=_("no baseline named {name}").format(name=repr(ctx.args.name)),
                    )
                ]
            )
    ctx.print(_("baseline {name} removed").format(name=ctx.args.name))
    return 0


def register(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    group = add_family(
        sub,
        "baseline",
        help=_("freeze, list, show and remove baselines of the plan"),
        example=_("plantrack baseline save initial --note 'approved by COPIL'"),
        common=common,
    )
    p = group.command(
        "save",
        _baseline_save,
        help=_("freeze the current plan under a name"),
        example=_("plantrack baseline save initial --note 'approved 12 Jan'"),
    )
    p.add_argument("name", help=_("one word, e.g. initial or v2"))
    p.add_argument("--note", default="", help=_("free text, e.g. who approved it"))
    p = group.command(
        "list", _baseline_list, help=_("list saved baselines"), example=_("plantrack baseline list --json")
    )
    p = group.command(
        "show",
        _baseline_show,
        help=_("a baseline's tasks, dates and costs"),
        example=_("plantrack baseline show initial"),
    )
    p.add_argument("name", help=_("the baseline's name (see `plantrack baseline list`)"))
    p = group.command(
        "rm", _baseline_rm, help=_("delete a baseline"), example=_("plantrack baseline rm draft --yes")
    )
    p.add_argument("name", help=_("the baseline to delete"))
    p.add_argument("--yes", action="store_true", help=_("confirm the removal"))
