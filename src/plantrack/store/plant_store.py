"""One plant interface, two back ends: a `NAME.plant.json` file beside its projects' files, or a plant on
the team server beside its projects there. The operations read, write and save a plant's members
through it and never learn which back end they have (as `backend.py` does for workspaces)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from plantrack.i18n import _
from plantrack.scheduling.errors import InvalidInput, Problem
from plantrack.scheduling.model import Plant
from plantrack.store.plant import PLANT_SUFFIX
from plantrack.store.plant_changes import PlantChanges, StampChanges
from plantrack.store.plant_steps import Edit, Step
from plantrack.store.state import WorkspaceState

if TYPE_CHECKING:
    from plantrack.store.location import Location


class PlantStore(Protocol):
    """What the plant operations use of a stored plant, whichever back end keeps it."""

    def shown(self) -> str:
        """The plant's place fit to print: the file name, or the server address (no password) and id."""
        ...

    @property
    def file(self) -> Path | None:
        """The plant file, None for a plant on a server."""
        ...

    def stem(self) -> str:
        """What names the files written for the plant (a page): the file's name, or the plant id."""
        ...

    def exists(self) -> bool: ...

    def read(self) -> Plant: ...

    def write(self, plant: Plant, *, create: bool = False, timeout: float = 10.0) -> None:
        """Store `plant` (shared part and members) as one; InvalidInput naming each project another
        plant claims; with `create`, refused if the plant exists."""
        ...

    def listed(self, workspace: str | Path) -> str:
        """How the plant lists a workspace given on the command line."""
        ...

    def member_exists(self, workspace: str | Path) -> bool: ...

    def members(self, plant: Plant) -> tuple[list[tuple[str, Any, int]], list[Problem]]:
        """(listed name, opened workspace, priority) of each member still there, and a problem for
        each one gone."""
        ...

    def read_members(self, plant: Plant) -> tuple[list[tuple[str, Any, int, WorkspaceState]], list[Problem]]:
        """`members` with each member's state read (on a server: all in one snapshot, one connection)."""
        ...

    def member_file(self, listed: str) -> Path | None:
        """The file of a member, None on a server."""
        ...

    def open_member(self, listed: str) -> Any:
        """The workspace the plant lists as `listed` (a file workspace, or a project on the server)."""
        ...

    def create_member(self, listed: str, state: WorkspaceState) -> None:
        """A new member workspace holding `state` (never over an existing one)."""
        ...

    def member_address(self, listed: str) -> str:
        """What `-w` takes to open the member: its file's path, or the server address (no password)."""
        ...

    def recover(self, *, timeout: float = 10.0) -> None:
        """Undo a members' save a crash interrupted (nothing to do where saves are transactions)."""
        ...

    def stamp(self, listed: Sequence[str]) -> tuple[tuple[str, float], ...]:
        """When the plant and the members `listed` were last written (-1 for one gone), cheaply: a view
        re-reads the plant when this changes."""
        ...

    def watch(self) -> PlantChanges:
        """What tells a long-lived view that the plant or a member was written (store/plant_changes.py)."""
        ...

    def save_members(
        self,
        workspaces: Sequence[Any],
        edit: Edit,
        *,
        timeout: float = 10.0,
        program: str | None = None,
        step: Step | None = None,
    ) -> None:
        """Lock every member workspace (in a fixed order), `edit` each state, and store them all or none."""
        ...


