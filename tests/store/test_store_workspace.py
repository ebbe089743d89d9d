"""Workspace semantics: one save per update and only on change, revisions, schema versions, migrations."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import threading
from pathlib import Path
from typing import Any

import pytest

from conftest import fingerprint
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.errors import Failure
from plantrack.scheduling.model import Project, Task
from plantrack.store import (
    Workspace,
    WorkspaceState,
    WorkspaceTooNew,
    WorkspaceUnreadable,
    create_workspace,
    migrations,
    open_workspace,
)
from plantrack.store.plan import PlannedTask, StoredPlan
from plantrack.store.sealed import seal
from plantrack.store.tables import table_text
from plantrack.store.workspace import encode_state


def _project() -> Project:
    return Project(
        name="Line 3",
        start=dt.datetime(2027, 1, 4),
        tasks=(
            Task(id="spec", duration=Duration(minutes=2400)),
            Task(id="order", duration=Duration(minutes=60)),
        ),
    )


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    state = WorkspaceState(project=_project(), sections={"remarks": [{"task": "spec", "percent": 0}]})
    return create_workspace(tmp_path / "line3.plantrack.json", state)


def _plan(finish: dt.datetime, *tasks: str) -> StoredPlan:
    start = dt.datetime(2027, 1, 4, 8)
    return StoredPlan(
        start=start, finish=finish, tasks=tuple(PlannedTask(id=t, start=start, finish=finish) for t in tasks)
    )


def _rename(project: Project, task: str, name: str) -> Project:
    tasks = tuple(dataclasses.replace(t, name=name) if t.id == task else t for t in project.tasks)
    return dataclasses.replace(project, tasks=tasks)


def test_created_workspace_reads_back_equal_at_revision_zero(ws: Workspace) -> None:
    state = ws.read()
    assert state == WorkspaceState(
        project=_project(), sections={"remarks": [{"task": "spec", "percent": 0}]}, revision=0
    )
    meta = json.loads(ws.path.read_text())["meta"]["1"]
    assert re.fullmatch("[0-9a-f]{64}", meta.pop("digest"))  # the seal: sha256 of the rest of the file
    assert meta == {
        "schema_version": migrations.SCHEMA_VERSION,
        "written_by": "plantrack 0.1.0",
        "revision": 0,
    }


def test_update_saves_once_bumps_the_revision_and_shows_it(ws: Workspace) -> None:
    with ws.update() as state:
        state.project = _rename(state.project, "spec", "Functional specification")
        state.sections["remarks"].append({"task": "spec", "percent": 50})
        state.schedule = _plan(dt.datetime(2027, 1, 12, 17))
        state.revision = 99  # read-only for callers: ignored
    assert state.revision == 1
    again = ws.read()
    assert again.revision == 1
    assert again.project.task_map()["spec"].name == "Functional specification"
    assert again.sections["remarks"][-1] == {"task": "spec", "percent": 50}
    assert again.schedule == _plan(dt.datetime(2027, 1, 12, 17))


def test_update_without_change_writes_nothing(ws: Workspace) -> None:
    with ws.update():
        pass
    before = fingerprint(ws.path)
    with ws.update() as state:
        state.project = _rename(state.project, "spec", "")  # equal to what is stored
        state.sections["remarks"][0]["percent"] = 0
    assert fingerprint(ws.path) == before
    assert ws.read().revision == 0


def test_an_exception_inside_update_writes_nothing(ws: Workspace) -> None:
    with ws.update():
        pass
    before = fingerprint(ws.path)
    with pytest.raises(KeyError), ws.update() as state:
        state.sections["remarks"].append({"task": "order"})
        raise KeyError("validation failed")
    assert fingerprint(ws.path) == before


@pytest.mark.parametrize("name", ["tasks", "meta", "project", "schedule", ""])
def test_reserved_section_names_are_refused(ws: Workspace, name: str) -> None:
    with ws.update():
        pass
    before = fingerprint(ws.path)
    with pytest.raises(ValueError, match="reserved"), ws.update() as state:
        state.sections[name] = []
    assert fingerprint(ws.path) == before


def test_empty_sections_and_absent_schedule_round_trip(ws: Workspace) -> None:
    with ws.update() as state:
        state.sections["log"] = []
    assert ws.read().sections == {"remarks": [{"task": "spec", "percent": 0}], "log": []}
    assert ws.read().schedule is None


def test_reads_are_independent_snapshots(ws: Workspace) -> None:
    first = ws.read()
    first.sections["remarks"].clear()
    assert ws.read().sections["remarks"] == [{"task": "spec", "percent": 0}]


def test_a_stale_edit_is_detected_through_the_revision(ws: Workspace) -> None:
    seen = ws.read()  # the TUI's view
    with ws.update() as state:  # the CLI saves meanwhile
        state.sections["remarks"].append({"task": "order", "percent": 100})
    with ws.update() as state:
        assert state.revision != seen.revision  # the TUI must merge or report a conflict
        assert state.sections["remarks"][-1]["task"] == "order"  # and it sees the fresh data


def test_nested_update_in_one_thread_fails_fast(ws: Workspace) -> None:
    with ws.update(), pytest.raises(RuntimeError, match="nested"), ws.update(timeout=30):
        pass


def test_threads_of_one_process_lose_no_update(ws: Workspace) -> None:
    def work(name: str) -> None:
        for i in range(25):
            with ws.update() as state:
                state.sections.setdefault("log", []).append({"by": name, "i": i})

    threads = [threading.Thread(target=work, args=(n,)) for n in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    log = ws.read().sections["log"]
    assert sorted((e["by"], e["i"]) for e in log) == sorted((n, i) for n in "ab" for i in range(25))
    assert ws.read().revision == 50


# --- S10: schema versions and migrations ------------------------------------------------------------


def _set_meta(path: Path, **meta: Any) -> None:
    doc = json.loads(path.read_text())
    doc["meta"]["1"].update(meta)
    path.write_text(json.dumps(doc, indent=2, sort_keys=True))


def test_a_newer_schema_is_refused_naming_both_versions(ws: Workspace) -> None:
    _set_meta(ws.path, schema_version=migrations.SCHEMA_VERSION + 1, written_by="plantrack 9.0")
    before = fingerprint(ws.path)
    for attempt in (lambda: open_workspace(ws.path), ws.read):
        with pytest.raises(WorkspaceTooNew) as caught:
            attempt()
        message = str(caught.value)
        assert f"schema version {migrations.SCHEMA_VERSION + 1}" in message
        assert f"up to {migrations.SCHEMA_VERSION}" in message and "plantrack 9.0" in message
        assert caught.value.failure is Failure.STORAGE
    with pytest.raises(WorkspaceTooNew), ws.update():
        pass
    assert fingerprint(ws.path) == before


def _percent_to_fraction(tables: dict[str, Any]) -> dict[str, Any]:
    """A sample step: the entries of a section store a fraction instead of a percentage."""
    remarks = tables.get("remarks", {})
    for entry in remarks.values():
        entry["fraction"] = entry.pop("percent") / 100
    return tables


def test_an_older_schema_is_migrated_once_after_a_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.plantrack.json"
    create_workspace(
        path, WorkspaceState(project=_project(), sections={"remarks": [{"task": "spec", "percent": 40}]})
    )
    original = path.read_bytes()
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(migrations, "MIGRATIONS", {1: _percent_to_fraction})

    # a lock-free read migrates in memory and writes nothing
    before = fingerprint(path)
    assert Workspace(path).read().sections["remarks"] == [{"task": "spec", "fraction": 0.4}]
    assert fingerprint(path) == before

    ws = open_workspace(path)
    backup = tmp_path / "old.plantrack.json.bak-schema1-rev0"
    assert backup.read_bytes() == original
    doc = json.loads(path.read_text())
    assert doc["meta"]["1"]["schema_version"] == 2 and doc["meta"]["1"]["revision"] == 1
    assert ws.read().sections["remarks"] == [{"task": "spec", "fraction": 0.4}]
    assert ws.read().project == _project()

    migrated = fingerprint(path)
    open_workspace(path)  # migrating twice is a no-op
    assert fingerprint(path) == migrated
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "old.plantrack.json",
        "old.plantrack.json.bak-schema1-rev0",
    ]


def test_a_missing_or_failing_migration_leaves_the_file_untouched(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = fingerprint(ws.path)
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 3)
    monkeypatch.setattr(migrations, "MIGRATIONS", {1: _percent_to_fraction})
    with pytest.raises(WorkspaceUnreadable, match="no migration from schema version 2 to 3"):
        open_workspace(ws.path)

    def broken(tables: dict[str, Any]) -> dict[str, Any]:
        raise KeyError("remarks")

    monkeypatch.setattr(migrations, "MIGRATIONS", {1: broken, 2: _percent_to_fraction})
    with pytest.raises(WorkspaceUnreadable, match="upgrading it from schema version 1 failed"):
        open_workspace(ws.path)
    assert fingerprint(ws.path) == before


def test_the_real_migration_table_covers_every_step() -> None:
    for version in range(migrations.FIRST_SCHEMA_VERSION, migrations.SCHEMA_VERSION):
        assert version in migrations.MIGRATIONS, f"no migration from schema {version}"


# --- speed paths: the parse made by open_workspace, table texts reused by a save ----------------------


def _canonical(ws: Workspace) -> bytes:
    """The file a save of the current state writes: canonical tables, sealed with the digest."""
    state = ws.read()
    tables = encode_state(state, state.revision)
    meta = tables.pop("meta")["1"]
    return b"".join(seal(((name, table_text(table)) for name, table in tables.items()), meta))


def test_the_first_read_after_open_sees_a_save_made_in_between(ws: Workspace) -> None:
    opened = open_workspace(ws.path)
    with Workspace(ws.path).update() as state:  # another process saves after the open
        state.sections["remarks"].append({"task": "order", "percent": 5})
    assert opened.read().sections["remarks"][-1] == {"task": "order", "percent": 5}
    assert opened.read().revision == 1


def test_a_read_after_open_is_its_own_snapshot(ws: Workspace) -> None:
    opened = open_workspace(ws.path)
    first = opened.read()
    first.sections["remarks"].clear()
    assert opened.read().sections["remarks"] == [{"task": "spec", "percent": 0}]


def test_a_save_reusing_the_project_text_writes_the_canonical_file(ws: Workspace) -> None:
    with open_workspace(ws.path).update() as state:
        state.schedule = _plan(dt.datetime(2027, 1, 12, 17), "spec")
    assert ws.path.read_bytes() == _canonical(ws)
    with ws.update() as state:
        state.project = _rename(state.project, "order", "Order parts")
    assert ws.path.read_bytes() == _canonical(ws)
    assert ws.read().project.task_map()["order"].name == "Order parts"


def test_a_hand_laid_out_file_is_compared_by_content(ws: Workspace) -> None:
    doc = json.loads(ws.path.read_text())
    ws.path.write_text(json.dumps(doc, indent=3))
    before = fingerprint(ws.path)
    with ws.update() as state:
        state.sections["remarks"][0]["percent"] = 0  # the same value
        state.schedule = None
    assert fingerprint(ws.path) == before
    with ws.update() as state:
        state.sections["remarks"][0]["percent"] = 1
    assert ws.path.read_bytes() == _canonical(ws)
    assert ws.read().sections["remarks"] == [{"task": "spec", "percent": 1}]


def test_a_task_missing_a_defaulted_field_is_written_in_full_on_the_next_save(ws: Workspace) -> None:
    doc = json.loads(ws.path.read_text())
    del doc["tasks"]["1"]["notes"]  # as an older plantrack without that field would have written it
    ws.path.write_text(json.dumps(doc))
    with ws.update() as state:
        state.schedule = _plan(dt.datetime(2027, 1, 12, 17))
    assert json.loads(ws.path.read_text())["tasks"]["1"]["notes"] == ""
    assert ws.path.read_bytes() == _canonical(ws)


def test_a_type_change_equal_in_python_is_still_a_change(ws: Workspace) -> None:
    with ws.update() as state:
        state.sections["remarks"][0]["percent"] = False  # == 0, but another JSON value
    assert ws.read().sections["remarks"][0]["percent"] is False
    assert ws.read().revision == 1


def test_a_changed_project_re_encodes_only_the_tables_it_changed(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    from plantrack.store import saving

    encoded: list[str] = []
    real = saving._project_table_text

    def spy(project: Project, name: str) -> str:
        encoded.append(name)
        return real(project, name)

    monkeypatch.setattr(saving, "_project_table_text", spy)
    with ws.update() as state:
        state.project = _rename(state.project, "order", "Order the screwdrivers")
    assert encoded == ["tasks"]
    encoded.clear()
    with ws.update() as state:  # equal but rebuilt collections count as unchanged
        project = state.project
        state.project = dataclasses.replace(project, links=tuple(list(project.links)), currency="USD")
    assert encoded == ["project"]
    state = ws.read()
    assert state.project.currency == "USD"
    assert state.project.task_map()["order"].name == "Order the screwdrivers"
    assert ws.path.read_bytes() == _canonical(ws)
