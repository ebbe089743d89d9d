"""The embedded demo plan, read from its package resource (a format reader, so `formats` owns it)."""

from __future__ import annotations

from plantrack.scheduling.errors import Problem
from plantrack.scheduling.model import Project

DEMO_RESOURCE = "line3_retrofit.toml"


def load_demo() -> tuple[Project, list[Problem]]:
    """The embedded demo project (a package resource, so it works from a wheel or a zip)."""
    from importlib import resources

    from plantrack.formats.toml.reader import loads_project_toml

    text = resources.files("plantrack.demo").joinpath(DEMO_RESOURCE).read_text(encoding="utf-8")
    return loads_project_toml(text, source=DEMO_RESOURCE)
