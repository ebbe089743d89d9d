"""Scenarios stored in the workspace: named variants of the plan, each decoded only when first used.

The `scenarios` table holds one document per scenario: its name, note, who and when created it, and
its plan (project and stored plan) packed in one text field (store/scenario_plan.py). Progress and
baselines are shared: a scenario differs from the current plan only in its plan.

Opening a workspace must not decode every scenario's plan (five 10k-task variants would cost five
times the plan), so a file this store sealed keeps each scenario's document as raw bytes; only the few
header fields are read (msgspec skips the rest in C). A scenario's project is decoded on first access
and a save writes an untouched scenario's bytes back as they were. A file laid out by hand hands its
documents over as parsed JSON; errors in a scenario name the file and the scenario when it is used.
An older plantrack keeps the table as one of its sections (numbered JSON documents), so it survives.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import msgspec

from plantrack.i18n import _
from plantrack.scheduling.errors import InvalidInput, Problem
from plantrack.scheduling.model import Project
from plantrack.store.errors import WorkspaceUnreadable
from plantrack.store.plan import StoredPlan
from plantrack.store.scenario_plan import PACKED, PlanUnreadable, pack, unpack
from plantrack.store.tables import document_text

SCENARIOS = "scenarios"
#: The fields of a scenario's document besides its plan.
HEAD_FIELDS = ("name", "note", "created_by", "created_at")
#: Hand scores of the decision matrix (criterion id -> score): written only when a scenario has some.
SCORES = "scores"
#: What `head()` compares: the header fields, then the scores as sorted pairs.
Head = tuple[str, str, str, dt.datetime, tuple[tuple[str, float], ...]]
_DOC_START = b'{\n    "'
_DOC_SEPARATOR = b',\n    "'  # a document id at the start of a line: never inside a document's text
_TABLE_END = b"\n  }"


class _Head(msgspec.Struct):
    name: str
    note: str
    created_by: str
    created_at: str
    scores: dict[str, Any] = msgspec.field(default_factory=dict)


_HEAD = msgspec.json.Decoder(_Head)
_PLAIN = msgspec.json.Decoder()


@dataclass(eq=False)
class Scenario:
    """One scenario: its header and its plan, the plan decoded from the stored document on first use."""

    name: str
    note: str
    created_by: str
    created_at: dt.datetime
    scores: dict[str, float] = field(default_factory=dict)
    _source: bytes | dict[str, Any] | None = field(default=None, repr=False)
    _project: Project | None = field(default=None, repr=False)
    _schedule: StoredPlan | None = field(default=None, repr=False)
    _decoded: tuple[Project, StoredPlan | None] | None = field(default=None, repr=False)
    _path: Path | None = field(default=None, repr=False)
    _stored_head: Head | None = field(default=None, repr=False)

    @classmethod
    def new(
        cls,
        name: str,
        project: Project,
        schedule: StoredPlan | None,
        *,
        note: str,
        created_by: str,
        created_at: dt.datetime,
    ) -> Scenario:
        """A scenario made in this session (nothing stored yet)."""
        return cls(name, note, created_by, created_at, _project=project, _schedule=schedule)

    @property
    def loaded(self) -> bool:
        return self._project is not None

    @property
    def project(self) -> Project:
        self._load()
        assert self._project is not None
        return self._project

    @property
    def schedule(self) -> StoredPlan | None:
        """The scenario's stored plan (as `WorkspaceState.schedule`), None before its first schedule."""
        self._load()
        return self._schedule

    def set_plan(self, project: Project, schedule: StoredPlan | None) -> None:
        if not isinstance(project, Project):
            raise TypeError(f"a scenario's project must be a Project, not {type(project).__name__}")
        if schedule is not None and not isinstance(schedule, StoredPlan):
            raise TypeError("a scenario's stored plan must be a StoredPlan or None")
        self._load()
        self._project, self._schedule = project, schedule

    def head(self) -> Head:
        return (self.name, self.note, self.created_by, self.created_at, tuple(sorted(self.scores.items())))

    def plan_changed(self) -> bool:
        """Whether the plan differs from the stored one (a new scenario always does)."""
        if self._source is None:
            return True
        if self._project is None or self._decoded is None:
            return False
        project, schedule = self._decoded
        same_project = self._project is project or self._project == project
        return not same_project or (self._schedule is not schedule and self._schedule != schedule)

    def _document(self) -> dict[str, Any]:
        """The stored document as JSON (for a file laid out by hand, or to change only its header)."""
        if isinstance(self._source, dict):
            return self._source
        if isinstance(self._source, bytes):
            try:
                document = _PLAIN.decode(self._source)
            except msgspec.DecodeError as exc:
                raise self._unreadable(str(exc)) from None
            if isinstance(document, dict):
                return document
        raise self._unreadable(_("the scenario is not an object"))

    def _load(self) -> None:
        if self._project is not None:
            return
        try:
            # bytes come from a sealed file only: this very version wrote them
            project, schedule = unpack(self._document(), trusted=isinstance(self._source, bytes))
        except PlanUnreadable as exc:
            raise self._unreadable(
                _("invalid content at {where}: {detail}").format(where=exc.where or "plan", detail=exc.detail)
            ) from None
        self._project, self._schedule = project, schedule
        self._decoded = (project, schedule)

    def _unreadable(self, detail: str) -> WorkspaceUnreadable:
        return WorkspaceUnreadable(
            self._path or Path("?"),
            _("scenario {name}: {detail}").format(name=repr(self.name), detail=detail),
        )

    def text(self) -> bytes:
        """The document as a save writes it: the stored bytes when nothing in it changed."""
        if isinstance(self._source, bytes) and not self.plan_changed() and self._head_as_stored():
            return self._source
        if self._project is None:  # header changed only: keep the stored plan's text as it is
            document = {k: v for k, v in self._document().items() if k not in (*HEAD_FIELDS, SCORES)}
        else:
            document = {PACKED: pack(self._project, self._schedule)}
        document.update(
            name=self.name,
            note=self.note,
            created_by=self.created_by,
            created_at=self.created_at.isoformat(),
        )
        if self.scores:
            document[SCORES] = dict(sorted(self.scores.items()))
        return document_text(document).encode()

    def _head_as_stored(self) -> bool:
        return self._stored_head == self.head()


