"""The review meeting's data and edits: the review since the last status date, actions, gates, status date,
and the meeting's record (attendees, agenda, notes, next meeting).

No Textual here. The review is the one the minutes print (`tracking.review.build_review`, fed as
`plantrack review` feeds it); the edits are functions for `Session.apply`, checked as the CLI checks them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any, TypedDict

from plantrack.i18n import N_, _
from plantrack.i18n.formats import format_moment
from plantrack.operations.analysis import review as workspace_review
from plantrack.operations.follow_up import record_gate_decision, refuse_unknown_task, register_action
from plantrack.operations.form_edits import Edit, parse_date
from plantrack.scheduling.dates import DateReader
from plantrack.scheduling.errors import InvalidInput, ModelError, Problem
from plantrack.scheduling.model import Project, clean_text
from plantrack.scheduling.tracking.meeting import MeetingRecord, meeting_record, split_items
from plantrack.scheduling.tracking.progress import fold, status_dates
from plantrack.scheduling.tracking.records import Decision, GateDecision, ProgressRecord
from plantrack.scheduling.tracking.review import Review
from plantrack.scheduling.tracking.variance import TaskVariance
from plantrack.store import WorkspaceState
from plantrack.store.tracking_codec import (
    add_meeting_record,
    add_progress,
    current_progress,
    meeting_records,
    status_date,
)

ACTION_FIELDS = (
    ("title", N_("Action"), N_("what is to be done")),
    ("owner", N_("Owner"), N_("who does it")),
    ("due", N_("Due"), N_("2027-03-22")),
    ("task", N_("Task"), N_("task id it concerns (optional)")),
)
GATE_FIELDS = (
    ("decision", N_("Decision"), N_("validated, rejected or deferred")),
    ("by", N_("By"), N_("who decided")),
    ("date", N_("Date"), N_("2027-03-15")),
    ("note", N_("Note"), N_("conditions, reasons")),
)
STATUS_FIELDS = (("date", N_("Status date"), N_("2027-03-22 (the end of that working day)")),)
MEETING_FIELDS = (
    ("attendees", N_("Attendees"), N_("names separated by ;")),
    ("agenda", N_("Agenda"), N_("items separated by ;")),
    ("notes", N_("Notes"), N_("discussion points, one per line")),
    ("next", N_("Next meeting"), N_("2027-03-29T09:00")),
)
DECISIONS = tuple(d.value for d in Decision)
_FORM_FIELD = {"next_meeting": "next"}  # a meeting record's field -> the form's


@dataclass(frozen=True, slots=True, kw_only=True)
class Meeting:
    """The review (what the minutes print) plus the tasks in progress at the status date."""

    review: Review
    in_progress: tuple[TaskVariance, ...]


def meeting(state: WorkspaceState, *, today: dt.date, baseline: str | None = None) -> Meeting:
    """The review from the previous status date to the latest one, against a baseline (default: latest)."""
    review, result = workspace_review(state, baseline=baseline, since=None, today=today)
    running = tuple(r for r in result.report.tasks if r.started and not r.finished)
    return Meeting(review=review, in_progress=running)


def _fail(field: str, code: str, message: str, *ids: str) -> InvalidInput:
    return InvalidInput([Problem(code=code, message=message, ids=ids, location=field)])


def _required_date(
    typed: dict[str, str], field: str, what: str, project: Project | None = None
) -> dt.datetime:
    """A date the form needs; given the project, a date alone is end-like: the end of that working day
    on the project calendar (a due date, a status date), else the day's start (a decision's date)."""
    calendar = None if project is None else DateReader(project).project_calendar()
    when = parse_date(typed.get(field, ""), field, end=project is not None, calendar=calendar)
    if when is None:
        raise _fail(field, f"{field}-missing", _("give the {what}").format(what=what))
    return when


def add_meeting_action(typed: dict[str, str], today: dt.date) -> Edit:
    """Register an action (A1, A2, …) at the status date, as `plantrack action add` does by default."""

    def edit(state: WorkspaceState) -> None:
        task = typed.get("task", "").strip() or None
        try:  # the task first, so that the form names it before a missing due date
            refuse_unknown_task(state.project, task)
        except InvalidInput as exc:
            raise InvalidInput([p.located("task") for p in exc.problems()]) from exc
        due = _required_date(typed, "due", _("due date"), state.project)
        try:
            register_action(
                state,
                title=clean_text(typed.get("title", "")).strip(),
                owner=clean_text(typed.get("owner", "")).strip(),
                due=due,
                created=status_date(state) or dt.datetime.combine(today, dt.time()),
                task=task,
            )
        except ModelError as exc:
            field = {"action-title": "title", "action-owner": "owner"}.get(exc.problem.code, "title")
            raise InvalidInput([exc.problem.located(field)]) from exc

    return edit


def record_gate(task: str, typed: dict[str, str]) -> Edit:
    """Record a go/no-go decision on a milestone, as `plantrack gate` does."""

    def edit(state: WorkspaceState) -> None:
        from plantrack.scheduling.words import decision_code  # validé/refusé/reporté read too

        word = decision_code(typed.get("decision", ""))
        if word not in DECISIONS:
            raise _fail(
                "decision",
                "decision-invalid",
                _("decision {word} is not one of {decisions}").format(
                    word=repr(word), decisions=", ".join(DECISIONS)
                ),
            )
        try:
            decision = GateDecision(
                task=task,
                decision=Decision(word),
                by=clean_text(typed.get("by", "")).strip(),
                date=_required_date(typed, "date", _("date of the decision")),
                note=clean_text(typed.get("note", "")).strip(),
            )
        except ModelError as exc:
            raise InvalidInput([exc.problem.located("by")]) from exc
        record_gate_decision(state, decision)

    return edit


def save_status_date(typed: dict[str, str]) -> Edit:
    """Move the status date forward: the tasks in progress are re-stated, unchanged, at the new date.

    The status date is the latest date of the progress history, so it moves only with a record. A record
    that says nothing new keeps every figure of the task (the fold keeps earlier values), so what the
    forecast changes is only what the passing time changes: remaining work now counts from the new date.
    """

    def edit(state: WorkspaceState) -> None:
        when = _required_date(typed, "date", _("new status date"), state.project)
        records = current_progress(state)
        dates = status_dates(records)
        if dates and when <= dates[-1]:
            raise _fail(
                "date",
                "status-date-not-later",
                _("the new status date must be after the current one ({date})").format(
                    date=format_moment(dates[-1])
                ),
            )
        summaries = state.project.summary_ids()
        running = [s.task for s in fold(records, when).values() if s.started and not s.finished]
        if not running:  # nothing in progress: one empty record on the first task carries the date
            first = next((t.id for t in state.project.tasks if t.id not in summaries), None)
            if first is None:
                raise _fail("date", "status-date-no-task", _("the plan has no task to report on"))
            running = [first]
        add_progress(state, [ProgressRecord(task=task, status_date=when) for task in running])

    return edit


class MeetingChanges(TypedDict, total=False):
    """Fields of a meeting's record to set; a field absent is kept or emptied as `record_meeting` says."""

    attendees: tuple[str, ...]
    agenda: tuple[str, ...]
    notes: tuple[str, ...]
    next_meeting: dt.datetime | None


