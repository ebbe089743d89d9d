"""The workspace: one project per JSON file, lock-free snapshots and locked read-modify-write updates.

Layout (TinyDB tables of numbered documents): `meta` {schema_version, written_by, revision},
`project` (the scalar fields), one table per project collection (`calendars`, `resources`, `tasks`,
`links`, `assignments`, `windows`), `schedule` (zero or one document: the stored plan, store/plan.py),
one table per tracking history ("baselines", "progress", ...: store/histories.py) and any section a
newer plantrack added, kept as it is.
"""

from __future__ import annotations

import gc
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plantrack.i18n import N_, _
from plantrack.scheduling.model import Project
from plantrack.store import codec, migrations
from plantrack.store.codec import CodecError, decode_project, encode, encode_project
from plantrack.store.errors import WorkspaceTooNew, WorkspaceUnreadable
from plantrack.store.histories import decode_history, encode_history, history_values
from plantrack.store.lock import try_workspace_lock, workspace_lock
from plantrack.store.plan import StoredPlan, read_plan
from plantrack.store.saving import (
    COLLECTIONS,
    PROJECT,
    RESERVED_TABLES,
    SCHEDULE,
    TYPED_TABLES,
    WRITTEN_BY,
    check_section,
    compare_rest,
    file_chunks,
    meta_table,
    rest_texts,
    table,
    typed_values,
)
from plantrack.store.scenarios import SCENARIOS, load_scenarios
from plantrack.store.sealed import META, read_sealed
from plantrack.store.state import HISTORIES, WorkspaceState
from plantrack.store.storage import (
    TEMP_SUFFIX,
    atomic_write,
    parse_tables,
    read_bytes,
    resolve,
    temp_prefix,
)
from plantrack.store.tables import ParsedFile

#: A temp file older than this has no live writer (a save takes milliseconds): it is an orphan.
ORPHAN_AGE_SECONDS = 5.0
_NOT_PLANTRACK_HINT = N_(
    "Pass a workspace created by plantrack (*.plantrack.json); the file was left untouched."
)


@dataclass(frozen=True)
class _Loaded:
    state: WorkspaceState
    schema: int
    revision: int
    raw: bytes
    parsed: ParsedFile
    reusable: bool  # the project's tables may be saved again from their text in `parsed`


