"""`plantrack export mspdi|csv|xlsx|ics`: hand the plan to MS Project, ProjectLibre, GanttProject,
a spreadsheet or people's calendars."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from plantrack.commands.base import Context
from plantrack.commands.parsers import Subparsers, add_command, export_group
from plantrack.commands.paths import user_path
from plantrack.export.files import write_atomically
from plantrack.i18n import _, ngettext
from plantrack.scheduling.errors import InvalidInput, Problem


def _output(ctx: Context, suffix: str) -> Path:
    return user_path(ctx, ctx.args.output or Path(ctx.workspace_name()).name.split(".")[0] + suffix)


def _state(ctx: Context, program: str):  # type: ignore[no-untyped-def]
    from plantrack.scheduling.cpm import cpm
    from plantrack.store.tracking_codec import actuals_at

    state = ctx.open_workspace(program=program).read()
    status_date, actuals = actuals_at(state)
    schedule = cpm(state.project, status_date=status_date, actuals=actuals) if state.project.tasks else None
    return state, schedule


def cmd_export_mspdi(ctx: Context) -> int:
    from plantrack.formats.mspdi.write import write_mspdi
    from plantrack.store.tracking_codec import baselines, progress

    state, schedule = _state(ctx, "plantrack export mspdi")
    data, warnings = write_mspdi(
        state.project, schedule=schedule, baselines=baselines(state), progress=progress(state)
    )
    out = _output(ctx, ".xml")
    write_atomically(out, data)
    if ctx.json:
        ctx.print_json({"path": str(out), "bytes": len(data), "warnings": [w.to_json() for w in warnings]})
    else:
        ctx.warn(warnings)
        count = len(state.project.tasks)
        ctx.print(
            ngettext(
                "wrote {path} ({count} task): opens in MS Project, ProjectLibre, GanttProject",
                "wrote {path} ({count} tasks): opens in MS Project, ProjectLibre, GanttProject",
                count,
            ).format(path=out, count=count)
        )
    return 0


def _export_task_list(ctx: Context, suffix: str, render: Callable[..., bytes]) -> int:
    """The task list (CSV or XLSX): plan, latest progress and a baseline's variance columns."""
    from plantrack.scheduling.tracking.progress import fold
    from plantrack.store.tracking_codec import find_baseline, progress

    state, schedule = _state(ctx, f"plantrack export {suffix.lstrip('.')}")
    data = render(
        state.project,
        schedule=schedule,
        baseline=find_baseline(state, ctx.args.baseline),
        progress=fold(progress(state)),
    )
    out = _output(ctx, suffix)
    write_atomically(out, data)
    if ctx.json:
        ctx.print_json({"path": str(out), "rows": len(state.project.tasks)})
    else:
        count = len(state.project.tasks)
        ctx.print(
            ngettext("wrote {path} ({count} row)", "wrote {path} ({count} rows)", count).format(
                path=out, count=count
            )
        )
    return 0


def cmd_export_csv(ctx: Context) -> int:
    from plantrack.formats.csv_tasks import dumps_tasks_csv

    def render(project: Any, **columns: Any) -> bytes:
        text = dumps_tasks_csv(project, **columns, semicolon=ctx.args.semicolon)
        return text.encode("utf-8-sig")  # the BOM makes spreadsheets read UTF-8

    return _export_task_list(ctx, ".csv", render)


def cmd_export_xlsx(ctx: Context) -> int:
    from plantrack.formats.xlsx import dumps_xlsx, require_openpyxl

    require_openpyxl()  # before any work: the message names the extra to install
    return _export_task_list(ctx, ".xlsx", dumps_xlsx)


def cmd_export_ics(ctx: Context) -> int:
    import datetime as dt

    from plantrack.formats.ical import dumps_ics, require_icalendar
    from plantrack.scheduling.tracking.actions import action_states
    from plantrack.store.tracking_codec import actions

    require_icalendar()  # before any work: the message names the extra to install
    state, schedule = _state(ctx, "plantrack export ics")
    if schedule is None:
        raise InvalidInput(
            [Problem(code="project-empty", message=_("project has no tasks: nothing to export"))]
        )
    created, updates = actions(state)
    stamp = dt.datetime.combine(ctx.today, dt.time(), tzinfo=dt.UTC)
    data, count = dumps_ics(
        state.project, schedule, action_states(created, updates), stamp=stamp, owner=ctx.args.owner
    )
    out = _output(ctx, ".ics")
    write_atomically(out, data)
    if ctx.json:
        ctx.print_json({"path": str(out), "events": count})
    else:
        if ctx.args.owner:
            text = ngettext(
                "wrote {path} ({count} event for {owner}): milestones, tasks and open actions",
                "wrote {path} ({count} events for {owner}): milestones, tasks and open actions",
                count,
            )
        else:
            text = ngettext(
                "wrote {path} ({count} event): milestones, tasks and open actions",
                "wrote {path} ({count} events): milestones, tasks and open actions",
                count,
            )
        ctx.print(text.format(path=out, count=count, owner=ctx.args.owner))
    return 0


def register(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    exports = export_group(sub, common)
    p = add_command(
        exports,
        "mspdi",
        help=_("write MS Project XML with the schedule, baselines and progress (MS Project, ProjectLibre)"),
        example="plantrack export mspdi -o line3.xml",
        handler=cmd_export_mspdi,
        common=common,
    )
    p.add_argument("-o", "--output", metavar="FILE", help=_("file to write (default: WORKSPACE.xml)"))
    p = add_command(
        exports,
        "csv",
        help=_("write the task list for a spreadsheet (UTF-8 with BOM, formulas neutralised)"),
        example="plantrack export csv -o tasks.csv --semicolon",
        handler=cmd_export_csv,
        common=common,
    )
    p.add_argument("-o", "--output", metavar="FILE", help=_("file to write (default: WORKSPACE.csv)"))
    p.add_argument(
        "--semicolon", action="store_true", help=_("';' separators and decimal commas (French Excel)")
    )
    p.add_argument(
        "--baseline", metavar="NAME", help=_("baseline for the variance columns (default: latest)")
    )
    p = add_command(
        exports,
        "xlsx",
        help=_("write the task list as an Excel workbook (text cells never formulas; optional extra: xlsx)"),
        example="plantrack export xlsx -o tasks.xlsx",
        handler=cmd_export_xlsx,
        common=common,
    )
    p.add_argument("-o", "--output", metavar="FILE", help=_("file to write (default: WORKSPACE.xlsx)"))
    p.add_argument(
        "--baseline", metavar="NAME", help=_("baseline for the variance columns (default: latest)")
    )
    p = add_command(
        exports,
        "ics",
        help=_("write milestones, tasks and open actions as an iCalendar file (optional extra: ics)"),
        example="plantrack export ics -o martin.ics --owner 'C. Martin (methods)'",
        handler=cmd_export_ics,
        common=common,
    )
    p.add_argument("-o", "--output", metavar="FILE", help=_("file to write (default: WORKSPACE.ics)"))
    p.add_argument(
        "--owner", metavar="NAME", help=_("only this person's tasks and actions (milestones stay)")
    )
