"""The workspace `new`, `import` and `demo` create or replace: where it is, and how messages name it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from plantrack.commands.base import ENV_WORKSPACE, Context
from plantrack.commands.paths import user_path

if TYPE_CHECKING:
    from plantrack.store.location import Location


def explicit_workspace(ctx: Context) -> Path | None:
    """-w PATH or $PLANTRACK_WORKSPACE, if given (these commands name their own default)."""
    explicit = getattr(ctx.args, "workspace", None) or ctx.env.get(ENV_WORKSPACE)
    if not explicit:
        return None
    return user_path(ctx, explicit)


def explicit_location(ctx: Context) -> Location | None:
    """-w ADDRESS or $PLANTRACK_WORKSPACE, if given: a file (made absolute) or a project on a server."""
    from plantrack.store.location import FileLocation, locate

    path = explicit_workspace(ctx)
    if path is None:
        return None
    location = locate(getattr(ctx.args, "workspace", None) or ctx.env.get(ENV_WORKSPACE, ""))
    return FileLocation(path) if isinstance(location, FileLocation) else location


def location_label(location: Location) -> str:
    """The workspace in a sentence: the file's name, or the project id."""
    from plantrack.store.location import FileLocation

    return location.path.name if isinstance(location, FileLocation) else location.project or ""


def json_location(location: Location) -> str:
    """The workspace in --json: the file's path, or the server address without its password."""
    from plantrack.store.location import FileLocation

    return str(location.path) if isinstance(location, FileLocation) else location.shown()


def existing_store(location: Location, program: str) -> Any:
    """The workspace at `location`, or None when there is none yet (no file, no such project)."""
    from plantrack.store.backend import open_store
    from plantrack.store.location import FileLocation

    if isinstance(location, FileLocation):
        return open_store(location, program=program) if location.path.exists() else None
    from plantrack.store.team.errors import ProjectMissing

    workspace = open_store(location, program=program)
    try:
        workspace.read()
    except ProjectMissing:
        return None
    return workspace