class Workspace:
    """A workspace file. `read()` needs no lock; every change goes through `update()`."""

    def __init__(self, path: Path, *, program: str | None = None) -> None:
        self.path = Path(path)
        self.program = program
        # the file as open_workspace parsed it, for the first read or update if the file is unchanged
        self._primed: tuple[bytes, _Loaded | ParsedFile] | None = None
        self._primed_lock = threading.Lock()

    def __repr__(self) -> str:
        return f"Workspace({str(self.path)!r})"

    @property
    def name(self) -> str:
        """What names this workspace in messages and default file names: the file's name."""
        return self.path.name

    def read(self) -> WorkspaceState:
        """A consistent snapshot: each save replaces the whole file atomically, so no lock is needed."""
        return self._load().state

    @contextmanager
    def update(self, *, timeout: float = 10.0) -> Iterator[WorkspaceState]:
        """Lock, re-read, yield a mutable state; on normal exit save once if it changed, else nothing.

        An exception inside the block writes nothing. The revision is bumped by one per save and the
        yielded state shows the new one afterwards. To apply an edit based on an older read, compare
        `state.revision` with the revision that edit saw and merge or report a conflict.
        """
        with workspace_lock(self.path, timeout=timeout, program=self.program):
            loaded = self._load()
            state = loaded.state
            project_before = state.project
            scenarios_before = state.scenarios
            migrated = loaded.schema < migrations.SCHEMA_VERSION
            typed_before = typed_values(state)
            # a file without table spans (laid out by hand): remember the canonical text of what
            # callers may mutate in place, before they do
            before = (
                None
                if loaded.parsed.spans
                else rest_texts(self.path, state, _kept(loaded, state, typed_before))
            )
            yield state
            same_project = state.project is project_before or state.project == project_before
            kept = _kept(loaded, state, typed_before)
            with _gc_paused():  # the old plan may be parsed again: thousands of objects, all kept
                rest, same_rest = compare_rest(self.path, state, loaded.parsed, before, kept)
            same_scenarios = state.scenarios is scenarios_before and not state.scenarios.changed()
            if same_project and same_rest and not migrated and same_scenarios:
                return
            stored_revision = loaded.revision  # not state.revision: callers must not steer it
            if migrated:
                backup = migrations.backup_path(resolve(self.path), loaded.schema, stored_revision)
                atomic_write(backup, loaded.raw)
            new_revision = stored_revision + 1
            reuse = loaded.parsed if loaded.reusable else None
            with _gc_paused():
                texts = rest if rest is not None else rest_texts(self.path, state, kept)
                payload = file_chunks(self.path, state, new_revision, texts, reuse, project_before)
            atomic_write(self.path, payload)
            state.revision = new_revision

    def prime(self, raw: bytes, loaded: _Loaded | ParsedFile) -> None:
        """Hand the next read or update what `raw` loads to, used only if the file still holds `raw`."""
        with self._primed_lock:
            self._primed = (raw, loaded)

    def _load(self) -> _Loaded:
        raw = read_bytes(self.path)
        with self._primed_lock:
            primed, self._primed = self._primed, None
        with _gc_paused():
            if primed is not None and primed[0] == raw:
                # the same bytes load to the same state; it is handed out once (callers mutate it).
                # A parse means open_workspace found the file unsealed: no second digest check
                loaded = primed[1]
                return loaded if isinstance(loaded, _Loaded) else self._decode(raw, loaded)
            return self._load_sealed(raw) or self._decode(raw, parse_tables(self.path, raw))

    def _load_sealed(self, raw: bytes) -> _Loaded | None:
        """A file this store wrote, unchanged since (its digest matches): decoded without the strict parse."""
        found = read_sealed(raw, migrations.SCHEMA_VERSION, WRITTEN_BY)
        if found is None:
            return None
        tables = found.parsed.tables
        _schema, revision = _check_meta(self.path, tables)
        state = _state(self.path, tables, found.project, revision, sealed=True)
        state.scenarios = load_scenarios(self.path, tables.get(SCENARIOS))
        return _Loaded(state, migrations.SCHEMA_VERSION, revision, raw, found.parsed, True)

    def _decode(self, raw: bytes, parsed: ParsedFile) -> _Loaded:
        tables = parsed.tables
        schema, revision = _check_meta(self.path, tables)
        if schema < migrations.SCHEMA_VERSION:
            try:
                tables = migrations.migrate(tables, schema)
            except migrations.MigrationMissing as exc:
                raise WorkspaceUnreadable(self.path, str(exc)) from None
            except Exception as exc:  # a migration meeting a document it cannot handle: report, write nothing
                raise WorkspaceUnreadable(
                    self.path,
                    _("upgrading it from schema version {schema} failed: {error}").format(
                        schema=schema, error=repr(exc)
                    ),
                ) from exc
        state, complete = _decode_state(self.path, tables, revision)
        return _Loaded(state, schema, revision, raw, parsed, complete and schema == migrations.SCHEMA_VERSION)


def _kept(loaded: _Loaded, state: WorkspaceState, typed_before: dict[str, Any]) -> dict[str, Any]:
    """The file's own table of each typed value (plan, histories) still as it was read: a save writes
    it back as it is instead of encoding every record again."""
    if loaded.schema != migrations.SCHEMA_VERSION:
        return {}  # the file's tables are in an older layout: a migrated save writes them afresh
    tables = loaded.parsed.tables
    now = typed_values(state)
    return {name: tables[name] for name in TYPED_TABLES if name in tables and now[name] is typed_before[name]}


