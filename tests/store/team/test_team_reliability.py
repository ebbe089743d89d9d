"""The team store under kills, concurrent writers and a server stopped mid-save: acknowledged changes
are never lost, a change is never half applied, and nothing stays locked.

The writers edit through `TeamWorkspace.update()`, the save every command makes (the project locked,
the rows the edit changed written, the revision bumped, in one transaction), in processes of their
own (tests/store/team/team_worker.py), as `tests/store/test_store_processes.py` does for the file
store; the server is stopped under `plantrack task edit … -w postgresql://…#line3` itself.
"""

from __future__ import annotations

import datetime as dt
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
from plantrack.scheduling.model import Project, Task
from plantrack.store import WorkspaceState
from plantrack.store.team.connection import connect
from plantrack.store.team.schema import init_schema
from plantrack.store.team.state_read import read_state
from plantrack.store.team.state_write import write_state
from team.pg_cluster import Cluster

psycopg = pytest.importorskip("psycopg")
WORKER = Path(__file__).with_name("team_worker.py")
KEY = "line3"
WRITERS = ("a", "b", "c")


def spawn(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WORKER), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=cli_env(),
    )


def workspace() -> WorkspaceState:
    """200 tasks, plus one task per concurrent writer, and a counter the kill loop bumps."""
    tasks = [Task(id=f"t{i}", name=f"Task {i}", duration=Duration(minutes=480), notes="n" * (i % 50))
             for i in range(200)]  # fmt: skip
    tasks += [Task(id=f"t{w}", name=f"Writer {w}", duration=Duration(minutes=60)) for w in WRITERS]
    project = Project(name="Line 3 retrofit", start=dt.datetime(2027, 1, 4), tasks=tuple(tasks))
    return WorkspaceState(project=project, sections={"counter": [{"n": 0}]})


@pytest.fixture
def server(pg_uri: str) -> Iterator[str]:
    """A database holding project `line3` at revision 1."""
    with connect(pg_uri) as conn:
        init_schema(conn)
        assert write_state(conn, pg_uri, KEY, workspace(), None) == 1
    yield pg_uri


def read(uri: str) -> WorkspaceState:
    with connect(uri) as conn:
        state = read_state(conn, uri, KEY)
    assert state is not None
    return state


def locks_left(uri: str) -> list[tuple[object, ...]]:
    """Every lock held or awaited in the database by another session than this check's."""
    with psycopg.connect(uri) as conn:
        return conn.execute(
            "SELECT l.pid, l.locktype, l.mode, l.granted FROM pg_locks l"
            " JOIN pg_database d ON d.oid = l.database"
            " WHERE d.datname = current_database() AND l.pid <> pg_backend_pid()"
        ).fetchall()


def deadlocks(uri: str) -> int:
    with psycopg.connect(uri) as conn:
        row = conn.execute("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")
        found = row.fetchone()
    assert found is not None
    return int(found[0])


def wait_for_no_backends(uri: str, timeout: float = 10) -> None:
    """Until the server has noticed the killed clients and ended their sessions."""
    deadline = time.monotonic() + timeout
    with psycopg.connect(uri, autocommit=True) as conn:
        while time.monotonic() < deadline:
            found = conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                " AND pid <> pg_backend_pid() AND application_name LIKE 'plantrack%'"
            ).fetchone()
            if found == (0,):
                return
            time.sleep(0.05)
    raise AssertionError("sessions of killed writers still open")


def whole(state: WorkspaceState) -> int:
    """The counter of a state that must be entirely of one save: its task renamed after it, every
    task there, the revision one past it."""
    n = int(state.sections["counter"][0]["n"])
    tasks = state.project.task_map()
    assert len(tasks) == 200 + len(WRITERS), "tasks lost: a half-applied save"
    assert tasks["t0"].name == (f"v{n}" if n else "Task 0"), "counter and task disagree: half applied"
    assert state.revision == n + 1, "revision and counter disagree"
    return n


