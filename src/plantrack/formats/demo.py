"""The embedded demo plan, read from its package resource (a format reader, so `formats` owns it)."""

from __future__ import annotations

from plantrack.scheduling.errors import Problem
from plantrack.scheduling.model import Plant, Project

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


#: The demo plant's shared part in each language.
DEMO_PLANT_RESOURCES: dict[str, str] = {"en": "plant.toml", "fr": "plant.fr.toml"}
#: The demo plant's projects besides the line-3 retrofit (which is the demo project above), by
#: workspace stem, in each language. They use the plant's ids without defining them.
DEMO_PLANT_PROJECTS: dict[str, dict[str, str]] = {
    "line3-vision": {"en": "line3_vision.toml", "fr": "line3_vision.fr.toml"},
    "line3-conveyor": {"en": "line3_conveyor.toml", "fr": "line3_conveyor.fr.toml"},
}


def _demo_text(name: str) -> str:
    from importlib import resources

    return resources.files("plantrack.demo").joinpath(name).read_text(encoding="utf-8")


def load_demo_plant(language: str = "en") -> Plant:
    """The demo plant's shared part (crew, calendars, line 3 stops) in `language` (English by default)."""
    from plantrack.formats.toml.plant import loads_plant_toml

    name = DEMO_PLANT_RESOURCES.get(language, DEMO_PLANT_RESOURCES["en"])
    return loads_plant_toml(_demo_text(name), source=name)


def load_demo_plant_project(stem: str, language: str = "en") -> tuple[Project, list[Problem]]:
    """One of the demo plant's own projects as written (checked once resolved against the plant)."""
    from plantrack.formats.toml.reader import loads_project_toml

    files = DEMO_PLANT_PROJECTS[stem]
    name = files.get(language, files["en"])
    return loads_project_toml(_demo_text(name), source=name, check_network=False)
