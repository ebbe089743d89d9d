"""What a save writes: the canonical text of each table, the unchanged-plan check and the sealed file."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from plantrack import __version__
from plantrack.i18n import _
from plantrack.scheduling.model import Project
from plantrack.store import migrations
from plantrack.store.codec import collection_types, encode, encode_project, project_collections
from plantrack.store.errors import StorageError
from plantrack.store.histories import encode_history, history_values
from plantrack.store.plan import StoredPlan
from plantrack.store.scenarios import SCENARIOS
from plantrack.store.sealed import META, Chunk, seal
from plantrack.store.state import HISTORIES, WorkspaceState
from plantrack.store.tables import ParsedFile, checked_table_text, same_table, table_text

PROJECT = "project"
SCHEDULE = "schedule"
COLLECTIONS = project_collections()
#: the tables decoded into typed fields of WorkspaceState (the stored plan and the histories)
TYPED_TABLES = (SCHEDULE, *HISTORIES)
RESERVED_TABLES = frozenset({META, PROJECT, SCENARIOS, *TYPED_TABLES, *COLLECTIONS})
WRITTEN_BY = f"plantrack {__version__}"


def table(documents: list[Any]) -> dict[str, Any]:
    return {str(number): doc for number, doc in enumerate(documents, start=1)}


def typed_values(state: WorkspaceState) -> dict[str, Any]:
    """The stored plan and each history of `state`, by table name."""
    return {SCHEDULE: state.schedule, **history_values(state)}


def rest_tables(state: WorkspaceState, kept: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The schedule table, the histories' and each unknown section's table, as a save would write them.

    `kept` holds the file's own table for each typed value the caller left as it was read: it is
    written back as it is (no encoding, and an older layout stays until the value changes).
    """
    kept = kept or {}
    plan = state.schedule
    if plan is not None and not isinstance(plan, StoredPlan):
        raise TypeError(f"WorkspaceState.schedule must be a StoredPlan or None, not {type(plan).__name__}")
    tables: dict[str, Any] = {
        SCHEDULE: kept[SCHEDULE]
        if SCHEDULE in kept
        else table([] if plan is None else [encode(StoredPlan, plan)])
    }
    for name, records in history_values(state).items():
        if name in kept:
            tables[name] = kept[name]
        else:
            documents = encode_history(name, records)
            if documents:  # an empty history is no table (a file that had one keeps it through `kept`)
                tables[name] = table(documents)
    for name, entries in state.sections.items():
        check_section(name, entries)
        tables[name] = table(entries)
    return tables


@contextmanager
def _writable(path: Path) -> Iterator[None]:
    """What JSON cannot hold (NaN, a set, a lone surrogate...) is a StorageError naming the file."""
    try:
        yield
    except (TypeError, ValueError, RecursionError) as exc:
        raise StorageError(path, _("the data cannot be written as JSON: {error}").format(error=exc)) from exc


def _texts(path: Path, tables: dict[str, Any]) -> dict[str, str]:
    with _writable(path):
        return {name: table_text(table) for name, table in tables.items()}


def rest_texts(path: Path, state: WorkspaceState, kept: Mapping[str, Any] | None = None) -> dict[str, str]:
    """Canonical text of the schedule table and of each section table, as a save would write them."""
    return _texts(path, rest_tables(state, kept))


def compare_rest(
    path: Path,
    state: WorkspaceState,
    parsed: ParsedFile,
    before: dict[str, str] | None,
    kept: Mapping[str, Any] | None = None,
) -> tuple[dict[str, str] | None, bool]:
    """Whether the schedule and sections equal the file's, and the texts a save would write (None:
    unchanged, make them if the project's change needs a save)."""
    if before is not None:
        rest = rest_texts(path, state, kept)
        return rest, rest == before
    tables = rest_tables(state, kept)
    old_names = set(parsed.tables) - {META, PROJECT, SCENARIOS, *COLLECTIONS}
    if set(tables) != old_names | {SCHEDULE}:
        return _texts(path, tables), False
    quick = {name: table_text(table, quick=True) for name, table in tables.items()}
    # the usual case, a plan saved again unchanged: the quick text equals the file's, nothing to write
    if all(parsed.table_source(name) == text for name, text in quick.items()):
        return None, True
    with _writable(path):
        rest = {name: checked_table_text(tables[name], text) for name, text in quick.items()}
    return rest, all(same_table(parsed.table_source(name), text) for name, text in rest.items())


_FIRST_DOCUMENT = b'{\n    "1": '
_TABLE_END = b"\n  }"


def our_layout(source: str | Chunk | None) -> bool:
    """Whether a table's text is laid out as this store writes it (else a save lays it out again)."""
    if source is None:
        return False
    data = source.encode() if isinstance(source, str) else source
    if len(data) == 2:
        return bytes(data) == b"{}"
    return (
        bytes(data[: len(_FIRST_DOCUMENT)]) == _FIRST_DOCUMENT
        and bytes(data[-len(_TABLE_END) :]) == _TABLE_END
    )


def check_section(name: Any, entries: Any) -> None:
    if not isinstance(name, str) or not name or name in RESERVED_TABLES:
        raise ValueError(f"section name {name!r} is empty or reserved ({', '.join(sorted(RESERVED_TABLES))})")
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise TypeError(f"section {name!r} must be a list of dicts")


def meta_doc(revision: int) -> dict[str, Any]:
    return {
        "schema_version": migrations.SCHEMA_VERSION,
        "written_by": WRITTEN_BY,
        "revision": revision,
    }


def meta_table(revision: int) -> dict[str, Any]:
    return table([meta_doc(revision)])


def file_chunks(
    path: Path,
    state: WorkspaceState,
    revision: int,
    rest: dict[str, str],
    reuse: ParsedFile | None,
    before: Project | None = None,
) -> list[Chunk]:
    """The file, as chunks to write in order: `rest` for the schedule and sections; each project table
    from `reuse`'s text when it holds what `before` (the project as read) held and the project did not
    change it, else encoded afresh (renaming one task re-encodes the tasks, not the 200k links)."""
    project = state.project
    if not isinstance(project, Project):
        raise TypeError(f"WorkspaceState.project must be a Project, not {type(project).__name__}")
    texts: dict[str, str | Chunk] = dict(rest)
    with _writable(path):
        for name in (PROJECT, *COLLECTIONS):
            source = reuse.table_bytes(name) if reuse is not None and before is not None else None
            if source is not None and our_layout(source) and _unchanged(project, before, name):
                texts[name] = source
            else:
                texts[name] = _project_table_text(project, name)
        scenarios = state.scenarios.table_text()
        if scenarios is not None:
            texts[SCENARIOS] = scenarios
        return seal(texts.items(), meta_doc(revision))


def _unchanged(project: Project, before: Project | None, name: str) -> bool:
    if before is None:
        return False
    if name == PROJECT:  # the scalar fields
        return all(getattr(project, f) == getattr(before, f) for f in _scalar_fields())
    new, old = getattr(project, name), getattr(before, name)
    return bool(new is old or new == old)


@cache
def _scalar_fields() -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(Project) if f.name not in COLLECTIONS)


def _project_table_text(project: Project, name: str) -> str:
    if name == PROJECT:
        head = encode_project(dataclasses.replace(project, **{c: () for c in COLLECTIONS}))  # type: ignore[arg-type]
        for c in COLLECTIONS:
            del head[c]
        tbl = table([head])
    else:
        cls = collection_types()[name]
        tbl = table([encode(cls, item) for item in getattr(project, name)])
    # the whole table read back once, not each of its documents
    return checked_table_text(tbl, table_text(tbl, quick=True))
