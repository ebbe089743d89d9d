"""Modal forms for tasks (every field), links and assignments, with inline errors from the CLI's checks.

A form never saves: it returns what was typed once `check` (a dry run on the current plan) reports no
error; the app then applies the edit to the fresh workspace state. Every text shown that may hold user
data goes through `Content` (never parsed as markup).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Checkbox, Input, Label, Static, TextArea

from plantrack.i18n import N_, _
from plantrack.operations.form_edits import TaskFields
from plantrack.operations.plan_forms import TASK_FIELDS, to_task_fields
from plantrack.scheduling.errors import Problem, Severity
from plantrack.tui.keys import translate_bindings

#: fields typed on several lines
MULTILINE = ("notes",)
#: rows of a form outside its scrolling fields: the border (2), the title and the buttons (2)
FRAME_ROWS = 5


class FormScreen(ModalScreen[dict[str, str] | None]):
    """A titled, scrolling column of labelled inputs with an error line under each, Save and Cancel.

    Compact one-line inputs, and error lines that take room only when they say something, so a long
    form still fits an 80x24 terminal; the title and the buttons stay in view while the fields scroll.
    """

    DEFAULT_CSS = """
    FormScreen { align: center middle; }
    FormScreen > Vertical { width: 80; max-width: 100%; height: auto; max-height: 100%;
                            border: thick $accent; background: $surface; padding: 0 1; }
    FormScreen .form-title { text-style: bold; height: 1; }
    FormScreen #fields { height: auto; }
    FormScreen .field { height: auto; }
    FormScreen .field Label { width: 14; padding: 0 1 0 0; }
    FormScreen .field Input { width: 1fr; }
    FormScreen .field TextArea { width: 1fr; height: 3; }
    FormScreen .error { color: $error; padding-left: 14; height: auto; display: none; }
    FormScreen .error.shown { display: block; }
    FormScreen Checkbox { margin-left: 13; }
    FormScreen #general { color: $error; height: auto; display: none; }
    FormScreen #general.shown { display: block; }
    FormScreen #buttons { height: auto; align-horizontal: right; padding-top: 1; }
    FormScreen #buttons Button { margin-left: 2; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel")),
        Binding("ctrl+s", "save", N_("Save")),
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
        suggestions: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        super().__init__()
        translate_bindings(self)
        self.form_title = title
        self.fields = list(fields)
        self.values = values
        self.check = check
        self.locked = set(locked)
        self.checkbox = checkbox
        self.suggestions = dict(suggestions or {})

    def _editor(self, name: str, placeholder: str) -> Input | TextArea:
        value = self.values.get(name, "")
        disabled = name in self.locked
        if name in MULTILINE:
            return TextArea(value, id=f"in-{name}", compact=True, placeholder=placeholder, disabled=disabled)
        choices = self.suggestions.get(name)
        return Input(
            value,
            placeholder=placeholder,
            id=f"in-{name}",
            disabled=disabled,
            compact=True,
            suggester=SuggestFromList(choices) if choices else None,
        )

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(self.form_title), classes="form-title")
            with VerticalScroll(id="fields"):
                for name, label, placeholder in self.fields:
                    with Horizontal(classes="field"):
                        yield Label(_(label))
                        yield self._editor(name, _(placeholder) if placeholder else "")
                    yield Static("", id=f"err-{name}", classes="error")
                if self.checkbox is not None:
                    name, label, value = self.checkbox
                    yield Checkbox(_(label), value, id=f"in-{name}", compact=True)
            yield Static("", id="general")
            with Horizontal(id="buttons"):
                yield Button(_("Save"), variant="primary", id="save", compact=True)
                yield Button(_("Cancel"), id="cancel", compact=True)

    def on_mount(self) -> None:
        self._fit()
        first = next((n for n, _label, _hint in self.fields if n not in self.locked), None)
        if first is not None:
            self.query_one(f"#in-{first}").focus()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        """Let the fields scroll in what the border, the title, the messages and the buttons leave."""
        general = self.query_one("#general", Static)
        reserved = FRAME_ROWS + (general.size.height or 1 if general.has_class("shown") else 0)
        self.query_one("#fields").styles.max_height = max(3, self.app.size.height - reserved)

    def collect(self) -> dict[str, str]:
        out = {}
        for name, _label, _hint in self.fields:
            editor = self.query_one(f"#in-{name}")
            out[name] = (
                editor.text if isinstance(editor, TextArea) else self.query_one(f"#in-{name}", Input).value
            )
        if self.checkbox is not None:
            out[self.checkbox[0]] = "yes" if self.query_one(f"#in-{self.checkbox[0]}", Checkbox).value else ""
        return out

    def show_problems(self, problems: list[Problem]) -> bool:
        """Put each problem beside its field (or at the bottom); True when one of them is an error.

        The first field with a problem takes the focus, so a long form scrolls to it."""
        names = [name for name, _label, _hint in self.fields]
        per_field: dict[str, list[str]] = {}
        general: list[str] = []
        for problem in problems:
            text = (_("warning: ") if problem.severity is Severity.WARNING else "") + problem.message
            if problem.location in names:
                per_field.setdefault(problem.location, []).append(text)
            else:
                general.append(text)
        for name in names:
            line = self.query_one(f"#err-{name}", Static)
            line.update(Content("\n".join(per_field.get(name, []))))
            line.set_class(name in per_field, "shown")
        box = self.query_one("#general", Static)
        box.update(Content("\n".join(general)))
        box.set_class(bool(general), "shown")
        self._fit()
        flagged = next((name for name in names if name in per_field and name not in self.locked), None)
        if flagged is not None:
            self.query_one(f"#in-{flagged}").focus()
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
    fields: TaskFields,
    *,
    adding: bool,
    check: Callable[[TaskFields], list[Problem]],
    choices: Mapping[str, Sequence[str]] | None = None,
) -> FormScreen:
    """The task form, every field of the task; `choices` are the ids a field may take (calendar, …)."""
    choices = dict(choices or {})
    values = {name: getattr(fields, name) for name, _label, _hint in TASK_FIELDS}
    shown = tuple(
        (
            name,
            label,
            f"{_(placeholder)}: {', '.join(choices[name]) or _('none defined')}"
            if name in choices
            else placeholder,
        )
        for name, label, placeholder in TASK_FIELDS
    )
    return FormScreen(
        _("New task") if adding else _("Edit task {id}").format(id=fields.id),
        shown,
        values,
        lambda typed: check(to_task_fields(typed)),
        locked=() if adding else ("id",),
        checkbox=("milestone", N_("Milestone (takes no time)"), fields.milestone),
        suggestions=choices,
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
        Binding("escape,n", "answer(False)", N_("No")),
        Binding("y", "answer(True)", N_("Yes")),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        translate_bindings(self)
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(self.question))
            with Horizontal(id="buttons"):
                yield Button(_("Yes"), variant="error", id="yes")
                yield Button(_("No"), id="no")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")
