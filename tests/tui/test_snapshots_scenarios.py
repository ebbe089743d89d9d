"""SVG snapshots of the scenario switcher and the comparison screen on the demo at 120x40.

Accept a deliberate change with `pytest tests/tui/test_snapshots_scenarios.py --snapshot-update` after
looking at the new pictures. The workers (forecast finishes, the comparison) finish before the picture.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from conftest import Result
from plantrack.tui.app import PlantrackApp
from plantrack.tui.scenarios.compare import ComparisonScreen
from plantrack.tui.scenarios.switcher import ScenarioSwitcher

TODAY = dt.date(2027, 2, 3)
LARGE = (120, 40)
Snap = Callable[..., bool]


@pytest.fixture
def demo_app(cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch) -> PlantrackApp:
    monkeypatch.delenv("NO_COLOR", raising=False)  # Textual would draw the whole screen in monochrome
    assert cli("demo", "--no-tui").code == 0
    (path,) = Path.cwd().glob("*.plantrack.json")
    return PlantrackApp(path, today=TODAY, poll_seconds=24 * 3600)


def settled(*keys: str, screen: type) -> Callable[[Pilot[None]], object]:
    async def script(pilot: Pilot[None]) -> None:
        app = pilot.app
        app.theme = "textual-dark"
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await app.workers.wait_for_complete()
            await pilot.pause()
        assert isinstance(app.screen, screen), app.screen
        await pilot.pause()

    return script


def test_scenario_switcher(snap_compare: Snap, demo_app: PlantrackApp) -> None:
    assert snap_compare(demo_app, terminal_size=LARGE, run_before=settled("S", screen=ScenarioSwitcher))


def test_scenario_comparison(snap_compare: Snap, demo_app: PlantrackApp) -> None:
    assert snap_compare(demo_app, terminal_size=LARGE, run_before=settled("S", "c", screen=ComparisonScreen))
