"""Why a file could not be read, in the language of the run (the system's own words are English)."""

from __future__ import annotations

from plantrack.i18n import _


def os_reason(exc: OSError) -> str:
    """Why a file could not be read: the usual causes in the language of the run, else the system's words."""
    if isinstance(exc, FileNotFoundError):
        return _("no such file")
    if isinstance(exc, PermissionError):
        return _("permission denied")
    if isinstance(exc, IsADirectoryError):
        return _("it is a folder")
    return exc.strerror or type(exc).__name__
