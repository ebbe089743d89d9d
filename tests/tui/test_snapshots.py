"""SVG snapshots of every screen on the demo workspace, at 120x40 and 80x24 (pytest-textual-snapshot).

The expectations are the SVG files under `__snapshots__/`; after a deliberate change of the screens,
look at the new pictures and accept them with `pytest tests/tui/test_snapshots.py --snapshot-update`.
Nothing drawn may depend on the clock, the machine or the temp folder: `today` is injected, the poll
timer never fires, the theme and the colour mode are pinned and no cursor blinks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from conftest import Result
from plantrack.tui.app import PlantrackApp
from plantrack.tui.help import HelpScreen
from plantrack.tui.resources.screen import ResourcesScreen
from plantrack.tui.tracking.deviation import DeviationScreen
from plantrack.tui.tracking.review import ReviewScreen

#: A few days after the demo's last status date, so both the status and the today lines show.
TODAY = dt.date(2027, 2, 3)
LARGE = (120, 40)
SMALL = (80, 24)
Snap = Callable[..., bool]
Script = Callable[[Pilot[None]], Awaitable[None]]


@pytest.fixture
def demo_app(cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch) -> PlantrackApp:
    """`plantrack demo` (baseline, two status dates) opened in the app, with nothing time-driven left."""
    monkeypatch.delenv("NO_COLOR", raising=False)  # Textual would draw the whole screen in monochrome
    assert cli("demo", "--no-tui").code == 0
    (path,) = Path.cwd().glob("*.plantrack.json")
    return PlantrackApp(path, today=TODAY, poll_seconds=24 * 3600)


def steady(*keys: str, screen: type | None = None) -> Script:
    """Press `keys`, check the expected screen is on top, and stop every cursor blink."""

    async def script(pilot: Pilot[None]) -> None:
        app = pilot.app
        app.theme = "textual-dark"
        await pilot.pause()
        if keys:
            await pilot.press(*keys)
            await pilot.pause()
        if screen is not None:
            assert isinstance(app.screen, screen), app.screen
        for widget in app.screen.query(Input):
            widget.cursor_blink = False
        await pilot.pause()

    return script


def test_gantt(snap_compare: Snap, demo_app: PlantrackApp) -> None:
    assert snap_compare(demo_app, terminal_size=LARGE, run_before=steady())


def test_gantt_with_baseline_half_blocks(snap_compare: Snap, demo_app: PlantrackApp) -> None:
    assert snap_compare(demo_app, terminal_size=LARGE, run_before=steady("b"))


def test_deviation_report(snap_compare: Snap, demo_app: PlantrackApp) -> None:
    assert snap_compare(demo_app, terminal_size=LARGE, run_before=steady("D", screen=DeviationScreen))


def test_resources(snap_compare: Snap, demo_app: PlantrackApp) -> None:
    assert snap_compare(demo_app, terminal_size=LARGE, run_before=steady("R", screen=ResourcesScreen))


def test_review_meeting(snap_compare: Snap, demo_app: PlantrackApp) -> None:
    assert snap_compare(demo_app, terminal_size=LARGE, run_before=steady("r", screen=ReviewScreen))


def test_help(snap_compare: Snap, demo_app: PlantrackApp) -> None:
    assert snap_compare(demo_app, terminal_size=LARGE, run_before=steady("question_mark", screen=HelpScreen))


def test_gantt_small_terminal(snap_compare: Snap, demo_app: PlantrackApp) -> None:
    assert snap_compare(demo_app, terminal_size=SMALL, run_before=steady())


def test_deviation_report_small_terminal(snap_compare: Snap, demo_app: PlantrackApp) -> None:
    assert snap_compare(demo_app, terminal_size=SMALL, run_before=steady("D", screen=DeviationScreen))


def test_help_small_terminal(snap_compare: Snap, demo_app: PlantrackApp) -> None:
    assert snap_compare(demo_app, terminal_size=SMALL, run_before=steady("question_mark", screen=HelpScreen))
