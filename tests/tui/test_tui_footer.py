"""The footer keeps whole keys only, the most useful first, on every screen at 80 and 120 columns."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from textual.widgets import Footer
from textual.widgets._footer import FooterKey
from tui_harness import pilot_test

from conftest import stored_demo_state
from plantrack.i18n import set_language
from plantrack.store import create_workspace
from plantrack.tui import keys as keys_module
from plantrack.tui.app import PlantrackApp
from plantrack.tui.keys import footer_rank, footer_width

TODAY = dt.date(2027, 2, 3)
SCREENS = {"gantt": (), "deviations": ("D",), "resources": ("R",), "review": ("r",)}


def _workspace(folder: Path) -> Path:
    path = folder / "demo.plantrack.json"
    create_workspace(path, stored_demo_state(folder / "src"))
    return path


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("size", [(80, 24), pytest.param((120, 40), marks=pytest.mark.slow)])
@pytest.mark.parametrize("screen", list(SCREENS))
@pilot_test
async def test_footer_keys_are_whole_and_the_most_useful(
    tmp_path: Path, lang: str, size: tuple[int, int], screen: str
) -> None:
    (tmp_path / "src").mkdir()
    path = _workspace(tmp_path)
    set_language(lang)
    try:
        app = PlantrackApp(path, today=TODAY, poll_seconds=3600)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            for key in SCREENS[screen]:
                await pilot.press(key)
                await pilot.pause()
            await pilot.pause()
            footer = app.screen.query_one(Footer)
            keys = [k for k in footer.query(FooterKey) if "-command-palette" not in k.classes]
            (palette,) = footer.query(".-command-palette")
            # every key drawn whole, left of the palette key: nothing cut at the right edge
            assert keys and all(k.region.right <= palette.region.x for k in keys)
            assert all(k.region.width == footer_width(k.key_display, k.description) for k in keys)
            shown = {k.action for k in keys}
            assert "help" in shown and "quit" in shown
            # what left the footer (declared shown) ranks after everything in it, and would not have fitted
            on_top = screen != "gantt"
            rank = {
                b.action: footer_rank(b.action, ns is app, on_top)
                for ns, b, _enabled, _tip in app.screen.active_bindings.values()
            }
            hidden = {
                b.action: footer_width(app.get_key_display(b), b.description)
                for ns, b, _enabled, _tip in app.screen.active_bindings.values()
                if b.action not in shown and keys_module._declared[ns].get((b.key, b.action))
            }
            room = palette.region.x - sum(k.region.width for k in keys)
            assert all(rank[a] >= max(rank[s] for s in shown) for a in hidden)
            if hidden:  # the most useful key left out was left out because it did not fit
                first = min(rank[a] for a in hidden)
                assert any(c > room for a, c in hidden.items() if rank[a] == first)
            if size == (80, 24) and screen == "gantt":
                assert hidden  # the Gantt has more keys than 80 columns hold
    finally:
        set_language("en")


@pilot_test
async def test_a_wider_terminal_brings_the_keys_back(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    app = PlantrackApp(_workspace(tmp_path), today=TODAY, poll_seconds=3600)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        narrow = {k.action for k in app.screen.query(FooterKey)}
        await pilot.resize_terminal(160, 40)
        await pilot.pause()
        await pilot.pause()
        wide = {k.action for k in app.screen.query(FooterKey)}
        assert "zoom(-1)" not in narrow and "zoom(-1)" in wide
        assert narrow < wide
