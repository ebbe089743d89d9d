"""Loaders for formats plantrack recognises but does not read itself, each with the way forward."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

from plantrack.scheduling.errors import InvalidInput, Problem
from plantrack.scheduling.model import Project


def _refuse(path: Path, code: str, message: str) -> InvalidInput:
    return InvalidInput([Problem(code=code, message=message, location=path.name)])


def load_mpp(path: Path) -> tuple[Project, list[Problem]]:
    """Binary MS Project files need MPXJ (Java); say what is missing and how to get round it."""
    missing = [name for name in ("mpxj", "jpype") if importlib.util.find_spec(name) is None]
    if shutil.which("java") is None:
        missing.append("a Java runtime")
    reason = f"missing: {', '.join(missing)}" if missing else "the mpxj bridge is not enabled in this build"
    raise _refuse(
        path,
        "mpp-unsupported",
        f"{path.name} is a binary MS Project file; reading it needs the optional mpxj extra "
        f"(pip install 'plantrack[mpp]' and a Java runtime; {reason}). "
        "Alternatively save it from MS Project or ProjectLibre as XML (.xml) and import that.",
    )


def load_tjp(path: Path) -> tuple[Project, list[Problem]]:
    raise _refuse(
        path,
        "tjp-unsupported",
        f"{path.name} is a TaskJuggler project; plantrack does not read TaskJuggler sources. "
        "Export the plan from TaskJuggler as MS Project XML or CSV and import that.",
    )
