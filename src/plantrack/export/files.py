"""Writing an exported file or report: all or nothing, so a reader never sees half a file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from plantrack.scheduling.errors import InvalidInput, Problem


def _unwritable(path: Path, exc: OSError) -> InvalidInput:
    reason = exc.strerror or type(exc).__name__
    return InvalidInput([Problem(code="file-unwritable", message=f"cannot write {path}: {reason}")])


def write_atomically(path: Path, data: str | bytes) -> None:
    """Temp file in the target's folder, fsync, rename over the target; text is written as UTF-8."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise _unwritable(path, exc) from None
    try:
        with os.fdopen(fd, "wb") as handle:
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
