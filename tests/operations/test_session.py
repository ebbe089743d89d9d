"""The TUI session: edits on the fresh state, nothing written on error, outside changes kept, undo/redo."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from conftest import fingerprint
from plantrack.operations.session import Session
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.errors import InvalidInput
from plantrack.scheduling.model import Link, Project, Task
from plantrack.store import WorkspaceState, create_workspace, open_workspace

TODAY = dt.date(2027, 3, 15)
TWO_DAYS = Duration(minutes=960)


def small_project() -> Project:
    return Project(
        name="Line 3",
        start=dt.datetime(2027, 3, 15, 8),
        tasks=(Task(id="a", name="First", duration=TWO_DAYS), Task(id="b", name="Second", duration=TWO_DAYS)),
        links=(Link(predecessor="a", successor="b"),),
    )


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    path = tmp_path / "line3.plantrack.json"
    create_workspace(path, WorkspaceState(project=small_project()))
    return path


def rename(ident: str, name: str):  # type: ignore[no-untyped-def]
    def edit(state: WorkspaceState) -> None:
        tasks = state.project.task_map()
        if ident not in tasks:
            raise InvalidInput([])
        new = dataclasses.replace(tasks[ident], name=name)
        state.project = dataclasses.replace(
            state.project, tasks=tuple(new if t.id == ident else t for t in state.project.tasks)
        )

    return edit


def names(path: Path) -> dict[str, str]:
    return {t.id: t.name for t in open_workspace(path).read().project.tasks}


def test_an_edit_is_saved_and_can_be_undone_and_redone(workspace: Path) -> None:
    session = Session(workspace, today=TODAY)
    session.apply("rename a", rename("a", "Renamed"))
    assert names(workspace)["a"] == "Renamed"
    assert session.state.revision == 1
    assert session.undo() == "rename a"
    assert names(workspace)["a"] == "First"
    assert session.redo() == "rename a"
    assert names(workspace)["a"] == "Renamed"
    assert session.can_undo and not session.can_redo
    assert session.state.revision == 3


def test_a_progress_entry_is_undone_and_redone_with_the_history(workspace: Path) -> None:
    from plantrack.scheduling.tracking.records import ProgressRecord
    from plantrack.store.tracking_codec import add_progress

    record = ProgressRecord(task="a", status_date=dt.datetime(2027, 3, 16, 17), percent_complete=50.0)
    session = Session(workspace, today=TODAY)
    session.apply("progress a", lambda state: add_progress(state, [record]))
    assert open_workspace(workspace).read().progress == (record,)
    assert session.undo() == "progress a"
    assert open_workspace(workspace).read().progress == ()
    assert session.redo() == "progress a"
    assert open_workspace(workspace).read().progress == (record,)
    assert session.state.revision == 3


def test_an_invalid_edit_writes_nothing(workspace: Path) -> None:
    session = Session(workspace, today=TODAY)
    before = fingerprint(workspace)

    def cycle(state: WorkspaceState) -> None:
        state.project = dataclasses.replace(
            state.project, links=(*state.project.links, Link(predecessor="b", successor="a"))
        )

    with pytest.raises(InvalidInput) as caught:
        session.apply("link b -> a", cycle)
    assert any("cycle" in p.code for p in caught.value.problems())
    assert fingerprint(workspace) == before
    assert not session.can_undo


def test_a_change_made_outside_is_picked_up_and_kept(workspace: Path) -> None:
    session = Session(workspace, today=TODAY)
    assert not session.reload()
    with open_workspace(workspace).update() as state:  # what `plantrack task edit` does
        state.project = dataclasses.replace(state.project, name="Line 3 (CLI)")
    assert session.changed_outside()
    assert session.reload()
    assert session.state.project.name == "Line 3 (CLI)"
    # an edit made now applies to the fresh state: the CLI's change is not overwritten
    session.apply("rename b", rename("b", "From the TUI"))
    state = open_workspace(workspace).read()
    assert state.project.name == "Line 3 (CLI)"
    assert state.project.task_map()["b"].name == "From the TUI"


def test_an_edit_based_on_a_stale_screen_never_overwrites(workspace: Path) -> None:
    session = Session(workspace, today=TODAY)
    with open_workspace(workspace).update() as state:  # the CLI renames a meanwhile; no reload yet
        state.project = dataclasses.replace(
            state.project,
            tasks=tuple(
                dataclasses.replace(t, name="CLI name") if t.id == "a" else t for t in state.project.tasks
            ),
        )
    session.apply("rename b", rename("b", "TUI name"))
    assert names(workspace) == {"a": "CLI name", "b": "TUI name"}


def test_undo_refuses_after_an_outside_change(workspace: Path) -> None:
    session = Session(workspace, today=TODAY)
    session.apply("rename a", rename("a", "Renamed"))
    with open_workspace(workspace).update() as state:
        state.project = dataclasses.replace(state.project, name="Changed by the CLI")
    before = fingerprint(workspace)
    with pytest.raises(InvalidInput) as caught:
        session.undo()
    assert caught.value.problems()[0].code == "changed-outside"
    assert fingerprint(workspace) == before
    assert not session.can_undo
