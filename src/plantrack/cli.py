"""Composition root: builds the argument parser from the command modules and maps errors to exit codes."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
import textwrap
import traceback
from collections.abc import Sequence

from plantrack import __version__
from plantrack.commands.base import Context
from plantrack.commands.exit_codes import ExitCode, exit_code, exit_codes_text
from plantrack.commands.parsers import common_options
from plantrack.i18n import N_, _
from plantrack.i18n.choose import LANG_OPTION, Choice, UnknownLanguage, activate, choose, route_argparse
from plantrack.scheduling.errors import PlantrackError, Problem

#: Modules adding to the `plant` family through the top-level subparsers (`register(sub, common)`, the
#: family found again with `add_group`), registered after `commands/plant.py`: e.g. "plant_level" for
#: `plant level`. Modules whose `register` takes the family's own subparsers are listed in
#: `commands.plant.PLANT_FAMILY_MODULES` instead.
PLANT_COMMAND_MODULES: tuple[str, ...] = ()

#: Command modules under `plantrack.commands`, each exposing `register(sub, common)`.
#: They import heavy faces (textual, plotly, ortools) lazily inside their handlers.
COMMAND_MODULES: tuple[str, ...] = (
    "tasks",
    "links",
    "resources",
    "schedule",
    "calendar",
    "calendar_edit",
    "windows",
    "project",
    "demo",
    "export_html",
    "pert",
    "tracking",
    "gates",
    "progress",
    "variance",
    "actions",
    "review",
    "tui",
    "interop",
    "scenario",
    "scenario_compare",
    "team",
    "plant",
    *PLANT_COMMAND_MODULES,
)


def build_parser() -> argparse.ArgumentParser:
    common = common_options()
    parser = argparse.ArgumentParser(
        prog="plantrack",
        description=_(
            "Plan, track and show production-line improvement projects: critical path, PERT, "
            "optimal resource leveling, baselines, earned value, a terminal Gantt and HTML reports."
        ),
        epilog=_("Example:") + "\n  plantrack demo\n  plantrack import plan.toml -w line3.plantrack.json\n"
        "  plantrack schedule --json\n\n"
        + _(
            "Language: --lang fr|en, else $PLANTRACK_LANG, else the project's `language`, "
            "else the locale (LC_ALL, LC_MESSAGES, LANG), else English."
        )
        + "\n"
        + exit_codes_text(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[common],
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"plantrack {__version__}",
        help=_("show program's version number and exit"),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"plantrack.commands.{name}")
        module.register(sub, common)
    return parser


#: `plantrack` alone lists the commands in the order a project uses them; any command left out of these
#: groups is listed last under "Other", so a new command is never hidden.
WORKFLOW: tuple[tuple[str, tuple[str, ...]], ...] = (
    (N_("Start"), ("demo", "import", "new")),
    (
        N_("Plan"),
        (
            "task",
            "link",
            "resource",
            "assign",
            "calendar",
            "window",
            "validate",
            "schedule",
            "pert",
            "scenario",
        ),
    ),
    (N_("Track"), ("baseline", "progress", "variance", "gate", "action", "review")),
    (N_("Show"), ("tui", "export")),
    (N_("Team"), ("team",)),
    (N_("Plant"), ("plant",)),
)
OTHER = N_("Other")


def command_overview(parser: argparse.ArgumentParser) -> str:
    """The commands grouped by workflow step, one line each, for `plantrack` run without a command."""
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    helps = {action.dest: action.help or "" for action in sub._choices_actions}
    groups = [*WORKFLOW]
    listed = {name for _title, names in WORKFLOW for name in names}
    if rest := tuple(name for name in helps if name not in listed):
        groups.append((OTHER, rest))
    width = max(len(name) for name in helps)
    lines = [
        _("usage: ")
        + "plantrack [-w PATH] [--json] [--lang LANG] COMMAND ...  "
        + _("(plantrack COMMAND --help for details)")
    ]
    for title, names in groups:
        lines.append("\n" + _("{title}:").format(title=_(title)))
        for name in (n for n in names if n in helps):
            lines.append(f"  {name:<{width}}  {textwrap.shorten(helps[name], 100 - width, placeholder=' …')}")
    return "\n".join(lines) + "\n"


def _report(ctx: Context, problems: list[Problem]) -> None:
    if ctx.json:
        json.dump([p.to_json() for p in problems], ctx.out, indent=2, ensure_ascii=False)
        ctx.out.write("\n")
    else:
        for problem in problems:
            ctx.err.write(problem.render() + "\n")


def _choose_language(words: Sequence[str]) -> Choice | None:
    """Speak the explicitly chosen language, else the locale's; None (after saying why) if it is unknown.

    Done before the parser is built: argparse's texts and ours are translated while it is built.
    """
    route_argparse()
    try:
        choice = choose(words, os.environ)
    except UnknownLanguage as exc:
        activate("en")
        sys.stderr.write(_("plantrack: error: {message}").format(message=exc) + "\n")
        return None
    if warning := activate(choice.language):
        sys.stderr.write(warning + "\n")
    return choice


def without_lang(words: Sequence[str]) -> list[str]:
    """The command line without its `--lang X` / `--lang=X` options."""
    rest: list[str] = []
    skip = False
    for word in words:
        if skip:
            skip = False
        elif word == LANG_OPTION:
            skip = True
        elif not word.startswith(LANG_OPTION + "="):
            rest.append(word)
    return rest


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    choice = _choose_language(words)
    if choice is None:
        return ExitCode.USAGE
    parser = build_parser()
    if not without_lang(words):  # `plantrack` alone, or with only a language
        sys.stdout.write(command_overview(parser))
        return ExitCode.OK
    try:
        args = parser.parse_args(words)
    except SystemExit as exc:  # argparse: --help (0) or a usage error (2)
        return int(exc.code) if isinstance(exc.code, int) else ExitCode.USAGE
    if getattr(args, "lang", choice.language) != choice.language:  # an abbreviation (`--lan fr`)
        choice = Choice(args.lang, LANG_OPTION)
        if warning := activate(choice.language):
            sys.stderr.write(warning + "\n")
    ctx = Context(args=args, language=choice)
    try:
        return int(args.handler(ctx))
    except PlantrackError as exc:
        if ctx.debug:
            traceback.print_exc()
        _report(ctx, exc.problems())
        return int(exit_code(exc))
    except KeyboardInterrupt:
        ctx.err.write(_("interrupted") + "\n")
        return 130
    except BrokenPipeError:
        return ExitCode.OK
    except Exception as exc:  # the last line of defence: no traceback reaches a user
        if ctx.debug:
            raise
        ctx.err.write(
            _("internal error: {kind}: {error}").format(kind=type(exc).__name__, error=exc)
            + "\n"
            + _("(this is a bug in plantrack; run again with --debug for details)")
            + "\n"
        )
        return ExitCode.INVALID_INPUT


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
