"""Editing through forms: tasks, links, assignments and progress, each saved through the session."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

from textual.app import App

from plantrack.i18n import _
from plantrack.operations import form_edits as edits
from plantrack.operations import task_specs
from plantrack.operations.form_edits import TaskFields
from plantrack.operations.plan_forms import ASSIGN_FIELDS, LINK_FIELDS, to_task_fields
from plantrack.operations.progress_form import PROGRESS_FIELDS, progress_defaults, progress_edit
from plantrack.operations.session import Session
from plantrack.scheduling.errors import PlantrackError, Problem
from plantrack.tui.forms.notes import notify_saved_with_notes
from plantrack.tui.forms.screen import ConfirmScreen, FormScreen, task_form
from plantrack.tui.plan.gantt import GanttView
from plantrack.tui.plan.view import PlanView


class EditingApp(App[None]):
    """The app's form actions; `PlantrackApp` adds the screens, the view and the workspace polling."""

    session: Session | None = None
    view: PlanView | None = None
    today: dt.date

    @property
    def gantt(self) -> GanttView:
        return self.query_one(GanttView)

    def refresh_plan(self, keep: str | None = None) -> None:
        raise NotImplementedError

    def apply(self, label: str, edit: edits.Edit, *, keep: str | None = None) -> bool:
        """Save one edit to the workspace (fresh state, under the lock) and re-compute the plan."""
        assert self.session is not None
        try:
            self.session.apply(label, edit)
        except PlantrackError as exc:
            self.notify(
                "\n".join(p.message for p in exc.problems()),
                title=_("Not saved"),
                severity="error",
                markup=False,
            )
            return False
        self.refresh_plan(keep=keep)
        self.notify(_("saved: {label}").format(label=label), markup=False)
        return True

    def _dry_run(self, edit: edits.Edit) -> list[Problem]:
        assert self.session is not None
        return edits.preview(self.session.state, edit)

    def _task_check(
        self, make: Callable[[TaskFields], edits.Edit], ident: str
    ) -> Callable[[TaskFields], list[Problem]]:
        """The task form's dry run: the plan check's problems about this task go beside their field."""

        def check(typed: TaskFields) -> list[Problem]:
            return task_specs.locate(self._dry_run(make(typed)), ident or typed.id)

        return check

    def _choices(self) -> dict[str, list[str]]:
        assert self.session is not None
        project = self.session.state.project
        return {"calendar": task_specs.calendar_ids(project), "window": task_specs.window_ids(project)}

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
                self.apply(_("add task {id}").format(id=new.id), edits.add_task(new), keep=new.id)

        check = self._task_check(edits.add_task, "")
        self.push_screen(task_form(fields, adding=True, check=check, choices=self._choices()), done)

    def action_edit_task(self) -> None:
        ident = self.gantt.selected_id
        if self.session is None or ident is None:
            return
        if ident not in self.session.state.project.task_map():
            return
        fields = edits.task_fields(self.session.state.project, ident)

        def make(typed: TaskFields) -> edits.Edit:
            return edits.edit_task(replace(typed, id=ident))

        def done(typed: dict[str, str] | None) -> None:
            if typed is not None:
                self.apply(_("edit task {id}").format(id=ident), make(to_task_fields(typed)), keep=ident)

        check = self._task_check(make, ident)
        self.push_screen(task_form(fields, adding=False, check=check, choices=self._choices()), done)

    def action_delete_task(self) -> None:
        ident = self.gantt.selected_id
        if self.session is None or ident is None or self.view is None:
            return
        name = self.view.rows[ident].name

        def done(yes: bool | None) -> None:
            if yes:
                self.apply(_("delete task {id}").format(id=ident), edits.delete_task(ident))

        question = _("Delete task {id} ({name}) with its links and assignments?")
        self.push_screen(ConfirmScreen(question.format(id=ident, name=name)), done)

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
                link = _("link {predecessor} → {successor}").format(
                    predecessor=typed["predecessor"], successor=typed["successor"]
                )
                self.apply(link, make(typed), keep=selected)

        values = {"predecessor": selected, "successor": "", "type": "FS", "lag": ""}
        form = FormScreen(_("New link"), LINK_FIELDS, values, lambda typed: self._dry_run(make(typed)))
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
                assign = _("assign {resource} to {task}").format(
                    resource=typed["resource"], task=typed["task"]
                )
                self.apply(assign, make(typed), keep=selected)

        values = {"task": selected, "resource": "", "units": "1"}
        form = FormScreen(
            _("Assign a resource"), ASSIGN_FIELDS, values, lambda typed: self._dry_run(make(typed))
        )
        self.push_screen(form, done)

    def action_progress(self) -> None:
        ident = self.gantt.selected_id
        if self.session is None or ident is None:
            return
        values = progress_defaults(self.session.state, ident, self.today)

        def done(typed: dict[str, str] | None) -> None:
            if typed is None:
                return
            edit = progress_edit(ident, typed)
            if self.apply(_("progress on {task}").format(task=ident), edit, keep=ident):
                notify_saved_with_notes(self, edit.warnings)

        form = FormScreen(
            _("Progress on {task}").format(task=ident),
            PROGRESS_FIELDS,
            values,
            lambda typed: self._dry_run(progress_edit(ident, typed)),
        )
        self.push_screen(form, done)
