"""A separate process that edits a project on the team server through the store's save transaction.

Usage: python team_worker.py MODE URI PROJECT [ARGS...]. Every edit it reports as done is printed on
its own line only after the save's COMMIT returned, so the test knows what was acknowledged. An edit
made on a revision someone else has saved since is read again and redone, as a user would.

A MODE ending in `-ws` saves through the workspace every command uses (`TeamWorkspace.update`: the
project locked, only the changed rows written) instead of writing the whole state.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable

from plantrack.store import WorkspaceState
from plantrack.store.team.connection import connect
from plantrack.store.team.errors import RevisionConflict
from plantrack.store.team.state_read import read_state
from plantrack.store.team.state_write import write_state


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def rename(state: WorkspaceState, task: str, name: str) -> None:
    """Rename one task of the plan (the edit a user makes most)."""
    project = state.project
    tasks = tuple(dataclasses.replace(t, name=name) if t.id == task else t for t in project.tasks)
    state.project = dataclasses.replace(project, tasks=tasks)


def edit(uri: str, key: str, change: Callable[[WorkspaceState], None]) -> tuple[WorkspaceState, int]:
    """Read the project, apply `change`, save it on the revision read; redo on a conflict. The state
    saved and the number of conflicts met."""
    retries = 0
    with connect(uri) as conn:
        while True:
            state = read_state(conn, uri, key)
            assert state is not None, f"no project {key}"
            change(state)
            try:
                write_state(conn, uri, key, state, state.revision)
            except RevisionConflict:
                retries += 1
                continue
            return state, retries


def edit_ws(uri: str, key: str, change: Callable[[WorkspaceState], None]) -> tuple[WorkspaceState, int]:
    """The same edit through the workspace: the lock makes every save start from the latest state."""
    from plantrack.store.team.workspace import TeamWorkspace

    global _workspace
    if _workspace is None:
        _workspace = TeamWorkspace(uri, key)
    with _workspace.update(timeout=60) as state:
        change(state)
    return state, 0


_workspace = None
EDIT = edit


def _bump(state: WorkspaceState) -> None:
    counter = state.sections.setdefault("counter", [{"n": 0}])
    counter[0]["n"] = int(counter[0]["n"]) + 1
    rename(state, "t0", f"v{counter[0]['n']}")


def count_forever(uri: str, key: str) -> None:
    """Each save bumps a counter and renames task t0 after it, in one change; until killed."""
    while True:
        state, _retries = EDIT(uri, key, _bump)
        say(str(state.sections["counter"][0]["n"]))


def append(uri: str, key: str, writer: str, count: str) -> None:
    """`count` edits, each appending an entry naming this writer and renaming the writer's task."""
    retries = 0
    for seq in range(int(count)):

        def add(state: WorkspaceState, seq: int = seq) -> None:
            state.sections.setdefault("log", []).append({"writer": writer, "seq": seq})
            rename(state, f"t{writer}", f"{writer} {seq}")

        retries += EDIT(uri, key, add)[1]
        say(f"{writer} {seq}")
    say(f"retries {retries}")


if __name__ == "__main__":
    mode, *args = sys.argv[1:]
    if mode.endswith("-ws"):
        mode, EDIT = mode.removesuffix("-ws"), edit_ws
    {"count-forever": count_forever, "append": append}[mode](*args)
