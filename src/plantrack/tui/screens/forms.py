"""Modal forms for tasks, links and assignments, with inline errors from the same checks as the CLI.

A form never saves: it returns what was typed once `check` (a dry run on the current plan) reports no
error; the app then applies the edit to the fresh workspace state. Every text shown that may hold user
data goes through `Content` (never parsed as markup).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Static

from plantrack.scheduling.errors import Problem, Severity
from plantrack.tui.edits import TaskFields

#: (field, label, placeholder) of the task form
TASK_FIELDS = (
    ("id", "Id", "install (no spaces)"),
    ("name", "Name", "Install station"),
    ("duration", "Duration", "3d, 4h, 2w or elapsed 5ed"),
    ("parent", "Phase", "id of the phase it belongs to"),
    ("owner", "Owner", "who is responsible"),
    ("deadline", "Deadline", "2027-05-20"),
    ("after", "After", "predecessors, comma-separated (finish-to-start)"),
)


class FormScreen(ModalScreen[dict[str, str] | None]):
    """A titled column of labelled inputs with an error line under each, Save and Cancel."""

    DEFAULT_CSS = """
    FormScreen { align: center middle; }
    FormScreen > Vertical { width: 76; height: auto; max-height: 90%; border: thick $accent;
                            background: $surface; padding: 0 1; }
    FormScreen .form-title { text-style: bold; padding: 0 0 1 0; }
    FormScreen .field { height: auto; }
    FormScreen .field Label { width: 12; padding: 1 1 0 0; }
    FormScreen .field Input { width: 1fr; }
    FormScreen .error { color: $error; padding-left: 12; height: auto; }
    FormScreen .error:disabled { display: none; }
    FormScreen #general { color: $error; height: auto; }
    FormScreen #buttons { height: auto; align-horizontal: right; padding-top: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]

    def __init__(
        self,
        title: str,
        fields: Sequence[tuple[str, str, str]],
        values: dict[str, str],
        check: Callable[[dict[str, str]], list[Problem]],
        *,
        locked: Sequence[str] = (),
        checkbox: tuple[str, str, bool] | None = None,
    ) -> None:
        super().__init__()
        self.form_title = title
        self.fields = list(fields)
        self.values = values
        self.check = check
        self.locked = set(locked)
        self.checkbox = checkbox

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(self.form_title), classes="form-title")
            for name, label, placeholder in self.fields:
                with Horizontal(classes="field"):
                    yield Label(label)
                    yield Input(
                        self.values.get(name, ""),
                        placeholder=placeholder,
                        id=f"in-{name}",
                        disabled=name in self.locked,
                    )
                yield Static("", id=f"err-{name}", classes="error")
            if self.checkbox is not None:
                name, label, value = self.checkbox
                yield Checkbox(label, value, id=f"in-{name}")
            yield Static("", id="general")
            with Horizontal(id="buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        first = next((n for n, _, _ in self.fields if n not in self.locked), None)
        if first is not None:
            self.query_one(f"#in-{first}", Input).focus()

    def collect(self) -> dict[str, str]:
        out = {name: self.query_one(f"#in-{name}", Input).value for name, _, _ in self.fields}
        if self.checkbox is not None:
            out[self.checkbox[0]] = "yes" if self.query_one(f"#in-{self.checkbox[0]}", Checkbox).value else ""
        return out

    def show_problems(self, problems: list[Problem]) -> bool:
        """Put each problem beside its field (or at the bottom); True when one of them is an error."""
        names = {name for name, _, _ in self.fields}
        per_field: dict[str, list[str]] = {}
        general: list[str] = []
        for problem in problems:
            text = ("warning: " if problem.severity is Severity.WARNING else "") + problem.message
            if problem.location in names:
                per_field.setdefault(problem.location, []).append(text)
            else:
                general.append(text)
        for name in names:
            self.query_one(f"#err-{name}", Static).update(Content("\n".join(per_field.get(name, []))))
        self.query_one("#general", Static).update(Content("\n".join(general)))
        return any(p.severity is Severity.ERROR for p in problems)

    def action_save(self) -> None:
        values = self.collect()
        if not self.show_problems(self.check(values)):
            self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()


def task_form(
    fields: TaskFields, *, adding: bool, check: Callable[[TaskFields], list[Problem]]
) -> FormScreen:
    values = {
        "id": fields.id,
        "name": fields.name,
        "duration": fields.duration,
        "parent": fields.parent,
        "owner": fields.owner,
        "deadline": fields.deadline,
        "after": fields.after,
    }
    shown = TASK_FIELDS if adding else tuple(f for f in TASK_FIELDS if f[0] != "after")
    return FormScreen(
        "New task" if adding else f"Edit task {fields.id}",
        shown,
        values,
        lambda typed: check(to_task_fields(typed)),
        locked=() if adding else ("id",),
        checkbox=("milestone", "Milestone (takes no time)", fields.milestone),
    )


def to_task_fields(typed: dict[str, str]) -> TaskFields:
    return TaskFields(
        id=typed.get("id", "").strip(),
        name=typed.get("name", ""),
        duration=typed.get("duration", ""),
        milestone=bool(typed.get("milestone")),
        parent=typed.get("parent", ""),
        owner=typed.get("owner", ""),
        deadline=typed.get("deadline", ""),
        after=typed.get("after", ""),
    )


LINK_FIELDS = (
    ("predecessor", "From", "predecessor task id"),
    ("successor", "To", "successor task id"),
    ("type", "Type", "FS, SS, FF or SF"),
    ("lag", "Lag", "2d, or -1d for a lead"),
)

ASSIGN_FIELDS = (
    ("task", "Task", "task id"),
    ("resource", "Resource", "resource id"),
    ("units", "Units", "1, 0.5, 2 (0 removes the assignment)"),
)


class ConfirmScreen(ModalScreen[bool]):
    """Yes/no question; the question may hold user text, so it is shown as Content."""

    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > Vertical { width: 64; height: auto; border: thick $warning; background: $surface;
                               padding: 1 2; }
    ConfirmScreen #buttons { height: auto; align-horizontal: right; padding-top: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,n", "answer(False)", "No"),
        Binding("y", "answer(True)", "Yes"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(self.question))
            with Horizontal(id="buttons"):
                yield Button("Yes", variant="error", id="yes")
                yield Button("No", id="no")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")
