"""`plantrack demo`: a workspace made from the embedded demo project, with progress and scenarios, then
summarised (and opened in the terminal UI when run in a terminal)."""

from __future__ import annotations

import argparse

from plantrack.commands.base import WORKSPACE_SUFFIX, Context
from plantrack.commands.counts import counts_text
from plantrack.commands.parsers import Subparsers, add_command
from plantrack.commands.targets import explicit_location, json_location, location_label
from plantrack.formats.demo import load_demo
from plantrack.i18n import _, language
from plantrack.i18n.formats import format_day_long
from plantrack.operations.demo import DemoSummary, apply_demo_progress, apply_demo_scenarios, summarise

DEMO_WORKSPACE = "line3-retrofit" + WORKSPACE_SUFFIX


def cmd_demo(ctx: Context) -> int:
    from plantrack.store import WorkspaceExists, WorkspaceState
    from plantrack.store.backend import create_store
    from plantrack.store.location import FileLocation

    ctx.refuse_scenario(_("`demo` creates a workspace; make a scenario with `plantrack scenario new`"))
    target = explicit_location(ctx) or FileLocation(ctx.cwd / DEMO_WORKSPACE)
    if isinstance(target, FileLocation) and target.path.exists():
        raise WorkspaceExists(target.path)
    lang = language()  # the demo is written in the language of the run: French texts with --lang fr
    project, warnings = load_demo(lang)
    summary = summarise(project)  # computed before writing: a failure leaves no half-made workspace
    state = WorkspaceState(project=project)
    apply_demo_progress(state, lang)  # a baseline and two status dates, so every report has content
    apply_demo_scenarios(state)  # two what-if variants for `scenario compare`
    create_store(target, state, program="plantrack demo")
    if ctx.json:
        ctx.print_json({"workspace": json_location(target), **summary.to_json()})
        return 0
    ctx.warn([*warnings, *summary.warnings])
    ctx.print(_("created {path}").format(path=location_label(target)))
    ctx.print(_summary_text(summary))
    ctx.print(_("next: `plantrack tui`, `plantrack schedule`, `plantrack variance`, `plantrack export html`"))
    # pipes, tests and CI keep the text only; the TUI opens a workspace file
    if ctx.out.isatty() and not ctx.args.no_tui and isinstance(target, FileLocation):
        from plantrack.tui.app import PlantrackApp

        PlantrackApp(target.path, today=ctx.today).run()
    return 0


def _summary_text(summary: DemoSummary) -> str:
    lines = [summary.name, counts_text(summary.counts)]
    if summary.finish is not None:
        finish = f"{format_day_long(summary.finish)} {summary.finish:%H:%M}"
        lines.append(
            _("start {start}, computed finish {finish}").format(
                start=format_day_long(summary.start), finish=finish
            )
        )
    if summary.critical_path:
        lines.append(_("critical path: {chain}").format(chain=" → ".join(summary.critical_path)))
    return "\n".join(lines)


def register(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    p = add_command(
        sub,
        "demo",
        help=_("create {path} here from the embedded demo project and summarise it").format(
            path=DEMO_WORKSPACE
        ),
        example="plantrack demo",
        handler=cmd_demo,
        common=common,
    )
    p.add_argument("--no-tui", action="store_true", help=_("only create and summarise, even on a terminal"))
