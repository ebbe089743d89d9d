"""The progress form: its fields, its defaults, and its edit, checked as `plantrack progress` checks it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from plantrack.i18n import N_
from plantrack.operations.progress import CAUSES, parse_record, record_progress
from plantrack.scheduling.errors import InvalidInput, Problem
from plantrack.scheduling.model import Project
from plantrack.scheduling.tracking.progress import status_dates
from plantrack.scheduling.tracking.records import ProgressRecord
from plantrack.store import WorkspaceState
from plantrack.store.tracking_codec import current_progress, progress

PROGRESS_FIELDS = (
    ("date", N_("Status date"), N_("2027-03-15 (the end of that working day) or 2027-03-15T12:00")),
    ("actual_start", N_("Started"), N_("2027-03-08T08:00 (empty: the baseline's or the plan's start)")),
    (
        "actual_finish",
        N_("Finished"),
        N_("2027-03-12 (the end of that working day); empty while in progress"),
    ),
    ("done", N_("% done"), N_("60")),
    ("remaining", N_("Remaining"), N_("working time left, e.g. 2d")),
    ("cause", N_("Cause"), ", ".join(CAUSES)),
    ("note", N_("Note"), N_("what happened")),
)


def parse_progress(task: str, typed: Mapping[str, str], project: Project) -> ProgressRecord:
    """The record the form describes, read as `plantrack progress` reads it; a refusal is located at
    the form field it is about."""
    try:
        return parse_record(project, {**typed, "task": task})
    except InvalidInput as exc:
        raise InvalidInput([p.located(p.field) for p in exc.problems()]) from None


@dataclass
class ProgressEdit:
    """Append one progress record (history is append-only) after the command line's checks; the
    warnings it met (an assumed start, ...) are kept for the form to show once saved."""

    task: str
    typed: Mapping[str, str]
    warnings: list[Problem] = field(default_factory=list)

    def __call__(self, state: WorkspaceState) -> None:
        record = parse_progress(self.task, self.typed, state.project)
        self.warnings = record_progress(state, [record])


def progress_edit(task: str, typed: Mapping[str, str]) -> ProgressEdit:
    return ProgressEdit(task, dict(typed))


def default_status_date(state: WorkspaceState) -> dt.datetime | None:
    """The workspace's status date: the latest recorded one, else the project's, else None (today).

    Progress is reported *at* the status date the plan is tracked at; the computer's clock only fills in
    when the workspace has none (a first report).
    """
    dates = status_dates(current_progress(state))
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
