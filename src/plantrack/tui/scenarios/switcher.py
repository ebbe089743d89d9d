"""The scenario switcher: every plan of the workspace (the current plan and each scenario) with its note
and forecast finish; switch the app to one, make a new scenario from one, open the comparison.

Names and notes are user text: each cell is a `rich.text.Text`, never parsed as markup.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static
from textual.worker import Worker, WorkerState

from plantrack.i18n import N_, _, pgettext
from plantrack.operations.scenario_edits import author_on, user_name
from plantrack.operations.scenarios.switch import NEW_FIELDS, check_new, forecast_finish
from plantrack.operations.session import Session
from plantrack.scheduling.errors import PlantrackError
from plantrack.store import WorkspaceState
from plantrack.tui.forms.screen import FormScreen
from plantrack.tui.keys import key_words, translate_bindings
from plantrack.tui.scenarios.compare import ComparisonScreen
from plantrack.tui.scenarios.plans import PlanLine, plan_label, plan_lines, plan_name, shortened

#: The finish column's cell until its plan is computed.
PENDING = "…"
#: Widths of the plan and note columns (the finish takes what it needs).
NAME_WIDTH = 34
NOTE_WIDTH = 40


class ScenarioSwitcher(ModalScreen[bool]):
    """Dismissed with True when the app now edits another plan (switched or made a new scenario)."""

    DEFAULT_CSS = """
    ScenarioSwitcher { align: center middle; }
    ScenarioSwitcher > Vertical { width: 116; max-width: 100%; height: auto; max-height: 100%;
                                  border: thick $accent; background: $surface; padding: 0 1; }
    ScenarioSwitcher .switcher-title { text-style: bold; height: 1; }
    ScenarioSwitcher #editing { height: 1; color: $text-muted; }
    ScenarioSwitcher DataTable { height: auto; max-height: 20; margin: 1 0; }
    ScenarioSwitcher #keys { height: auto; color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", N_("Close")),
        Binding("n", "new", N_("New scenario")),
        Binding("c", "compare", N_("Compare")),
    ]

    def __init__(self, session: Session, *, today: dt.date) -> None:
        super().__init__()
        translate_bindings(self)
        self.session = session
        self.today = today
        self.state: WorkspaceState = session.store.read()  # every plan, fresh: outside changes too
        self.lines: list[PlanLine] = plan_lines(self.state)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Plans of this workspace"), classes="switcher-title")
            yield Static(
                Content(_("now editing: {plan}").format(plan=plan_label(self.session.scenario))), id="editing"
            )
            yield DataTable(id="plans", cursor_type="row", zebra_stripes=True)
            keys = _("{enter} edit the selected plan · {n} new scenario from it · {c} compare · {esc} close")
            yield Static(
                Content(keys.format(enter=key_words("enter"), n="n", c="c", esc=key_words("esc"))), id="keys"
            )

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        widest = max(len(line.name) for line in self.lines) + 2
        table.add_column(pgettext("scenario column", "Plan"), key="plan", width=min(NAME_WIDTH, widest))
        table.add_column(_("Forecast finish"), key="finish")  # before the note: it matters more
        table.add_column(_("Note"), key="note", width=NOTE_WIDTH)
        for index, line in enumerate(self.lines):
            mark = "▶ " if line.scenario == self.session.scenario else "  "
            name = Text(mark + shortened(line.name, NAME_WIDTH - 2))
            table.add_row(name, Text(PENDING), Text(shortened(line.note, NOTE_WIDTH)), key=str(index))
        current = next(i for i, line in enumerate(self.lines) if line.scenario == self.session.scenario)
        table.move_cursor(row=current)
        table.focus()
        # a big plan takes a moment to compute: the list is usable at once, the finishes follow
        self.run_worker(self._finishes, thread=True, exclusive=True, name="finishes", exit_on_error=False)

    def _finishes(self) -> list[str]:
        return [forecast_finish(self.state, line.scenario) for line in self.lines]

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.name != "finishes" or event.state is not WorkerState.SUCCESS:
            return
        table = self.query_one(DataTable)
        for index, finish in enumerate(event.worker.result or []):
            table.update_cell(str(index), "finish", Text(finish), update_width=True)

    def _selected(self) -> PlanLine:
        return self.lines[self.query_one(DataTable).cursor_row]

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self._switch(self._selected().scenario)

    def _switch(self, scenario: str | None) -> None:
        if scenario == self.session.scenario:
            self.dismiss(False)
            return
        try:
            self.session.switch(scenario)
        except PlantrackError as exc:
            self._error(exc)
            return
        self.app.notify(_("now editing: {plan}").format(plan=plan_label(scenario)), markup=False)
        self.dismiss(True)

    def _error(self, exc: PlantrackError) -> None:
        message = "\n".join(p.message for p in exc.problems())
        self.app.notify(message, title=_("Not done"), severity="error", markup=False)

    def action_new(self) -> None:
        source = self._selected()
        taken = set(self.state.scenarios.names())

        def done(typed: dict[str, str] | None) -> None:
            if typed is None:
                return
            try:
                made = self.session.new_scenario(
                    typed["name"],
                    source="current" if source.scenario is None else source.scenario,
                    note=typed["note"],
                    author=author_on(user_name(os.environ), self.today, dt.datetime.now()),
                )
            except PlantrackError as exc:
                self._error(exc)
                return
            created = _("scenario {name} made from {source}; now editing it")
            self.app.notify(
                created.format(name=repr(made.name), source=plan_name(source.scenario)), markup=False
            )
            self.dismiss(True)

        title = _("New scenario from {plan}").format(plan=plan_name(source.scenario))
        self.app.push_screen(FormScreen(title, NEW_FIELDS, {}, lambda typed: check_new(typed, taken)), done)

    def action_compare(self) -> None:
        self.app.push_screen(ComparisonScreen(self.state))

    def action_close(self) -> None:
        self.dismiss(False)
