"""The plantrack terminal UI: the Gantt home screen, editing through forms, undo/redo, outside changes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, ClassVar

from textual import events
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from plantrack.export.workspace_files import write_minutes, write_report
from plantrack.i18n import N_, _
from plantrack.i18n.formats import format_moment
from plantrack.operations import form_edits as edits
from plantrack.operations.leveling import apply_leveling
from plantrack.operations.session import Session
from plantrack.operations.tracking_view import baseline_names
from plantrack.scheduling.errors import PlantrackError, Problem
from plantrack.scheduling.leveling.result import LevelingResult
from plantrack.store import WorkspaceState
from plantrack.tui.app_forms import EditingApp
from plantrack.tui.help import HelpScreen
from plantrack.tui.keys import fit_footer, translate_bindings
from plantrack.tui.palette import palette_commands
from plantrack.tui.plan.build import build_view
from plantrack.tui.plan.gantt import GanttView
from plantrack.tui.resources.leveling import LevelingScreen
from plantrack.tui.resources.screen import ResourcesScreen
from plantrack.tui.scenarios.plans import plan_label
from plantrack.tui.scenarios.switcher import ScenarioSwitcher
from plantrack.tui.tracking.deviation import DeviationScreen
from plantrack.tui.tracking.review import ReviewScreen

POLL_SECONDS = 1.0
#: Actions on the Gantt's selection or its search box: off (and out of the footer) on any other screen.
GANTT_ACTIONS = frozenset(
    {"add_task", "edit_task", "delete_task", "add_link", "assign", "progress", "undo", "redo", "search"}
)


class PlantrackApp(EditingApp):
    """Opens one workspace; `today` is injected (tests and demos pin it)."""

    CSS_PATH = "theme.tcss"
    TITLE = "plantrack"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", N_("Quit")),
        Binding("question_mark", "help", N_("Help")),
        Binding("slash", "search", N_("Find")),
        Binding("a", "add_task", N_("Add")),
        Binding("e", "edit_task", N_("Edit")),
        Binding("d", "delete_task", N_("Delete"), show=False),
        Binding("n", "add_link", N_("Link"), show=False),
        Binding("x", "assign", N_("Assign"), show=False),
        Binding("p", "progress", N_("Progress")),
        Binding("u", "undo", N_("Undo")),
        Binding("D", "deviations", N_("Deviations")),
        Binding("r", "review", N_("Review")),
        Binding("R", "resources", N_("Resources"), show=False),
        Binding("B", "next_baseline", N_("Baseline"), show=False),
        Binding("E", "export_report", N_("Export"), show=False),
        Binding("M", "export_minutes", N_("Minutes"), show=False),
        Binding("L", "level", N_("Level"), show=False),
        Binding("U,ctrl+y", "redo", N_("Redo"), show=False),
        Binding("T", "toggle_theme", N_("Theme"), show=False),
        Binding("S", "scenarios", N_("Scenarios"), show=False),
    ]

    def __init__(
        self,
        workspace: Path,
        *,
        today: dt.date,
        poll_seconds: float = POLL_SECONDS,
        scenario: str | None = None,
        store: Any = None,
    ) -> None:
        """`workspace`: the workspace file (exports go beside it); with `store`, a project on a team
        server already opened, and `workspace` names where its exports go."""
        super().__init__()
        self.store = store
        self.scenario = scenario  # the plan to open: a scenario's name, None for the current plan
        translate_bindings(self)
        self.workspace_path = Path(workspace)
        self.today = today
        self.poll_seconds = poll_seconds
        self.session: Session | None = None
        self.view = None
        self.baseline: str | None = None  # None: the latest saved one

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys that act on the selected task or the Gantt's history work only on the Gantt screen."""
        return action not in GANTT_ACTIONS or self.screen is self.screen_stack[0]

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield Static("", id="title")
        yield Static("", id="problems")
        yield GanttView(id="gantt")
        yield Static("", id="detail")
        yield Input(placeholder=_("find: name, id or WBS (enter keeps, esc clears)"), id="search")
        yield Footer()

    def on_mount(self) -> None:
        # every screen's footer keeps the keys that fit whole, the most useful first (tui/keys.py)
        self.screen_change_signal.subscribe(self, self.fit_footer)
        self.fit_footer()
        try:
            self.session = Session(
                self.workspace_path, today=self.today, scenario=self.scenario, store=self.store
            )
        except PlantrackError as exc:
            self.show_problems(exc.problems())
            return
        self.refresh_plan()
        self.gantt.focus()
        self.set_interval(self.poll_seconds, self.poll_workspace)

    def on_unmount(self) -> None:
        if self.session is not None:
            self.session.close()  # stops the server watch's worker thread

    def fit_footer(self, _screen: object = None) -> None:
        """Fit the current screen's footer to the terminal once the screen has its new layout."""
        self.call_after_refresh(lambda: fit_footer(self.screen, self.size.width))

    def on_resize(self, _event: events.Resize) -> None:
        self.fit_footer()

    def on_descendant_focus(self, _event: events.DescendantFocus) -> None:
        self.fit_footer()  # the focused widget's keys join or leave the footer

    def refresh_plan(self, keep: str | None = None) -> None:
        """Re-compute the plan (CPM) from the session's state and repaint."""
        assert self.session is not None
        names = baseline_names(self.session.state)
        if self.baseline not in names:  # removed meanwhile: back to the latest
            self.baseline = None
        self.view = build_view(self.session.state, today=self.today, baseline_name=self.baseline)
        self.title = f"plantrack · {self.view.title}"
        revision = self.session.state.revision
        # the dates first: on a narrow terminal the project's name, which the window title also shows,
        # is what gets cut, not the status date and the finish
        line = _("{summary} · rev {revision} · {title}").format(
            title=self.view.title, summary=self.view.summary, revision=revision
        )
        plan = plan_label(self.session.scenario)  # which plan the edits go to, in view at all times
        self.sub_title = plan
        self.query_one("#title", Static).update(Content(f"{plan} · {line}"))
        self.show_problems(list(self.view.problems) + self.session.warnings)
        self.gantt.set_plan(self.view, keep=keep)

    def show_problems(self, problems: list[Problem]) -> None:
        box = self.query_one("#problems", Static)
        box.update(Content("\n".join(p.render() for p in problems)))
        box.set_class(bool(problems), "shown")

    def poll_workspace(self) -> None:
        """Pick up a change made by the CLI (or another window) since we last read or wrote."""
        if self.session is None:
            return
        try:
            if self.session.reload():
                self.refresh_plan()
                self.notify(
                    _("reloaded: the workspace changed outside (revision {revision})").format(
                        revision=self.session.state.revision
                    )
                )
        except PlantrackError as exc:
            self.show_problems(exc.problems())

    def on_gantt_view_selected(self, message: GanttView.Selected) -> None:
        detail = self.query_one("#detail", Static)
        row = self.view.rows.get(message.task_id) if self.view and message.task_id else None
        if row is None:
            detail.update("", layout=False)
            return
        parts = [f"{row.id} · {row.name}", f"{format_moment(row.start)} → {format_moment(row.finish)}"]
        floating = _("float {float}").format(float=row.float_text)
        parts.append(floating + (_(" · critical") if row.critical else ""))
        if row.driving:
            parts.append(_("driven by {task}").format(task=row.driving))
        if row.resources:
            parts.append(row.resources)
        if row.owner:
            parts.append(_("owner {name}").format(name=row.owner))
        detail.update(Content(" · ".join(parts)), layout=False)  # one fixed line: no re-layout per key

    def on_gantt_view_activated(self, message: GanttView.Activated) -> None:
        self.action_edit_task()

    def action_deviations(self) -> None:
        if self.session is not None:
            self.push_screen(DeviationScreen(self.session.state))

    def _state(self) -> WorkspaceState:
        assert self.session is not None
        return self.session.state

    def _apply_from_screen(self, label: str, edit: edits.Edit) -> bool:
        return self.apply(label, edit, keep=self.gantt.selected_id)

    def action_resources(self) -> None:
        if self.session is not None:
            self.push_screen(ResourcesScreen(self._state, self._apply_from_screen))

    def action_review(self) -> None:
        if self.session is not None:
            screen = ReviewScreen(
                self._state, self._apply_from_screen, today=self.today, workspace=self.workspace_path
            )
            self.push_screen(screen)

    def action_next_baseline(self) -> None:
        """Compare the Gantt with the next saved baseline (as the deviation report's b does)."""
        if self.session is None:
            return
        names = baseline_names(self.session.state)
        if len(names) < 2:
            self.notify(_("only one baseline saved") if names else _("no baseline saved"), markup=False)
            return
        current = self.baseline if self.baseline in names else names[-1]
        self.baseline = names[(names.index(current) + 1) % len(names)]
        self.refresh_plan()
        self.notify(_("baseline {name}").format(name=self.baseline), markup=False)

    def action_export_report(self) -> None:
        scenario = self.session.scenario if self.session is not None else None
        self._export(
            lambda state: [write_report(state, self.workspace_path, today=self.today, scenario=scenario)],
            _("report"),
        )

    def action_export_minutes(self) -> None:
        self._export(
            lambda state: list(
                write_minutes(
                    state,
                    self.workspace_path,
                    today=self.today,
                    baseline=self.baseline,
                    scenario=self.session.scenario if self.session is not None else None,
                )
            ),
            _("minutes"),
        )

    def _export(self, write: Callable[[WorkspaceState], list[Path]], what: str) -> None:
        if self.session is None:
            return
        try:
            paths = write(self.session.state)
        except PlantrackError as exc:
            message = "\n".join(p.message for p in exc.problems())
            self.notify(message, title=_("Not written"), severity="error", markup=False)
            return
        written = ", ".join(str(p) for p in paths)
        self.notify(
            _("{what} written: {paths}").format(what=what, paths=written), title=_("Export"), markup=False
        )

    def action_level(self) -> None:
        if self.session is None:
            return

        def done(result: LevelingResult | None) -> None:
            if result is not None:
                self.apply(_("level resources"), apply_leveling(result), keep=self.gantt.selected_id)

        self.push_screen(LevelingScreen(self.session.state), done)

    def action_scenarios(self) -> None:
        """The scenario switcher: edit another plan, make a scenario, compare them."""
        if self.session is None or self.screen is not self.screen_stack[0]:
            return

        def done(switched: bool | None) -> None:
            if switched:
                self.refresh_plan()

        self.push_screen(ScenarioSwitcher(self.session, today=self.today), done)

    def action_undo(self) -> None:
        self._history(undo=True)

    def action_redo(self) -> None:
        self._history(undo=False)

    def _history(self, *, undo: bool) -> None:
        if self.session is None:
            return
        try:
            label = self.session.undo() if undo else self.session.redo()
        except PlantrackError as exc:
            self.notify("\n".join(p.message for p in exc.problems()), severity="error", markup=False)
            self.poll_workspace()
            return
        if label is None:
            self.notify(_("nothing to undo") if undo else _("nothing to redo"))
            return
        self.refresh_plan()
        done = _("undone: {label}") if undo else _("redone: {label}")
        self.notify(done.format(label=label), markup=False)

    # ------------------------------------------------------------------ view

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    def action_search(self) -> None:
        search = self.query_one("#search", Input)
        search.add_class("shown")
        search.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "search":
            self.gantt.set_text_filter(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "search":
            self.gantt.focus()

    def on_key(self, event: object) -> None:
        search = self.query_one("#search", Input)
        if getattr(event, "key", None) == "escape" and search.has_focus:
            search.value = ""
            search.remove_class("shown")
            self.gantt.set_text_filter("")
            self.gantt.focus()

    def action_critical_only(self) -> None:
        self.gantt.action_toggle_filter("critical")

    def action_late_only(self) -> None:
        self.gantt.action_toggle_filter("late")

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        return palette_commands(self, super().get_system_commands(screen))
