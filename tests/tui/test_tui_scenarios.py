"""Scenarios in the app through the pilot, on the demo: switch, edit and undo inside a scenario while the
current plan stays byte for byte, make a scenario, compare, hostile names, French."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Static
from tui_harness import pilot_test

from conftest import Result
from plantrack.operations.scenario_edits import Author, new_scenario
from plantrack.scheduling.duration import Duration
from plantrack.store import open_workspace
from plantrack.store.sealed import spans_of
from plantrack.tui.app import PlantrackApp
from plantrack.tui.forms.screen import FormScreen
from plantrack.tui.scenarios.compare import ComparisonScreen
from plantrack.tui.scenarios.plans import shortened
from plantrack.tui.scenarios.switcher import NAME_WIDTH, NOTE_WIDTH, ScenarioSwitcher

Cli = Callable[..., Result]
TODAY = dt.date(2027, 2, 3)
SIZE = (120, 40)
LATE = "supplier three weeks late"
STOPS = "install in two weekend stops"
DAY = 480  # the demo's standard day, in working minutes


@pytest.fixture
def demo(cli: Cli) -> Path:
    """`plantrack demo` with its two scenarios."""
    assert cli("demo", "--no-tui").code == 0
    (path,) = Path.cwd().glob("*.plantrack.json")
    return path


def plan_tables(path: Path) -> dict[str, bytes]:
    """The current plan's part of the file: every table but the scenarios and meta (revision, digest)."""
    raw = path.read_bytes()
    spans = spans_of(raw)
    assert spans is not None
    return {name: raw[a:b] for name, (a, b) in spans.items() if name not in ("scenarios", "meta")}


def duration(path: Path, task: str, scenario: str | None = None) -> Duration:
    state = open_workspace(path).read()
    project = state.project if scenario is None else state.scenarios.get(scenario).project
    return project.task_map()[task].duration


def title(app: PlantrackApp) -> str:
    return str(app.query_one("#title", Static).render())


def messages(app: PlantrackApp) -> list[str]:
    return [n.message for n in app._notifications]


async def open_switcher(app: PlantrackApp, pilot: object) -> ScenarioSwitcher:
    await pilot.press("S")  # type: ignore[attr-defined]
    await app.workers.wait_for_complete()
    await pilot.pause()  # type: ignore[attr-defined]
    assert isinstance(app.screen, ScenarioSwitcher), app.screen
    return app.screen


def switcher_rows(screen: ScenarioSwitcher) -> list[list[str]]:
    table = screen.query_one(DataTable)
    return [[cell.plain for cell in table.get_row_at(i)] for i in range(table.row_count)]


@pilot_test
async def test_make_a_scenario_edit_it_and_undo_inside_while_the_current_plan_stays(demo: Path) -> None:
    current = plan_tables(demo)
    app = PlantrackApp(demo, today=TODAY, poll_seconds=3600)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert title(app).startswith("plan: current · ")
        assert app.view is not None
        assert app.view.rows["cdcf-review"].finish == dt.datetime(2027, 2, 4, 17)
        switcher = await open_switcher(app, pilot)
        assert [row[0].strip("▶ ") for row in switcher_rows(switcher)] == ["current plan", LATE, STOPS]
        await pilot.press("n")  # from the selected plan: the current one
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#in-name", Input).value = "  review four days "
        form.query_one("#in-note", Input).value = "the customer reviews longer"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is app.screen_stack[0]  # the form and the switcher closed
        assert title(app).startswith("scenario: review four days · ")
        assert app.sub_title == "scenario: review four days"
        state = open_workspace(demo).read()
        made = state.scenarios.get("review four days")
        assert made.note == "the customer reviews longer"
        assert made.project == state.project
        assert plan_tables(demo) == current

        assert app.gantt.select("cdcf-review")
        await pilot.press("e")
        assert isinstance(app.screen, FormScreen)
        app.screen.query_one("#in-duration", Input).value = "4d"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert duration(demo, "cdcf-review", "review four days") == Duration(minutes=4 * DAY)
        assert duration(demo, "cdcf-review") == Duration(minutes=DAY)
        assert plan_tables(demo) == current
        assert app.view is not None
        # a 1-day task on Thursday 02-04 made 4 days: Thu, Fri, then Mon and Tue (hand-worked)
        assert app.view.rows["cdcf-review"].finish == dt.datetime(2027, 2, 9, 17)

        await pilot.press("u")
        await pilot.pause()
        assert duration(demo, "cdcf-review", "review four days") == Duration(minutes=DAY)
        assert plan_tables(demo) == current
        assert "undone: edit task cdcf-review" in messages(app)
        await pilot.press("U")  # and redo, still inside the scenario
        await pilot.pause()
        assert duration(demo, "cdcf-review", "review four days") == Duration(minutes=4 * DAY)

        switcher = await open_switcher(app, pilot)
        await pilot.press(*["up"] * 5, "enter")  # back to the current plan: its own (empty) history
        await pilot.pause()
        assert title(app).startswith("plan: current · ")
        assert app.view.rows["cdcf-review"].finish == dt.datetime(2027, 2, 4, 17)
        await pilot.press("u")
        await pilot.pause()
        assert messages(app)[-1] == "nothing to undo"
        assert plan_tables(demo) == current


