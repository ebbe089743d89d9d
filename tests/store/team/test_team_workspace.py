"""The PostgreSQL workspace: reads a snapshot, saves only the rows an edit changed, under a lock."""

from __future__ import annotations

import dataclasses
import itertools
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import stored_demo_state
from plantrack.operations.demo import apply_demo_scenarios
from plantrack.operations.plan_edits import remove_task, update_task
from plantrack.scheduling.errors import Failure
from plantrack.scheduling.model import Link, Task
from plantrack.store import WorkspaceState
from plantrack.store.team.connection import connect
from plantrack.store.team.errors import ProjectBusy, ProjectMissing, RevisionConflict
from plantrack.store.team.schema import init_schema
from plantrack.store.team.state_read import read_state
from plantrack.store.team.state_write import write_state
from plantrack.store.team.workspace import LOCK_CLASS, TeamWorkspace

psycopg = pytest.importorskip("psycopg")
KEY = "line3"


@pytest.fixture
def db(pg_uri: str) -> Iterator[psycopg.Connection[tuple[object, ...]]]:
    with connect(pg_uri) as conn:
        init_schema(conn)
        yield conn


@pytest.fixture
def demo(tmp_path: Path) -> WorkspaceState:
    state = stored_demo_state(tmp_path)
    apply_demo_scenarios(state)
    return state


@pytest.fixture
def pushed(db: psycopg.Connection[tuple[object, ...]], pg_uri: str, demo: WorkspaceState) -> str:
    write_state(db, pg_uri, KEY, demo, None)
    return pg_uri


def _xmins(conn: psycopg.Connection[tuple[object, ...]]) -> dict[str, str]:
    rows = conn.execute("SELECT id, xmin::text FROM plantrack.tasks WHERE project = %s", (KEY,)).fetchall()
    return {str(i): str(x) for i, x in rows}


def _stored(conn: psycopg.Connection[tuple[object, ...]]) -> WorkspaceState:
    state = read_state(conn, "postgresql://test", KEY)
    assert state is not None
    return state


def _same(a: WorkspaceState, b: WorkspaceState) -> None:
    for field in ("project", "schedule", "sections", "baselines", "progress", "gates", "actions", "meetings"):
        assert getattr(a, field) == getattr(b, field), field
    assert a.scenarios == b.scenarios


def test_read_gives_the_pushed_state_with_its_revision(pushed: str, demo: WorkspaceState) -> None:
    workspace = TeamWorkspace(pushed, KEY)
    state = workspace.read()
    _same(state, demo)
    assert state.revision == 1


def test_a_rename_writes_one_task_row_and_bumps_the_revision(
    pushed: str, db: psycopg.Connection[tuple[object, ...]]
) -> None:
    workspace = TeamWorkspace(pushed, KEY)
    before = _xmins(db)
    with workspace.update() as state:
        target = state.project.tasks[3].id
        state.project = update_task(state.project, target, name="Renamed <b>task</b>")
    after = _xmins(db)
    assert [t for t in before if before[t] != after[t]] == [target]
    assert state.revision == 2
    stored = _stored(db)
    assert stored.revision == 2
    _same(stored, state)
    assert stored.project.task_map()[target].name == "Renamed <b>task</b>"


def test_a_block_that_changes_nothing_writes_nothing(
    pushed: str, db: psycopg.Connection[tuple[object, ...]]
) -> None:
    workspace = TeamWorkspace(pushed, KEY)
    with workspace.update() as state:
        state.project = dataclasses.replace(state.project)
    assert _stored(db).revision == 1


def test_an_exception_in_the_block_writes_nothing(
    pushed: str, db: psycopg.Connection[tuple[object, ...]]
) -> None:
    workspace = TeamWorkspace(pushed, KEY)
    with pytest.raises(RuntimeError), workspace.update() as state:
        state.project = update_task(state.project, state.project.tasks[0].id, name="lost")
        raise RuntimeError("stop")
    assert _stored(db).project.tasks[0].name != "lost"
    assert workspace.read().project.tasks[0].name != "lost"


def test_moves_removals_additions_and_renamed_ids_read_back_equal(
    pushed: str, db: psycopg.Connection[tuple[object, ...]]
) -> None:
    workspace = TeamWorkspace(pushed, KEY)
    with workspace.update() as state:
        project = state.project
        tasks = list(project.tasks)
        tasks[1], tasks[2] = tasks[2], tasks[1]  # a swap: two rows trade their positions
        project = dataclasses.replace(project, tasks=tuple(tasks))
        leaf = next(t.id for t in project.tasks if t.id not in project.children() and t.parent)
        project = remove_task(project, leaf)
        old = project.links[0].predecessor
        new = old + "-renamed"
        project = dataclasses.replace(
            project,
            tasks=tuple(dataclasses.replace(t, id=new) if t.id == old else t for t in project.tasks),
            links=tuple(
                dataclasses.replace(
                    k,
                    predecessor=new if k.predecessor == old else k.predecessor,
                    successor=new if k.successor == old else k.successor,
                )
                for k in project.links
            ),
            assignments=tuple(
                dataclasses.replace(a, task=new) if a.task == old else a for a in project.assignments
            ),
        )
        extra = Task(id="zz-new", name="New task", duration=project.tasks[0].duration, parent=None)
        project = dataclasses.replace(
            project,
            tasks=(*project.tasks, extra),
            links=(*project.links, Link(predecessor=new, successor="zz-new")),
        )
        state.project = project
        state.baselines = state.baselines[:0]  # history removed: its rows go
        state.sections = {"later": [{"kept": True}]}
        state.scenarios.remove(state.scenarios.names()[0])
        state.schedule = None
    _same(_stored(db), state)
    _same(workspace.read(), state)
    assert workspace.read().revision == 2