class FilePlantStore:
    """A plant file: members are workspace files, listed by their path relative to the plant file."""

    def __init__(self, path: Path, *, program: str | None = None) -> None:
        self.path = path
        self.program = program

    def __repr__(self) -> str:
        return f"FilePlantStore({self.path!r})"

    def shown(self) -> str:
        return self.path.name

    @property
    def file(self) -> Path | None:
        return self.path

    def stem(self) -> str:
        return self.path.name.removesuffix(PLANT_SUFFIX)

    def exists(self) -> bool:
        return self.path.exists()

    def read(self) -> Plant:
        from plantrack.store.plant import read_plant

        return read_plant(self.path)

    def write(self, plant: Plant, *, create: bool = False, timeout: float = 10.0) -> None:
        from plantrack.store.errors import WorkspaceExists
        from plantrack.store.plant import write_plant

        if create and self.path.exists():
            raise WorkspaceExists(self.path)
        write_plant(self.path, plant, timeout=timeout)

    def listed(self, workspace: str | Path) -> str:
        """The workspace's path relative to the plant file's folder, with forward slashes."""
        relative = os.path.relpath(Path(workspace).resolve(), self.path.parent.resolve())
        return Path(relative).as_posix()

    def member_exists(self, workspace: str | Path) -> bool:
        return Path(workspace).is_file()

    def members(self, plant: Plant) -> tuple[list[tuple[str, Any, int]], list[Problem]]:
        from plantrack.store.plant import member_paths
        from plantrack.store.workspace import open_workspace

        present, missing = member_paths(self.path, plant)
        listed = {(self.path.parent / p.workspace).resolve(): p.workspace for p in plant.projects}
        found = [
            (listed[path.resolve()], open_workspace(path, program=self.program), priority)
            for path, priority in present
        ]
        return found, missing

    def read_members(self, plant: Plant) -> tuple[list[tuple[str, Any, int, WorkspaceState]], list[Problem]]:
        present, missing = self.members(plant)
        return [(listed, opened, priority, opened.read()) for listed, opened, priority in present], missing

    def member_file(self, listed: str) -> Path | None:
        return self.path.parent / listed

    def open_member(self, listed: str) -> Any:
        from plantrack.store.workspace import open_workspace

        return open_workspace(self.path.parent / listed, program=self.program)

    def create_member(self, listed: str, state: WorkspaceState) -> None:
        from plantrack.store.workspace import create_workspace

        create_workspace(self.path.parent / listed, state, program=self.program)

    def member_address(self, listed: str) -> str:
        return str(self.path.parent / listed)

    def recover(self, *, timeout: float = 10.0) -> None:
        from plantrack.store.group_save import recover_plant

        recover_plant(self.path, timeout=timeout)

    def stamp(self, listed: Sequence[str]) -> tuple[tuple[str, float], ...]:
        """Each file's modification time: one stat a file."""
        stamps = []
        for file in (self.path, *(self.path.parent / name for name in listed)):
            try:
                stamps.append((str(file), file.stat().st_mtime))
            except OSError:
                stamps.append((str(file), -1.0))
        return tuple(stamps)

    def watch(self) -> PlantChanges:
        """The files' modification times, compared at each look: one stat a file."""
        return StampChanges(self.stamp)

    def save_members(
        self,
        workspaces: Sequence[Any],
        edit: Edit,
        *,
        timeout: float = 10.0,
        program: str | None = None,
        step: Step | None = None,
    ) -> None:
        from plantrack.store.group_save import save_group

        save_group(self.path, workspaces, edit, timeout=timeout, program=program, step=step)


def plant_store(where: PlantStore | Path | Location, *, program: str | None = None) -> PlantStore:
    """The plant at `where`: a store as given, a plant file's path, or a location (`-p` address)."""
    from plantrack.store.location import FileLocation, ServerLocation

    if isinstance(where, Path):
        return FilePlantStore(where, program=program)
    if isinstance(where, FileLocation):
        return FilePlantStore(where.path, program=program)
    if isinstance(where, ServerLocation):
        from plantrack.store.team.plant import TeamPlantStore
        from plantrack.store.team.plant_errors import NoPlantGiven

        if where.project is None:
            raise NoPlantGiven(where.address)
        return TeamPlantStore(where.address, where.project, program=program)
    return where


def not_listed(plant: Plant, listed: str) -> InvalidInput:
    """The refusal of a project the plant does not list."""
    message = _("plant {plant} does not list {workspace}").format(plant=plant.name, workspace=listed)
    return InvalidInput([Problem(code="plant-project-unknown", message=message, ids=(listed,))])
