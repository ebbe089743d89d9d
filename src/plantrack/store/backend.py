"""One workspace interface, two back ends: the location picks the file store or the team server.

The faces open and create workspaces here and never learn which back end they have: both hand out a
WorkspaceState through `read()` and take it back through `update()`.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Protocol

from plantrack.store.location import Location, ServerLocation
from plantrack.store.state import WorkspaceState

if TYPE_CHECKING:
    from plantrack.store.team.workspace import TeamWorkspace
    from plantrack.store.workspace import Workspace


class Store(Protocol):
    """What every command and the TUI use of a workspace, whichever back end keeps it."""

    @property
    def name(self) -> str: ...

    def read(self) -> WorkspaceState: ...

    def update(self, *, timeout: float = 10.0) -> AbstractContextManager[WorkspaceState]: ...


def open_store(location: Location, *, program: str | None = None) -> Workspace | TeamWorkspace:
    """The workspace at `location`: a file checked and migrated as `open_workspace` does, or a project
    on a server (its first read connects; a missing project is reported then)."""
    if isinstance(location, ServerLocation):
        from plantrack.store.team.workspace import TeamWorkspace

        return TeamWorkspace(location.address, _project(location), program=program)
    from plantrack.store.workspace import open_workspace

    return open_workspace(location.path, program=program)


def create_store(
    location: Location, state: WorkspaceState, *, program: str | None = None
) -> Workspace | TeamWorkspace:
    """A new workspace holding `state`: a file (WorkspaceExists if one is there) or a new project on
    the server (ProjectExists if the id is taken)."""
    if isinstance(location, ServerLocation):
        from plantrack.store.team.connection import connect
        from plantrack.store.team.state_write import write_state
        from plantrack.store.team.sync import check_schema
        from plantrack.store.team.workspace import TeamWorkspace

        key = _project(location)
        with connect(location.address) as conn:
            check_schema(conn, location.address)
            write_state(conn, location.address, key, state, None)
        return TeamWorkspace(location.address, key, program=program)
    from plantrack.store.workspace import create_workspace

    return create_workspace(location.path, state, program=program)


def _project(location: ServerLocation) -> str:
    from plantrack.store.team.errors import NoProjectGiven

    if location.project is None:
        raise NoProjectGiven(location.address)
    return location.project
