"""Writing an exported file or report: all or nothing, so a reader never sees half a file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from plantrack.i18n import _
from plantrack.scheduling.errors import InvalidInput, Problem


def _unwritable(path: Path, exc: OSError) -> InvalidInput:
    reason = exc.strerror or type(exc).__name__
    return InvalidInput(
        [
            Problem(
                code="file-unwritable",
                message=_("cannot write {path}: {reason}").format(path=path, reason=reason),
            )
        ]
    )


def current_umask() -> int:
    """The process's umask, read where the system shows it, else by setting and restoring it."""
    # os.umask can only be read by changing it, which races with a thread creating a file meanwhile;
    # Linux shows it in /proc, so the set-and-restore is only the fallback elsewhere
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def export_mode() -> int:
    """The mode `open()` gives a new file: a report on a shared drive is as readable as any other file."""
    return 0o666 & ~current_umask()


def write_atomically(path: Path, data: str | bytes) -> None:
    """Temp file in the target's folder, fsync, rename over the target; text is written as UTF-8.

    mkstemp makes the temp file 0600; it gets the user's umask mode before the rename, so an export is
    shared like any file the user saves (only the workspace stays private).
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise _unwritable(path, exc) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            if hasattr(os, "fchmod"):  # Windows has no fchmod, and no Unix modes to give either
                os.fchmod(handle.fileno(), export_mode())
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise _unwritable(path, exc) from None
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
