"""A plant's member projects saved as one on the server: every project gets its new plan or none does.

One transaction on one connection: every member is locked first, in project id order (two plant saves,
or a plant save and a project save, never wait for each other in a cycle), each under the lock wait
(`lock_timeout`), then each is edited and what changed written. A refusal or failure at any member rolls
the whole transaction back; a writer kept waiting is told who holds the project (exit 3), as a
project's own save says it. The file store's journal (store/group_save.py) is not needed here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from plantrack.store.plant_steps import Edit, Step
from plantrack.store.state import WorkspaceState
from plantrack.store.team.connection import connect, driver
from plantrack.store.team.errors import ProjectBusy
from plantrack.store.team.sync import check_schema

if TYPE_CHECKING:
    from plantrack.store.team.workspace import TeamWorkspace


def save_members(
    uri: str,
    workspaces: Sequence[TeamWorkspace],
    edit: Edit,
    *,
    timeout: float = 10.0,
    step: Step | None = None,
) -> None:
    """Lock the projects in id order, `edit(n, state)` each, write them all in one transaction."""
    order = sorted(range(len(workspaces)), key=lambda n: workspaces[n].project)
    errors = driver(uri).errors
    current: TeamWorkspace | None = None
    with connect(uri) as conn:
        check_schema(conn, uri)
        try:
            with conn.transaction(), conn.cursor(binary=True) as cur:
                revisions: dict[int, int] = {}
                for n in order:
                    current = workspaces[n]
                    with current.mapped(writing=True):
                        revisions[n] = current.lock_in(cur, timeout)
                for n in order:
                    current = workspaces[n]

                    def one(state: WorkspaceState, n: int = n) -> None:
                        edit(n, state)

                    with current.mapped(writing=True):
                        current.save_in(cur, revisions[n], one)
                    _call(step, "saved", n)
        except errors.LockNotAvailable:
            assert current is not None
            raise ProjectBusy(current.address, current.project, timeout, current.holder(timeout)) from None
    _call(step, "committed", 0)


def _call(step: Step | None, name: str, n: int) -> None:
    if step is not None:
        step(name, n)