class Scenarios:
    """The workspace's scenarios, in the order they were made; changes are saved with the workspace."""

    def __init__(self, entries: list[Scenario] | None = None, source: bytes | None = None) -> None:
        self._entries = list(entries or [])
        self._source = source  # the whole table as stored, written back when nothing changed
        self._stored = self._fingerprint()

    def __iter__(self) -> Iterator[Scenario]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __eq__(self, other: object) -> bool:
        """Same scenarios in the same order with the same plans (compared decoded unless stored alike)."""
        if not isinstance(other, Scenarios):
            return NotImplemented
        if [s.head() for s in self] != [s.head() for s in other]:
            return False
        return all(
            (
                a._source is not None
                and a._source == b._source
                and not a.plan_changed()
                and not b.plan_changed()
            )
            or (a.project == b.project and a.schedule == b.schedule)
            for a, b in zip(self, other, strict=True)
        )

    __hash__ = None  # type: ignore[assignment]

    def names(self) -> list[str]:
        return [s.name for s in self._entries]

    def find(self, name: str) -> Scenario | None:
        return next((s for s in self._entries if s.name == name), None)

    def get(self, name: str) -> Scenario:
        """The scenario called `name`; InvalidInput naming it and listing the existing ones if none."""
        found = self.find(name)
        if found is None:
            raise unknown_scenario(name, self.names())
        return found

    def add(self, scenario: Scenario) -> None:
        if self.find(scenario.name) is not None:
            raise ValueError(f"a scenario named {scenario.name!r} exists")
        self._entries.append(scenario)

    def remove(self, name: str) -> Scenario:
        scenario = self.get(name)
        self._entries.remove(scenario)
        return scenario

    def _fingerprint(self) -> list[tuple[int, Head]]:
        return [(id(s), s.head()) for s in self._entries]

    def changed(self) -> bool:
        """Whether a save must write this table again (a scenario added, removed, renamed or edited)."""
        return self._fingerprint() != self._stored or any(s.plan_changed() for s in self._entries)

    def table_text(self) -> bytes | None:
        """The table's text as a save writes it, None for no scenario (the file then has no such table)."""
        if not self._entries:
            return None
        if self._source is not None and not self.changed():
            return self._source
        parts = [b'    "%d": ' % number + s.text() for number, s in enumerate(self._entries, start=1)]
        return b"{\n" + b",\n".join(parts) + _TABLE_END


def unknown_scenario(name: str, known: list[str]) -> InvalidInput:
    if known:
        message = _("no scenario {name} (scenarios: {names})").format(
            name=repr(name), names=", ".join(repr(n) for n in known)
        )
    else:
        message = _("no scenario {name}: this workspace has none (create one with `plantrack scenario new`)")
        message = message.format(name=repr(name))
    return InvalidInput([Problem(code="scenario-unknown", message=message, ids=(name,))])


