"""Workflows of the whole app through the pilot, on real workspaces: edit, link, undo, outside changes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from textual.widgets import Input
from tui_harness import pilot_test

from conftest import fingerprint
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.model import Link, Project, Task
from plantrack.store import WorkspaceState, create_workspace, open_workspace
from plantrack.tui.app import PlantrackApp
from plantrack.tui.forms.screen import FormScreen
from plantrack.tui.plan.gantt import HEADER_ROWS, GanttView

TODAY = dt.date(2027, 3, 15)
SIZE = (120, 40)
TWO_DAYS = Duration(minutes=960)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """Two unlinked 2-day tasks from Monday 2027-03-15 08:00 on the standard 8-17 calendar."""
    path = tmp_path / "line3.plantrack.json"
    project = Project(
        name="Line 3",
        start=dt.datetime(2027, 3, 15, 8),
        tasks=(Task(id="a", name="First", duration=TWO_DAYS), Task(id="b", name="Second", duration=TWO_DAYS)),
    )
    create_workspace(path, WorkspaceState(project=project))
    return path


def stored(path: Path) -> Project:
    return open_workspace(path).read().project


async def fill(app: PlantrackApp, values: dict[str, str]) -> None:
    form = app.screen
    assert isinstance(form, FormScreen)
    for name, value in values.items():
        form.query_one(f"#in-{name}", Input).value = value


@pilot_test
async def test_link_two_tasks_and_see_the_successor_move_then_undo(workspace: Path) -> None:
    app = PlantrackApp(workspace, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.view is not None
        assert app.view.rows["b"].start == dt.datetime(2027, 3, 15, 8)
        await pilot.press("n")  # the selected task (a) is the predecessor
        await fill(app, {"successor": "b"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        # a: Mon 08:00 to Tue 17:00, so b starts Wednesday 08:00 (hand-worked)
        assert app.view.rows["b"].start == dt.datetime(2027, 3, 17, 8)
        assert [(x.predecessor, x.successor) for x in stored(workspace).links] == [("a", "b")]
        await pilot.press("u")
        await pilot.pause()
        assert app.view.rows["b"].start == dt.datetime(2027, 3, 15, 8)
        assert stored(workspace).links == ()
        await pilot.press("U")
        await pilot.pause()
        assert app.view.rows["b"].start == dt.datetime(2027, 3, 17, 8)


@pilot_test
async def test_add_a_task_and_see_it_scheduled(workspace: Path) -> None:
    app = PlantrackApp(workspace, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a")  # after the selected task (a) by default
        await fill(app, {"id": "c", "name": "Third", "duration": "1d"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.view is not None
        assert app.view.rows["c"].start == dt.datetime(2027, 3, 17, 8)
        assert app.view.rows["c"].finish == dt.datetime(2027, 3, 17, 17)
        assert app.gantt.selected_id == "c"
        assert stored(workspace).task_map()["c"].name == "Third"


@pilot_test
async def test_a_wrong_field_is_flagged_inline_and_nothing_is_written(workspace: Path) -> None:
    app = PlantrackApp(workspace, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = fingerprint(workspace)
        await pilot.press("a")
        await fill(app, {"id": "c", "duration": "3 parsecs", "after": "ghost"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)  # still open
        errors = str(form.query_one("#err-duration").render())
        assert "cannot read duration '3 parsecs'" in errors
        await fill(app, {"duration": "1d"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "no task 'ghost'" in str(form.query_one("#err-after").render())
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)
        assert fingerprint(workspace) == before


@pilot_test
async def test_a_change_made_by_the_cli_is_picked_up(workspace: Path) -> None:
    app = PlantrackApp(workspace, today=TODAY, poll_seconds=0.05)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        with open_workspace(workspace).update() as state:
            state.project = Project(
                name="Line 3",
                start=state.project.start,
                tasks=(*state.project.tasks, Task(id="z", name="From the CLI", duration=TWO_DAYS)),
            )
        await pilot.pause(0.3)
        assert app.view is not None and "z" in app.view.rows
        # and an edit now keeps it
        await pilot.press("e")
        await fill(app, {"name": "First, renamed"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert {t.id: t.name for t in stored(workspace).tasks} == {
            "a": "First, renamed",
            "b": "Second",
            "z": "From the CLI",
        }


@pilot_test
async def test_hostile_names_are_saved_and_shown_literally(
    workspace: Path, hostile: dict[str, list[str]]
) -> None:
    names = hostile
    app = PlantrackApp(workspace, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for name in names["terminal_markup"] + names["terminal_control"]:
            await pilot.press("e")
            await fill(app, {"name": name})
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.is_running
            shown = app.gantt.render_line(HEADER_ROWS).text
            expected = "".join(c for c in name if c not in "\x1b\x07\r\u202e\x9b")
            assert expected[:20] in shown
            assert "\x1b" not in shown
            detail = str(app.query_one("#detail").render())
            assert expected[:20] in detail
        # clicking the row (and its name) runs nothing
        await pilot.click(GanttView, offset=(12, HEADER_ROWS))
        await pilot.click("#detail", offset=(8, 0))
        await pilot.pause()
        assert app.is_running
        assert stored(workspace).task_map()["a"].name == expected  # the last name, its RTL override dropped


@pilot_test
async def test_an_invalid_plan_shows_its_problems_instead_of_crashing(tmp_path: Path) -> None:
    path = tmp_path / "cycle.plantrack.json"
    project = Project(
        name="Cycle",
        start=dt.datetime(2027, 3, 15, 8),
        tasks=(Task(id="a", duration=TWO_DAYS), Task(id="b", duration=TWO_DAYS)),
        links=(Link(predecessor="a", successor="b"), Link(predecessor="b", successor="a")),
    )
    create_workspace(path, WorkspaceState(project=project))
    app = PlantrackApp(path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        problems = app.query_one("#problems")
        assert problems.has_class("shown")
        assert "cycle" in str(problems.render())
        assert app.gantt.rows == []


@pilot_test
async def test_search_help_and_theme(workspace: Path) -> None:
    app = PlantrackApp(workspace, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash", "S", "e", "c")
        await pilot.pause()
        assert [row.id for row in app.gantt.rows] == ["b"]
        await pilot.press("escape")
        await pilot.pause()
        assert [row.id for row in app.gantt.rows] == ["a", "b"]
        await pilot.press("question_mark")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape", "T")
        await pilot.pause()
        assert app.current_theme.dark is False
