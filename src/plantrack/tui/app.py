"""The plantrack terminal UI: the Gantt home screen, editing through forms, undo/redo, outside changes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import ClassVar

from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from plantrack.scheduling.errors import PlantrackError, Problem
from plantrack.scheduling.leveling.result import LevelingResult
from plantrack.tui import edits
from plantrack.tui.edits import TaskFields
from plantrack.tui.plan import build_view
from plantrack.tui.screens.deviation import DeviationScreen
from plantrack.tui.screens.forms import (
    ASSIGN_FIELDS,
    LINK_FIELDS,
    ConfirmScreen,
    FormScreen,
    task_form,
    to_task_fields,
)
from plantrack.tui.screens.help import HelpScreen
from plantrack.tui.screens.leveling import LevelingScreen, apply_leveling
from plantrack.tui.screens.resources import ResourcesScreen
from plantrack.tui.session import Session
from plantrack.tui.tracking_edits import PROGRESS_FIELDS, progress_defaults, record_progress
from plantrack.tui.view import PlanView
from plantrack.tui.widgets.gantt import GanttView

POLL_SECONDS = 1.0


class PlantrackApp(App[None]):
    """Opens one workspace; `today` is injected (tests and demos pin it)."""

    CSS_PATH = "theme.tcss"
    TITLE = "plantrack"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help"),
        Binding("slash", "search", "Find"),
        Binding("a", "add_task", "Add"),
        Binding("e", "edit_task", "Edit"),
        Binding("d", "delete_task", "Delete", show=False),
        Binding("n", "add_link", "Link", show=False),
        Binding("x", "assign", "Assign", show=False),
        Binding("p", "progress", "Progress"),
        Binding("u", "undo", "Undo"),
        Binding("D", "deviations", "Deviations"),
        Binding("R", "resources", "Resources", show=False),
        Binding("L", "level", "Level", show=False),
        Binding("U,ctrl+y", "redo", "Redo", show=False),
        Binding("T", "toggle_theme", "Theme", show=False),
    ]

    def __init__(self, workspace: Path, *, today: dt.date, poll_seconds: float = POLL_SECONDS) -> None:
        super().__init__()
        self.workspace_path = Path(workspace)
        self.today = today
        self.poll_seconds = poll_seconds
        self.session: Session | None = None
        self.view: PlanView | None = None

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield Static("", id="title")
        yield Static("", id="problems")
        yield GanttView(id="gantt")
        yield Static("", id="detail")
        yield Input(placeholder="find: name, id or WBS (enter keeps, esc clears)", id="search")
        yield Footer()

    @property
    def gantt(self) -> GanttView:
        return self.query_one(GanttView)

    def on_mount(self) -> None:
        try:
            self.session = Session(self.workspace_path, today=self.today)
        except PlantrackError as exc:
            self.show_problems(exc.problems())
            return
        self.refresh_plan()
        self.gantt.focus()
        self.set_interval(self.poll_seconds, self.poll_workspace)

    def refresh_plan(self, keep: str | None = None) -> None:
        """Re-compute the plan (CPM) from the session's state and repaint."""
        assert self.session is not None
        self.view = build_view(self.session.state, today=self.today)
        self.title = f"plantrack · {self.view.title}"
        revision = self.session.state.revision
        line = f"{self.view.title}    {self.view.summary} · rev {revision}"
        self.query_one("#title", Static).update(Content(line))
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
                    f"reloaded: the workspace changed outside (revision {self.session.state.revision})"
                )
        except PlantrackError as exc:
            self.show_problems(exc.problems())

    def on_gantt_view_selected(self, message: GanttView.Selected) -> None:
        detail = self.query_one("#detail", Static)
        row = self.view.rows.get(message.task_id) if self.view and message.task_id else None
        if row is None:
            detail.update("")
            return
        parts = [f"{row.id} · {row.name}", f"{row.start:%Y-%m-%d %H:%M} → {row.finish:%Y-%m-%d %H:%M}"]
        parts.append(f"float {row.float_text}" + (" · critical" if row.critical else ""))
        if row.driving:
            parts.append(f"driven by {row.driving}")
        if row.resources:
            parts.append(row.resources)
        if row.owner:
            parts.append(f"owner {row.owner}")
        detail.update(Content(" · ".join(parts)))

    def on_gantt_view_activated(self, message: GanttView.Activated) -> None:
        self.action_edit_task()

    # ------------------------------------------------------------------ editing

    def apply(self, label: str, edit: edits.Edit, *, keep: str | None = None) -> bool:
        """Save one edit to the workspace (fresh state, under the lock) and re-compute the plan."""
        assert self.session is not None
        try:
            self.session.apply(label, edit)
        except PlantrackError as exc:
            self.notify("\n".join(p.message for p in exc.problems()), title="Not saved", severity="error")
            return False
        self.refresh_plan(keep=keep)
        self.notify(f"saved: {label}")
        return True

    def _dry_run(self, edit: edits.Edit) -> list[Problem]:
        assert self.session is not None
        return edits.preview(self.session.state, edit)

    def action_add_task(self) -> None:
        if self.session is None:
            return
        selected = self.gantt.selected_id
        tasks = self.session.state.project.task_map()
        parent = ""
        if selected in tasks:
            task = tasks[selected]
            is_phase = self.view is not None and self.view.outline.is_summary(selected)
            parent = selected if is_phase else (task.parent or "")
        after = selected if selected and selected != parent else ""
        fields = TaskFields(id="", parent=parent, duration="1d", after=after or "")

        def done(typed: dict[str, str] | None) -> None:
            if typed is not None:
                new = to_task_fields(typed)
                self.apply(f"add task {new.id}", edits.add_task(new), keep=new.id)

        def check(typed: TaskFields) -> list[Problem]:
            return self._dry_run(edits.add_task(typed))

        self.push_screen(task_form(fields, adding=True, check=check), done)

    def action_edit_task(self) -> None:
        ident = self.gantt.selected_id
        if self.session is None or ident is None:
            return
        task = self.session.state.project.task_map().get(ident)
        if task is None:
            return
        fields = TaskFields(
            id=task.id,
            name=task.name,
            duration=_duration_text(self.session, ident),
            milestone=task.milestone,
            parent=task.parent or "",
            owner=task.owner,
            deadline=task.deadline.isoformat() if task.deadline else "",
        )

        def done(typed: dict[str, str] | None) -> None:
            if typed is not None:
                changed = to_task_fields({**typed, "id": ident})
                self.apply(f"edit task {ident}", edits.edit_task(changed), keep=ident)

        def check(typed: TaskFields) -> list[Problem]:
            return self._dry_run(edits.edit_task(replace(typed, id=ident)))

        self.push_screen(task_form(fields, adding=False, check=check), done)

    def action_delete_task(self) -> None:
        ident = self.gantt.selected_id
        if self.session is None or ident is None or self.view is None:
            return
        name = self.view.rows[ident].name

        def done(yes: bool | None) -> None:
            if yes:
                self.apply(f"delete task {ident}", edits.delete_task(ident))

        self.push_screen(ConfirmScreen(f"Delete task {ident} ({name}) with its links and assignments?"), done)

    def action_add_link(self) -> None:
        if self.session is None:
            return
        selected = self.gantt.selected_id or ""

        def make(typed: dict[str, str]) -> edits.Edit:
            return edits.add_link(
                typed["predecessor"].strip(), typed["successor"].strip(), typed["type"], typed["lag"]
            )

        def done(typed: dict[str, str] | None) -> None:
            if typed is not None:
                self.apply(f"link {typed['predecessor']} → {typed['successor']}", make(typed), keep=selected)

        values = {"predecessor": selected, "successor": "", "type": "FS", "lag": ""}
        form = FormScreen("New link", LINK_FIELDS, values, lambda typed: self._dry_run(make(typed)))
        self.push_screen(form, done)

    def action_assign(self) -> None:
        if self.session is None:
            return
        selected = self.gantt.selected_id or ""

        def make(typed: dict[str, str]) -> edits.Edit:
            return edits.assign(
                typed["task"].strip(), typed["resource"].strip(), typed["units"].strip() or "1"
            )

        def done(typed: dict[str, str] | None) -> None:
            if typed is not None:
                self.apply(f"assign {typed['resource']} to {typed['task']}", make(typed), keep=selected)

        values = {"task": selected, "resource": "", "units": "1"}
        form = FormScreen(
            "Assign a resource", ASSIGN_FIELDS, values, lambda typed: self._dry_run(make(typed))
        )
        self.push_screen(form, done)

    def action_progress(self) -> None:
        ident = self.gantt.selected_id
        if self.session is None or ident is None:
            return
        values = progress_defaults(self.session.state, ident, self.today)

        def done(typed: dict[str, str] | None) -> None:
            if typed is not None:
                self.apply(f"progress on {ident}", record_progress(ident, typed), keep=ident)

        form = FormScreen(
            f"Progress on {ident}",
            PROGRESS_FIELDS,
            values,
            lambda typed: self._dry_run(record_progress(ident, typed)),
        )
        self.push_screen(form, done)

    def action_deviations(self) -> None:
        if self.session is not None:
            self.push_screen(DeviationScreen(self.session.state))

    def action_resources(self) -> None:
        if self.session is not None:
            self.push_screen(ResourcesScreen(self.session.state.project))

    def action_level(self) -> None:
        if self.session is None:
            return

        def done(result: LevelingResult | None) -> None:
            if result is not None:
                self.apply("level resources", apply_leveling(result), keep=self.gantt.selected_id)

        self.push_screen(LevelingScreen(self.session.state.project), done)

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
            self.notify("\n".join(p.message for p in exc.problems()), severity="error")
            self.poll_workspace()
            return
        if label is None:
            self.notify(f"nothing to {'undo' if undo else 'redo'}")
            return
        self.refresh_plan()
        self.notify(f"{'undone' if undo else 'redone'}: {label}")

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
        yield from super().get_system_commands(screen)
        for title, help_text, action in (
            ("Add task", "Add a task after the selected one", self.action_add_task),
            ("Edit task", "Edit the selected task", self.action_edit_task),
            ("Delete task", "Delete the selected task", self.action_delete_task),
            ("Link tasks", "Add a dependency between two tasks", self.action_add_link),
            ("Assign resource", "Assign a resource to a task", self.action_assign),
            ("Record progress", "Record progress on the selected task", self.action_progress),
            ("Deviation report", "Baseline vs forecast, KPIs, slip by cause", self.action_deviations),
            ("Resources", "Load per resource against capacity", self.action_resources),
            ("Level resources", "Run resource leveling in the background", self.action_level),
            ("Undo", "Undo the last edit of this session", self.action_undo),
            ("Redo", "Redo the last undone edit", self.action_redo),
            ("Critical path only", "Show only critical tasks (toggle)", self.action_critical_only),
            ("Late tasks only", "Show only late tasks (toggle)", self.action_late_only),
            ("Toggle light/dark", "Switch between the light and dark themes", self.action_toggle_theme),
        ):  # fmt: skip
            yield SystemCommand(title, help_text, action)


def _duration_text(session: Session, ident: str) -> str:
    from plantrack.scheduling.duration import format_duration

    project = session.state.project
    task = project.task_map()[ident]
    if task.duration is None:  # effort-driven or estimated: left empty, kept unless a duration is typed
        return ""
    return format_duration(
        task.duration, minutes_per_day=project.minutes_per_day, minutes_per_week=project.minutes_per_week
    )
