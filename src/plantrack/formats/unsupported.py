"""Loaders for formats plantrack recognises but does not read itself, each with the way forward."""

from __future__ import annotations

from pathlib import Path

from plantrack.scheduling.errors import InvalidInput, Problem
from plantrack.scheduling.model import Project


def _refuse(path: Path, code: str, message: str) -> InvalidInput:
    return InvalidInput([Problem(code=code, message=message, location=path.name)])


def load_tjp(path: Path) -> tuple[Project, list[Problem]]:
    raise _refuse(
        path,
        "tjp-unsupported",
        f"{path.name} is a TaskJuggler project; plantrack does not read TaskJuggler sources. "
        "Export the plan from TaskJuggler as MS Project XML or CSV and import that.",
    )
