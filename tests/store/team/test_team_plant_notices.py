"""A plant on the server notifies its saves (schema version 7), and the portfolio refreshes from the
notices a worker thread receives: another user's save shows within a second, and an idle portfolio
sends no query from the UI thread."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest

from plantrack.operations.plant import remove_project
from plantrack.store.backend import create_store
from plantrack.store.location import locate
from plantrack.store.plant_store import PlantStore
from plantrack.store.team.connection import connect
from plantrack.store.team.migrations.v3 import CHANNEL
from plantrack.store.team.migrations.v7 import PLANT_CHANNEL, STATEMENTS
from plantrack.store.team.plant_watch import ServerPlantChanges, notified_key
from plantrack.store.team.workspace import TeamWorkspace
from screen_capture import screen_text
from team.plant_server import MEMBERS, PLANT, rename_member, server_plant_at

psycopg = pytest.importorskip("psycopg")
textual_pilot = pytest.importorskip("textual.pilot")
TODAY = dt.date(2027, 3, 15)
SIZE = (160, 48)


@pytest.fixture
def server_plant(pg_uri: str) -> PlantStore:
    """The demo plant and its three projects on a fresh database."""
    return server_plant_at(pg_uri)


def _revision(uri: str) -> int:
    with connect(uri) as conn:
        row = conn.execute("SELECT revision FROM plantrack.plants WHERE id = %s", (PLANT,)).fetchone()
    assert row is not None
    return int(str(row[0]))


def _until(done: Callable[[], bool], timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if done():
            return True
        time.sleep(0.02)
    return done()


def test_the_channel_is_the_one_the_statements_spell() -> None:
    assert f"'{PLANT_CHANNEL}'" in "\n".join(STATEMENTS)


def test_a_notice_names_the_plant_or_the_project_it_is_about() -> None:
    assert notified_key(PLANT_CHANNEL, json.dumps({"plant": "a", "revision": 3})) == "plant:a"
    assert notified_key(CHANNEL, json.dumps({"project": "a", "revision": 3})) == "project:a"
    assert notified_key("elsewhere", json.dumps({"plant": "a"})) is None
    assert notified_key(PLANT_CHANNEL, "not json") is None
    assert notified_key(PLANT_CHANNEL, json.dumps({"project": "a"})) is None


def test_a_committed_plant_save_notifies_the_plant_and_its_revision_a_refused_one_does_not(
    server_plant: PlantStore, pg_uri: str
) -> None:
    from plantrack.operations.plant import add_projects
    from plantrack.scheduling.errors import PlantrackError

    with connect(pg_uri) as listener:
        listener.execute(f"LISTEN {PLANT_CHANNEL}")
        with pytest.raises(PlantrackError):  # no such project: nothing written, nothing sent
            add_projects(server_plant, ["no-such-project"])
        remove_project(server_plant, MEMBERS[2])  # a membership change is a plant save
        got = [json.loads(n.payload) for n in listener.notifies(timeout=1.0, stop_after=2)]
    assert got == [{"plant": PLANT, "revision": _revision(pg_uri)}]


def test_the_watch_asks_for_a_read_after_a_save_of_the_plant_or_a_member_only(
    server_plant: PlantStore, pg_uri: str
) -> None:
    outsider = TeamWorkspace(f"{pg_uri}#{MEMBERS[0]}", MEMBERS[0]).read()
    create_store(locate(f"{pg_uri}#outsider"), outsider)
    changes = ServerPlantChanges(pg_uri, PLANT)
    try:
        assert changes.wait_listening(5)
        assert changes.changed()  # nothing read since it listens: a save meanwhile was not notified
        changes.before_read()
        changes.after_read(MEMBERS)
        assert not changes.changed()
        rename_member(pg_uri, "outsider", "Not in the plant")
        time.sleep(0.5)
        assert not changes.changed()  # a project the plant does not list
        rename_member(pg_uri, MEMBERS[1], "Renamed on the server")
        assert _until(changes.changed, 1.0)
        changes.before_read()
        changes.after_read(MEMBERS)
        assert not changes.changed()
        remove_project(server_plant, MEMBERS[2])
        assert _until(changes.changed, 1.0)
    finally:
        changes.close()


def test_another_users_save_shows_in_the_portfolio_within_a_second(
    server_plant: PlantStore, pg_uri: str
) -> None:
    from plantrack.tui.portfolio.app import PortfolioApp

    async def scenario() -> None:
        app = PortfolioApp(server_plant, today=TODAY)
        async with app.run_test(size=SIZE) as pilot:
            assert isinstance(app.changes, ServerPlantChanges) and app.changes.wait_listening(5)
            await pilot.pause(1.0)  # the read the listen's start asks for is done
            rename_member(pg_uri, MEMBERS[1], "Renamed on the server")
            saved = time.monotonic()
            while "Renamed on the server" not in screen_text(app) and time.monotonic() - saved < 3:
                await pilot.pause(0.05)
            elapsed = time.monotonic() - saved
            assert "Renamed on the server" in screen_text(app)
            assert elapsed < 1.0, elapsed

    asyncio.run(scenario())


def test_an_idle_portfolio_sends_no_query_from_the_ui_thread(
    server_plant: PlantStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from plantrack.tui.portfolio.app import PortfolioApp

    on_ui: list[str] = []
    connect_driver = psycopg.connect
    execute = psycopg.Cursor.execute

    def counted_connect(*args: Any, **kwargs: Any) -> Any:
        if threading.current_thread() is threading.main_thread():
            on_ui.append("connect")
        return connect_driver(*args, **kwargs)

    def counted_execute(self: Any, query: Any, *args: Any, **kwargs: Any) -> Any:
        if threading.current_thread() is threading.main_thread():
            on_ui.append(str(query))
        return execute(self, query, *args, **kwargs)

    async def scenario() -> None:
        app = PortfolioApp(server_plant, today=TODAY, poll_seconds=0.1)
        async with app.run_test(size=SIZE) as pilot:
            assert app.changes is not None
            await pilot.pause(1.0)  # listening, and the read its start asks for done
            monkeypatch.setattr(psycopg, "connect", counted_connect)
            monkeypatch.setattr(psycopg.Cursor, "execute", counted_execute)
            await pilot.pause(2.0)  # twenty looks for changes
            monkeypatch.undo()
            assert app.plant_view is not None and len(app.plant_view.portfolio.projects) == len(MEMBERS)

    asyncio.run(scenario())
    assert on_ui == []
    # the worker thread and its connection end with the screen
    assert not [t for t in threading.enumerate() if t.name.startswith("plantrack watch plant")]
