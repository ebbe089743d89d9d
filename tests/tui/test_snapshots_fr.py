"""The main screens in French, as SVG snapshots at 120x40 and 80x24, and no English word of our UI on them.

The French demo (`plantrack demo --lang fr`) is opened with the language switched to French before the
app is built (Textual reads the key labels then). Accept deliberate changes as for the English
snapshots: look at the pictures, then `pytest tests/tui/test_snapshots_fr.py --snapshot-update`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from test_snapshots import LARGE, SMALL, TODAY, Snap, steady
from tui_harness import pilot_test

from conftest import Result
from plantrack.i18n import set_language
from plantrack.tui.app import PlantrackApp
from plantrack.tui.help import HelpScreen
from plantrack.tui.resources.screen import ResourcesScreen
from plantrack.tui.tracking.deviation import DeviationScreen
from plantrack.tui.tracking.review import ReviewScreen

#: Words of our English screens (headers, footer, titles, labels) that must not show in French.
ENGLISH_WORDS = (
    "Task",
    "Start",
    "Finish",
    "Float",
    "Help",
    "Quit",
    "Resources",
    "Resource",
    "Deviation",
    "Deviations",
    "Review",
    "Save",
    "Level",
    "Baseline",
    "baseline",
    "Slip",
    "Forecast",
    "Owner",
    "Done",
    "Critical",
    "Late",
    "Today",
    "Find",
    "Edit",
    "Undo",
    "Progress",
    "Back",
    "Meeting",
    "Gates",
    "Finished",
    "Started",
    "Peak",
    "Busiest",
    "Keys",
    "Move",
    "View",
    "Screens",
    "Zoom in",
    "Zoom out",
    "Driver",
    "status",
    "finish",
    "float",
    "since",
    "inherited",
    "overbooked",
    "Shutdown",
    "Hours",
    "Introduced",
    "select",
    "search",
    "section",
    "minutes",
)
#: (keys pressed, screen on top) of each screen checked
SCREENS: dict[str, tuple[tuple[str, ...], type | None]] = {
    "gantt": ((), None),
    "help": (("question_mark",), HelpScreen),
    "deviations": (("D",), DeviationScreen),
    "resources": (("R",), ResourcesScreen),
    "review": (("r",), ReviewScreen),
}


@pytest.fixture
def french_app(cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch) -> Iterator[PlantrackApp]:
    """The French demo opened in the French app; English again afterwards for the other tests."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert cli("--lang", "fr", "demo", "--no-tui").code == 0
    (path,) = Path.cwd().glob("*.plantrack.json")
    set_language("fr")
    try:
        yield PlantrackApp(path, today=TODAY, poll_seconds=24 * 3600)
    finally:
        set_language("en")


@pytest.mark.parametrize("size", [LARGE, SMALL], ids=["120x40", "80x24"])
@pytest.mark.parametrize("name", list(SCREENS))
def test_french_screen(
    snap_compare: Snap, french_app: PlantrackApp, name: str, size: tuple[int, int]
) -> None:
    keys, screen = SCREENS[name]
    assert snap_compare(french_app, terminal_size=size, run_before=steady(*keys, screen=screen))


def screen_lines(svg: str) -> list[str]:
    """The text of an SVG screenshot, one string per terminal line."""
    lines: dict[str, list[str]] = {}
    for y, text in re.findall(r'<text[^>]*\by="([^"]+)"[^>]*>(.*?)</text>', svg, flags=re.S):
        lines.setdefault(y, []).append(html.unescape(text).replace("\xa0", " "))
    return ["".join(parts) for parts in lines.values()]


@pytest.mark.parametrize("name", list(SCREENS))
@pilot_test
async def test_no_english_word_on_french_screens(french_app: PlantrackApp, name: str) -> None:
    keys, screen = SCREENS[name]
    async with french_app.run_test(size=LARGE) as pilot:
        await pilot.pause()
        if keys:
            await pilot.press(*keys)
            await pilot.pause()
        if screen is not None:
            assert isinstance(french_app.screen, screen)
        text = "\n".join(screen_lines(french_app.export_screenshot()))
    assert "Tâche" in text or name != "gantt", text
    found = sorted({w for w in ENGLISH_WORDS if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text)})
    assert not found, f"English words on the French {name} screen: {found}\n{text}"


@pilot_test
async def test_french_command_palette_and_key_labels(french_app: PlantrackApp) -> None:
    async with french_app.run_test(size=LARGE) as pilot:
        await pilot.pause()
        titles = {command.title for command in french_app.get_system_commands(french_app.screen)}
        labels = {active.binding.description for active in french_app.active_bindings.values()}
    assert {"Ajouter une tâche", "Rapport des écarts", "Revue de projet", "Quitter"} <= titles, titles
    assert not {"Add task", "Deviation report", "Quit", "Theme"} & titles, titles
    assert {"Quitter", "Aide", "Écarts", "Revue"} <= labels, labels
