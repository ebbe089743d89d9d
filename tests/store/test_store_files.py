"""The workspace file: atomic saves under injected faults, corrupt files refused untouched, metadata kept."""

from __future__ import annotations

import dataclasses
import datetime as dt
import errno
import json
import os
import re
import stat
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tinydb import TinyDB

from conftest import SRC, fingerprint
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.errors import Failure
from plantrack.scheduling.model import Project, Task
from plantrack.store import (
    StorageError,
    Workspace,
    WorkspaceExists,
    WorkspaceState,
    WorkspaceUnreadable,
    create_workspace,
    open_workspace,
)
from plantrack.store import workspace as workspace_module
from plantrack.store.lock import workspace_lock
from plantrack.store.plan import StoredPlan
from plantrack.store.storage import AtomicJSONStorage


def make_project(n_tasks: int = 30) -> Project:
    return Project(
        name="Line 3 retrofit",
        start=dt.datetime(2027, 1, 4, 8),
        tasks=tuple(
            Task(id=f"t{i}", name=f"Task {i} é", duration=Duration(minutes=60 * (i % 9 + 1)))
            for i in range(n_tasks)
        ),
    )


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    """A workspace already saved once (its lock file exists, as for any workspace in use)."""
    path = tmp_path / "line3.plantrack.json"
    workspace = create_workspace(path, WorkspaceState(project=make_project()))
    with workspace.update() as state:
        state.sections["remarks"] = [{"task": "t0", "percent": 10}]
    return workspace


def _edit(workspace: Workspace, marker: int) -> None:
    with workspace.update() as state:
        state.sections["remarks"].append({"task": "t1", "percent": marker})


# --- S2 / S11: deterministic fault injection -------------------------------------------------------


