"""Paths the user types: read relative to the run's working folder, and a page's folder checked before any
work is done."""

from __future__ import annotations

from pathlib import Path

from plantrack.commands.base import Context
from plantrack.i18n import _
from plantrack.scheduling.errors import InvalidInput, Problem


def user_path(ctx: Context, text: str | Path) -> Path:
    """A path as typed, relative to the working folder of the run (not the process's: tests set it)."""
    path = Path(text)
    return path if path.is_absolute() else ctx.cwd / path


def page_path(ctx: Context, text: str | Path) -> Path:
    """A file a command writes (an HTML page, a report): refused, naming its folder, if that folder is
    missing, so nothing is computed for a page that cannot be written."""
    out = user_path(ctx, text)
    if not out.parent.is_dir():
        raise InvalidInput(
            [
                Problem(
                    code="output-folder-missing",
                    message=_("no folder {folder} to write into").format(folder=out.parent),
                )
            ]
        )
    return out
