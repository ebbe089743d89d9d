"""Several processes on one workspace: kills mid-save, concurrent writers, lock-free readers, busy locks."""

from __future__ import annotations

import datetime as dt
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import cli_env
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.errors import Failure
from plantrack.scheduling.model import Project, Task
from plantrack.store import Workspace, WorkspaceBusy, WorkspaceState, create_workspace, open_workspace
from plantrack.store.lock import lock_path_for, read_holder
from plantrack.store.workspace import ORPHAN_AGE_SECONDS

WORKER = Path(__file__).with_name("store_worker.py")


def spawn(*args: str | Path) -> subprocess.Popen[str]:
    """The worker script, with the repository's src on PYTHONPATH like the CLI tests."""
    return subprocess.Popen(
        [sys.executable, str(WORKER), *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=cli_env(),
    )


def wait_ok(proc: subprocess.Popen[str], timeout: float = 120) -> list[str]:
    out, err = proc.communicate(timeout=timeout)
    assert proc.returncode == 0, err
    return out.splitlines()


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    """A 200-task workspace (about 100 kB), with a counter section the workers increment."""
    project = Project(
        name="Line 3 retrofit",
        start=dt.datetime(2027, 1, 4),
        tasks=tuple(
            Task(id=f"t{i}", name=f"Task {i}", duration=Duration(minutes=480), notes="n" * (i % 50))
            for i in range(200)
        ),
    )
    path = tmp_path / "line3.plantrack.json"
    yield create_workspace(path, WorkspaceState(project=project, sections={"counter": [{"n": 0}]}))


def counter(ws: Workspace) -> int:
    return int(ws.read().sections["counter"][0]["n"])


# --- S7: lock liveness and messages ------------------------------------------------------------------


def _holder(ws: Workspace) -> subprocess.Popen[str]:
    proc = spawn("hold", ws.path, "60")
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "locked"
    return proc


def test_a_busy_workspace_names_its_holder_after_the_timeout(ws: Workspace) -> None:
    proc = _holder(ws)
    try:
        assert read_holder(lock_path_for(ws.path)) == (proc.pid, "store-worker")
        started = time.monotonic()
        with pytest.raises(WorkspaceBusy) as caught, ws.update(timeout=0.5):
            pass
        assert time.monotonic() - started >= 0.5
        assert f"store-worker (pid {proc.pid})" in str(caught.value)
        assert caught.value.failure is Failure.BUSY and caught.value.pid == proc.pid
        assert ws.read().revision == 0  # readers never wait for the lock
    finally:
        proc.kill()
        proc.communicate()


@pytest.mark.slow
def test_the_lock_is_free_again_right_after_its_holder_is_killed(ws: Workspace) -> None:
    delays = []
    for attempt in range(20):
        proc = _holder(ws)
        proc.send_signal(signal.SIGKILL)
        killed = time.monotonic()
        with ws.update(timeout=5) as state:
            delays.append(time.monotonic() - killed)
            state.sections["counter"][0]["n"] = attempt + 1
        proc.communicate()
    assert max(delays) < 1.0, delays
    assert counter(ws) == 20


# --- S8: no stale reads ------------------------------------------------------------------------------


def test_another_process_change_is_seen_by_the_next_read(ws: Workspace) -> None:
    assert ws.read().project.task_map()["t3"].name == "Task 3"
    wait_ok(spawn("rename", ws.path, "t3", "Torque check"))
    assert ws.read().project.task_map()["t3"].name == "Torque check"
    assert ws.read().revision == 1


# --- S4: concurrent read-modify-write ----------------------------------------------------------------


@pytest.mark.slow
def test_two_processes_writing_200_changes_each_lose_none(ws: Workspace) -> None:
    procs = [spawn("append", ws.path, name, "200") for name in ("a", "b")]
    acks = [wait_ok(p) for p in procs]
    assert [len(a) for a in acks] == [200, 200]
    state = ws.read()
    got = [(e["writer"], e["seq"]) for e in state.sections["log"]]
    assert sorted(got) == sorted((w, s) for w in "ab" for s in range(200))
    for writer in "ab":  # each writer's changes are in its own order
        assert [s for w, s in got if w == writer] == list(range(200))
    assert state.revision == 400


# --- S6: lock-free reader next to a writer -----------------------------------------------------------


@pytest.mark.slow
def test_a_lock_free_reader_never_sees_a_torn_file(ws: Workspace) -> None:
    proc = spawn("churn", ws.path, "300", "7")
    reads, failures, values = 0, [], []
    while proc.poll() is None:
        try:
            values.append(counter(ws))
            reads += 1
        except Exception as exc:
            failures.append(repr(exc))
    wait_ok(proc)
    assert failures == []
    assert values == sorted(values), "a reader saw the counter go backwards"
    assert counter(ws) == 300
    assert reads >= 200, f"only {reads} reads overlapped the writer"


# --- S1 / S3: kills mid-save -------------------------------------------------------------------------


def _orphans(ws: Workspace) -> list[Path]:
    return sorted(ws.path.parent.glob(f".{ws.path.name}.*.tmp"))


@pytest.mark.slow
def test_random_sigkill_never_loses_an_acknowledged_save(ws: Workspace) -> None:
    rng = random.Random(20270104)
    on_disk = 0
    kills = 0
    while kills < 100:
        proc = spawn("count-forever", ws.path)
        assert proc.stdout is not None
        first = proc.stdout.readline()
        assert first.strip().isdigit(), proc.communicate()[1]
        time.sleep(rng.uniform(0, 0.12))
        proc.send_signal(signal.SIGKILL)
        # read through the same buffered stream as readline: communicate() reads the pipe underneath it
        # and would skip lines readline had already buffered
        rest = proc.stdout.read()
        proc.communicate()
        assert proc.returncode == -signal.SIGKILL
        lines = (first + rest).split("\n")[:-1]  # a line cut by the kill has no newline: not an ack
        acked = int(lines[-1])
        kills += 1
        now = counter(ws)  # the file always loads
        assert now in (acked, acked + 1), f"kill {kills}: last ack {acked}, file holds {now}"
        assert now >= on_disk
        on_disk = now
    leftovers = _orphans(ws)
    old = time.time() - 10 * ORPHAN_AGE_SECONDS
    for orphan in leftovers:
        os.utime(orphan, (old, old))
    open_workspace(ws.path)
    assert _orphans(ws) == []


@pytest.mark.slow
@pytest.mark.parametrize(
    ("module", "name"),
    [("tempfile", "mkstemp"), ("os", "write"), ("os", "fsync"), ("os", "close"), ("os", "replace")],
)
def test_a_kill_at_every_call_of_one_save_leaves_the_old_or_the_new_file(
    ws: Workspace, module: str, name: str
) -> None:
    kills = 0
    for nth in range(1, 12):
        with ws.update() as state:
            state.sections["counter"][0]["padding"] = "x" * 4000
        before = counter(ws)
        proc = spawn("die-at", ws.path, module, name, str(nth))
        out, err = proc.communicate(timeout=60)
        after = counter(ws)
        if proc.returncode == -signal.SIGKILL:
            kills += 1
            assert after in (before, before + 1)
            continue
        assert proc.returncode == 0, err
        assert after == before + 1
        calls = int(out.split()[-2])
        if calls < nth:
            break
    assert kills >= 1