@pilot_test
async def test_open_on_a_scenario_and_switch_to_another(demo: Path) -> None:
    app = PlantrackApp(demo, today=TODAY, poll_seconds=3600, scenario=STOPS)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert title(app).startswith(f"scenario: {STOPS} · ")
        assert app.view is not None
        # `scenario compare` lists plc as moved from 06-05 04:00 to 06-19 04:00: it waits for stop-2
        assert app.view.rows["plc"].finish == dt.datetime(2027, 6, 19, 4, 0)
        switcher = await open_switcher(app, pilot)
        rows = switcher_rows(switcher)
        assert rows[2][0].startswith("▶ ")  # the plan being edited is marked
        assert rows[0][1] == "2027-08-25 15:40"  # the Gantt's finish (`scenario compare` says the same)
        assert rows[2][1] == "2027-09-08 15:40"
        assert rows[1][1] == "not schedulable: window-missed"
        await pilot.press(*["up"] * 5, "enter")
        await pilot.pause()
        assert title(app).startswith("plan: current · ")
        assert app.view.rows["plc"].finish == dt.datetime(2027, 6, 5, 4, 0)


@pilot_test
async def test_the_comparison_screen_shows_the_table_and_the_matrix_of_scenario_compare(
    demo: Path, cli: Cli
) -> None:
    app = PlantrackApp(demo, today=TODAY, poll_seconds=3600)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_switcher(app, pilot)
        await pilot.press("c")
        assert isinstance(app.screen, ComparisonScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        report = str(app.screen.query_one("#report", Static).render())
        advice = str(app.screen.query_one("#recommendation", Static).render())
        status = str(app.screen.query_one("#status", Static).render())
        scroll = app.screen.query_one("#scroll")
        await pilot.press("m")  # to the decision matrix
        await pilot.pause()
        assert scroll.scroll_y == min(app.screen.matrix_line, scroll.max_scroll_y) > 0
        await pilot.press("t")
        await pilot.pause()
        assert scroll.scroll_y == 0
        await pilot.press("escape")
        assert isinstance(app.screen, ScenarioSwitcher)
    assert LATE in report and STOPS in report and "Decision matrix" in report
    assert advice.startswith("Recommended: install in two weekend stops")
    assert "1000 runs per plan, seed 0" in status
    # the same lines as the CLI prints (the same runs and seed), the recommendation shown apart
    printed = cli("scenario", "compare")
    assert printed.code == 0, printed.err
    assert printed.out.rstrip("\n").split("\n") == [*report.split("\n"), advice]


@pilot_test
async def test_a_hostile_scenario_name_stays_inert(demo: Path, hostile: dict[str, list[str]]) -> None:
    names = [n for n in hostile["terminal_markup"] if n.strip()][:4]
    author = Author("test", dt.datetime(2027, 2, 3, 9))
    workspace = open_workspace(demo)
    made = [new_scenario(workspace, name, note=name, author=author).name for name in names]
    app = PlantrackApp(demo, today=TODAY, poll_seconds=3600, scenario=made[0])
    async with app.run_test(size=(200, 40)) as pilot:
        await pilot.pause()
        assert title(app).startswith(f"scenario: {made[0]} · ")
        switcher = await open_switcher(app, pilot)
        rows = switcher_rows(switcher)
        marks = ["▶ ", "  ", "  ", "  "]
        for mark, name, row in zip(marks, made, rows[3:], strict=True):
            assert row[0] == mark + shortened(name, NAME_WIDTH - 2)  # literally, markup and all
            assert row[2] == shortened(name, NOTE_WIDTH)
        await pilot.click(DataTable, offset=(4, 5))
        await pilot.pause()
        assert app.is_running


def test_tui_scenario_unknown_is_refused_before_the_screen(demo: Path, cli: Cli) -> None:
    refused = cli("tui", "--scenario", "nope")
    assert refused.code != 0
    assert "nope" in refused.err


@pilot_test
async def test_french_labels(demo: Path, french: None) -> None:
    app = PlantrackApp(demo, today=TODAY, poll_seconds=3600)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert title(app).startswith("planning : actuel · ")
        switcher = await open_switcher(app, pilot)
        assert (
            str(switcher.query_one(".switcher-title", Static).render())
            == "Plannings de cet espace de travail"
        )
        assert switcher_rows(switcher)[0][0] == "▶ planning actuel"
        await pilot.press("c")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Matrice" in str(app.screen.query_one("#report", Static).render())


@pilot_test
async def test_the_command_palette_opens_the_switcher(demo: Path) -> None:
    app = PlantrackApp(demo, today=TODAY, poll_seconds=3600)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Scenarios" in titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Scenarios")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ScenarioSwitcher)


@pilot_test
async def test_progress_inside_a_scenario_is_refused_with_the_reason(demo: Path) -> None:
    before = plan_tables(demo)
    app = PlantrackApp(demo, today=TODAY, poll_seconds=3600, scenario=STOPS)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.gantt.select("cdcf-review")
        await pilot.press("p")
        assert isinstance(app.screen, FormScreen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert any("switch to the current plan to record them" in m for m in messages(app))
    assert plan_tables(demo) == before
