"""The `.lock` file beside a workspace goes when its holder releases it, and no holder is ever broken."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Result, cli_env
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.model import Project, Task
from plantrack.store import WorkspaceBusy, WorkspaceState, create_workspace, open_workspace
from plantrack.store.lock import lock_path_for, read_holder, try_workspace_lock, workspace_lock

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="an open file cannot be deleted there")

HOLD = """
import sys
from pathlib import Path
from plantrack.store.lock import workspace_lock
with workspace_lock(Path(sys.argv[1]), timeout=5, program="holder"):
    print("held", flush=True)
    sys.stdin.read()
"""


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    path = tmp_path / "line3.plantrack.json"
    project = Project(
        name="Line 3",
        start=dt.datetime(2027, 3, 15, 8),
        tasks=(Task(id="a", name="First", duration=Duration(minutes=960)),),
    )
    create_workspace(path, WorkspaceState(project=project))
    return path


def _listing(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


def test_no_lock_file_after_create_update_or_a_refused_update(workspace: Path) -> None:
    assert _listing(workspace) == ["line3.plantrack.json"]
    ws = open_workspace(workspace)
    with ws.update() as state:
        state.sections["log"] = [{"gate": "a", "decision": "go"}]
        assert lock_path_for(workspace).exists()  # held while the update runs
    assert _listing(workspace) == ["line3.plantrack.json"]
    with pytest.raises(ZeroDivisionError), ws.update():
        _ = 1 / 0
    assert _listing(workspace) == ["line3.plantrack.json"]


def test_a_second_process_holding_the_lock_is_never_broken(workspace: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(workspace)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=cli_env(),
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        ws = open_workspace(workspace)
        for _ in range(3):  # refused updates, then a lock-free read: the holder keeps its file
            with pytest.raises(WorkspaceBusy) as busy, ws.update(timeout=0.2):
                pass
            assert f"holder (pid {holder.pid})" in str(busy.value)
            with try_workspace_lock(workspace) as taken:
                assert not taken
            assert read_holder(lock_path_for(workspace)) == (holder.pid, "holder")
        assert ws.read().project.name == "Line 3"
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        assert holder.wait(timeout=30) == 0
    assert _listing(workspace) == ["line3.plantrack.json"]
    with open_workspace(workspace).update(timeout=1):  # free again
        pass


def test_a_waiter_on_a_deleted_lock_file_locks_the_new_one(workspace: Path) -> None:
    """A waits on the lock; its holder deletes the file as it releases, a newcomer locks a fresh file at
    the path before A wakes: A must see its inode is gone and wait for the newcomer, not run beside it."""
    import fcntl

    lock_file = lock_path_for(workspace)
    old = os.open(lock_file, os.O_RDWR | os.O_CREAT)
    fcntl.flock(old, fcntl.LOCK_EX)
    entered = threading.Event()

    def waiter() -> None:
        with workspace_lock(workspace, timeout=10):
            entered.set()

    thread = threading.Thread(target=waiter)
    thread.start()
    try:
        assert not entered.wait(0.2)  # A has opened the old file and waits on it
        os.unlink(lock_file)  # the holder's release: delete while holding, then unlock
        new = os.open(lock_file, os.O_RDWR | os.O_CREAT)
        fcntl.flock(new, fcntl.LOCK_EX)  # a newcomer takes the fresh file first
        fcntl.flock(old, fcntl.LOCK_UN)
        os.close(old)
        assert not entered.wait(0.5), "the waiter ran while the newcomer held the lock"
        fcntl.flock(new, fcntl.LOCK_UN)
        os.close(new)
        assert entered.wait(5)
    finally:
        thread.join(10)
    assert not lock_file.exists()


def test_cli_commands_leave_no_lock_file(cli: Callable[..., Result], tmp_path: Path) -> None:
    assert cli("new", "Line 3", "--start", "2027-03-15").code == 0
    assert cli("task", "add", "a", "--duration", "2d", "-w", "line-3.plantrack.json").code == 0
    assert cli("schedule", "-w", "line-3.plantrack.json").code == 0
    assert cli("task", "add", "a", "--duration", "2d", "-w", "line-3.plantrack.json").code == 1  # exists
    assert _listing(tmp_path / "line-3.plantrack.json") == ["line-3.plantrack.json"]


def test_the_tui_leaves_no_lock_file_after_an_edit_and_quit(workspace: Path) -> None:
    from textual.widgets import Input

    from plantrack.tui.app import PlantrackApp
    from plantrack.tui.forms.screen import FormScreen

    async def scenario() -> None:
        app = PlantrackApp(workspace, today=dt.date(2027, 3, 15))
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("a")
            assert isinstance(app.screen, FormScreen)
            for name, value in {"id": "c", "name": "Third", "duration": "1d"}.items():
                app.screen.query_one(f"#in-{name}", Input).value = value
            await pilot.press("ctrl+s")
            await pilot.pause()
            await pilot.press("q")
            await pilot.pause()

    asyncio.run(scenario())
    assert "c" in open_workspace(workspace).read().project.task_map()
    assert _listing(workspace) == ["line3.plantrack.json"]
