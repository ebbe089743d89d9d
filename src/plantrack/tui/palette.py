"""The command palette's entries: Textual's own in the run's language, then the app's actions."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import App, SystemCommand

from plantrack.i18n import N_, _

#: Textual's own command-palette entries, marked so that the catalog carries their translation.
TEXTUAL_COMMANDS = (
    N_("Bell"),
    N_("Ring the bell"),
    N_("Theme"),
    N_("Change the current theme"),
    N_("Quit"),
    N_("Quit the application as soon as possible"),
    N_("Keys"),
    N_("Hide the keys and widget help panel"),
    N_("Show help for the focused widget and a summary of available keys"),
    N_("Minimize"),
    N_("Minimize the widget and restore to normal size"),
    N_("Maximize"),
    N_("Maximize the focused widget"),
    N_("Screenshot"),
    N_("Save an SVG 'screenshot' of the current screen"),
)

#: The app's entries: title, help and the app's action method, in the order the palette lists them.
APP_COMMANDS: tuple[tuple[str, str, str], ...] = (
    (N_("Add task"), N_("Add a task after the selected one"), "action_add_task"),
    (N_("Edit task"), N_("Edit the selected task"), "action_edit_task"),
    (N_("Delete task"), N_("Delete the selected task"), "action_delete_task"),
    (N_("Link tasks"), N_("Add a dependency between two tasks"), "action_add_link"),
    (N_("Assign resource"), N_("Assign a resource to a task"), "action_assign"),
    (N_("Record progress"), N_("Record progress on the selected task"), "action_progress"),
    (N_("Deviation report"), N_("Baseline vs forecast, KPIs, slip by cause"), "action_deviations"),
    (N_("Resources"), N_("Load per resource, resource and window forms"), "action_resources"),
    (N_("Review meeting"), N_("Walk through the period, record, write the minutes"), "action_review"),
    (N_("Export HTML report"), N_("Write the HTML report next to the workspace"), "action_export_report"),
    (
        N_("Export minutes"),
        N_("Write the review minutes (md and html) next to the workspace"),
        "action_export_minutes",
    ),
    (N_("Next baseline"), N_("Compare the Gantt with the next saved baseline"), "action_next_baseline"),
    (N_("Level resources"), N_("Run resource leveling in the background"), "action_level"),
    (N_("Scenarios"), N_("Switch the plan you edit, make a scenario, compare scenarios"), "action_scenarios"),
    (N_("Undo"), N_("Undo the last edit of this session"), "action_undo"),
    (N_("Redo"), N_("Redo the last undone edit"), "action_redo"),
    (N_("Critical path only"), N_("Show only critical tasks (toggle)"), "action_critical_only"),
    (N_("Late tasks only"), N_("Show only late tasks (toggle)"), "action_late_only"),
    (N_("Toggle light/dark"), N_("Switch between the light and dark themes"), "action_toggle_theme"),
)


def palette_commands(app: App[None], textual_own: Iterable[SystemCommand]) -> Iterable[SystemCommand]:
    """Textual's own entries with their words translated, then the app's."""
    for command in textual_own:
        yield command._replace(title=_(command.title), help=_(command.help))
    for title, help_text, action in APP_COMMANDS:
        yield SystemCommand(_(title), _(help_text), getattr(app, action))
