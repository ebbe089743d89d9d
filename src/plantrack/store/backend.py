"""One workspace interface, two back ends: the location picks the file store or the team server.

The faces open and create workspaces here and never learn which back end they have: both hand out a
WorkspaceState through `read()` and take it back through `update()`.
"""

from __future__ import annotations

import os
from contextlib import AbstractContextManager
from pathlib import Path
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


class Changes(Protocol):
    """Whether someone else saved the workspace since a view last read or wrote it."""

    def changed(self, revision: int) -> bool: ...

    def mark(self) -> None: ...

    def close(self) -> None: ...


class FileChanges:
    """A workspace file replaced since `mark()`: one stat (each save replaces the file)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._stamp = self._now()

    def _now(self) -> tuple[int, int, int]:
        try:
            stat = os.stat(self.path)
        except OSError:
            return (0, 0, 0)
        return (stat.st_mtime_ns, stat.st_size, stat.st_ino)

    def changed(self, revision: int) -> bool:
        return self._now() != self._stamp

    def mark(self) -> None:
        self._stamp = self._now()

    def close(self) -> None:
        pass


def watch_changes(store: object, path: Path) -> Changes:
    """How a long-lived view (the TUI) learns of other users' saves: the file's stat, or the server's
    change notices (LISTEN in a worker thread)."""
    from plantrack.store.team.workspace import TeamWorkspace

    if isinstance(store, TeamWorkspace):
        from plantrack.store.team.watch import ServerChanges

        return ServerChanges(store.address, store.project)
    return FileChanges(path)
