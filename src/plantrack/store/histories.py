"""The tracking histories' tables (baselines, progress, gates, actions, meetings) <-> typed records.

Each history is a table of the same name, one document per record in the order entered; `actions`
holds actions and their updates told apart by `kind`. They are decoded once when the file is read
(a damaged entry names the file, the table and the entry) and encoded when a save writes them.
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

from plantrack.i18n import _
from plantrack.scheduling.tracking.meeting import MeetingRecord
from plantrack.scheduling.tracking.records import Action, ActionUpdate, Baseline, GateDecision, ProgressRecord
from plantrack.store.codec import CodecError, decode, encode, fast_convert
from plantrack.store.errors import WorkspaceUnreadable
from plantrack.store.state import HISTORIES, ActionEntry, WorkspaceState

BASELINES = "baselines"
PROGRESS = "progress"
GATES = "gates"
ACTIONS = "actions"
#: added after schema 1 was released: an older plantrack keeps unknown sections as they are, so no
#: migration is needed, and a workspace without it simply has no meeting recorded
MEETINGS = "meetings"

_RECORDS: dict[str, type] = {
    BASELINES: Baseline,
    PROGRESS: ProgressRecord,
    GATES: GateDecision,
    MEETINGS: MeetingRecord,
}


#: each record kind as msgspec converts a whole history (built once, not per read)
_TUPLE: Any = tuple  # subscripted with a class held in a variable, which type checkers refuse
_TUPLES: dict[str, Any] = {name: _TUPLE[cls, ...] for name, cls in _RECORDS.items()}


class TrackingDataError(WorkspaceUnreadable):
    """A stored tracking document does not decode: the file was edited by hand or is damaged."""

    error_code = "tracking-data-invalid"

    def __init__(self, path: Path, section: str, index: int, detail: str) -> None:
        super().__init__(
            path,
            _("workspace section {section}, entry {index}: {detail}").format(
                section=repr(section), index=index, detail=detail
            ),
        )
        self.section = section
        self.index = index


def _decode_action(doc: Any) -> ActionEntry:
    kind = doc.get("kind") if isinstance(doc, dict) else None
    if kind == "action":
        return typing.cast(Action, decode(Action, doc.get("action"), "action"))
    if kind == "update":
        return typing.cast(ActionUpdate, decode(ActionUpdate, doc.get("update"), "update"))
    raise CodecError("kind", _("expected 'action' or 'update', found {kind}").format(kind=f"{kind!r:.40}"))


def _decoder(name: str) -> Callable[[Any], Any]:
    if name == ACTIONS:
        return _decode_action
    cls = _RECORDS[name]
    return lambda doc: decode(cls, doc)


def decode_history(path: Path, name: str, documents: list[Any], *, sealed: bool = False) -> tuple[Any, ...]:
    """The records of history `name` from its documents in order; TrackingDataError names a bad one.

    `sealed`: the file is one this version wrote and has not changed since (store/sealed.py).
    """
    if sealed and name in _RECORDS:
        fast = fast_convert(documents, _TUPLES[name])
        if fast is not None:
            return typing.cast(tuple[Any, ...], fast)
    dec = _decoder(name)
    out = []
    for index, doc in enumerate(documents):
        try:
            out.append(dec(doc))
        except CodecError as exc:
            raise TrackingDataError(path, name, index, str(exc)) from None
    return tuple(out)


def encode_entry(name: str, record: Any) -> dict[str, Any]:
    """One record's document in history `name`."""
    if name == ACTIONS:
        if isinstance(record, Action):
            return {"kind": "action", "action": encode(Action, record)}
        if isinstance(record, ActionUpdate):
            return {"kind": "update", "update": encode(ActionUpdate, record)}
        raise TypeError(f"the actions history holds Action or ActionUpdate, not {type(record).__name__}")
    cls = _RECORDS[name]
    if not isinstance(record, cls):
        raise TypeError(f"the {name} history holds {cls.__name__}, not {type(record).__name__}")
    return typing.cast(dict[str, Any], encode(cls, record))


def encode_history(name: str, records: tuple[Any, ...]) -> list[dict[str, Any]]:
    if not isinstance(records, tuple):
        raise TypeError(f"WorkspaceState.{name} must be a tuple, not {type(records).__name__}")
    return [encode_entry(name, r) for r in records]


def history_values(state: WorkspaceState) -> dict[str, tuple[Any, ...]]:
    """Each typed history of `state`, by table name."""
    return {name: getattr(state, name) for name in HISTORIES}
