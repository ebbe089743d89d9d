"""Deviation, resources and leveling screens through the pilot; progress recorded from the Gantt."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Static
from tui_harness import pilot_test

import plantrack.demo
from conftest import Result
from load_fixtures import (
    ELEC_CAPACITY,
    ELEC_LOAD,
    FITTERS_CAPACITY,
    FITTERS_LOAD,
    WEEK_30,
    WEEK_31,
    closure_project,
)
from plantrack.formats.toml.reader import load_project_toml
from plantrack.operations.leveling import apply_leveling
from plantrack.operations.tracking_view import busiest_week, days, deviation, resource_loads, week_glyph
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.errors import errors_only
from plantrack.scheduling.leveling.wording import held_text
from plantrack.scheduling.model import (
    Assignment,
    Calendar,
    ConstraintKind,
    Project,
    Resource,
    Task,
    TimeRange,
)
from plantrack.store import WorkspaceState, create_workspace, open_workspace
from plantrack.tui.app import PlantrackApp
from plantrack.tui.forms.screen import FormScreen
from plantrack.tui.resources.leveling import LevelingScreen
from plantrack.tui.resources.screen import ResourcesScreen
from plantrack.tui.tracking.deviation import DeviationScreen

SIZE = (120, 40)
DEMO = Path(plantrack.demo.__file__).parent / "line3_retrofit.toml"
TODAY = dt.date(2027, 1, 22)


@pytest.fixture
def demo(cli: Callable[..., Result], tmp_path: Path) -> Path:
    """The demo plan (from its file, whatever `plantrack demo` adds) with a baseline and one status date."""
    project, problems = load_project_toml(DEMO)
    assert not errors_only(problems)
    path = tmp_path / "line3.plantrack.json"
    create_workspace(path, WorkspaceState(project=project))
    assert cli("baseline", "save", "v1").code == 0
    assert (
        cli("progress", "kickoff", "--date", "2027-01-15T17:00", "--actual-finish", "2027-01-04T08:00").code
        == 0
    )
    return path


def slip_cell(screen: DeviationScreen, task: str) -> str:
    table = screen.query_one(DataTable)
    return str(table.get_cell(task, "slip"))


@pilot_test
async def test_record_progress_and_see_the_deviation_report_change(demo: Path) -> None:
    app = PlantrackApp(demo, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("D")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DeviationScreen)
        assert "Deviations vs baseline v1" in str(screen.query_one("#kpis").render())
        before = slip_cell(screen, "current-state")
        assert before == "+10d"  # not started by Friday 01-15 17:00: the week moves past the baseline
        await pilot.press("escape")
        app.gantt.select("current-state")
        await pilot.press("p")
        form = app.screen
        assert isinstance(form, FormScreen)
        values = {
            "date": "2027-01-15T17:00",
            "actual_start": "2027-01-04T08:00",
            "done": "50",
            "remaining": "3d",
        }
        for name, value in values.items():
            form.query_one(f"#in-{name}", Input).value = value
        form.query_one("#in-cause", Input).value = "man"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("D")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DeviationScreen)
        # the table shows the engine's figure for the task, and it moved
        report = deviation(open_workspace(demo).read(), "v1").report
        row = next(t for t in report.tasks if t.id == "current-state")
        assert row.finish_variance_minutes > 0
        expected = days(row.finish_variance_minutes, 480)
        assert slip_cell(screen, "current-state").startswith(expected)
        assert slip_cell(screen, "current-state") != before
        await pilot.press("l")
        await pilot.pause()
        table = screen.query_one(DataTable)
        assert "current-state" in [k.value for k in table.rows]
        assert "kickoff" not in [k.value for k in table.rows]


def allday_project() -> Project:
    allday = Calendar(id="allday", weekdays=tuple(range(7)), hours=(TimeRange(start=0, end=24 * 60),))
    day = Duration(minutes=24 * 60)
    return Project(
        name="Crew",
        start=dt.datetime(2027, 3, 15),
        calendar="allday",
        calendars=(allday,),
        resources=(Resource(id="crew", name="Shutdown crew", capacity=1),),
        tasks=(Task(id="a", name="A", duration=day), Task(id="b", name="B", duration=day)),
        assignments=(Assignment(task="a", resource="crew"), Assignment(task="b", resource="crew")),
    )


@pilot_test
async def test_resources_screen_flags_the_overload(tmp_path: Path) -> None:
    path = tmp_path / "crew.plantrack.json"
    create_workspace(path, WorkspaceState(project=allday_project()))
    app = PlantrackApp(path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("R")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ResourcesScreen)
        table = screen.query_one(DataTable)
        assert str(table.get_cell("crew", "peak")) == "2 ▲"
        assert str(table.get_cell("crew", "load")) == "▲"


def test_presenter_counts_the_crew_hours_of_the_plant_closure() -> None:
    """The screen's figures for the August closure plan: the hand count, week by week."""
    loads = {ld.id: ld for ld in resource_loads(closure_project())}
    fitters, elec = loads["fitters"], loads["elec"]
    assert [(w.start, w.load_hours) for w in fitters.weeks] == [
        (WEEK_30, sum(FITTERS_LOAD[:7])),
        (WEEK_31, sum(FITTERS_LOAD[7:])),
    ]
    assert [w.capacity_hours for w in fitters.weeks] == [sum(FITTERS_CAPACITY[:7]), sum(FITTERS_CAPACITY[7:])]
    assert [w.load_hours for w in elec.weeks] == [sum(ELEC_LOAD[:7]), sum(ELEC_LOAD[7:])]
    assert [w.capacity_hours for w in elec.weeks] == [sum(ELEC_CAPACITY[:7]), sum(ELEC_CAPACITY[7:])]
    assert [week_glyph(w) for w in fitters.weeks] == ["▁", "▲"]  # 16 h of 144, then 3 units for 2
    assert [week_glyph(w) for w in elec.weeks] == ["·", "█"]  # idle, then 24 h of work for 0 h
    assert busiest_week(fitters) == "2027-W31: 120 h of 144 h"
    assert busiest_week(elec) == "2027-W31: 24 h of 0 h"


