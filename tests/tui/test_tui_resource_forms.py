"""Resource and window forms from the resources screen, and cycling the Gantt's baseline."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Input
from tui_harness import pilot_test

from conftest import Result
from hostile import OWN
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.model import Period, Project, Resource, Task
from plantrack.store import WorkspaceState, create_workspace, open_workspace
from plantrack.store.tracking_codec import find_baseline
from plantrack.tui.app import PlantrackApp
from plantrack.tui.forms.screen import FormScreen
from plantrack.tui.plan.view import display_text
from plantrack.tui.resources.screen import ResourcesScreen

TODAY = dt.date(2027, 3, 15)
SIZE = (120, 40)
HOSTILE = OWN


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    path = tmp_path / "line3.plantrack.json"
    project = Project(
        name="Line 3",
        start=dt.datetime(2027, 3, 15, 8),
        resources=(Resource(id="elec", name="Electricians", capacity=2),),
        tasks=(Task(id="a", name="First", duration=Duration(minutes=960)),),
    )
    create_workspace(path, WorkspaceState(project=project))
    return path


def stored(path: Path) -> Project:
    return open_workspace(path).read().project


async def fill(app: PlantrackApp, values: dict[str, str]) -> FormScreen:
    form = app.screen
    assert isinstance(form, FormScreen)
    for name, value in values.items():
        form.query_one(f"#in-{name}", Input).value = value
    return form


def error(form: FormScreen, field: str) -> str:
    return str(form.query_one(f"#err-{field}").render())


@pilot_test
async def test_resource_form_validates_inline_then_adds_and_edits(workspace: Path) -> None:
    name = HOSTILE["terminal_markup"][1]
    app = PlantrackApp(workspace, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("R")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ResourcesScreen)
        await pilot.press("a")
        form = await fill(app, {"id": "elec", "name": name, "capacity": "0"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "resource elec already exists" in error(form, "id")
        await fill(app, {"id": "welders"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "must have a capacity above 0" in error(form, "capacity")
        await fill(app, {"capacity": "two"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "must be a number" in error(form, "capacity")
        await fill(app, {"capacity": "3", "kind": "robot"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "not one of person, team, machine, contractor" in error(form, "kind")
        await fill(app, {"kind": "team"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        welders = stored(workspace).resource_map()["welders"]
        assert (welders.name, welders.capacity, str(welders.kind)) == (name.strip(), 3.0, "team")
        table = screen.query_one("#loads", DataTable)
        assert str(table.get_cell_at(Coordinate(table.get_row_index("welders"), 0))) == display_text(name)
        # edit: the id is locked, the other fields come pre-filled
        table.move_cursor(row=table.get_row_index("elec"))
        await pilot.press("e")
        form = await fill(app, {"capacity": "4"})
        assert form.query_one("#in-id", Input).disabled
        assert form.query_one("#in-name", Input).value == "Electricians"
        await pilot.press("ctrl+s")
        await pilot.pause()
    resources = stored(workspace).resource_map()
    assert resources["elec"].capacity == 4 and resources["elec"].name == "Electricians"


@pilot_test
async def test_window_form_adds_and_edits_a_shutdown_window(workspace: Path) -> None:
    app = PlantrackApp(workspace, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("R")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ResourcesScreen)
        screen.query_one("#windows", DataTable).focus()
        await pilot.press("a")
        form = await fill(app, {"id": "summer", "name": "Summer", "periods": "2027-08-20..2027-08-02"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "before it starts" in error(form, "periods")
        await fill(app, {"periods": "2027-08-02..2027-08-20, 2027-12-24T06:00..2027-12-27T06:00"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        window = stored(workspace).window_map()["summer"]
        # a date as end means the end of that day, as in the CLI
        assert window.periods == (
            Period(start=dt.datetime(2027, 8, 2), end=dt.datetime(2027, 8, 21)),
            Period(start=dt.datetime(2027, 12, 24, 6), end=dt.datetime(2027, 12, 27, 6)),
        )
        windows = screen.query_one("#windows", DataTable)
        assert str(windows.get_cell_at(Coordinate(0, 2))) == (
            "2027-08-02..2027-08-20, 2027-12-24T06:00..2027-12-27T06:00"
        )
        windows.focus()
        await pilot.press("e")
        await fill(app, {"periods": "2027-08-09..2027-08-13"})
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert stored(workspace).window_map()["summer"].periods == (
        Period(start=dt.datetime(2027, 8, 9), end=dt.datetime(2027, 8, 14)),
    )


@pilot_test
async def test_baseline_cycling_on_the_gantt(
    workspace: Path, cli: Callable[..., Result], tmp_path: Path
) -> None:
    assert cli("baseline", "save", "v1").code == 0
    with open_workspace(workspace).update() as state:  # the task grows from 2 to 3 days, then v2
        task = state.project.tasks[0]
        longer = dataclasses.replace(task, duration=Duration(minutes=1440))
        state.project = dataclasses.replace(state.project, tasks=(longer,))
    assert cli("baseline", "save", "v2").code == 0
    saved = open_workspace(workspace).read()
    finish = {name: find_baseline(saved, name).task_map()["a"].finish for name in ("v1", "v2")}  # type: ignore[union-attr]
    assert finish["v1"] != finish["v2"]
    app = PlantrackApp(workspace, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.view is not None
        assert app.view.rows["a"].bar.baseline_finish == finish["v2"]  # the latest by default
        await pilot.press("B")
        await pilot.pause()
        assert app.baseline == "v1"
        assert app.view.rows["a"].bar.baseline_finish == finish["v1"]
        assert "baseline v1 +1d" in app.view.summary
        await pilot.press("B")
        await pilot.pause()
        assert app.baseline == "v2"
        assert app.view.rows["a"].bar.baseline_finish == finish["v2"]
        assert "baseline v2 +0d" in app.view.summary
