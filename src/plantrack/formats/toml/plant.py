"""Read a `plant.toml` (the plant's shared calendars, resources and windows) with the project file's readers.

The tables are those of a project file: `[plant]` (name, the calendar of shared resources naming
none), `[calendars.ID]`, `[resources.ID]` and `[windows.ID]`. Every problem is reported at once with
file and line.
"""

from __future__ import annotations

from pathlib import Path

from plantrack.formats.toml.calendar import read_calendar
from plantrack.formats.toml.fields import Collector, Section
from plantrack.formats.toml.locate import TomlLocator
from plantrack.formats.toml.reader import _named_tables, _parse
from plantrack.formats.toml.tables import read_resource, read_window
from plantrack.i18n import N_, _
from plantrack.scheduling.errors import InvalidInput, ModelError, Problem, errors_only
from plantrack.scheduling.model import Plant
from plantrack.scheduling.shared import plant_problems

TOP_LEVEL = ("plant", "calendars", "resources", "windows")
PLANT_KEYS = ("name", "calendar")


def load_plant_toml(path: Path) -> Plant:
    """Read a plant file; raise InvalidInput naming every problem with file and line."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        message = _("cannot read {file}: {reason}").format(file=path, reason=exc)
        raise InvalidInput([Problem(code="file-unreadable", message=message, location=path.name)]) from None
    return loads_plant_toml(text, source=path.name)


def loads_plant_toml(text: str, *, source: str = "<text>") -> Plant:
    """Read a plant from TOML text; `source` names it in locations."""
    data = _parse(text, source)
    locator = TomlLocator.scan(text, source)
    out = Collector(locator)
    top = Section(out, data, (), _("file"), ())
    top.check_keys(TOP_LEVEL)
    fields: dict[str, str] = {}
    section = top.table("plant", "plant")
    if section is None:
        if "plant" not in data:
            top.fail("plant-missing", _("the file needs a [plant] table with a name"))
    else:
        section.check_keys(PLANT_KEYS)
        fields["name"] = section.text("name", required=True)
        calendar = section.ident("calendar")
        if calendar is not None:
            fields["calendar"] = calendar
    calendars = [read_calendar(s, i, None) for i, s in _named_tables(top, "calendars", N_("calendar"))]
    resources = [read_resource(s, i) for i, s in _named_tables(top, "resources", N_("resource"))]
    windows = [read_window(s, i) for i, s in _named_tables(top, "windows", N_("window"))]
    plant: Plant | None = None
    if not errors_only(out.problems) and fields.get("name"):
        try:
            plant = Plant(
                name=fields["name"],
                calendar=fields.get("calendar", "standard"),
                calendars=tuple(c for c in calendars if c is not None),
                resources=tuple(r for r in resources if r is not None),
                windows=tuple(w for w in windows if w is not None),
            )
        except ModelError as exc:
            out.add(exc.problem.code, exc.problem.message, exc.problem.ids, locator.where(("plant",)))
    problems = list(out.problems)
    if plant is not None:
        problems += [p.located(_table_location(locator, p.ids)) for p in plant_problems(plant)]
    if errors_only(problems) or plant is None:
        raise InvalidInput(problems or [Problem(code="plant-missing", message=_("no plant in the file"))])
    return plant


def _table_location(locator: TomlLocator, ids: tuple[str, ...]) -> str:
    for ident in ids:
        for kind in ("resources", "calendars", "windows"):
            line = locator.line((kind, ident))
            if line is not None:
                return locator.at(line)
    return locator.where(("plant",))