def test_a_save_after_another_writer_starts_from_that_writer_s_state(pushed: str) -> None:
    mine = TeamWorkspace(pushed, KEY)
    theirs = TeamWorkspace(pushed, KEY)
    first = mine.read().project.tasks[0].id
    second = mine.read().project.tasks[1].id
    with theirs.update() as state:
        state.project = update_task(state.project, first, name="theirs")
    with mine.update() as state:
        state.project = update_task(state.project, second, name="mine")
    names = theirs.read().project.task_map()
    assert (names[first].name, names[second].name) == ("theirs", "mine")
    assert theirs.read().revision == 3


def test_a_held_project_makes_a_writer_wait_then_exit_naming_who_holds_it(pushed: str) -> None:
    held = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with (
            psycopg.connect(pushed, application_name="plantrack alice", autocommit=True) as conn,
            conn.transaction(),
        ):
            conn.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", (LOCK_CLASS, KEY))
            held.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert held.wait(10)
        with pytest.raises(ProjectBusy) as caught, TeamWorkspace(pushed, KEY).update(timeout=0.3):
            pass
    finally:
        release.set()
        holder.join()
    assert "plantrack alice" in str(caught.value)
    assert caught.value.failure is Failure.BUSY


def test_other_projects_do_not_wait(
    pushed: str, db: psycopg.Connection[tuple[object, ...]], demo: WorkspaceState
) -> None:
    write_state(db, pushed, "other", demo, None)
    with TeamWorkspace(pushed, KEY).update() as state:
        state.project = update_task(state.project, state.project.tasks[0].id, name="held")
        with TeamWorkspace(pushed, "other").update(timeout=0.5) as other:
            other.project = update_task(other.project, other.project.tasks[0].id, name="free")
    assert _stored(db).project.tasks[0].name == "held"


def test_a_missing_project_is_named(pushed: str) -> None:
    with pytest.raises(ProjectMissing, match="nope"):
        TeamWorkspace(pushed, "nope").read()


def test_a_save_made_on_a_stale_revision_is_a_conflict_and_writes_nothing(
    pushed: str, monkeypatch: pytest.MonkeyPatch, db: psycopg.Connection[tuple[object, ...]]
) -> None:
    mine = TeamWorkspace(pushed, KEY)
    mine.read()
    stale = mine._cache
    with TeamWorkspace(pushed, KEY).update() as theirs:
        theirs.project = update_task(theirs.project, theirs.project.tasks[0].id, name="theirs")
    # the safety net under the lock: a save computed on an older revision than the stored one
    monkeypatch.setattr(mine, "_at", lambda cur, revision: stale)
    with pytest.raises(RevisionConflict, match="since it was read"), mine.update() as state:
        state.project = update_task(state.project, state.project.tasks[1].id, name="mine")
    stored = _stored(db)
    assert stored.revision == 2 and stored.project.tasks[1].name != "mine"


def test_a_refused_small_save_writes_nothing_and_the_next_save_works(
    pushed: str, db: psycopg.Connection[tuple[object, ...]]
) -> None:
    from plantrack.store.team.errors import StateRefused

    workspace = TeamWorkspace(pushed, KEY)
    first = workspace.read().project.tasks[0].id
    # one new link to a task the server does not know: the batch's insert fails on its foreign key
    with pytest.raises(StateRefused), workspace.update() as state:
        state.project = update_task(state.project, first, name="lost with the link")
        state.project = dataclasses.replace(
            state.project, links=(*state.project.links, Link(predecessor="ghost", successor=first))
        )
    stored = _stored(db)
    assert stored.revision == 1 and stored.project.tasks[0].name != "lost with the link"
    with workspace.update() as state:
        state.project = update_task(state.project, first, name="kept")
    assert _stored(db).project.tasks[0].name == "kept" and _stored(db).revision == 2
    conn = workspace._connection()
    assert conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE


def test_a_rename_waits_for_the_server_twice(pushed: str, tmp_path: Path) -> None:
    workspace = TeamWorkspace(pushed, KEY)
    ids = [t.id for t in workspace.read().project.tasks]
    trace = tmp_path / "trace.txt"
    conn = workspace._connection()
    with trace.open("w") as sink:
        conn.pgconn.trace(sink.fileno())
        with workspace.update() as state:
            state.project = update_task(state.project, ids[2], name="renamed")
        conn.pgconn.untrace()
    directions = [line.split("\t")[1] for line in trace.read_text().splitlines() if "\t" in line]
    turns = sum(1 for a, b in itertools.pairwise(directions) if (a, b) == ("F", "B"))
    assert turns == 2  # BEGIN with the locks; the rows with COMMIT
    assert _stored_name(pushed, ids[2]) == "renamed"


def _stored_name(uri: str, task: str) -> str:
    with connect(uri) as conn:
        found = conn.execute(
            "SELECT name FROM plantrack.tasks WHERE project = %s AND id = %s", (KEY, task)
        ).fetchone()
    assert found is not None
    return str(found[0])
