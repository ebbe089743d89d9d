"""`plantrack schedule`: compute the critical-path schedule, store it as the current plan and show it."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from plantrack.commands.base import Context, add_command

if TYPE_CHECKING:
    from plantrack.scheduling.cpm import Schedule
    from plantrack.scheduling.model import Project


def _iso(value: dt.datetime) -> str:
    return value.isoformat(timespec="minutes")


def _hours(minutes: int) -> float:
    return round(minutes / 60, 4)


def schedule_document(
    project: Project, schedule: Schedule, extra: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The schedule as `--json` prints it and the workspace stores it; `extra` adds top-level keys
    (e.g. leveling results) without changing the CPM part."""
    tasks = []
    for t in schedule.tasks:
        tasks.append(
            {
                "id": t.id,
                "name": t.name,
                "start": _iso(t.early_start_at),
                "finish": _iso(t.early_finish_at),
                "early_start": _iso(t.early_start_at),
                "early_finish": _iso(t.early_finish_at),
                "late_start": _iso(t.late_start_at),
                "late_finish": _iso(t.late_finish_at),
                "total_float_hours": _hours(t.total_float),
                "free_float_hours": _hours(t.free_float),
                "critical": t.critical,
                "driving_predecessor": t.driving_predecessor,
            }
        )
    doc: dict[str, Any] = {
        "project": {
            "start": _iso(schedule.start_at),
            "finish": _iso(schedule.finish_at),
            "duration_hours": _hours(schedule.duration_minutes),
        },
        "tasks": tasks,
        "critical_path": [list(path) for path in schedule.critical_paths],
    }
    doc.update(extra or {})
    return doc


def _cell(text: str, width: int) -> str:
    text = text if len(text) <= width else text[: width - 1] + "…"
    return text.ljust(width)


def render_table(schedule: Schedule) -> list[str]:
    """The readable table: id, name, start, finish, total float (working hours), critical mark."""
    from plantrack.scheduling.model import clean_text

    rows = [("ID", "NAME", "START", "FINISH", "FLOAT h", "CRIT")]
    for t in schedule.tasks:
        rows.append(
            (
                clean_text(t.id),
                clean_text(t.name).replace("\n", " ").replace("\t", " "),
                f"{t.early_start_at:%Y-%m-%d %H:%M}",
                f"{t.early_finish_at:%Y-%m-%d %H:%M}",
                f"{_hours(t.total_float):g}",
                "*" if t.critical else "",
            )
        )
    widths = [min(max(len(r[i]) for r in rows), 40) for i in range(len(rows[0]))]
    lines = []
    for r in rows:
        cells = [
            _cell(c, w) if i != 4 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    lines.append("")
    lines.append(
        f"Project: {schedule.start_at:%Y-%m-%d %H:%M} → {schedule.finish_at:%Y-%m-%d %H:%M} "
        f"({_hours(schedule.duration_minutes):g} working hours)"
    )
    if schedule.critical_paths:
        for path in schedule.critical_paths:
            lines.append("Critical path: " + " → ".join(clean_text(i) for i in path))
    else:
        lines.append("Critical path: none (every task has float)")
    return lines


def compute(state: Any) -> tuple[Schedule, dict[str, Any]]:
    """Schedule the workspace's project and store the document as the current plan (state.schedule)."""
    from plantrack.scheduling.cpm import cpm
    from plantrack.store.tracking_codec import actuals_at

    # progress recorded at a status date: finished work keeps its actual dates, the rest is rescheduled
    status_date, actuals = actuals_at(state)
    schedule = cpm(state.project, status_date=status_date, actuals=actuals)
    extra = {"status_date": _iso(status_date)} if status_date is not None else None
    document = schedule_document(state.project, schedule, extra)
    state.schedule = document
    return schedule, document


def run_schedule(ctx: Context) -> int:
    from plantrack.commands.level_options import level_document, render_leveled
    from plantrack.store import open_workspace

    with open_workspace(ctx.workspace_path()).update() as state:
        previous = state.schedule
        schedule, document = compute(state)
        leveled = level_document(ctx, state.project, document, previous)  # None without --level
    ctx.warn(list(schedule.warnings))
    if ctx.json:
        ctx.print_json(document)
    elif leveled is not None:
        for line in render_leveled(document, leveled):
            ctx.print(line)
    else:
        for line in render_table(schedule):
            ctx.print(line)
    return 0


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    parser = add_command(
        sub,
        "schedule",
        help="compute the critical-path schedule, store it as the current plan and show it",
        description="Compute early and late dates, floats and the critical path of the workspace's plan "
        "(working calendars, all link types, constraints, deadlines, shutdown windows), store it as "
        "the current plan and print it. Exit 5 when the plan cannot be scheduled.",
        example="plantrack schedule\nplantrack schedule --json -w line3.plantrack.json\n"
        "plantrack schedule --level --time-limit 10 --json",
        handler=run_schedule,
        common=common,
    )
    from plantrack.commands.level_options import add_level_arguments

    add_level_arguments(parser)
