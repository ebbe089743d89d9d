"""Tracking histories in the workspace sections (baselines, progress, gates, actions, meetings) as JSON.

Every section is append-only: a record is never rewritten, the latest one wins when histories are
folded. Only `baseline rm` deletes a whole baseline, `action rm` an action with its updates, and
`action edit` rewrites what an action was registered with (its status changes stay a history).
"""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Iterable
from typing import Any, Protocol, TypeVar

from plantrack.scheduling.errors import Failure, PlantrackError, Problem
from plantrack.scheduling.model import Project, TaskActual
from plantrack.scheduling.tracking.gates import gate_actuals
from plantrack.scheduling.tracking.meeting import MeetingRecord
from plantrack.scheduling.tracking.progress import fold, status_dates, task_actuals
from plantrack.scheduling.tracking.records import Action, ActionUpdate, Baseline, GateDecision, ProgressRecord
from plantrack.store.codec import CodecError, decode, encode

BASELINES = "baselines"
PROGRESS = "progress"
GATES = "gates"
ACTIONS = "actions"
#: added after schema 1 was released: an older plantrack keeps unknown sections as they are, so no
#: migration is needed, and a workspace without it simply has no meeting recorded
MEETINGS = "meetings"

T = TypeVar("T")


class TrackingState(Protocol):
    """The part of a workspace state tracking reads and appends to (`store.WorkspaceState`)."""

    project: Project
    sections: dict[str, list[dict[str, Any]]]


class TrackingDataError(PlantrackError):
    """A stored tracking document does not decode: the file was edited by hand or is damaged."""

    failure = Failure.STORAGE

    def __init__(self, section: str, index: int, detail: str) -> None:
        super().__init__(f"workspace section {section!r}, entry {index}: {detail}")
        self.section = section

    def code(self) -> str:
        return "tracking-data-invalid"

    def problems(self) -> list[Problem]:
        return [Problem(code=self.code(), message=str(self))]


def _load(state: TrackingState, section: str, cls: type[T]) -> list[T]:
    out: list[T] = []
    for i, doc in enumerate(state.sections.get(section, [])):
        try:
            out.append(typing.cast(T, decode(cls, doc)))
        except CodecError as exc:
            raise TrackingDataError(section, i, str(exc)) from None
    return out


def _append(state: TrackingState, section: str, cls: type, value: Any) -> None:
    state.sections.setdefault(section, []).append(typing.cast(dict[str, Any], encode(cls, value)))


def baselines(state: TrackingState) -> list[Baseline]:
    """Saved baselines, oldest first."""
    return _load(state, BASELINES, Baseline)


def find_baseline(state: TrackingState, name: str | None) -> Baseline | None:
    """The baseline called `name`, or the latest saved one when `name` is None."""
    saved = baselines(state)
    if name is None:
        return saved[-1] if saved else None
    return next((b for b in saved if b.name == name), None)


def save_baseline(state: TrackingState, baseline: Baseline) -> None:
    _append(state, BASELINES, Baseline, baseline)


def remove_baseline(state: TrackingState, name: str) -> bool:
    docs = state.sections.get(BASELINES, [])
    kept = [d for d in docs if d.get("name") != name]
    state.sections[BASELINES] = kept
    return len(kept) != len(docs)


def progress(state: TrackingState) -> list[ProgressRecord]:
    """Every progress record in the order it was entered."""
    return _load(state, PROGRESS, ProgressRecord)


def add_progress(state: TrackingState, records: Iterable[ProgressRecord]) -> None:
    for record in records:
        _append(state, PROGRESS, ProgressRecord, record)


def current_progress(state: TrackingState) -> list[ProgressRecord]:
    """The progress records of tasks still in the plan, in the order they were entered."""
    known = state.project.task_map()  # built once: a lookup per record, not a map per record
    return [r for r in progress(state) if r.task in known]


def gate_decisions(state: TrackingState) -> list[GateDecision]:
    return _load(state, GATES, GateDecision)


def add_gate_decision(state: TrackingState, decision: GateDecision) -> None:
    _append(state, GATES, GateDecision, decision)


def actions(state: TrackingState) -> tuple[list[Action], list[ActionUpdate]]:
    """Registered actions and their updates; both live in one section, told apart by `kind`."""
    created: list[Action] = []
    updates: list[ActionUpdate] = []
    for i, doc in enumerate(state.sections.get(ACTIONS, [])):
        try:
            kind = doc.get("kind") if isinstance(doc, dict) else None
            if kind == "action":
                created.append(typing.cast(Action, decode(Action, doc.get("action"), "action")))
            elif kind == "update":
                updates.append(typing.cast(ActionUpdate, decode(ActionUpdate, doc.get("update"), "update")))
            else:
                raise CodecError("kind", f"expected 'action' or 'update', found {kind!r:.40}")
        except CodecError as exc:
            raise TrackingDataError(ACTIONS, i, str(exc)) from None
    return created, updates


def add_action(state: TrackingState, action: Action) -> None:
    state.sections.setdefault(ACTIONS, []).append({"kind": "action", "action": encode(Action, action)})


def add_action_update(state: TrackingState, update: ActionUpdate) -> None:
    state.sections.setdefault(ACTIONS, []).append({"kind": "update", "update": encode(ActionUpdate, update)})


def _action_id(doc: Any, kind: str) -> Any:
    inner = doc.get(kind) if isinstance(doc, dict) and doc.get("kind") == kind else None
    return inner.get("action" if kind == "update" else "id") if isinstance(inner, dict) else None


def replace_action(state: TrackingState, action: Action) -> bool:
    """Rewrite the registration of `action.id` in place (its updates stay); False when there is none."""
    docs = state.sections.get(ACTIONS, [])
    for i, doc in enumerate(docs):
        if _action_id(doc, "action") == action.id:
            docs[i] = {"kind": "action", "action": encode(Action, action)}
            return True
    return False


def remove_action(state: TrackingState, ident: str) -> bool:
    """Delete an action and every update of it; False when there is no such action."""
    docs = state.sections.get(ACTIONS, [])
    kept = [d for d in docs if _action_id(d, "action") != ident and _action_id(d, "update") != ident]
    found = any(_action_id(d, "action") == ident for d in docs)
    if found:
        state.sections[ACTIONS] = kept
    return found


def status_date(state: TrackingState) -> dt.datetime | None:
    """The latest status date of the progress history (tasks still in the plan), None before any."""
    records = current_progress(state)
    dates = status_dates(records)
    return dates[-1] if dates else None


def meeting_records(state: TrackingState) -> list[MeetingRecord]:
    """The review meetings' records (attendees, agenda, notes, next date), in the order written."""
    return _load(state, MEETINGS, MeetingRecord)


def add_meeting_record(state: TrackingState, record: MeetingRecord) -> None:
    _append(state, MEETINGS, MeetingRecord, record)


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