def _failing(real: Callable[..., Any], fail_at: int, exc: OSError, calls: list[int]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        if calls[0] == fail_at:
            raise exc
        return real(*args, **kwargs)

    return wrapper


FAULTS = [
    ("os", "write", OSError(errno.ENOSPC, "No space left on device")),
    ("os", "write", OSError(errno.EIO, "Input/output error")),
    ("os", "fsync", OSError(errno.EIO, "Input/output error")),
    ("os", "replace", OSError(errno.EXDEV, "Invalid cross-device link")),
    ("os", "replace", PermissionError(errno.EACCES, "Permission denied")),
    ("os", "fchmod", PermissionError(errno.EPERM, "Operation not permitted")),
    ("tempfile", "mkstemp", PermissionError(errno.EACCES, "Permission denied")),
]


@pytest.mark.parametrize(("module", "name", "exc"), FAULTS, ids=lambda v: getattr(v, "strerror", v))
def test_a_failing_call_at_any_point_leaves_the_old_file_or_the_new_one(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch, module: str, name: str, exc: OSError
) -> None:
    target = os if module == "os" else tempfile
    real = getattr(target, name)
    failures = 0
    for fail_at in range(1, 10):
        before = fingerprint(ws.path)
        revision = ws.read().revision
        calls = [0]
        monkeypatch.setattr(target, name, _failing(real, fail_at, exc, calls))
        try:
            _edit(ws, fail_at)
        except StorageError as error:
            monkeypatch.setattr(target, name, real)
            failures += 1
            assert str(ws.path) in str(error) and exc.strerror in str(error)
            assert error.failure is Failure.STORAGE
            if "saved" in str(error):  # failed after the rename (directory fsync): the new file is whole
                assert ws.read().revision == revision + 1
            else:
                assert fingerprint(ws.path) == before, (
                    f"file changed although the save failed at call {fail_at}"
                )
            continue
        finally:
            monkeypatch.setattr(target, name, real)
        assert ws.read().revision == revision + 1
        assert ws.read().sections["remarks"][-1]["percent"] == fail_at
        if calls[0] < fail_at:
            break  # the save made fewer calls than fail_at: every position has been tried
    assert failures >= 1, f"no injected {name} failure reached the save"
    assert sorted(p.name for p in ws.path.parent.iterdir()) == [ws.path.name]  # the lock file went too


def test_short_writes_are_completed(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    real_write = os.write

    def short_write(fd: int, data: bytes) -> int:
        return real_write(fd, bytes(data[:7]))

    monkeypatch.setattr(os, "write", short_write)
    _edit(ws, 42)
    monkeypatch.setattr(os, "write", real_write)
    assert ws.read().sections["remarks"][-1] == {"task": "t1", "percent": 42}


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores folder permissions")
def test_read_only_folder_is_a_storage_error(ws: Workspace) -> None:
    before = fingerprint(ws.path)
    ws.path.parent.chmod(0o555)
    try:
        with pytest.raises(StorageError, match="Permission denied"):
            _edit(ws, 1)
    finally:
        ws.path.parent.chmod(0o755)
    assert fingerprint(ws.path) == before


def test_unencodable_text_writes_nothing(ws: Workspace) -> None:
    before = fingerprint(ws.path)
    with pytest.raises(StorageError, match="cannot be written as JSON"), ws.update() as state:
        state.sections["notes"] = [{"text": "lone surrogate \ud800"}]
    with pytest.raises(StorageError), ws.update() as state:
        state.sections["notes"] = [{"value": float("nan")}]
    assert fingerprint(ws.path) == before


# --- S9: corrupt-file corpus -----------------------------------------------------------------------


def _corpus(good: bytes) -> dict[str, bytes]:
    doc = json.loads(good)
    plain_tinydb = json.dumps({"_default": {"1": {"name": "x"}}}).encode()
    no_project = dict(doc, project={})
    bad_task = json.loads(good)
    bad_task["tasks"]["1"]["duration"] = "3d"
    string_schema = json.loads(good)
    string_schema["meta"]["1"]["schema_version"] = "1"
    bad_id = json.loads(good)
    bad_id["tasks"]["x"] = bad_id["tasks"].pop("1")
    accented = good.index("é".encode())
    return {
        "truncated-10": good[: len(good) // 10],
        "truncated-50": good[: len(good) // 2],
        "truncated-99": good[: len(good) * 99 // 100],
        "trailing-garbage": good + b"garbage",
        "new-document-plus-old-tail": good + good[-200:],
        "nul-byte-appended": good + b"\x00",
        "nul-byte-inside": good[:100] + b"\x00" + good[100:],
        "empty": b"",
        "whitespace-only": b" \n\t" * 100,
        "top-level-list": b"[]",
        "top-level-null": b"null",
        "top-level-object-empty": b"{}",
        "top-level-number": b"42",
        "invalid-utf8": good[:accented] + b"\xff" + good[accented + 2 :],
        "duplicate-keys": b'{"meta": {}, "meta": {"1": {"schema_version": 1, "revision": 0}}}',
        "duplicate-key-in-a-task": good.replace(b'"name":"Task 3 ', b'"name":"x","name":"Task 3 ', 1),
        "plain-tinydb-file": plain_tinydb,
        "no-project-document": json.dumps(no_project).encode(),
        "invalid-task-field": json.dumps(bad_task).encode(),
        "schema-version-string": json.dumps(string_schema).encode(),
        "non-numeric-document-id": json.dumps(bad_id).encode(),
        "binary-garbage": bytes(range(256)) * 4,
    }


GOOD = AtomicJSONStorage(Path("x")).payload(
    workspace_module.encode_state(WorkspaceState(project=make_project()), revision=3)
)
CORPUS = _corpus(GOOD)


@pytest.mark.parametrize("case", sorted(CORPUS))
def test_corrupt_files_are_refused_and_left_untouched(tmp_path: Path, case: str) -> None:
    path = tmp_path / "line3.plantrack.json"
    path.write_bytes(CORPUS[case])
    before = fingerprint(path)
    workspace = Workspace(path)
    for attempt in (lambda: open_workspace(path).read(), workspace.read, lambda: _edit(workspace, 1)):
        with pytest.raises(WorkspaceUnreadable) as caught:
            attempt()
        error = caught.value
        assert error.failure is Failure.STORAGE
        assert str(path) in str(error)
        assert "left untouched" in str(error) or "Restore" in str(error)
    assert fingerprint(path) == before


@pytest.mark.parametrize(
    ("case", "offset"),
    [
        ("truncated-50", len(GOOD) // 2),
        ("trailing-garbage", len(GOOD)),
        ("nul-byte-appended", len(GOOD)),
        ("empty", 0),
        ("invalid-utf8", GOOD.index("é".encode())),
    ],
)
def test_unreadable_error_gives_the_byte_offset(tmp_path: Path, case: str, offset: int) -> None:
    path = tmp_path / "w.plantrack.json"
    path.write_bytes(CORPUS[case])
    with pytest.raises(WorkspaceUnreadable) as caught:
        open_workspace(path)
    assert caught.value.offset is not None
    # a truncated document is detected at its end or at the last token that could not be completed
    assert offset - 40 <= caught.value.offset <= offset
    assert re.search(rf"at byte {caught.value.offset}\b", str(caught.value))


def test_fifty_megabytes_of_whitespace_is_not_an_empty_workspace(tmp_path: Path) -> None:
    path = tmp_path / "w.plantrack.json"
    path.write_bytes(b" " * (50 * 1024 * 1024))
    before = fingerprint(path)
    with pytest.raises(WorkspaceUnreadable, match="only whitespace"):
        open_workspace(path)
    assert fingerprint(path) == before


def test_semantic_errors_name_the_table_and_field(tmp_path: Path) -> None:
    path = tmp_path / "w.plantrack.json"
    path.write_bytes(CORPUS["invalid-task-field"])
    with pytest.raises(WorkspaceUnreadable, match=r"tasks\[0\]\.duration: expected an object"):
        open_workspace(path).read()


# --- creation, S12 metadata, orphans, plain TinyDB access --------------------------------------------


def test_create_never_overwrites(ws: Workspace, tmp_path: Path) -> None:
    before = fingerprint(ws.path)
    with pytest.raises(WorkspaceExists) as caught:
        create_workspace(ws.path, WorkspaceState(project=make_project(1)))
    assert caught.value.failure is Failure.INVALID_INPUT
    assert fingerprint(ws.path) == before
    (tmp_path / "folder.plantrack.json").mkdir()
    with pytest.raises(WorkspaceExists):
        create_workspace(tmp_path / "folder.plantrack.json", WorkspaceState(project=make_project(1)))


def test_create_in_a_missing_folder_is_a_storage_error(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="No such file"):
        create_workspace(tmp_path / "nowhere" / "w.plantrack.json", WorkspaceState(project=make_project(1)))


def test_new_file_gets_the_usual_mode_and_a_save_keeps_a_custom_one(tmp_path: Path) -> None:
    path = tmp_path / "w.plantrack.json"
    mask = os.umask(0o022)
    os.umask(mask)
    workspace = create_workspace(path, WorkspaceState(project=make_project(2)))
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~mask
    path.chmod(0o640)
    with workspace.update() as state:
        state.schedule = StoredPlan(start=dt.datetime(2027, 1, 4, 8), finish=dt.datetime(2027, 2, 1, 17))
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert workspace.read().schedule == StoredPlan(
        start=dt.datetime(2027, 1, 4, 8), finish=dt.datetime(2027, 2, 1, 17)
    )


def test_saving_through_a_symlink_replaces_the_target_and_keeps_the_link(tmp_path: Path) -> None:
    real_dir = tmp_path / "shared"
    real_dir.mkdir()
    target = real_dir / "site.plantrack.json"
    create_workspace(target, WorkspaceState(project=make_project(2)))
    link = tmp_path / "mine.plantrack.json"
    link.symlink_to(target)
    workspace = open_workspace(link)
    _ = workspace.read()
    with workspace.update() as state:
        state.sections["remarks"] = [{"gate": "t0", "decision": "go"}]
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert json.loads(target.read_bytes())["remarks"] == {"1": {"gate": "t0", "decision": "go"}}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.plantrack.json", "shared"]
    assert sorted(p.name for p in real_dir.iterdir()) == ["site.plantrack.json"]


def test_open_removes_old_orphan_temp_files_only(ws: Workspace) -> None:
    folder = ws.path.parent
    old = folder / f".{ws.path.name}.k1ll3d.tmp"
    fresh = folder / f".{ws.path.name}.wr1t1ng.tmp"
    unrelated = folder / ".other.plantrack.json.abc.tmp"
    for orphan in (old, fresh, unrelated):
        orphan.write_text("{")
    an_hour_ago = time.time() - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))
    os.utime(unrelated, (an_hour_ago, an_hour_ago))
    with workspace_lock(ws.path, timeout=1):  # a writer is saving: nothing may be removed
        open_workspace(ws.path)
    assert old.exists()
    open_workspace(ws.path)
    assert not old.exists() and fresh.exists() and unrelated.exists()


def test_plain_tinydb_reads_the_file_with_the_atomic_storage(ws: Workspace) -> None:
    db = TinyDB(ws.path, storage=AtomicJSONStorage)
    tasks = sorted(db.table("tasks", cache_size=0).all(), key=lambda doc: doc.doc_id)
    assert [t["id"] for t in tasks] == [f"t{i}" for i in range(30)]
    assert db.table("meta", cache_size=0).all()[0]["revision"] == 1


def test_file_layout_sorts_keys_and_puts_one_document_per_line(ws: Workspace) -> None:
    lines = ws.path.read_text(encoding="utf-8").splitlines()
    tables = [line.split('"')[1] for line in lines if line.startswith('  "')]
    assert tables == sorted(tables) and "tasks" in tables
    task_lines = [line for line in lines if '"id":"t' in line]
    assert len(task_lines) == 30  # one line per task document
    ids, docs = [], []
    for line in task_lines:
        key, _, doc = line.strip().rstrip(",").partition(": ")
        ids.append(int(json.loads(key)))
        docs.append(json.loads(doc))
    assert ids == list(range(1, 31))  # numeric order, not "1", "10", "11"
    assert all(list(doc) == sorted(doc) for doc in docs)
    assert "Task 3 é" in task_lines[3]  # readable, not \\u escapes


def test_changing_one_task_changes_one_line(ws: Workspace) -> None:
    before = ws.path.read_text(encoding="utf-8").splitlines()
    with ws.update() as state:
        tasks = list(state.project.tasks)
        tasks[12] = dataclasses.replace(tasks[12], name="Torque check")
        state.project = dataclasses.replace(state.project, tasks=tuple(tasks))
    after = ws.path.read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert len(changed) == 2  # the task and the revision in meta
    assert '"revision":2' in changed[0][1] and "Torque check" in changed[1][1]


def test_a_long_document_is_written_one_field_per_line(ws: Workspace) -> None:
    document = {f"t{i}": {"start": "2027-01-04T08:00:00", "finish": "2027-01-04T17:00:00"} for i in range(30)}
    document["finish"] = "2027-03-01T17:00:00"
    with ws.update() as state:
        state.sections["remarks"] = [document]
    lines = ws.path.read_text(encoding="utf-8").splitlines()
    assert '      "finish": "2027-03-01T17:00:00",' in lines
    assert ws.read().sections["remarks"] == [document]


def test_only_one_store_module_imports_tinydb() -> None:
    importers = [
        p.name
        for p in (SRC / "plantrack" / "store").glob("*.py")
        if re.search(r"^\s*(import tinydb|from tinydb)", p.read_text(encoding="utf-8"), re.MULTILINE)
    ]
    assert importers == ["storage.py"]
    assert "tinydb.middlewares" not in (SRC / "plantrack" / "store" / "storage.py").read_text(
        encoding="utf-8"
    )
