"""The TUI session on scenarios: edits go to the scenario only, one undo history per plan, the shared
histories refused inside a scenario, a scenario removed outside."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from test_session import names, rename, small_project

from conftest import fingerprint
from plantrack.operations.scenario_edits import Author, new_scenario, remove_scenario
from plantrack.operations.session import Session
from plantrack.scheduling.errors import InvalidInput
from plantrack.scheduling.tracking.records import ProgressRecord
from plantrack.store import WorkspaceState, create_workspace, open_workspace
from plantrack.store.tracking_codec import add_progress

TODAY = dt.date(2027, 3, 15)
AUTHOR = Author("cmartin", dt.datetime(2027, 3, 15, 9))


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    path = tmp_path / "line3.plantrack.json"
    create_workspace(path, WorkspaceState(project=small_project()))
    new_scenario(open_workspace(path), "late", author=AUTHOR)
    return path


def scenario_names(path: Path, scenario: str) -> dict[str, str]:
    return {t.id: t.name for t in open_workspace(path).read().scenarios.get(scenario).project.tasks}


def test_edits_of_a_scenario_leave_the_current_plan_and_undo_inside_each_plan(workspace: Path) -> None:
    session = Session(workspace, today=TODAY, scenario="late")
    session.apply("rename a", rename("a", "In the scenario"))
    assert scenario_names(workspace, "late")["a"] == "In the scenario"
    assert names(workspace)["a"] == "First"

    session.switch(None)  # the current plan: its own history, empty so far
    assert not session.can_undo
    session.apply("rename b", rename("b", "In the plan"))
    session.switch("late")  # our own save in the other plan does not block undo here
    assert session.undo() == "rename a"
    assert scenario_names(workspace, "late") == {"a": "First", "b": "Second"}
    assert names(workspace) == {"a": "First", "b": "In the plan"}

    session.switch(None)
    assert session.undo() == "rename b"
    assert names(workspace) == {"a": "First", "b": "Second"}
    session.switch("late")
    assert session.redo() == "rename a"
    assert scenario_names(workspace, "late")["a"] == "In the scenario"
    assert names(workspace)["a"] == "First"


def test_a_scenario_made_by_the_session_is_edited_at_once(workspace: Path) -> None:
    session = Session(workspace, today=TODAY)
    session.apply("rename a", rename("a", "Renamed"))
    made = session.new_scenario("  two stops ", source="late", note="weekend", author=AUTHOR)
    assert made.name == "two stops" and session.scenario == "two stops"
    assert session.state.project.task_map()["a"].name == "First"  # a copy of "late", not of the plan
    session.switch(None)
    assert session.undo() == "rename a"  # making the scenario did not block the plan's undo
    assert names(workspace)["a"] == "First"


def test_progress_inside_a_scenario_is_refused_and_nothing_written(workspace: Path) -> None:
    session = Session(workspace, today=TODAY, scenario="late")
    record = ProgressRecord(task="a", status_date=dt.datetime(2027, 3, 16, 17), percent_complete=50.0)
    before = fingerprint(workspace)
    with pytest.raises(InvalidInput) as caught:
        session.apply("progress a", lambda state: add_progress(state, [record]))
    assert caught.value.problems()[0].code == "scenario-shared-history"
    assert fingerprint(workspace) == before
    assert not session.can_undo


def test_undo_inside_a_scenario_refuses_after_an_outside_change(workspace: Path) -> None:
    session = Session(workspace, today=TODAY, scenario="late")
    session.apply("rename a", rename("a", "Renamed"))
    new_scenario(open_workspace(workspace), "other", author=AUTHOR)  # the CLI saves meanwhile
    before = fingerprint(workspace)
    with pytest.raises(InvalidInput) as caught:
        session.undo()
    assert caught.value.problems()[0].code == "changed-outside"
    assert fingerprint(workspace) == before


def test_a_scenario_removed_outside_leaves_the_current_plan_shown(workspace: Path) -> None:
    session = Session(workspace, today=TODAY, scenario="late")
    remove_scenario(open_workspace(workspace), "late")
    assert session.reload()
    assert session.scenario is None
    assert session.state.project == small_project()
    assert [p.code for p in session.warnings] == ["scenario-gone"]


def test_an_unknown_scenario_is_refused_and_the_plan_kept(workspace: Path) -> None:
    with pytest.raises(InvalidInput):
        Session(workspace, today=TODAY, scenario="nope")
    session = Session(workspace, today=TODAY)
    with pytest.raises(InvalidInput):
        session.switch("nope")
    assert session.scenario is None
