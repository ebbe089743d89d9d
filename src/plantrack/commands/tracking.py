"""Tracking commands: baselines, progress at a status date, gate decisions and the variance report."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING, Any

from plantrack.commands.base import Context, UsageError, add_command, add_group
from plantrack.scheduling.errors import InvalidInput, ModelError, Problem

if TYPE_CHECKING:
    from plantrack.scheduling.tracking.records import Baseline


def workspace(ctx: Context) -> Any:
    from plantrack.store import open_workspace

    return open_workspace(ctx.workspace_path())


# ---------------------------------------------------------------- baselines


def _baseline_save(ctx: Context) -> int:
    from plantrack.operations.analysis import forecast_plan
    from plantrack.scheduling.tracking.baseline import make_baseline
    from plantrack.scheduling.tracking.worktime import CalendarWorkTime
    from plantrack.store.tracking_codec import find_baseline, save_baseline

    name = ctx.args.name
    with workspace(ctx).update() as state:
        if find_baseline(state, name) is not None:
            raise InvalidInput(
                [
                    Problem(
                        code="baseline-exists", message=f"baseline {name!r} exists; a baseline never changes"
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
            f"baseline {name} saved: finish {baseline.project_finish:%Y-%m-%d %H:%M}, "
            f"BAC {baseline.bac:,.2f} {state.project.currency}"
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
            row["saved_at"] = f"{row['saved_at']:%Y-%m-%d}"
            row["finish"] = f"{row['finish']:%Y-%m-%d %H:%M}"
            row["bac"] = f"{row['bac']:,.2f}"
    listing(
        ctx,
        rows,
        columns=[
            ("name", "Name"),
            ("saved_at", "Saved"),
            ("finish", "Finish"),
            ("bac", "BAC"),
            ("note", "Note"),
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
    ctx.print(f"baseline {b.name} (saved {b.saved_at:%Y-%m-%d}) {b.note}".rstrip())
    ctx.print(
        f"start {b.project_start:%Y-%m-%d %H:%M} · finish {b.project_finish:%Y-%m-%d %H:%M}"
        f" · BAC {b.bac:,.2f}"
    )
    cols = [
        ("id", "Task"),
        ("name", "Name"),
        ("start", "Start"),
        ("finish", "Finish"),
        ("duration_hours", "Hours"),
        ("cost", "Cost"),
    ]
    ctx.print(table(data["tasks"], cols))
    return 0


def _baseline_rm(ctx: Context) -> int:
    from plantrack.store.tracking_codec import remove_baseline

    if not ctx.args.yes:
        raise UsageError(f"removing baseline {ctx.args.name} loses it for good: add --yes to confirm")
    with workspace(ctx).update() as state:
        if not remove_baseline(state, ctx.args.name):
            raise InvalidInput(
                [Problem(code="baseline-missing", message=f"no baseline named {ctx.args.name!r}")]
            )
    ctx.print(f"baseline {ctx.args.name} removed")
    return 0


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    group = add_group(
        sub,
        "baseline",
        help="freeze, list, show and remove baselines of the plan",
        example="plantrack baseline save initial --note 'approved by COPIL'",
        common=common,
    )
    p = add_command(
        group,
        "save",
        help="freeze the current plan under a name",
        handler=_baseline_save,
        example="plantrack baseline save initial --note 'approved 12 Jan'",
        common=common,
    )
    p.add_argument("name", help="one word, e.g. initial or v2")
    p.add_argument("--note", default="", help="free text, e.g. who approved it")
    p = add_command(
        group,
        "list",
        help="list saved baselines",
        handler=_baseline_list,
        example="plantrack baseline list --json",
        common=common,
    )
    p = add_command(
        group,
        "show",
        help="a baseline's tasks, dates and costs",
        handler=_baseline_show,
        example="plantrack baseline show initial",
        common=common,
    )
    p.add_argument("name", help="the baseline's name (see `plantrack baseline list`)")
    p = add_command(
        group,
        "rm",
        help="delete a baseline",
        handler=_baseline_rm,
        example="plantrack baseline rm draft --yes",
        common=common,
    )
    p.add_argument("name", help="the baseline to delete")
    p.add_argument("--yes", action="store_true", help="confirm the removal")