def create_workspace(path: Path, state: WorkspaceState, *, program: str | None = None) -> Workspace:
    """Write a new workspace (revision 0) all at once; WorkspaceExists if anything is at `path`."""
    with _gc_paused():
        payload = file_chunks(path, state, 0, rest_texts(path, state), None)
    atomic_write(path, payload, exclusive=True)
    return Workspace(path, program=program)


def open_workspace(path: Path, *, program: str | None = None) -> Workspace:
    """Check that `path` is a plantrack workspace this version can read, migrating an older schema.

    Also removes temp files left by writers that were killed mid-save (never a live writer's).
    """
    workspace = Workspace(path, program=program)
    raw = read_bytes(path)
    with _gc_paused():
        fast = workspace._load_sealed(raw)
        parsed = parse_tables(path, raw) if fast is None else fast.parsed
    # the meta check only: the tables are decoded by the first read, which reuses this parse
    schema, _revision = _check_meta(path, parsed.tables)
    if schema < migrations.SCHEMA_VERSION:
        with workspace.update():
            pass  # the update notices the old schema: backup, then one migrated save
    else:
        workspace.prime(raw, parsed if fast is None else fast)
    _remove_orphans(path, program)
    return workspace


def _remove_orphans(path: Path, program: str | None) -> None:
    target = resolve(path)
    pattern = f"{temp_prefix(target)}*{TEMP_SUFFIX}"
    if not any(target.parent.glob(pattern)):
        return  # the usual case: no lock taken, nothing created
    # only while holding the lock: a writer holds it for its whole save, temp file included
    with try_workspace_lock(path, program) as locked:
        if not locked:
            return
        now = time.time()
        for candidate in target.parent.glob(pattern):
            with suppress(OSError):
                if now - candidate.stat().st_mtime > ORPHAN_AGE_SECONDS:
                    os.unlink(candidate)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Building 100k+ objects (a 10k-task plan) triggers collection after collection of objects that
    all survive; pausing the cyclic GC meanwhile saves about a third of the time. It is restored even
    if another thread paused it too: whoever found it enabled re-enables it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _check_meta(path: Path, tables: dict[str, Any]) -> tuple[int, int]:
    meta_table = tables.get(META)
    meta = meta_table.get("1") if isinstance(meta_table, dict) else None
    if not isinstance(meta, dict) or "schema_version" not in meta:
        raise WorkspaceUnreadable(
            path,
            _("it is not a plantrack workspace (no meta table with a schema_version)"),
            hint=_(_NOT_PLANTRACK_HINT),
        )
    schema = meta["schema_version"]
    revision = meta.get("revision")
    if not isinstance(schema, int) or isinstance(schema, bool) or schema < migrations.FIRST_SCHEMA_VERSION:
        raise WorkspaceUnreadable(
            path,
            _("unknown schema_version {schema}").format(schema=f"{schema!r:.40}"),
            hint=_(_NOT_PLANTRACK_HINT),
        )
    if schema > migrations.SCHEMA_VERSION:
        written_by = meta.get("written_by")
        raise WorkspaceTooNew(
            path, schema, migrations.SCHEMA_VERSION, written_by if isinstance(written_by, str) else None
        )
    if not isinstance(revision, int) or isinstance(revision, bool) or revision < 0:
        raise WorkspaceUnreadable(
            path, _("meta.revision is {revision}, not a count of saves").format(revision=f"{revision!r:.40}")
        )
    return schema, revision


def _rows(path: Path, tables: dict[str, Any], name: str) -> list[Any]:
    """The documents of a table in insertion order (TinyDB ids are the decimal strings "1", "2"...)."""
    table = tables.get(name, {})
    if not isinstance(table, dict):
        raise WorkspaceUnreadable(
            path, _("table {name} is not an object of documents").format(name=repr(name))
        )
    numbered = []
    for key, doc in table.items():
        if not (isinstance(key, str) and key.isdigit() and key.isascii()):
            raise WorkspaceUnreadable(
                path,
                _("table {name} has a document id {key}, not a number").format(
                    name=repr(name), key=f"{key!r:.40}"
                ),
            )
        if not isinstance(doc, dict):
            raise WorkspaceUnreadable(
                path, _("table {name}, document {key}: not an object").format(name=repr(name), key=key)
            )
        numbered.append((int(key), doc))
    numbered.sort(key=lambda pair: pair[0])
    return [doc for _key, doc in numbered]


