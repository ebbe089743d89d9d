"""At 80x24: the progress form's default status date, the help box and the deviation report's columns."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Input
from tui_harness import pilot_test

from conftest import Result
from plantrack.operations.tracking_view import deviation
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.model import Project, Task
from plantrack.store import WorkspaceState, create_workspace, open_workspace
from plantrack.tui.app import PlantrackApp
from plantrack.tui.forms.screen import FormScreen
from plantrack.tui.help import HelpScreen
from plantrack.tui.tracking.deviation import COLUMNS, DeviationScreen, column_widths

SMALL = (80, 24)
#: a week after the demo's last status date: the form must not take this one
TODAY = dt.date(2027, 2, 5)
DAY = Duration(minutes=480)


@pytest.fixture
def demo(cli: Callable[..., Result], tmp_path: Path) -> Path:
    """`plantrack demo`: a baseline and progress recorded at two status dates (the last 2027-01-29)."""
    assert cli("demo", "--no-tui").code == 0
    (path,) = tmp_path.glob("*.plantrack.json")
    return path


def plain(tmp_path: Path, status: dt.datetime | None = None) -> Path:
    path = tmp_path / "plain.plantrack.json"
    project = Project(
        name="Plain",
        start=dt.datetime(2027, 1, 4, 8),
        status_date=status,
        tasks=(Task(id="a", name="A", duration=DAY),),
    )
    create_workspace(path, WorkspaceState(project=project))
    return path


async def progress_date(path: Path, task: str) -> str:
    app = PlantrackApp(path, today=TODAY, poll_seconds=3600)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        app.gantt.select(task)
        await pilot.press("p")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        return form.query_one("#in-date", Input).value


@pilot_test
async def test_progress_form_defaults_to_the_workspace_status_date(demo: Path) -> None:
    raw = json.loads(demo.read_text(encoding="utf-8"))
    latest = max(r["status_date"] for r in raw["progress"].values())
    assert latest.startswith("2027-01-29")  # the demo's last status date, read from the file itself
    expected = dt.datetime.fromisoformat(latest).isoformat(timespec="minutes")
    assert await progress_date(demo, "spec") == expected


@pilot_test
async def test_progress_form_takes_the_projects_status_date_else_today(tmp_path: Path) -> None:
    assert await progress_date(plain(tmp_path, dt.datetime(2027, 1, 8, 12)), "a") == "2027-01-08T12:00"
    (tmp_path / "plain.plantrack.json").unlink()
    assert (
        await progress_date(plain(tmp_path), "a") == "2027-02-05"
    )  # the injected today: a date alone, the end of its working day


@pilot_test
async def test_help_fits_80x24_and_scrolls_to_the_last_key(demo: Path) -> None:
    app = PlantrackApp(demo, today=TODAY, poll_seconds=3600)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        box = app.screen.query_one(VerticalScroll)
        region = box.region
        assert region.x >= 0 and region.y >= 0 and region.right <= 80 and region.bottom <= 24, region
        assert box.has_focus and box.max_scroll_y > 0  # it does not fit: it scrolls
        await pilot.press("end")
        await pilot.pause(0.5)
        assert box.scroll_y == box.max_scroll_y


def test_column_widths_narrow_the_task_column_first() -> None:
    """Hand-worked: at 80 columns, WBS 4, BL finish 9, Forecast 8, Slip 7, Done 4, Cause 8 (+2 each),
    a scrollbar of 2 and the Task column's own padding of 2 leave 80 - 52 - 2 - 2 = 24 for the Task."""
    line = ["1.10", "x" * 60, "01-04", "01-11", "+7.5d !", "100%", "material", "", "yes", "C. Martin", "n"]
    widths = column_widths([[Text(c) for c in line]], 80)
    assert widths["task"] == 24
    assert (widths["wbs"], widths["slip"], widths["done"], widths["cause"]) == (4, 7, 4, 8)
    assert column_widths([[Text(c) for c in line]], 120)["task"] == 34  # the cap, as before
    assert column_widths([[Text(c) for c in line]], 40)["task"] == 12  # never below the minimum
    assert [key for key, _ in COLUMNS].index("cause") < [key for key, _ in COLUMNS].index("float")


@pilot_test
async def test_deviation_report_shows_done_and_cause_at_80x24(demo: Path) -> None:
    app = PlantrackApp(demo, today=TODAY, poll_seconds=3600)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("D")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DeviationScreen)
        table = screen.query_one(DataTable)
        # every column up to Cause lies inside the table's visible width, at full content width
        right = 0
        for column in table.ordered_columns:
            right += column.get_render_width(table)
            if column.key.value == "cause":
                break
        assert right <= table.scrollable_content_region.width
        report = deviation(open_workspace(demo).read(), screen.baseline).report
        caused = [t for t in report.tasks if t.cause]
        assert caused
        for task in report.tasks:
            # the engine's figures, shown whole (a cut cell would read differently)
            assert str(table.get_cell(task.id, "done")) == f"{task.percent_complete:.0f}%"
            assert str(table.get_cell(task.id, "cause")) == (task.cause or "")
        widths = {c.key.value: c.width for c in table.ordered_columns}
        assert widths["cause"] >= max(len(t.cause or "") for t in caused)
        shown = "".join(seg.text for seg in table.render_line(0))
        assert "Done" in shown and "Cause" in shown
