"""Errors of the workspace store, each with its kind of failure and a hint on what to do."""

from __future__ import annotations

from pathlib import Path

from plantrack.i18n import _, language
from plantrack.scheduling.errors import Failure, PlantrackError, Problem


class StoreError(PlantrackError):
    """Base of the store's errors: one problem located at the workspace file."""

    failure = Failure.STORAGE
    error_code = "storage-error"

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(message)
        self.path = path

    def code(self) -> str:
        return self.error_code

    def problems(self) -> list[Problem]:
        return [Problem(code=self.code(), message=str(self), location=str(self.path))]


class WorkspaceExists(StoreError):
    """Creating a workspace where a file already is: plantrack never overwrites one."""

    failure = Failure.INVALID_INPUT
    error_code = "workspace-exists"

    def __init__(self, path: Path) -> None:
        super().__init__(
            path,
            _("{path} already exists: plantrack never overwrites a workspace; choose another name").format(
                path=path
            ),
        )


class WorkspaceBusy(StoreError):
    """The lock stayed taken by another process past the timeout."""

    failure = Failure.BUSY
    error_code = "workspace-busy"

    def __init__(self, path: Path, timeout: float, pid: int | None, program: str | None) -> None:
        holder = (
            _("{program} (pid {pid})").format(program=program or _("a process"), pid=pid)
            if pid is not None
            else _("another process")
        )
        waited = f"{timeout:g}"
        super().__init__(
            path,
            _(
                "workspace {path} is being modified by {holder}; waited {seconds} s. "
                "Try again when it has finished."
            ).format(
                path=path, holder=holder, seconds=waited if language() == "en" else waited.replace(".", ",")
            ),
        )
        self.pid = pid
        self.program = program


class WorkspaceUnreadable(StoreError):
    """The file is not a readable plantrack workspace; it is left untouched, never taken as empty."""

    error_code = "workspace-unreadable"

    def __init__(
        self, path: Path, reason: str, *, offset: int | None = None, hint: str | None = None
    ) -> None:
        where = _(" at byte {offset}").format(offset=offset) if offset is not None else ""
        advice = hint or _(
            "The file was left untouched. Restore it from a backup (version control, or a "
            "{name}.bak-* file beside it), or fix the spot by hand."
        ).format(name=path.name)
        super().__init__(
            path,
            _("workspace {path} is unreadable{where}: {reason}. {advice}").format(
                path=path, where=where, reason=reason, advice=advice
            ),
        )
        self.reason = reason
        self.offset = offset

    def problems(self) -> list[Problem]:
        location = f"{self.path}:byte {self.offset}" if self.offset is not None else str(self.path)
        return [Problem(code=self.code(), message=str(self), location=location)]


class ProjectFileGiven(StoreError):
    """A plantrack project file (TOML) given where a workspace is expected: say how to import it."""

    error_code = "workspace-is-project-file"

    def __init__(self, path: Path) -> None:
        # the command names the file as the user is most likely to type it: bare when it is here
        shown = path.name if path.parent == Path.cwd() else str(path)
        super().__init__(
            path,
            _(
                "{name} is a project file, not a workspace: create a workspace from it with "
                "`plantrack import {shown}`, then run commands with -w on the new *.plantrack.json "
                "(the file was left untouched)"
            ).format(name=path.name, shown=shown),
        )


class WorkspaceTooNew(StoreError):
    """The file was written by a newer plantrack with a schema this version does not know."""

    error_code = "workspace-too-new"

    def __init__(self, path: Path, found: int, supported: int, written_by: str | None) -> None:
        by = _(" by {program}").format(program=written_by) if written_by else ""
        super().__init__(
            path,
            _(
                "workspace {path} has schema version {found} (written{by}); this plantrack reads schema "
                "versions up to {supported}. Upgrade plantrack to open it; the file was left untouched."
            ).format(path=path, found=found, by=by, supported=supported),
        )
        self.found = found
        self.supported = supported


class StorageError(StoreError):
    """Saving failed (disk full, permission denied, I/O error); the previous file is still in place."""

    error_code = "storage-error"

    def __init__(self, path: Path, cause: str) -> None:
        super().__init__(path, _("cannot save workspace {path}: {cause}").format(path=path, cause=cause))
        self.cause = cause