def decode_state(path: Path, tables: dict[str, Any], revision: int) -> WorkspaceState:
    """Tables of a current-schema document -> WorkspaceState; WorkspaceUnreadable names the bad spot."""
    return _decode_state(path, tables, revision)[0]


def _decode_state(path: Path, tables: dict[str, Any], revision: int) -> tuple[WorkspaceState, bool]:
    heads = _rows(path, tables, PROJECT)
    if len(heads) != 1:
        raise WorkspaceUnreadable(
            path, _("table 'project' must hold one document, not {n}").format(n=len(heads))
        )
    document = dict(heads[0])
    for name in COLLECTIONS:
        if name in document:
            raise WorkspaceUnreadable(
                path, _("table 'project' must not hold {name} (it has its own table)").format(name=repr(name))
            )
        document[name] = _rows(path, tables, name)
    located_before = codec.LOCATED_CALLS[0]
    try:
        project = decode_project(document)
    except CodecError as exc:
        raise WorkspaceUnreadable(
            path,
            _("invalid content at {where}: {detail}").format(where=exc.where or "project", detail=exc.detail),
        ) from None
    state = _state(path, tables, project, revision)
    state.scenarios = load_scenarios(path, tables.get(SCENARIOS))
    # every document held every field (no located decode): its text may be saved again as it is
    return state, codec.LOCATED_CALLS[0] == located_before


def _state(
    path: Path, tables: dict[str, Any], project: Project, revision: int, *, sealed: bool = False
) -> WorkspaceState:
    """The state around a decoded project: the stored plan (at most one), the histories decoded, and
    the documents of sections this version does not know. `sealed`: a file this version wrote,
    unchanged since, whose plan and histories msgspec may decode (in C) instead of the codec."""
    schedules = _rows(path, tables, SCHEDULE)
    if len(schedules) > 1:
        raise WorkspaceUnreadable(
            path, _("table 'schedule' must hold at most one document, not {n}").format(n=len(schedules))
        )
    histories = {
        name: decode_history(path, name, _rows(path, tables, name), sealed=sealed)
        for name in HISTORIES
        if name in tables
    }
    sections = {name: _rows(path, tables, name) for name in tables if name not in RESERVED_TABLES}
    state = WorkspaceState(
        project=project,
        schedule=read_plan(path, schedules[0], sealed=sealed) if schedules else None,
        sections=sections,
        revision=revision,
    )
    for name, records in histories.items():
        setattr(state, name, records)
    return state


def encode_state(state: WorkspaceState, revision: int) -> dict[str, Any]:
    """WorkspaceState -> tables of the current schema, with `revision` in meta."""
    if not isinstance(state.project, Project):
        raise TypeError(f"WorkspaceState.project must be a Project, not {type(state.project).__name__}")
    document = encode_project(state.project)
    tables: dict[str, Any] = {name: table(document.pop(name)) for name in COLLECTIONS}
    tables[PROJECT] = table([document])
    if state.schedule is not None and not isinstance(state.schedule, StoredPlan):
        raise TypeError("WorkspaceState.schedule must be a StoredPlan or None")
    tables[SCHEDULE] = table([] if state.schedule is None else [encode(StoredPlan, state.schedule)])
    for name, records in history_values(state).items():
        documents = encode_history(name, records)
        if documents:
            tables[name] = table(documents)
    for name, entries in state.sections.items():
        check_section(name, entries)
        tables[name] = table(entries)
    tables[META] = meta_table(revision)
    return tables


__all__ = [
    "Workspace",
    "WorkspaceState",
    "create_workspace",
    "decode_state",
    "encode_state",
    "open_workspace",
]