@pilot_test
async def test_resources_screen_shows_the_closure_work(tmp_path: Path) -> None:
    path = tmp_path / "closure.plantrack.json"
    create_workspace(path, WorkspaceState(project=closure_project()))
    app = PlantrackApp(path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("R")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert str(table.get_cell("fitters", "peak")) == "3 ▲"
        assert str(table.get_cell("fitters", "load")) == "▁▲"
        assert str(table.get_cell("fitters", "worst")) == "2027-W31: 120 h of 144 h"
        assert str(table.get_cell("elec", "peak")) == "1"
        assert str(table.get_cell("elec", "load")) == "·█"
        assert str(table.get_cell("elec", "worst")) == "2027-W31: 24 h of 0 h"


@pilot_test
async def test_leveling_runs_in_the_background_and_applies_on_request(tmp_path: Path) -> None:
    path = tmp_path / "crew.plantrack.json"
    create_workspace(path, WorkspaceState(project=allday_project()))
    app = PlantrackApp(path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.view is not None
        assert app.view.rows["a"].start == app.view.rows["b"].start
        await pilot.press("L")
        screen = app.screen
        assert isinstance(screen, LevelingScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.result is not None
        # the wait is explained: the crew is on the other task, on that task's own leveled dates
        waits = str(screen.query_one("#waits", Static).render())
        late = max(screen.result.tasks.values(), key=lambda t: t.start)
        first = screen.result.tasks[late.held_by[0]]
        assert waits == held_text(screen.result, late.id)
        assert f"{late.id} waits for " in waits and f"assigned to {first.id} from " in waits
        await pilot.press("a")
        await pilot.pause()
        # one of the two now waits for the other: the crew never does both at once
        a, b = app.view.rows["a"], app.view.rows["b"]
        assert a.finish <= b.start or b.finish <= a.start
        # kept as the plan's own leveling delay (one crew day), not as a constraint nobody typed
        tasks = open_workspace(path).read().project.tasks
        assert not any(t.constraints for t in tasks)
        assert [t.leveling_delay for t in tasks if t.leveling_delay] == [Duration(minutes=24 * 60)]
        await pilot.press("u")
        await pilot.pause()
        assert app.view.rows["a"].start == app.view.rows["b"].start


@pilot_test
async def test_leveling_in_the_tui_gives_the_cli_plan_and_respects_progress(demo: Path) -> None:
    # the demo has progress at two status dates: finished tasks must keep their actual dates, and the
    # TUI must level what is left exactly as `schedule --level` does (one worker: a deterministic solve)
    from plantrack.scheduling.cpm import cpm
    from plantrack.scheduling.leveling.current import level_current
    from plantrack.store.tracking_codec import actuals_at

    state = open_workspace(demo).read()
    status_date, actuals = actuals_at(state)
    assert status_date is not None and actuals
    expected = level_current(state.project, status_date=status_date, actuals=actuals, time_limit=5, workers=1)
    assert expected.project is not None
    app = PlantrackApp(demo, today=TODAY, poll_seconds=3600)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.apply("level resources", apply_leveling(expected.result))
        await pilot.pause()
    kept = open_workspace(demo).read()
    assert not any(
        c.kind is ConstraintKind.START_NO_EARLIER_THAN and c not in before.constraints
        for t, before in zip(kept.project.tasks, state.project.tasks, strict=True)
        for c in t.constraints
    )
    assert kept.project == expected.project
    after = cpm(kept.project, status_date=status_date, actuals=actuals)
    for tid, actual in actuals.items():
        if actual.actual_start is not None and after.task(tid).status != "planned":
            assert after.task(tid).early_start_at == actual.actual_start, tid


@pilot_test
async def test_leveling_can_be_cancelled(tmp_path: Path) -> None:
    path = tmp_path / "crew.plantrack.json"
    create_workspace(path, WorkspaceState(project=allday_project()))
    before = open_workspace(path).read().revision
    app = PlantrackApp(path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("L", "escape")
        await pilot.pause()
        assert not isinstance(app.screen, LevelingScreen)
        await app.workers.wait_for_complete()
    assert open_workspace(path).read().revision == before


@pilot_test
async def test_task_keys_act_only_on_the_gantt_screen(demo: Path) -> None:
    app = PlantrackApp(demo, today=TODAY, poll_seconds=3600)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        gantt_keys = {b.binding.key for b in app.screen.active_bindings.values()}
        assert {"a", "e", "p", "u"} <= gantt_keys
        await pilot.press("D")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DeviationScreen)
        shown = {b.binding.key for b in screen.active_bindings.values() if b.enabled}
        assert not {"a", "e", "p", "u", "slash"} & shown
        revision = open_workspace(demo).read().revision
        for key in ("a", "e", "p", "u", "d", "slash"):
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is screen, key  # no form opened over the report
        assert open_workspace(demo).read().revision == revision
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)  # back on the Gantt the key works again
