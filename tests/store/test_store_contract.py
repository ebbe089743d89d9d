"""One contract, two back ends: the workspace file and a project on a PostgreSQL server behave alike.

Every test runs on both; the PostgreSQL cases skip with one reason where no server can be started
(no initdb here, no psycopg), and fail instead under PLANTRACK_REQUIRE_POSTGRES=1 (CI).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from team.conftest import pg_cluster, pg_uri  # noqa: F401 (fixtures of the PostgreSQL cases)

from conftest import stored_demo_state
from plantrack.operations.plan_edits import update_task
from plantrack.scheduling.errors import Failure, PlantrackError
from plantrack.scheduling.tracking.records import Action, Baseline, Decision, GateDecision, ProgressRecord
from plantrack.store import WorkspaceState
from plantrack.store.backend import create_store, open_store
from plantrack.store.location import FileLocation, Location, ServerLocation

BACKENDS = ("file", "postgresql")


@dataclass
class Backend:
    """Where a test's workspace lives, and a change this back end refuses to store."""

    location: Location
    refuse: Callable[[WorkspaceState], None]

    def open(self) -> Any:
        return open_store(self.location, program="test")


def _reserved_section(state: WorkspaceState) -> None:
    state.sections["meta"] = []  # the file's own table: a section may not take its name


def _nul_in_a_name(state: WorkspaceState) -> None:
    state.project = update_task(state.project, state.project.tasks[0].id, name="bad\x00name")


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    if request.param == "file":
        return Backend(FileLocation(tmp_path / "w.plantrack.json"), _reserved_section)
    uri = request.getfixturevalue("pg_uri")
    from plantrack.store.team.admin import init_database

    init_database(uri)
    return Backend(ServerLocation(f"{uri}#line3", uri, "line3"), _nul_in_a_name)


@pytest.fixture
def demo(tmp_path: Path) -> WorkspaceState:
    folder = tmp_path / "source"
    folder.mkdir()
    return stored_demo_state(folder)


@pytest.fixture
def created(backend: Backend, demo: WorkspaceState) -> Backend:
    create_store(backend.location, demo, program="test")
    return backend


def _plan(state: WorkspaceState) -> tuple[Any, ...]:
    return (state.project, state.schedule, state.baselines, state.progress, state.gates, state.actions)


def test_open_and_read_give_what_was_created(created: Backend, demo: WorkspaceState) -> None:
    state = created.open().read()
    assert _plan(state) == _plan(demo)
    assert state.meetings == demo.meetings and state.sections == demo.sections


def test_an_update_is_seen_by_the_next_reader_with_the_next_revision(created: Backend) -> None:
    first = created.open().read()
    with created.open().update() as state:
        state.project = update_task(state.project, state.project.tasks[1].id, name="Renamed")
    assert state.revision == first.revision + 1
    again = created.open().read()
    assert again.revision == first.revision + 1
    assert again.project.tasks[1].name == "Renamed"
    assert again.project.tasks[2:] == first.project.tasks[2:]


def test_a_block_that_changes_nothing_keeps_the_revision(created: Backend) -> None:
    before = created.open().read().revision
    with created.open().update() as state:
        state.project = dataclasses.replace(state.project)
    assert created.open().read().revision == before


def test_an_exception_in_the_block_saves_nothing(created: Backend) -> None:
    before = created.open().read()
    with pytest.raises(KeyError), created.open().update() as state:
        state.project = update_task(state.project, state.project.tasks[0].id, name="lost")
        raise KeyError("stop")
    after = created.open().read()
    assert (after.revision, _plan(after)) == (before.revision, _plan(before))


def test_baselines_and_histories_are_appended_and_read_back(created: Backend) -> None:
    workspace = created.open()
    day = dt.datetime(2027, 2, 1, 8)
    first = workspace.read().project.tasks[0].id
    with workspace.update() as state:
        base = state.baselines[0]
        state.baselines = (*state.baselines, dataclasses.replace(base, name="v2", note="after the review"))
        state.progress = (
            *state.progress,
            ProgressRecord(task=first, status_date=day, percent_complete=50.0, note="half"),
        )
        state.gates = (
            *state.gates,
            GateDecision(task=first, decision=Decision.VALIDATED, by="Steering committee", date=day),
        )
        midnight = dt.datetime(2027, 2, 1)
        state.actions = (
            *state.actions,
            Action(id="A99", title="Chase", owner="I. Moreau", due=midnight, created=midnight),
        )
    back = created.open().read()
    assert [b.name for b in back.baselines][-1] == "v2"
    assert back.baselines[-1] == state.baselines[-1]
    assert back.progress[-1].note == "half" and back.gates == state.gates and back.actions == state.actions
    assert isinstance(back.baselines[-1], Baseline)


def test_a_writer_after_another_starts_from_the_other_s_revision(created: Backend) -> None:
    mine = created.open()
    seen = mine.read()
    with created.open().update() as theirs:
        theirs.project = update_task(theirs.project, theirs.project.tasks[0].id, name="theirs")
    with mine.update() as state:
        # the revision the edit saw is older: the caller can tell, and the state holds the other change
        assert state.revision == seen.revision + 1
        assert state.project.tasks[0].name == "theirs"
        state.project = update_task(state.project, state.project.tasks[1].id, name="mine")
    back = created.open().read()
    assert (back.project.tasks[0].name, back.project.tasks[1].name) == ("theirs", "mine")
    assert back.revision == seen.revision + 2


def test_a_second_writer_waits_then_gives_up_busy(created: Backend) -> None:
    inside = threading.Event()
    leave = threading.Event()

    def hold() -> None:
        with created.open().update() as state:
            state.project = update_task(state.project, state.project.tasks[0].id, name="holder")
            inside.set()
            leave.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert inside.wait(10)
        with pytest.raises(PlantrackError) as caught, created.open().update(timeout=0.3):
            pass
    finally:
        leave.set()
        holder.join()
    assert caught.value.failure is Failure.BUSY
    assert created.open().read().project.tasks[0].name == "holder"


def test_refused_data_writes_nothing(created: Backend) -> None:
    before = created.open().read()
    with pytest.raises((PlantrackError, ValueError)), created.open().update() as state:
        state.project = update_task(state.project, state.project.tasks[1].id, name="with the bad change")
        created.refuse(state)
    after = created.open().read()
    assert (after.revision, _plan(after)) == (before.revision, _plan(before))


def test_hostile_names_are_stored_and_read_back_byte_for_byte(
    created: Backend, hostile: dict[str, list[str]]
) -> None:
    from plantrack.scheduling.model import clean_text

    # what the model keeps of a name (it refuses nothing printable); PostgreSQL text holds no NUL
    names = [clean_text(n) for group in hostile.values() for n in group if "\x00" not in n]
    names = [n for n in names if n.strip() and len(n) <= 200]  # the model refuses longer names
    workspace = created.open()
    with workspace.update() as state:
        tasks = state.project.tasks
        renamed = tuple(
            dataclasses.replace(t, name=names[i % len(names)], notes=names[(i + 1) % len(names)])
            for i, t in enumerate(tasks)
        )
        state.project = dataclasses.replace(state.project, tasks=renamed)
    back = created.open().read().project.tasks
    assert [(t.name, t.notes) for t in back] == [(t.name, t.notes) for t in renamed]
