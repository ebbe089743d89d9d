"""Another user's save shows in an open session and in the TUI within a second (LISTEN/NOTIFY)."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import stored_demo_state
from plantrack.operations.plan_edits import update_task
from plantrack.operations.session import Session
from plantrack.store.team.connection import connect
from plantrack.store.team.schema import init_schema
from plantrack.store.team.state_write import write_state
from plantrack.store.team.workspace import TeamWorkspace

psycopg = pytest.importorskip("psycopg")
KEY = "line3"
TODAY = dt.date(2027, 3, 15)


@pytest.fixture
def pushed(pg_uri: str, tmp_path: Path) -> str:
    with connect(pg_uri) as conn:
        init_schema(conn)
        write_state(conn, pg_uri, KEY, stored_demo_state(tmp_path), None)
    return pg_uri


@pytest.fixture
def session(pushed: str, tmp_path: Path) -> Iterator[Session]:
    opened = Session(tmp_path / KEY, today=TODAY, store=TeamWorkspace(pushed, KEY))
    assert opened._changes.wait_listening(5)  # type: ignore[attr-defined]
    yield opened
    opened.close()


def _rename_elsewhere(uri: str, name: str) -> str:
    with TeamWorkspace(uri, KEY).update() as state:
        target = state.project.tasks[2].id
        state.project = update_task(state.project, target, name=name)
    return target


def test_a_session_sees_another_user_s_save_within_a_second(session: Session, pushed: str) -> None:
    assert not session.reload()
    target = _rename_elsewhere(pushed, "Renamed elsewhere")
    start = time.monotonic()
    while not session.reload():
        assert time.monotonic() - start < 1.0, "no refresh within a second"
        time.sleep(0.02)
    assert session.state.project.task_map()[target].name == "Renamed elsewhere"
    assert session.state.revision == 2


def test_its_own_saves_are_not_reported_as_outside_changes(session: Session) -> None:
    first = session.state.project.tasks[1].id
    session.apply(
        "rename", lambda state: setattr(state, "project", update_task(state.project, first, name="x"))
    )
    time.sleep(0.5)  # the notice of its own save has arrived meanwhile
    assert not session.reload()
    assert session.undo() == "rename"


def test_the_tui_repaints_within_a_second(pushed: str, tmp_path: Path) -> None:
    from plantrack.tui.app import PlantrackApp

    async def scenario() -> None:
        app = PlantrackApp(tmp_path / KEY, today=TODAY, store=TeamWorkspace(pushed, KEY), poll_seconds=0.25)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert app.session is not None and app.view is not None
            assert app.session._changes.wait_listening(5)  # type: ignore[attr-defined]
            target = _rename_elsewhere(pushed, "Seen in the TUI")
            await pilot.pause(1.0)
            assert app.view.rows[target].name == "Seen in the TUI"
            assert "rev 2" in str(app.query_one("#title").render())

    asyncio.run(scenario())


def test_undo_refuses_after_another_user_s_save(session: Session, pushed: str) -> None:
    from plantrack.scheduling.errors import InvalidInput

    first = session.state.project.tasks[1].id
    session.apply(
        "rename", lambda state: setattr(state, "project", update_task(state.project, first, name="x"))
    )
    target = _rename_elsewhere(pushed, "theirs")
    with pytest.raises(InvalidInput, match="changed outside this window"):
        session.undo()
    stored = TeamWorkspace(pushed, KEY).read().project.task_map()
    assert (stored[first].name, stored[target].name) == ("x", "theirs")