def load_scenarios(path: Path, stored: Any) -> Scenarios:
    """The scenarios table as the load found it: raw bytes (a sealed file), parsed JSON, or absent."""
    if stored is None:
        return Scenarios()
    if isinstance(stored, bytes | memoryview):
        raw = bytes(stored)
        documents = split_documents(raw)
        if documents is not None:
            found = [_from_bytes(path, i, doc) for i, doc in enumerate(documents, 1)]
            _check_unique(path, found)
            return Scenarios(found, raw)
        try:
            stored = _PLAIN.decode(raw)
        except msgspec.DecodeError as exc:
            raise WorkspaceUnreadable(path, _("table 'scenarios': {error}").format(error=exc)) from None
    if not isinstance(stored, dict):
        raise WorkspaceUnreadable(
            path, _("table {name} is not an object of documents").format(name="'scenarios'")
        )
    entries = []
    for number, key in enumerate(sorted(stored, key=_id_order), start=1):
        document = stored[key]
        if not isinstance(document, dict):
            raise WorkspaceUnreadable(
                path, _("table {name}, document {key}: not an object").format(name="'scenarios'", key=key)
            )
        head = _check_head(path, number, {k: document.get(k) for k in HEAD_FIELDS})
        entries.append(_entry(path, head, document, _check_scores(path, head[0], document.get(SCORES, {}))))
    _check_unique(path, entries)
    return Scenarios(entries)


def _id_order(key: str) -> tuple[int, str]:
    return (int(key), "") if key.isdigit() and key.isascii() else (1 << 62, key)


def split_documents(raw: bytes) -> list[bytes] | None:
    """Each document's text in a table laid out canonically (ids 1, 2, 3...), else None."""
    if raw == b"{}":
        return []
    if not (raw.startswith(_DOC_START) and raw.endswith(_TABLE_END)):
        return None
    pieces = raw[len(_DOC_START) : -len(_TABLE_END)].split(_DOC_SEPARATOR)
    documents = []
    for number, piece in enumerate(pieces, start=1):
        prefix = b'%d": ' % number
        if not piece.startswith(prefix):
            return None
        documents.append(piece[len(prefix) :])
    return documents


def _from_bytes(path: Path, number: int, document: bytes) -> Scenario:
    try:
        head = _HEAD.decode(document)
    except (msgspec.ValidationError, msgspec.DecodeError) as exc:
        raise WorkspaceUnreadable(
            path, _("scenario {number}: {error}").format(number=number, error=exc)
        ) from None
    fields = _check_head(path, number, {k: getattr(head, k) for k in HEAD_FIELDS})
    return _entry(path, fields, document, _check_scores(path, fields[0], head.scores))


def _check_head(path: Path, number: int, head: dict[str, Any]) -> tuple[str, str, str, dt.datetime]:
    for key in HEAD_FIELDS:
        if not isinstance(head[key], str):
            raise WorkspaceUnreadable(
                path,
                _("scenario {number}: {field} is {value}, not a text").format(
                    number=number, field=key, value=f"{head[key]!r:.40}"
                ),
            )
    if not head["name"].strip():
        raise WorkspaceUnreadable(path, _("scenario {number}: its name is empty").format(number=number))
    try:
        created_at = dt.datetime.fromisoformat(head["created_at"])
    except ValueError:
        raise WorkspaceUnreadable(
            path,
            _("scenario {name}: created_at {value} is not a date and time").format(
                name=repr(head["name"]), value=repr(head["created_at"])
            ),
        ) from None
    return head["name"], head["note"], head["created_by"], created_at


def _check_scores(path: Path, name: str, scores: Any) -> dict[str, float]:
    """A scenario's hand scores: an object of finite numbers by criterion id."""
    if not isinstance(scores, dict):
        raise WorkspaceUnreadable(
            path, _("scenario {name}: its scores are not an object").format(name=repr(name))
        )
    for key, value in scores.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise WorkspaceUnreadable(
                path,
                _("scenario {name}: score {criterion} is {value}, not a number").format(
                    name=repr(name), criterion=repr(key), value=f"{value!r:.40}"
                ),
            )
    return {str(k): float(v) for k, v in scores.items()}


def _entry(
    path: Path,
    head: tuple[str, str, str, dt.datetime],
    source: bytes | dict[str, Any],
    scores: dict[str, float],
) -> Scenario:
    scenario = Scenario(*head, scores=scores, _source=source, _path=path)
    scenario._stored_head = scenario.head()
    return scenario


def _check_unique(path: Path, entries: list[Scenario]) -> None:
    seen: set[str] = set()
    for scenario in entries:
        if scenario.name in seen:
            raise WorkspaceUnreadable(
                path, _("two scenarios are named {name}").format(name=repr(scenario.name))
            )
        seen.add(scenario.name)