def record_meeting(
    state: WorkspaceState, status: dt.datetime, changes: MeetingChanges, *, keep_unset: bool
) -> MeetingRecord:
    """Store the meeting's record of the review at `status` with `changes`; the record now stored.

    With `keep_unset` (the command line, whose options are each optional) a field not in `changes` keeps
    what is stored; without it (the form, which shows every field) that field is emptied. Each field is
    checked alone first, so the refusal names it (`Problem.field`). Nothing is written if nothing changed.
    """
    empty = MeetingRecord(status_date=status)
    for field, value in changes.items():
        alone: dict[str, Any] = {field: value}
        try:
            dataclasses.replace(empty, **alone)
        except ModelError as exc:
            raise InvalidInput([exc.problem.about(field)]) from exc
    stored = meeting_record(meeting_records(state), status)
    record = dataclasses.replace(stored if keep_unset else empty, **changes)
    if record != stored:
        add_meeting_record(state, record)
    return record


def save_meeting(status: dt.datetime, typed: dict[str, str]) -> Edit:
    """Store the meeting's record of the review at `status` from the form, every field replaced."""

    def edit(state: WorkspaceState) -> None:
        changes = MeetingChanges(
            attendees=split_items(clean_text(typed.get("attendees", ""))),
            agenda=split_items(clean_text(typed.get("agenda", ""))),
            # the notes field is a text area: one discussion point per line (a ';' inside a note stays)
            notes=split_items(clean_text(typed.get("notes", "")), "\n"),
            next_meeting=parse_date(typed.get("next", ""), "next"),
        )
        try:
            record_meeting(state, status, changes, keep_unset=False)
        except InvalidInput as exc:  # the form calls the next meeting's field "next"
            raise InvalidInput(
                [p.located(_FORM_FIELD.get(p.field or "", p.field)) for p in exc.problems()]
            ) from exc

    return edit


def meeting_defaults(record: MeetingRecord) -> dict[str, str]:
    """The form's fields filled with what is stored."""
    return {
        "attendees": "; ".join(record.attendees),
        "agenda": "; ".join(record.agenda),
        "notes": "\n".join(record.notes),
        "next": "" if record.next_meeting is None else record.next_meeting.isoformat(timespec="minutes"),
    }


def status_defaults(today: dt.date) -> dict[str, str]:
    return {"date": today.isoformat()}  # a date alone: the end of today's work on the project calendar


def action_defaults(task: str | None, today: dt.date) -> dict[str, str]:
    return {"task": task or "", "due": (today + dt.timedelta(days=7)).isoformat()}


def gate_defaults(today: dt.date) -> dict[str, str]:
    return {"decision": "validated", "date": today.isoformat()}
