"""The notes an edit was saved with (an assumed start, ...), shown as the command line prints them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.app import App
from textual.widget import Widget

from plantrack.i18n import _
from plantrack.scheduling.errors import Problem


def notify_saved_with_notes(node: Widget | App[Any], notes: Sequence[Problem]) -> None:
    """A warning toast listing the edit's notes: saved, but worth a look (nothing when there are none)."""
    if notes:
        text = "\n".join(p.message for p in notes)  # user text inside: never markup
        node.notify(text, title=_("Saved with notes"), severity="warning", markup=False)
