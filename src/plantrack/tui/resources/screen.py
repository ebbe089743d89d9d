"""Resources screen: hours of work per ISO week against capacity, shutdown windows, forms to edit both."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from plantrack.i18n import N_, _, language
from plantrack.operations.form_edits import Edit, preview
from plantrack.operations.resource_form import (
    RESOURCE_FIELDS,
    WINDOW_FIELDS,
    resource_values,
    save_resource,
    save_window,
    window_values,
)
from plantrack.operations.tracking_view import (
    OVER,
    WeekState,
    busiest_week,
    resource_loads,
    week_glyph,
    week_state,
)
from plantrack.scheduling.errors import PlantrackError, Problem
from plantrack.scheduling.load import ResourceLoad
from plantrack.store import WorkspaceState
from plantrack.tui.forms.screen import FormScreen
from plantrack.tui.keys import translate_bindings
from plantrack.tui.plan.view import display_text

STYLES = {
    WeekState.IDLE: "green",
    WeekState.OK: "green",
    WeekState.BEYOND: "yellow",
    WeekState.OVER: "bold red",
}


def _number(value: float) -> str:
    """A capacity or a peak (`1`, `0.5`), with the language's decimal mark."""
    text = f"{value:g}"
    return text if language() == "en" else text.replace(".", ",")


def load_strip(load: ResourceLoad) -> Text:
    """One glyph per ISO week (see `week_glyph`): over-allocated in the error colour, overtime in yellow."""
    text = Text()
    for week in load.weeks:
        text.append(week_glyph(week), style=STYLES[week_state(week)])
    return text


class ResourcesScreen(Screen[None]):
    """Loads on top, shutdown windows below; a adds and e (or enter) edits in the focused table."""

    DEFAULT_CSS = """
    ResourcesScreen #heading { height: auto; padding: 0 1; background: $panel; text-style: bold; }
    ResourcesScreen #loads { height: 2fr; }
    ResourcesScreen #windows-title { height: 1; padding: 0 1; background: $panel; text-style: bold; }
    ResourcesScreen #windows { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,R", "app.pop_screen", N_("Back")),
        Binding("a", "add", N_("Add")),
        Binding("e", "edit", N_("Edit")),
    ]

    def __init__(self, state: Callable[[], WorkspaceState], apply: Callable[[str, Edit], bool]) -> None:
        super().__init__()
        translate_bindings(self)
        self.state = state
        self.apply = apply

    def compose(self) -> ComposeResult:
        yield Static("", id="heading")
        yield DataTable(id="loads", cursor_type="row")
        yield Static(_("Shutdown windows (tab to reach them)"), id="windows-title")
        yield DataTable(id="windows", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        loads = self.query_one("#loads", DataTable)
        for key, label in (
            ("res", N_("Resource")),
            ("cap", N_("Cap")),
            ("peak", N_("Peak")),
            ("load", N_("Load by week")),
            ("worst", N_("Busiest week")),
            ("tasks", N_("Assigned to")),
        ):
            loads.add_column(_(label), key=key)
        windows = self.query_one("#windows", DataTable)
        for key, label in (("id", N_("Window")), ("name", N_("Name")), ("periods", N_("Periods"))):
            windows.add_column(_(label), key=key)
        self.reload()
        loads.focus()

    def reload(self) -> None:
        heading = self.query_one("#heading", Static)
        table = self.query_one("#loads", DataTable)
        table.clear()
        project = self.state().project
        windows = self.query_one("#windows", DataTable)
        windows.clear()
        for window in project.windows:
            values = window_values(window)
            windows.add_row(
                *(Text(display_text(values[k])) for k in ("id", "name", "periods")), key=window.id
            )
        try:
            loads = resource_loads(project)
        except PlantrackError as exc:
            heading.update(Content("\n".join(p.message for p in exc.problems())))
            return
        first = next((ld.weeks[0].start for ld in loads if ld.weeks), None)
        since = _(" from {week}").format(week=first.strftime(_("%G-W%V"))) if first else ""
        heading.update(
            Content(
                _(
                    "Hours of work per ISO week against capacity{since}, as planned · "
                    "{over} overbooked · yellow: beyond its calendar"
                ).format(since=since, over=OVER)
            )
        )
        for load in loads:
            over = load.overallocated
            peak_style = "bold red" if over else ""
            table.add_row(
                Text(display_text(load.name or load.id)),
                Text(_number(load.capacity)),
                Text(_number(load.peak_units) + (f" {OVER}" if over else ""), style=peak_style),
                load_strip(load),
                Text(busiest_week(load)),
                Text(", ".join(load.tasks)),
                key=load.id,
            )

    def _selected(self, table: DataTable[object]) -> str | None:
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return str(key) if key is not None else None

    def _windows_focused(self) -> bool:
        return self.query_one("#windows", DataTable).has_focus

    def _open(
        self,
        title: str,
        fields: tuple[tuple[str, str, str], ...],
        values: dict[str, str],
        make: Callable[[dict[str, str]], Edit],
        locked: tuple[str, ...],
    ) -> None:
        def check(typed: dict[str, str]) -> list[Problem]:
            return preview(self.state(), make(typed))

        def done(typed: dict[str, str] | None) -> None:
            if typed is not None and self.apply(title.lower(), make(typed)):
                self.reload()

        self.app.push_screen(FormScreen(title, fields, values, check, locked=locked), done)

    def action_add(self) -> None:
        if self._windows_focused():
            self._open(_("New window"), WINDOW_FIELDS, {}, lambda t: save_window(t), ())
        else:
            self._open(
                _("New resource"),
                RESOURCE_FIELDS,
                {"kind": "person", "capacity": "1"},
                lambda t: save_resource(t),
                (),
            )

    def action_edit(self) -> None:
        project = self.state().project
        if self._windows_focused():
            ident = self._selected(self.query_one("#windows", DataTable))
            window = project.window_map().get(ident or "")
            if window is not None:
                self._open(
                    _("Edit window {id}").format(id=window.id),
                    WINDOW_FIELDS,
                    window_values(window),
                    lambda t: save_window(t, window.id),
                    ("id",),
                )
            return
        ident = self._selected(self.query_one("#loads", DataTable))
        resource = project.resource_map().get(ident or "")
        if resource is not None:
            self._open(
                _("Edit resource {id}").format(id=resource.id),
                RESOURCE_FIELDS,
                resource_values(resource),
                lambda t: save_resource(t, resource.id),
                ("id",),
            )

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()
