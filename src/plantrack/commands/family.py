"""A command family (`task add`, `task list`…) ready to declare its commands: each names only what differs."""

from __future__ import annotations

import argparse
from dataclasses import dataclass

from plantrack.commands.parsers import Handler, Subparsers, add_command, add_group


@dataclass(frozen=True, slots=True)
class Family:
    """A command family's subparsers and the options every command takes, so that declaring one of
    its commands names only what differs: `family.command("list", handler, help=..., example=...)`."""

    sub: Subparsers
    common: argparse.ArgumentParser

    def command(
        self, name: str, handler: Handler, *, help: str, example: str, description: str | None = None
    ) -> argparse.ArgumentParser:
        """Declare one command of the family (see `add_command`)."""
        return add_command(
            self.sub,
            name,
            help=help,
            example=example,
            handler=handler,
            common=self.common,
            description=description,
        )


def add_family(
    sub: Subparsers,
    name: str,
    *,
    help: str,
    example: str,
    common: argparse.ArgumentParser,
) -> Family:
    """Declare a command family (see `add_group`) and return it ready to declare its commands."""
    return Family(add_group(sub, name, help=help, example=example, common=common), common)
