"""Review-meeting mode: section by section since the last status date, edits in the flow, then the minutes.

Every change goes through the app's `apply` (the session's locked `update()`); after each one the
review is computed again from the saved state, so the sections always show what the minutes will print.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from plantrack.export.labels import cause_text, code_label, plain
from plantrack.export.workspace_files import write_minutes
from plantrack.i18n import N_, _
from plantrack.i18n.formats import format_day, format_moment, format_percent
from plantrack.operations import review as meeting_edits
from plantrack.operations.form_edits import Edit, preview
from plantrack.operations.progress_form import PROGRESS_FIELDS, ProgressEdit, progress_defaults, progress_edit
from plantrack.operations.review import Meeting, meeting
from plantrack.operations.tracking_view import days
from plantrack.scheduling.errors import PlantrackError, Problem
from plantrack.scheduling.tracking.actions import ActionState, overdue
from plantrack.scheduling.tracking.meeting import MeetingRecord
from plantrack.scheduling.tracking.review import MilestoneRow
from plantrack.scheduling.tracking.variance import TaskVariance
from plantrack.store import WorkspaceState
from plantrack.tui.forms.notes import notify_saved_with_notes
from plantrack.tui.forms.screen import FormScreen
from plantrack.tui.keys import translate_bindings
from plantrack.tui.plan.view import display_text

TASK_COLUMNS = (N_("Id"), N_("Task"), N_("Forecast"), N_("Slip"), N_("Done"), N_("Cause"), N_("Note"))
GATE_COLUMNS = (N_("Id"), N_("Milestone"), N_("Forecast"), N_("Slip"), N_("Gate"), N_("Decided by"))
ACTION_COLUMNS = (N_("Id"), N_("Action"), N_("Owner"), N_("Due"), N_("Status"), N_("Task"))
MEETING_COLUMNS = (N_("Item"), N_("Text"))


@dataclass(frozen=True, slots=True)
class Row:
    key: str  # task id, or action id
    task: str | None  # the task p/a/d act on
    cells: tuple[Text, ...]


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]


def _t(text: str, style: str = "") -> Text:
    return Text(display_text(text), style=style)


def _task_row(r: TaskVariance) -> Row:
    slip = r.finish_variance_minutes
    mark = " !" if slip > 0 and r.critical else ""
    cells = (
        _t(r.id),
        _t(r.name or r.id),
        _t(r.forecast_finish.strftime(_("%m-%d"))),
        _t(days(slip, r.day_minutes) + mark, "bold red" if mark else "yellow" if slip > 0 else ""),
        _t(format_percent(r.percent_complete, 0)),
        _t(cause_text(r)),
        _t(r.note),
    )
    return Row(r.id, r.id, cells)


def _gate_row(m: MilestoneRow) -> Row:
    r, gate = m.task, m.gate
    by = gate.decision.by if gate is not None and gate.decision is not None else ""
    status = code_label(gate.status) if gate is not None else ""
    cells = (
        _t(r.id),
        _t(r.name or r.id),
        _t(r.forecast_finish.strftime(_("%m-%d"))),
        _t(days(r.finish_variance_minutes, r.day_minutes)),
        _t(status),
        _t(by),
    )
    return Row(r.id, r.id, cells)


def _action_row(a: ActionState, as_of: dt.datetime) -> Row:
    action = a.action
    late = overdue(a, as_of)
    cells = (
        _t(action.id),
        _t(action.title),
        _t(action.owner),
        _t(action.due.strftime(_("%m-%d")) + (_(" OVERDUE") if late else ""), "bold red" if late else ""),
        _t(code_label(action.status)),
        _t(action.task or ""),
    )
    return Row(action.id, action.task, cells)


def _meeting_rows(record: MeetingRecord) -> tuple[Row, ...]:
    """The meeting's record, one row per attendee, agenda item and note, then the next meeting."""
    entries = [
        *((_("Attendee"), name) for name in record.attendees),
        *((_("Agenda {number}").format(number=i), item) for i, item in enumerate(record.agenda, start=1)),
        *((_("Note"), note) for note in record.notes),
    ]
    if record.next_meeting is not None:
        entries.append((_("Next meeting"), format_moment(record.next_meeting)))
    return tuple(Row(f"meeting-{i}", None, (_t(kind), _t(text))) for i, (kind, text) in enumerate(entries))


