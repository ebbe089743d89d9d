"""How command modules declare their commands: the options common to all, commands and command families."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeAlias

from plantrack.commands.base import ENV_PLANT, ENV_SCENARIO, ENV_WORKSPACE, PLANT_SUFFIX, WORKSPACE_SUFFIX
from plantrack.i18n import LANGUAGES, _
from plantrack.i18n.choose import ENV_LANG, LOCALE_VARIABLES

if TYPE_CHECKING:
    from plantrack.commands.base import Context

Handler = Callable[["Context"], int]
#: The subparsers a command module declares its commands in (a string: argparse is not generic at run time).
Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def common_options() -> argparse.ArgumentParser:
    """Options accepted anywhere on the command line (before or after the subcommand)."""
    parent = argparse.ArgumentParser(add_help=False)
    # SUPPRESS keeps a subcommand's absent option from overwriting the value given before it
    parent.add_argument(
        "-w",
        "--workspace",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help=_(
            "workspace file, or a project on a team server as postgresql://USER@HOST/DATABASE#PROJECT "
            "(default: ${variable}, else the only *{suffix} here)"
        ).format(variable=ENV_WORKSPACE, suffix=WORKSPACE_SUFFIX),
    )
    parent.add_argument(
        "-p",
        "--plant",
        metavar="PLANT",
        default=argparse.SUPPRESS,
        help=_(
            "plant file of the `plant` commands, or a plant on a team server as "
            "postgresql://USER@HOST/DATABASE#PLANT (default: ${variable}, else the only *{suffix} here)"
        ).format(variable=ENV_PLANT, suffix=PLANT_SUFFIX),
    )
    parent.add_argument(
        "--scenario",
        metavar="NAME",
        default=argparse.SUPPRESS,
        help=_(
            "work on this scenario's plan instead of the current plan (default: ${variable}, else the "
            "current plan); baselines, progress, gates, actions and meetings are shared: listing them "
            "shows the workspace's, recording them refuses a scenario"
        ).format(variable=ENV_SCENARIO),
    )
    parent.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS, help=_("machine-readable output")
    )
    parent.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help=_("show internal tracebacks"),
    )
    # read by cli.main before the parser is built (help texts are translated while it is built);
    # declared here so that it is accepted anywhere and shown in every command's help
    parent.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=argparse.SUPPRESS,
        help=language_order(),
    )
    return parent


def language_order() -> str:
    """How the language is chosen, strongest first (`--help` and the README say the same)."""
    return _(
        "language of the output: {languages} (default: ${variable}, else the project's `language`, "
        "else the locale {locale}, else English)"
    ).format(languages="|".join(LANGUAGES), variable=ENV_LANG, locale="/".join(LOCALE_VARIABLES))


def add_command(
    sub: Subparsers,
    name: str,
    *,
    help: str,
    example: str,
    handler: Handler,
    common: argparse.ArgumentParser,
    description: str | None = None,
) -> argparse.ArgumentParser:
    """Declare a subcommand; every command carries an example in its help."""
    examples = "\n".join(f"  {line}" for line in example.strip().splitlines())
    parser = sub.add_parser(
        name,
        help=help,
        description=description or help,
        epilog=_("Example:") + f"\n{examples}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[common],
    )
    parser.set_defaults(handler=handler)
    return parser


def add_group(
    sub: Subparsers,
    name: str,
    *,
    help: str,
    example: str,
    common: argparse.ArgumentParser,
) -> Subparsers:
    """Declare a command family (`task add`, `task list`…) and return its subparsers.

    Several modules may add to one family (`export toml`, `export html`…): the first declaration
    creates it, later ones get the same subparsers back.
    """
    existing = sub.choices.get(name)
    if existing is not None:
        for action in existing._actions:
            if isinstance(action, argparse._SubParsersAction):
                return action
    examples = "\n".join(f"  {line}" for line in example.strip().splitlines())
    parser = sub.add_parser(
        name,
        help=help,
        description=help,
        epilog=_("Example:") + f"\n{examples}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[common],
    )
    return parser.add_subparsers(dest=f"{name}_command", metavar="COMMAND", required=True)


def export_group(sub: Subparsers, common: argparse.ArgumentParser) -> Subparsers:
    """The `export` family, which several command modules add to (toml, html, mspdi, csv…)."""
    return add_group(
        sub,
        "export",
        help=_("write the plan or reports to files"),
        example="plantrack export toml -o plan.toml\nplantrack export html -o copil.html",
        common=common,
    )
