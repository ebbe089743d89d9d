"""The portfolio screen on a plant kept on the team server: `plantrack tui -p 'postgresql://…#PLANT'`, its
rows, a hostile project name inert, enter opening the member project (a server project) and escape
coming back, another user's change to the plant named on refresh."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import Result
from plantrack.operations.plant import remove_project
from plantrack.store.plant_store import PlantStore
from plantrack.store.team.workspace import TeamWorkspace
from screen_capture import screen_text, settled_text
from team.plant_server import MEMBERS, PLANT, rename_member, server_plant_at

psycopg = pytest.importorskip("psycopg")
textual_pilot = pytest.importorskip("textual.pilot")
Cli = Callable[..., Result]
TODAY = dt.date(2027, 3, 15)
SIZE = (160, 48)


@pytest.fixture
def server_plant(pg_uri: str) -> PlantStore:
    """The demo plant and its three projects on a fresh database."""
    return server_plant_at(pg_uri)


def _names(uri: str) -> dict[str, str]:
    return {key: TeamWorkspace(f"{uri}#{key}", key).read().project.name for key in MEMBERS}


def test_the_portfolio_of_a_server_plant_shows_each_project_and_enter_opens_one(
    server_plant: PlantStore, pg_uri: str
) -> None:
    from plantrack.tui.portfolio.app import PortfolioApp

    names = _names(pg_uri)

    async def scenario() -> None:
        app = PortfolioApp(server_plant, today=TODAY)
        async with app.run_test(size=SIZE) as pilot:
            text = await settled_text(app, pilot)
            assert app.plant_view is not None
            shown = [p.workspace for p in app.plant_view.portfolio.projects]
            assert sorted(shown) == sorted(MEMBERS)
            for key in MEMBERS:
                assert names[key][:20] in text, (key, text)
            assert "3 projects" in text.splitlines()[0]
            assert "Shared resources, load by week" in text
            await pilot.press("down", "enter")
            await pilot.pause()
        assert app.return_value == shown[1]

    asyncio.run(scenario())


def test_enter_opens_the_member_on_the_server_and_escape_comes_back(
    server_plant: PlantStore, pg_uri: str, tmp_path: Path
) -> None:
    from textual.widgets import Static

    from plantrack.tui.portfolio.app import BACK, member_app

    key = MEMBERS[1]

    async def scenario() -> None:
        app = member_app(server_plant, key, today=TODAY, here=tmp_path)
        assert app is not None
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert app.session is not None and app.view is not None
            # the project uses the plant's shared resources by id: they resolve, nothing is unknown
            assert "unknown" not in str(app.query_one("#problems", Static).render())
            assert app.view.rows
            assert app.workspace_path == tmp_path / key  # exports go to the folder, named after it
            # another user's save on the server shows through the change notices
            assert app.session._changes.wait_listening(5)  # type: ignore[attr-defined]
            rename_member(pg_uri, key, "Renamed on the server")
            await pilot.pause(1.0)
            assert "Renamed on the server" in str(app.query_one("#title").render())
            await pilot.press("escape")
            await pilot.pause()
        assert app.return_value == BACK

    asyncio.run(scenario())
    # a project no longer in the plant is not opened as its member
    remove_project(server_plant, key)
    assert member_app(server_plant, key, today=TODAY, here=tmp_path) is None


def test_a_hostile_project_name_is_shown_as_text(
    server_plant: PlantStore, pg_uri: str, hostile: dict[str, list[str]]
) -> None:
    from plantrack.tui.portfolio.app import PortfolioApp

    markup = [n for n in hostile["terminal_markup"] if n.strip()][:1]
    control = hostile["terminal_control"][:1]
    rename_member(pg_uri, MEMBERS[0], markup[0])
    rename_member(pg_uri, MEMBERS[1], control[0])

    async def scenario() -> None:
        app = PortfolioApp(server_plant, today=TODAY)
        async with app.run_test(size=(240, 48)) as pilot:
            text = await settled_text(app, pilot)
            assert app.is_running  # a [@click=app.quit] name is not an action
            assert markup[0] in text  # brackets shown literally, nothing styled away
            assert "\x1b" not in text

    asyncio.run(scenario())


def test_a_project_removed_by_another_user_is_named_on_refresh(server_plant: PlantStore, pg_uri: str) -> None:
    from textual.widgets import Static

    from plantrack.tui.portfolio.app import PortfolioApp

    async def scenario() -> None:
        app = PortfolioApp(server_plant, today=TODAY, poll_seconds=0.1)
        async with app.run_test(size=SIZE) as pilot:
            await settled_text(app, pilot)
            remove_project(server_plant, MEMBERS[2])
            for _attempt in range(100):  # a loaded machine may take seconds to connect the watch
                await pilot.pause(0.1)
                problems = str(app.query_one("#plant-problems", Static).render())
                if problems:
                    break
            assert f"({MEMBERS[2]}) is no longer in plant" in problems
            assert app.plant_view is not None
            assert MEMBERS[2] not in [p.workspace for p in app.plant_view.portfolio.projects]
            # another save right after does not wipe the notice before anyone could read it
            rename_member(pg_uri, MEMBERS[0], "Renamed later")
            for _attempt in range(100):
                await pilot.pause(0.1)
                if "Renamed later" in screen_text(app):
                    break
            assert "Renamed later" in screen_text(app)
            problems = str(app.query_one("#plant-problems", Static).render())
            assert f"({MEMBERS[2]}) is no longer in plant" in problems

    asyncio.run(scenario())


@pytest.mark.parametrize("how", ["option", "env"])
def test_tui_given_a_server_plant_opens_its_portfolio(
    cli: Cli, server_plant: PlantStore, pg_uri: str, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(
        "plantrack.tui.portfolio.app.run_plant", lambda store, today, here: opened.append(store.shown())
    )
    address = f"{pg_uri}#{PLANT}"
    if how == "env":
        monkeypatch.setenv("PLANTRACK_PLANT", address)
        done = cli("tui")
    else:
        done = cli("tui", "-p", address)
    assert done.code == 0, done.err
    assert opened == [server_plant.shown()]


def test_tui_on_a_server_plant_that_is_not_there_names_it(
    cli: Cli, server_plant: PlantStore, pg_uri: str
) -> None:
    done = cli("tui", "-p", f"{pg_uri}#nowhere")
    assert done.code != 0 and "nowhere" in done.err and "Traceback" not in done.err


@pytest.mark.slow
def test_a_server_out_of_reach_is_named_and_cleared_when_it_answers_again(
    server_plant: PlantStore, pg_cluster: Any
) -> None:
    from textual.widgets import Static

    from plantrack.tui.portfolio.app import PortfolioApp

    async def problems_until(app: Any, pilot: Any, done: Callable[[str], bool]) -> str:
        text = ""
        for _attempt in range(100):
            await pilot.pause(0.1)
            text = str(app.query_one("#plant-problems", Static).render())
            if done(text):
                break
        return text

    async def scenario() -> None:
        app = PortfolioApp(server_plant, today=TODAY, poll_seconds=0.1)
        async with app.run_test(size=SIZE) as pilot:
            await settled_text(app, pilot)
            pg_cluster.halt("immediate")
            try:
                down = await problems_until(app, pilot, bool)
            finally:
                pg_cluster.start()
            assert app.is_running and "postgresql://" in down  # the server named, nothing crashed
            assert app.plant_view is not None and len(app.plant_view.portfolio.projects) == len(MEMBERS)
            back = await problems_until(app, pilot, lambda text: not text)
            assert back == ""

    asyncio.run(scenario())