def sections_of(data: Meeting) -> list[Section]:
    """The meeting's agenda, in the order it is walked through."""
    review = data.review
    as_of = review.status_date  # actions are judged at the status date, as in the minutes and the report
    listed = {a.action.id: a for a in (*review.actions_overdue, *review.actions_new, *review.open_points)}

    def tasks(title: str, rows: tuple[TaskVariance, ...]) -> Section:
        return Section(title, TASK_COLUMNS, tuple(_task_row(r) for r in rows))

    return [
        tasks(N_("Finished"), review.finished),
        tasks(N_("Started"), review.started),
        tasks(N_("Late"), review.late),
        tasks(N_("In progress"), data.in_progress),
        tasks(N_("Next 2 weeks"), review.coming),
        Section(N_("Gates"), GATE_COLUMNS, tuple(_gate_row(m) for m in review.milestones)),
        Section(N_("Actions due"), ACTION_COLUMNS, tuple(_action_row(a, as_of) for a in listed.values())),
        Section(N_("Meeting"), MEETING_COLUMNS, _meeting_rows(review.record)),
    ]


class ReviewScreen(Screen[None]):
    """Opened with r from the Gantt: the review-meeting mode, one section at a time (keys below)."""

    DEFAULT_CSS = """
    ReviewScreen #review-head { height: auto; padding: 0 1; background: $panel; text-style: bold; }
    ReviewScreen #review-tabs { height: auto; padding: 0 1; }
    ReviewScreen DataTable { height: 1fr; }
    ReviewScreen #review-hint { height: 1; padding: 0 1; background: $panel; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", N_("Leave review")),
        Binding("tab,n", "section(1)", N_("Next section")),
        Binding("shift+tab,N", "section(-1)", N_("Previous"), show=False),
        Binding("p", "progress", N_("Progress")),
        Binding("a", "action", N_("Action")),
        Binding("d", "decision", N_("Decision")),
        Binding("m", "meeting", N_("Meeting")),
        Binding("w", "minutes", N_("Write minutes")),
        Binding("s", "status_date", N_("Save status date")),
    ]

    def __init__(
        self,
        state: Callable[[], WorkspaceState],
        apply: Callable[[str, Edit], bool],
        *,
        today: dt.date,
        workspace: Path,
    ) -> None:
        super().__init__()
        translate_bindings(self)
        self.state = state
        self.apply = apply
        self.today = today
        self.workspace = workspace
        self.data: Meeting | None = None
        self.sections: list[Section] = []
        self.index = 0

    def compose(self) -> ComposeResult:
        yield Static("", id="review-head")
        yield Static("", id="review-tabs")
        yield DataTable(id="review-table", cursor_type="row", zebra_stripes=True)
        yield Static(
            _(
                "tab next section · p progress · a action · d decision · m meeting · w minutes · "
                "s status date · esc leave"
            ),
            id="review-hint",
        )
        yield Footer()

    def on_mount(self) -> None:
        self.reload()
        # open on the first section with something to discuss
        self.index = next((i for i, s in enumerate(self.sections) if s.rows), 0)
        if self.sections:
            self.show()
        self.query_one(DataTable).focus()

    def reload(self) -> None:
        """Recompute the review from the saved state (after each edit) and show the current section."""
        head = self.query_one("#review-head", Static)
        selected = self.current.key if self.current is not None else None
        try:
            self.data = meeting(self.state(), today=self.today)
        except PlantrackError as exc:
            self.data, self.sections = None, []
            head.update(Content("\n".join(p.message for p in exc.problems())))
            self.query_one(DataTable).clear(columns=True)
            return
        review = self.data.review
        ev = review.report.ev
        spi = "—" if ev.spi is None else plain(ev.spi, 2)
        head.update(
            Content(
                _("Review {date} · since {since} · {project} · baseline {baseline} · SPI {spi}").format(
                    date=format_day(review.status_date),
                    since=format_day(review.since),
                    project=display_text(review.project),
                    baseline=display_text(review.report.baseline),
                    spi=spi,
                )
            )
        )
        self.sections = sections_of(self.data)
        self.show(selected)

    def show(self, keep: str | None = None) -> None:
        """Show the current section, the cursor on row `keep` when it is still listed there."""
        tabs = Text()
        for i, section in enumerate(self.sections):
            label = f"{i + 1} {_(section.title)} ({len(section.rows)})"
            tabs.append(label, style="reverse bold" if i == self.index else "dim")
            tabs.append("  ")
        self.query_one("#review-tabs", Static).update(tabs)
        table = self.query_one(DataTable)
        table.clear(columns=True)
        section = self.sections[self.index]
        for title in section.columns:
            table.add_column(_(title), width=30 if title in ("Task", "Action", "Milestone") else None)
        for row in section.rows:
            table.add_row(*row.cells, key=row.key)
        keys = [row.key for row in section.rows]
        if keep in keys:
            table.move_cursor(row=keys.index(keep))

    @property
    def current(self) -> Row | None:
        if not self.sections:
            return None
        rows = self.sections[self.index].rows
        table = self.query_one(DataTable)
        return rows[table.cursor_row] if 0 <= table.cursor_row < len(rows) else None

    def action_section(self, step: int) -> None:
        if self.sections:
            self.index = (self.index + step) % len(self.sections)
            self.show()

    def _form(
        self,
        title: str,
        fields: tuple[tuple[str, str, str], ...],
        values: dict[str, str],
        make: Callable[[dict[str, str]], Edit],
        label: str,
    ) -> None:
        def check(typed: dict[str, str]) -> list[Problem]:
            return preview(self.state(), make(typed))

        def done(typed: dict[str, str] | None) -> None:
            if typed is None:
                return
            edit = make(typed)
            if self.apply(label, edit):
                self.reload()
                # progress keeps the command line's notes (`start-assumed`, ...): show them as it does
                if isinstance(edit, ProgressEdit):
                    notify_saved_with_notes(self, edit.warnings)

        self.app.push_screen(FormScreen(title, fields, values, check), done)

    def action_progress(self) -> None:
        row = self.current
        if row is None or row.task is None:
            self.notify(_("select a task first"), severity="warning")
            return
        task = row.task
        values = progress_defaults(self.state(), task, self.today)
        self._form(
            _("Progress on {task}").format(task=task),
            PROGRESS_FIELDS,
            values,
            lambda typed: progress_edit(task, typed),
            _("progress on {task}").format(task=task),
        )

    def action_action(self) -> None:
        row = self.current
        values = meeting_edits.action_defaults(row.task if row else None, self.today)
        self._form(
            _("New action"),
            meeting_edits.ACTION_FIELDS,
            values,
            lambda typed: meeting_edits.add_meeting_action(typed, self.today),
            _("new action"),
        )

    def action_decision(self) -> None:
        row = self.current
        if row is None or row.task is None:
            self.notify(_("select a milestone first"), severity="warning")
            return
        task = row.task
        self._form(
            _("Gate decision on {task}").format(task=task),
            meeting_edits.GATE_FIELDS,
            meeting_edits.gate_defaults(self.today),
            lambda typed: meeting_edits.record_gate(task, typed),
            _("gate decision on {task}").format(task=task),
        )

    def action_meeting(self) -> None:
        if self.data is None:
            self.notify(_("no review to record a meeting for"), severity="warning")
            return
        record = self.data.review.record
        status = record.status_date
        self._form(
            _("Meeting of the review at {moment}").format(moment=format_moment(status)),
            meeting_edits.MEETING_FIELDS,
            meeting_edits.meeting_defaults(record),
            lambda typed: meeting_edits.save_meeting(status, typed),
            _("meeting record"),
        )

    def action_status_date(self) -> None:
        self._form(
            _("New status date"),
            meeting_edits.STATUS_FIELDS,
            meeting_edits.status_defaults(self.today),
            meeting_edits.save_status_date,
            _("new status date"),
        )

    def action_minutes(self) -> None:
        try:
            md, html = write_minutes(self.state(), self.workspace, today=self.today)
        except PlantrackError as exc:
            self.notify(
                "\n".join(p.message for p in exc.problems()),
                title=_("Not written"),
                severity="error",
                markup=False,
            )
            return
        written = _("minutes written: {md} and {html}").format(md=md.name, html=html.name)
        self.notify(written, title=_("Minutes"), markup=False)