@pytest.mark.slow
def test_300_sigkills_of_a_writer_lose_no_acknowledged_change_and_half_apply_none(server: str) -> None:
    rng = random.Random(20270104)
    on_server = 0
    kills = 0
    waiting = spawn("count-forever", server, KEY)  # the next writer loads while the current one runs
    while kills < 300:
        proc, waiting = waiting, spawn("count-forever", server, KEY)
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
        first = proc.stdout.readline()
        assert first.strip().isdigit(), proc.communicate()[1]
        time.sleep(rng.uniform(0, 0.05))
        proc.send_signal(signal.SIGKILL)
        # read on through the same buffered stream: communicate() reads the pipe itself and would miss
        # the lines readline() has already buffered
        rest = proc.stdout.read()
        proc.communicate()
        assert proc.returncode == -signal.SIGKILL
        lines = (first + rest).split("\n")[:-1]  # a line cut by the kill has no newline: not an ack
        acked = int(lines[-1])
        kills += 1
        # a COMMIT sent just before the kill may land after this read: at most one more than acked
        now = whole(read(server))
        assert now in (acked, acked + 1), f"kill {kills}: last ack {acked}, server holds {now}"
        assert now >= on_server
        on_server = now
    waiting.kill()
    waiting.communicate()
    wait_for_no_backends(server)
    final = whole(read(server))
    assert final >= on_server >= kills  # each writer saved at least once before it was killed
    assert locks_left(server) == []


@pytest.mark.slow
def test_three_processes_making_300_edits_each_lose_none_and_leave_no_lock(server: str) -> None:
    before = deadlocks(server)
    procs = [spawn("append", server, KEY, w, "300") for w in WRITERS]
    outputs = []
    for proc in procs:
        out, err = proc.communicate(timeout=900)
        assert proc.returncode == 0, err
        outputs.append(out.splitlines())
    assert [len(o) for o in outputs] == [300] * len(WRITERS)
    state = read(server)
    got = [(e["writer"], e["seq"]) for e in state.sections["log"]]
    assert sorted(got) == sorted((w, s) for w in WRITERS for s in range(300)), "an update was lost"
    for writer in WRITERS:  # each writer's edits in its own order, its last rename kept
        assert [s for w, s in got if w == writer] == list(range(300))
        assert state.project.task_map()[f"t{writer}"].name == f"{writer} 299"
    assert state.revision == 1 + 300 * len(WRITERS)
    assert deadlocks(server) == before
    assert locks_left(server) == []


def _wait_blocked(uri: str, timeout: float = 60) -> int:
    """The pid of the plantrack session waiting on a lock (its save half done), once there is one."""
    deadline = time.monotonic() + timeout
    with psycopg.connect(uri, autocommit=True) as conn:
        while time.monotonic() < deadline:
            found = conn.execute(
                "SELECT a.pid FROM pg_stat_activity a JOIN pg_locks l ON l.pid = a.pid"
                " WHERE a.application_name LIKE 'plantrack%' AND NOT l.granted"
            ).fetchone()
            if found is not None:
                return int(found[0])  # type: ignore[call-overload]
            time.sleep(0.02)
    raise AssertionError("the save never reached the locked table")


@pytest.mark.slow
def test_a_server_stopped_mid_save_exits_4_keeps_the_project_and_the_next_command_works(
    server: str, pg_cluster: Cluster, tmp_path: Path
) -> None:
    before = read(server)
    command = ["-m", "plantrack", "task", "edit", "t5", "--name", "Torque check", "-w", f"{server}#{KEY}"]
    # a session holding the tasks table: the save has locked and bumped the project row, then waits
    # there to write the renamed task
    holder = psycopg.connect(server)
    holder.execute("LOCK TABLE plantrack.tasks IN SHARE MODE")
    edit = subprocess.Popen([sys.executable, *command], cwd=tmp_path, env=cli_env(), text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    try:
        _wait_blocked(server)
        pg_cluster.halt("immediate")
        out, err = edit.communicate(timeout=60)
    finally:
        edit.kill()
        holder.close()
        pg_cluster.start()
    assert edit.returncode == 4, (out, err)
    assert "Traceback" not in err and "nothing was changed" in err, err
    assert "connection" in err and f"postgresql://plantrack_test@/{server.split('/')[3].split('?')[0]}" in err
    assert read(server) == before  # as it was before the save, revision included
    done = subprocess.run([sys.executable, *command], cwd=tmp_path, env=cli_env(), text=True,
                          capture_output=True, timeout=120, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    after = read(server)
    assert after.project.task_map()["t5"].name == "Torque check" and after.revision == before.revision + 1
    assert locks_left(server) == []
