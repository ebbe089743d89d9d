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

KEYS: tuple[tuple[str, str, str], ...] = (
    ("Move", "↑ ↓  PgUp PgDn  Home End", "select a task (mouse: click; double click edits)"),
    ("Move", "← →  shift+← →", "scroll the timeline"),
    ("Move", "+ -", "zoom in / out: day, week, month, quarter"),
    ("Move", "t  s  g", "jump to today / the status date / the selected bar"),
    ("Move", "f", "follow the selected task's driving predecessor"),
    ("View", "space", "fold / unfold a phase"),
    ("View", "c  l", "critical tasks only / late tasks only"),
    ("View", "/", "search by name, id or WBS (esc clears)"),
    ("View", "b  B  v", "baseline in the bars / next baseline / compact label columns"),
    ("View", "T", "light / dark theme"),
    ("Edit", "a  e  enter  d", "add / edit / edit / delete a task"),
    ("Edit", "n  x", "link two tasks / assign a resource"),
    ("Edit", "p", "record progress on the selected task"),
    ("Edit", "u  U", "undo / redo (this session's edits)"),
    ("Form", "tab  ctrl+s  esc", "next field / save / cancel; predecessors: a, b SS+2d, c FF-1h"),
    ("Plan", "L", "level resources (runs in the background, esc cancels)"),
    ("Screens", "D  R  r", "deviation report / resources and windows (a add, e edit) / review meeting"),
    ("Review", "tab  p a d  w  s", "next section / progress, action, gate decision / minutes / status date"),
    ("Export", "E  M", "HTML report / review minutes, written next to the workspace"),
    ("Screens", "ctrl+p", "command palette: every action by name"),
    ("", "?  q", "this help / quit"),
)


def key_table() -> Table:
    table = Table(box=None, padding=(0, 2), show_header=True, header_style="bold")
    table.add_column("")
    table.add_column("Keys")
    table.add_column("Does")
    for group, keys, does in KEYS:
        table.add_row(Text(group, style="dim"), Text(keys, style="bold"), Text(does))
    return table


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 90; max-width: 100%; height: auto; max-height: 90%;
                                  border: thick $accent; background: $surface; padding: 1 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,question_mark", "app.pop_screen", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Text("plantrack — keys", style="bold"))
            yield Static(key_table())

    def on_mount(self) -> None:
        # the box scrolls (↑ ↓ PgUp PgDn) when the terminal is too small to show every key at once
        self.query_one(VerticalScroll).focus()
