"""The help screen: every key of the Gantt and the app, in one table that scrolls on small terminals."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from plantrack.i18n import N_, _, pgettext
from plantrack.tui.keys import key_words, translate_bindings

KEYS: tuple[tuple[str, str, str], ...] = (
    (N_("Move"), "↑ ↓  PgUp PgDn  Home End", N_("select a task (mouse: click; double click edits)")),
    (N_("Move"), "← →  shift+← →", N_("scroll the timeline")),
    (N_("Move"), "+ -", N_("zoom in / out: day, week, month, quarter")),
    (N_("Move"), "t  s  g", N_("jump to today / the status date / the selected bar")),
    (N_("Move"), "f", N_("follow the selected task's driving predecessor")),
    (N_("View"), "space", N_("fold / unfold a phase")),
    (N_("View"), "c  l", N_("critical tasks only / late tasks only")),
    (N_("View"), "/", N_("search by name, id or WBS (esc clears)")),
    (N_("View"), "b  B  v", N_("baseline in the bars / next baseline / compact label columns")),
    (N_("View"), "T", N_("light / dark theme")),
    (N_("Edit"), "a  e  enter  d", N_("add / edit / edit / delete a task")),
    (N_("Edit"), "n  x", N_("link two tasks / assign a resource")),
    (N_("Edit"), "p", N_("record progress on the selected task")),
    (N_("Edit"), "u  U", N_("undo / redo (this session's edits)")),
    (N_("Form"), "tab  ctrl+s  esc", N_("next field / save / cancel; predecessors: a, b SS+2d, c FF-1h")),
    (N_("Plan"), "L", N_("level resources (runs in the background, esc cancels)")),
    (
        N_("Screens"),
        "D  R  r",
        N_("deviation report / resources and windows (a add, e edit) / review meeting"),
    ),
    (
        N_("Review"),
        "tab  p a d  w  s",
        N_("next section / progress, action, gate decision / minutes / status date"),
    ),
    (N_("Export"), "E  M", N_("HTML report / review minutes, written next to the workspace")),
    (N_("Screens"), "ctrl+p", N_("command palette: every action by name")),
    ("", "?  q", N_("this help / quit")),
)


def group_title(group: str) -> str:
    """A group of keys in the current language ("Plan" is the noun: the whole plan's actions)."""
    if not group:
        return ""
    return pgettext("help group", "Plan") if group == "Plan" else _(group)


def key_table() -> Table:
    table = Table(box=None, padding=(0, 2), show_header=True, header_style="bold")
    table.add_column("")
    table.add_column(_("Keys"))
    table.add_column(_("Does"))
    for group, keys, does in KEYS:
        table.add_row(
            Text(group_title(group), style="dim"), Text(key_words(keys), style="bold"), Text(_(does))
        )
    return table


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 90; max-width: 100%; height: auto; max-height: 90%;
                                  border: thick $accent; background: $surface; padding: 1 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,question_mark", "app.pop_screen", N_("Close"))]

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Text(_("plantrack — keys"), style="bold"))
            yield Static(key_table())

    def on_mount(self) -> None:
        # the box scrolls (↑ ↓ PgUp PgDn) when the terminal is too small to show every key at once
        self.query_one(VerticalScroll).focus()
