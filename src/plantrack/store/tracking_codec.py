"""Tracking histories of a workspace state (baselines, progress, gates, actions, meetings): queries and edits.

The histories are typed tuples on `WorkspaceState`, decoded once when the file is read
(store/histories.py); these functions read them and replace a tuple to append.

Every section is append-only: a record is never rewritten, the latest one wins when histories are
folded. Only `baseline rm` deletes a whole baseline, `action rm` an action with its updates, and
`action edit` rewrites what an action was registered with (its status changes stay a history).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Protocol

from plantrack.scheduling.model import Project, TaskActual
from plantrack.scheduling.tracking.gates import gate_actuals
from plantrack.scheduling.tracking.meeting import MeetingRecord
from plantrack.scheduling.tracking.progress import fold, status_dates, task_actuals
from plantrack.scheduling.tracking.records import Action, ActionUpdate, Baseline, GateDecision, ProgressRecord
from plantrack.store.state import ActionEntry


class TrackingState(Protocol):
    """The part of a workspace state tracking reads and appends to (`store.WorkspaceState`)."""

    project: Project
    baselines: tuple[Baseline, ...]
    progress: tuple[ProgressRecord, ...]
    gates: tuple[GateDecision, ...]
    actions: tuple[ActionEntry, ...]
    meetings: tuple[MeetingRecord, ...]


def baselines(state: TrackingState) -> list[Baseline]:
    """Saved baselines, oldest first."""
    return list(state.baselines)


def find_baseline(state: TrackingState, name: str | None) -> Baseline | None:
    """The baseline called `name`, or the latest saved one when `name` is None."""
    saved = state.baselines
    if name is None:
        return saved[-1] if saved else None
    return next((b for b in saved if b.name == name), None)


def save_baseline(state: TrackingState, baseline: Baseline) -> None:
    state.baselines = (*state.baselines, baseline)


def remove_baseline(state: TrackingState, name: str) -> bool:
    kept = tuple(b for b in state.baselines if b.name != name)
    found = len(kept) != len(state.baselines)
    state.baselines = kept
    return found


def progress(state: TrackingState) -> list[ProgressRecord]:
    """Every progress record in the order it was entered."""
    return list(state.progress)


def add_progress(state: TrackingState, records: Iterable[ProgressRecord]) -> None:
    added = tuple(records)
    if added:
        state.progress = (*state.progress, *added)


def current_progress(state: TrackingState) -> list[ProgressRecord]:
    """The progress records of tasks still in the plan, in the order they were entered."""
    known = state.project.task_map()  # built once: a lookup per record, not a map per record
    return [r for r in state.progress if r.task in known]


def gate_decisions(state: TrackingState) -> list[GateDecision]:
    return list(state.gates)


def add_gate_decision(state: TrackingState, decision: GateDecision) -> None:
    state.gates = (*state.gates, decision)


def actions(state: TrackingState) -> tuple[list[Action], list[ActionUpdate]]:
    """Registered actions and their updates; both live in one history, in the order entered."""
    created = [e for e in state.actions if isinstance(e, Action)]
    updates = [e for e in state.actions if isinstance(e, ActionUpdate)]
    return created, updates


def add_action(state: TrackingState, action: Action) -> None:
    state.actions = (*state.actions, action)


def add_action_update(state: TrackingState, update: ActionUpdate) -> None:
    state.actions = (*state.actions, update)


def replace_action(state: TrackingState, action: Action) -> bool:
    """Rewrite the registration of `action.id` in place (its updates stay); False when there is none."""
    entries = list(state.actions)
    for i, entry in enumerate(entries):
        if isinstance(entry, Action) and entry.id == action.id:
            entries[i] = action
            state.actions = tuple(entries)
            return True
    return False


def remove_action(state: TrackingState, ident: str) -> bool:
    """Delete an action and every update of it; False when there is no such action."""
    found = any(isinstance(e, Action) and e.id == ident for e in state.actions)
    if found:
        state.actions = tuple(
            e for e in state.actions if not (e.id == ident if isinstance(e, Action) else e.action == ident)
        )
    return found


def status_date(state: TrackingState) -> dt.datetime | None:
    """The latest status date of the progress history (tasks still in the plan), None before any."""
    records = current_progress(state)
    dates = status_dates(records)
    return dates[-1] if dates else None


def meeting_records(state: TrackingState) -> list[MeetingRecord]:
    """The review meetings' records (attendees, agenda, notes, next date), in the order written."""
    return list(state.meetings)


def add_meeting_record(state: TrackingState, record: MeetingRecord) -> None:
    state.meetings = (*state.meetings, record)


def actuals_at(
    state: TrackingState, status_date: dt.datetime | None = None
) -> tuple[dt.datetime | None, dict[str, TaskActual]]:
    """The status date (the latest one recorded, or `status_date`) and each started task's actuals.

    This is what `plantrack schedule` passes to `cpm(project, status_date=..., actuals=...)`; with no
    progress recorded it returns (None, {}) and the plan is scheduled from the project start. Gate
    decisions count as `gate_actuals` says: a validated gate is reached, a deferred one holds.
    """
    records = current_progress(state)
    until = status_date  # a past status date knows only the decisions taken by then
    if status_date is None:
        dates = status_dates(records)
        if not dates:
            return None, {}
        status_date = dates[-1]
    done = task_actuals(fold(records, status_date), state.project)
    return status_date, gate_actuals(state.project, gate_decisions(state), done, until)
