"""Tracking edits from the TUI: a progress record for one task, checked as `plantrack progress` checks it."""

from __future__ import annotations

import datetime as dt

from plantrack.operations.form_edits import Edit
from plantrack.scheduling.dates import DateError, DateReader
from plantrack.scheduling.duration import parse_duration
from plantrack.scheduling.errors import InvalidInput, ModelError, Problem, errors_only
from plantrack.scheduling.model import Project, clean_text
from plantrack.scheduling.tracking.progress import check_record, status_dates
from plantrack.scheduling.tracking.records import Cause, ProgressRecord
from plantrack.store import WorkspaceState
from plantrack.store.tracking_codec import add_progress, progress

PROGRESS_FIELDS = (
    ("date", "Status date", "2027-03-15 (the end of that working day) or 2027-03-15T12:00"),
    ("actual_start", "Started", "2027-03-08T08:00 (empty: not started)"),
    ("actual_finish", "Finished", "2027-03-12 (the end of that working day); empty while in progress"),
    ("done", "% done", "60"),
    ("remaining", "Remaining", "working time left, e.g. 2d"),
    ("cause", "Cause", "man, machine, method, material, milieu, other"),
    ("note", "Note", "what happened"),
)
CAUSES = tuple(c.value for c in Cause)


def _fail(field: str, code: str, message: str) -> InvalidInput:
    return InvalidInput([Problem(code=code, message=message, location=field)])


def parse_progress(task: str, typed: dict[str, str], project: Project) -> ProgressRecord:
    """The record the form describes; its dates read as `plantrack progress` reads them (a status date
    alone is the end of that working day, an actual finish alone the end of the task's working day)."""
    per_day, per_week = project.minutes_per_day, project.minutes_per_week
    try:
        status, start, finish = DateReader(project).progress(task, typed)
    except DateError as exc:
        raise _fail(exc.field, "date-invalid", str(exc)) from None
    if status is None:
        raise _fail("date", "status-date-missing", "give the status date")
    done_text = typed.get("done", "").strip().removesuffix("%").strip()
    try:
        done = float(done_text) if done_text else None
    except ValueError:
        raise _fail("done", "number-invalid", f"{done_text!r} is not a number") from None
    remaining = None
    left = typed.get("remaining", "").strip()
    if left:
        try:
            length = parse_duration(left, minutes_per_day=per_day, minutes_per_week=per_week)
        except ModelError as exc:
            raise InvalidInput([exc.problem.located("remaining")]) from exc
        if length.elapsed:
            raise _fail("remaining", "remaining-elapsed", "remaining work is working time (3d, not 3ed)")
        remaining = length.minutes
    cause = typed.get("cause", "").strip().lower()
    if cause and cause not in CAUSES:
        raise _fail("cause", "cause-invalid", f"cause {cause!r} is not one of {', '.join(CAUSES)}")
    try:
        return ProgressRecord(
            task=task,
            status_date=status,
            actual_start=start,
            actual_finish=finish,
            percent_complete=done,
            remaining_minutes=remaining,
            cause=Cause(cause) if cause else None,
            note=clean_text(typed.get("note", "")).strip(),
        )
    except ModelError as exc:
        raise InvalidInput([exc.problem]) from exc


def record_progress(task: str, typed: dict[str, str]) -> Edit:
    """Append one progress record (history is append-only) after the tracking checks."""

    def edit(state: WorkspaceState) -> None:
        project = state.project
        record = parse_progress(task, typed, project)
        history = [r for r in progress(state) if r.task == task]
        errors = errors_only(check_record(project, record, history))
        if errors:
            raise InvalidInput(errors)
        add_progress(state, [record])

    return edit


def default_status_date(state: WorkspaceState) -> dt.datetime | None:
    """The workspace's status date: the latest recorded one, else the project's, else None (today).

    Progress is reported *at* the status date the plan is tracked at; the computer's clock only fills in
    when the workspace has none (a first report).
    """
    dates = status_dates(r for r in progress(state) if r.task in state.project.task_map())
    if dates:
        return dates[-1]
    return state.project.status_date


def progress_defaults(state: WorkspaceState, task: str, today: dt.date) -> dict[str, str]:
    """The form pre-filled with the task's latest record and the workspace status date (without one,
    today's date alone: the end of today's work on the project calendar)."""
    latest = next((r for r in reversed(progress(state)) if r.task == task), None)
    status = default_status_date(state)
    values = {"date": status.isoformat(timespec="minutes") if status is not None else today.isoformat()}
    if latest is not None:
        for key, when in (("actual_start", latest.actual_start), ("actual_finish", latest.actual_finish)):
            if when is not None:
                values[key] = when.isoformat(timespec="minutes")
        if latest.percent_complete is not None:
            values["done"] = f"{latest.percent_complete:g}"
    return values
