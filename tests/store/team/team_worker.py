"""A separate process that edits a project on the team server through the workspace interface.

Usage: python team_worker.py MODE URI PROJECT [ARGS...]. Each edit is a `TeamWorkspace.update()`,
the save every command makes (`plantrack task edit ID --name …` runs the same): the project locked,
the rows the edit changed written, the revision bumped, in one transaction. Every edit reported as
done is printed on its own line only after that transaction committed, so the test knows what was
acknowledged.
"""

from __future__ import annotations

import dataclasses
import sys

from plantrack.store import WorkspaceState
from plantrack.store.team.workspace import TeamWorkspace

#: Seconds a writer waits for the project's lock: long enough never to give up in these loops.
WAIT = 120.0


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def rename(state: WorkspaceState, task: str, name: str) -> None:
    """Rename one task of the plan (the edit a user makes most)."""
    project = state.project
    tasks = tuple(dataclasses.replace(t, name=name) if t.id == task else t for t in project.tasks)
    state.project = dataclasses.replace(project, tasks=tasks)


def count_forever(uri: str, key: str) -> None:
    """Each save bumps a counter and renames task t0 after it, in one change; until killed. Starts on
    a line on stdin, so that the test can start the next writer while this one runs."""
    sys.stdin.readline()
    workspace = TeamWorkspace(uri, key, program="team-worker")
    while True:
        with workspace.update(timeout=WAIT) as state:
            counter = [dict(state.sections["counter"][0])]
            counter[0]["n"] = value = int(counter[0]["n"]) + 1
            state.sections = {**state.sections, "counter": counter}
            rename(state, "t0", f"v{value}")
        say(str(value))


def append(uri: str, key: str, writer: str, count: str) -> None:
    """`count` edits, each appending an entry naming this writer and renaming the writer's task."""
    workspace = TeamWorkspace(uri, key, program="team-worker")
    for seq in range(int(count)):
        with workspace.update(timeout=WAIT) as state:
            log = [*state.sections.get("log", []), {"writer": writer, "seq": seq}]
            state.sections = {**state.sections, "log": log}
            rename(state, f"t{writer}", f"{writer} {seq}")
        say(f"{writer} {seq}")


if __name__ == "__main__":
    mode, *args = sys.argv[1:]
    {"count-forever": count_forever, "append": append}[mode](*args)
