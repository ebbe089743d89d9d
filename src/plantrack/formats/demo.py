"""The embedded demo plan, read from its package resource (a format reader, so `formats` owns it)."""

from __future__ import annotations

from plantrack.scheduling.errors import Problem
from plantrack.scheduling.model import Project

DEMO_RESOURCE = "line3_retrofit.toml"
#: The demo written in each language: the same ids, links, durations and dates, texts in that language.
DEMO_RESOURCES: dict[str, str] = {"en": DEMO_RESOURCE, "fr": "line3_retrofit.fr.toml"}


def demo_resource(language: str = "en") -> str:
    """The file name of the demo plan in `language` (English for a language without its own demo)."""
    return DEMO_RESOURCES.get(language, DEMO_RESOURCE)


def load_demo(language: str = "en") -> tuple[Project, list[Problem]]:
    """The embedded demo project in `language` (a package resource, so it works from a wheel or a zip)."""
    from importlib import resources

    from plantrack.formats.toml.reader import loads_project_toml

    name = demo_resource(language)
    text = resources.files("plantrack.demo").joinpath(name).read_text(encoding="utf-8")
    return loads_project_toml(text, source=name)
