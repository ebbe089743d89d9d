"""Scenario use cases: new, rename, remove and adopt, each one locked save or nothing written."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from builders import days, plan, task
from plantrack.operations.scenario_edits import (
    Author,
    adopt_scenario,
    kept_name,
    new_scenario,
    remove_scenario,
    rename_scenario,
    scenario_rows,
)
from plantrack.scheduling.errors import InvalidInput
from plantrack.scheduling.model import Project
from plantrack.store import WorkspaceState, create_workspace, open_workspace
from plantrack.store.plan import StoredPlan
from plantrack.store.scenario_view import ScenarioWorkspace
from plantrack.store.workspace import Workspace

AUTHOR = Author("C. Martin", dt.datetime(2026, 12, 6, 10, 0))

#: Two stored plans told apart by their finish.
PLAN_X = StoredPlan(start=dt.datetime(2027, 3, 1, 8), finish=dt.datetime(2027, 3, 5, 17))
PLAN_LATE = StoredPlan(start=dt.datetime(2027, 3, 1, 8), finish=dt.datetime(2027, 3, 26, 17))


def _project() -> Project:
    return plan([task("a", days(2)), task("b", days(3)), task("c", days(1))], [("a", "b"), ("b", "c")])


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    path = tmp_path / "w.plantrack.json"
    create_workspace(path, WorkspaceState(project=_project(), schedule=PLAN_X))
    return open_workspace(path)


def _code(caught: pytest.ExceptionInfo[InvalidInput]) -> str:
    return caught.value.problems()[0].code


def _longer(project: Project, tid: str, n: int) -> Project:
    tasks = tuple(dataclasses.replace(t, duration=days(n)) if t.id == tid else t for t in project.tasks)
    return dataclasses.replace(project, tasks=tasks)


def test_new_copies_the_current_plan_or_a_scenario(ws: Workspace) -> None:
    made = new_scenario(ws, "late", note="supplier +3 weeks", author=AUTHOR)
    assert (made.name, made.tasks, made.links, made.finish) == ("late", 3, 2, "2027-03-05T17:00")
    with ScenarioWorkspace(ws, "late").update() as state:
        state.project = _longer(state.project, "b", 18)
    new_scenario(ws, "later", source="late", author=AUTHOR)
    state = ws.read()
    assert state.scenarios.get("later").project == state.scenarios.get("late").project
    assert state.scenarios.get("late").schedule == PLAN_X
    rows = scenario_rows(state)
    assert [(r.name, r.note, r.created_by, r.created_at) for r in rows] == [
        ("late", "supplier +3 weeks", "C. Martin", AUTHOR.at),
        ("later", "", "C. Martin", AUTHOR.at),
    ]
    assert state.project == _project()


def test_names_are_cleaned_and_must_be_new_and_not_empty(ws: Workspace) -> None:
    assert new_scenario(ws, "  two\x1b[2J stops\u202e ", author=AUTHOR).name == "two[2J stops"
    raw = ws.path.read_bytes()
    for name, code in [("two[2J stops", "scenario-exists"), (" \x07 ", "scenario-name-empty")]:
        with pytest.raises(InvalidInput) as caught:
            new_scenario(ws, name, author=AUTHOR)
        assert _code(caught) == code
    with pytest.raises(InvalidInput) as caught:
        new_scenario(ws, "x", source="nope", author=AUTHOR)
    assert _code(caught) == "scenario-unknown"
    assert ws.path.read_bytes() == raw


def test_rename_and_remove(ws: Workspace) -> None:
    new_scenario(ws, "a", author=AUTHOR)
    new_scenario(ws, "b", author=AUTHOR)
    with pytest.raises(InvalidInput) as caught:
        rename_scenario(ws, "a", "b")
    assert _code(caught) == "scenario-exists"
    assert rename_scenario(ws, "a", "c\x00") == "c"
    assert ws.read().scenarios.names() == ["c", "b"]
    remove_scenario(ws, "b")
    with pytest.raises(InvalidInput) as caught:
        remove_scenario(ws, "b")
    assert _code(caught) == "scenario-unknown"
    assert ws.read().scenarios.names() == ["c"]


def test_adopt_makes_the_scenario_current_and_keeps_the_old_plan(ws: Workspace) -> None:
    new_scenario(ws, "late", author=AUTHOR)
    with ScenarioWorkspace(ws, "late").update() as state:
        state.project = _longer(state.project, "b", 18)
        state.schedule = PLAN_LATE
    expected = ws.read().scenarios.get("late").project
    kept = adopt_scenario(ws, "late", author=AUTHOR)
    assert kept == "plan of 2026-12-06"
    state = ws.read()
    assert state.project == expected and state.schedule == PLAN_LATE
    old = state.scenarios.get(kept)
    assert old.project == _project() and old.schedule == PLAN_X
    assert state.scenarios.names() == [kept]
    # adopting the old plan back, the same day: the name is made unique
    new_scenario(ws, "again", author=AUTHOR)
    assert adopt_scenario(ws, kept, author=AUTHOR) == "plan of 2026-12-06 (2)"
    assert ws.read().project == _project()


def test_kept_names_count_up(ws: Workspace) -> None:
    new_scenario(ws, "plan of 2026-12-06", author=AUTHOR)
    new_scenario(ws, "plan of 2026-12-06 (2)", author=AUTHOR)
    assert kept_name(ws.read().scenarios, AUTHOR.at.date()) == "plan of 2026-12-06 (3)"


@pytest.mark.parametrize(
    ("links", "code"),
    [((("a", "b"), ("b", "c"), ("c", "a")), "dep-cycle"), ((("a", "ghost"),), "dep-unknown")],
)
def test_adopting_an_invalid_plan_names_the_problem_and_writes_nothing(
    ws: Workspace, links: tuple[tuple[str, str], ...], code: str
) -> None:
    from builders import link

    new_scenario(ws, "bad", author=AUTHOR)
    with ScenarioWorkspace(ws, "bad").update() as state:
        state.project = dataclasses.replace(state.project, links=tuple(link(*pair) for pair in links))
    raw = ws.path.read_bytes()
    with pytest.raises(InvalidInput) as caught:
        adopt_scenario(ws, "bad", author=AUTHOR)
    problems = caught.value.problems()
    assert code in {p.code for p in problems}
    assert all(p.location == "scenario 'bad'" for p in problems)
    assert ws.path.read_bytes() == raw


def test_french_names_and_messages(ws: Workspace, french: None) -> None:
    new_scenario(ws, "retard", author=AUTHOR)
    assert adopt_scenario(ws, "retard", author=AUTHOR) == "plan du 2026-12-06"
    with pytest.raises(InvalidInput) as caught:
        adopt_scenario(ws, "retrad", author=AUTHOR)
    assert caught.value.problems()[0].message == "aucun scénario 'retrad' (scénarios : 'plan du 2026-12-06')"
