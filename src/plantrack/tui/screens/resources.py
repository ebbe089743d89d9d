"""Resources screen: each resource's peak load per week against its capacity, and what it is assigned to."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from plantrack.scheduling.errors import PlantrackError
from plantrack.scheduling.model import Project
from plantrack.tui.tracking_view import ResourceLoad, resource_loads
from plantrack.tui.view import display_text

BARS = " ▁▂▃▄▅▆▇█"
OVER = "▲"


def load_strip(load: ResourceLoad) -> Text:
    """One glyph per week: height = peak units / capacity; over capacity is ▲ in the error colour."""
    text = Text()
    for _, units in load.periods:
        if units > load.capacity + 1e-9:
            text.append(OVER, style="bold red")
        else:
            text.append(BARS[round(8 * units / load.capacity)] if units else "·", style="green")
    return text


class ResourcesScreen(Screen[None]):
    DEFAULT_CSS = """
    ResourcesScreen #heading { height: auto; padding: 0 1; background: $panel; text-style: bold; }
    ResourcesScreen DataTable { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,R", "app.pop_screen", "Back")]

    def __init__(self, project: Project) -> None:
        super().__init__()
        self.project = project

    def compose(self) -> ComposeResult:
        yield Static("", id="heading")
        yield DataTable(id="loads", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        heading = self.query_one("#heading", Static)
        table = self.query_one(DataTable)
        try:
            loads = resource_loads(self.project)
        except PlantrackError as exc:
            heading.update(Content("\n".join(p.message for p in exc.problems())))
            return
        first = min((p[0][0] for p in (ld.periods for ld in loads) if p), default=None)
        since = f" from the week of {first:%Y-%m-%d}" if first else ""
        heading.update(
            Content(f"Peak units per week against capacity{since} (unleveled plan) · {OVER} = over capacity")
        )
        for key, label in (("res", "Resource"), ("cap", "Cap"), ("peak", "Peak"), ("load", "Load by week"),
                           ("tasks", "Assigned to")):  # fmt: skip
            table.add_column(label, key=key)
        for load in loads:
            peak = max((units for _, units in load.periods), default=0.0)
            table.add_row(
                Text(display_text(load.name or load.id)),
                Text(f"{load.capacity:g}"),
                Text(
                    f"{peak:g}" + (f" {OVER}" if load.overloaded else ""),
                    style="bold red" if load.overloaded else "",
                ),
                load_strip(load),
                Text(", ".join(load.tasks)),
                key=load.id,
            )
        table.focus()
