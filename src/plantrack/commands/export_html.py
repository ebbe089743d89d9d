"""`plantrack export html`: the self-contained Gantt, network and dashboard page for a steering committee."""

from __future__ import annotations

import argparse
from pathlib import Path

from plantrack.commands.base import Context
from plantrack.commands.parsers import Subparsers, add_command, export_group
from plantrack.commands.paths import page_path
from plantrack.export.files import write_atomically
from plantrack.i18n import _, ngettext
from plantrack.i18n.formats import format_number

DEFAULT_SUFFIX = "-report.html"


def cmd_export_html(ctx: Context) -> int:
    from plantrack.export.html.page import render_page
    from plantrack.export.html.report import build_report
    from plantrack.export.workspace_files import stem

    state = ctx.open_workspace(program="plantrack export html").read()
    path = Path(ctx.workspace_name())
    report = build_report(state, today=ctx.today, baseline=ctx.args.baseline, title=ctx.args.title)
    page = render_page(report)
    out = page_path(ctx, ctx.args.output or stem(path, ctx.scenario) + DEFAULT_SUFFIX)
    write_atomically(out, page)
    size = out.stat().st_size
    if ctx.json:
        ctx.print_json({"path": str(out), "bytes": size, "tasks": len(report.gantt.tasks)})
    else:
        rows = len(report.gantt.tasks)
        ctx.print(
            ngettext(
                "wrote {path} ({size} MB, {rows} row); opens offline in any browser",
                "wrote {path} ({size} MB, {rows} rows); opens offline in any browser",
                rows,
            ).format(path=out, size=format_number(size / 1e6, 1), rows=rows)
        )
    return 0


def add_html_command(exports: Subparsers, common: argparse.ArgumentParser) -> None:
    parser = add_command(
        exports,
        "html",
        help=_("write one self-contained HTML page: Gantt, network diagram, dashboard (opens offline)"),
        example=_("plantrack export html -o copil.html --baseline v1 --title 'Line 3 retrofit, COPIL 12'"),
        handler=cmd_export_html,
        common=common,
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help=_("page to write (default: WORKSPACE{suffix})").format(suffix=DEFAULT_SUFFIX),
    )
    parser.add_argument(
        "--baseline", metavar="NAME", help=_("baseline to compare against (default: the latest)")
    )
    parser.add_argument("--title", metavar="TEXT", help=_("page title (default: the project name)"))


def register(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    add_html_command(
        export_group(sub, common),
        common,
    )
