"""The TUI forms read a date alone as the command line does: end-like fields end their working day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Input
from tui_harness import pilot_test

from conftest import Result
from plantrack.operations import form_edits as edits
from plantrack.operations.form_edits import TaskFields
from plantrack.operations.review import add_meeting_action, save_status_date
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.model import Calendar, Link, Project, Task, TimeRange
from plantrack.store import WorkspaceState, create_workspace, open_workspace
from plantrack.store.tracking_codec import actions, progress
from plantrack.tui.app import PlantrackApp
from plantrack.tui.forms.screen import FormScreen

Cli = Callable[..., Result]
DAY = 480
SHIFTS = Calendar(id="shifts", hours=(TimeRange(start=360, end=840), TimeRange(start=840, end=1320)))


def plan() -> Project:
    """Design 2d -> Wire 3d on the standard calendar from Monday 1 March 2027; Press 1d on two shifts."""
    return Project(
        name="Small retrofit",
        start=dt.datetime(2027, 3, 1, 8),
        calendars=(SHIFTS,),
        tasks=(
            Task(id="design", name="Design", duration=Duration(minutes=2 * DAY)),
            Task(id="wire", name="Wire", duration=Duration(minutes=3 * DAY)),
            Task(id="press", name="Press", duration=Duration(minutes=DAY), calendar="shifts"),
        ),
        links=(Link(predecessor="design", successor="wire"),),
    )


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    path = tmp_path / "small.plantrack.json"
    create_workspace(path, WorkspaceState(project=plan()))
    return path


def test_deadline_due_and_status_forms_end_their_working_day() -> None:
    state = WorkspaceState(project=plan())
    edits.edit_task(TaskFields(id="press", name="Press", duration="1d", deadline="2027-03-10"))(state)
    edits.edit_task(TaskFields(id="design", name="Design", duration="2d", deadline="2027-03-10T12:00"))(state)
    tasks = state.project.task_map()
    assert tasks["press"].deadline == dt.datetime(2027, 3, 10, 22)  # its own two-shift day
    assert tasks["design"].deadline == dt.datetime(2027, 3, 10, 12)  # a time is kept
    add_meeting_action(
        {"title": "Order cables", "owner": "A. Petit", "due": "2027-03-12"}, dt.date(2027, 3, 1)
    )(state)
    (action,), _ = actions(state)
    assert action.due == dt.datetime(2027, 3, 12, 17)
    save_status_date({"date": "2027-03-05"})(state)
    assert {r.status_date for r in progress(state)} == {dt.datetime(2027, 3, 5, 17)}


@pilot_test
async def test_the_edit_form_shows_a_deadline_as_its_day(workspace: Path) -> None:
    with open_workspace(workspace).update() as state:
        tasks = tuple(
            Task(id=t.id, name=t.name, duration=t.duration, calendar=t.calendar, deadline=deadline)
            for t, deadline in zip(
                state.project.tasks,
                (dt.datetime(2027, 3, 11), dt.datetime(2027, 3, 11, 17), dt.datetime(2027, 3, 12, 22)),
                strict=True,
            )
        )
        state.project = Project(
            name="Small retrofit", start=state.project.start, calendars=(SHIFTS,), tasks=tasks, links=()
        )
    app = PlantrackApp(workspace, today=dt.date(2027, 3, 1), poll_seconds=60)
    shown = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for _ in range(3):
            await pilot.press("e")
            form = app.screen
            assert isinstance(form, FormScreen)
            shown.append(form.query_one("#in-deadline", Input).value)
            await pilot.press("escape")
            await pilot.press("down")
    # the file's end of 10 March (24:00), the end of a working day on the standard and on two shifts
    assert shown == ["2027-03-10", "2027-03-11", "2027-03-12"]
