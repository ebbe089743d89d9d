"""Which reader a project file needs, from its extension or, failing that, its first bytes.

Adding a format is one `FORMATS` entry: its name, extensions, a content sniffer and the dotted path
of its loader. Loaders are imported only when used, so an unused format costs nothing at start-up.
A loader returns a `Project` or `(Project, warnings)`; formats whose loader does not run the
cross-object checks itself are checked here, so every import is validated before anything is written.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plantrack.formats.reasons import os_reason
from plantrack.i18n import N_, _
from plantrack.scheduling.errors import InvalidInput, Problem, Severity
from plantrack.scheduling.model import Plant, Project

#: How many bytes of a file the sniffers look at.
SNIFF_BYTES = 4096


def _looks_like_toml(head: bytes) -> bool:
    text = head.decode("utf-8", "replace")
    return "[project]" in text or "[[tasks]]" in text


def _looks_like_mspdi(head: bytes) -> bool:
    return b"schemas.microsoft.com/project" in head


def _looks_like_gan(head: bytes) -> bool:
    return b"<project" in head and b"gantt-divider-location" in head


def _looks_like_planner(head: bytes) -> bool:
    return b"mrproject-version" in head


def _by_extension_only(head: bytes) -> bool:
    return False


def _looks_like_psplib(head: bytes) -> bool:
    return b"PROJECT INFORMATION" in head or b"PRECEDENCE RELATIONS" in head


@dataclass(frozen=True, slots=True, kw_only=True)
class Format:
    """A project file format plantrack can import."""

    name: str
    extensions: tuple[str, ...]
    sniff: Callable[[bytes], bool]
    loader: str  # "package.module:function", imported on first use
    validates: bool  # whether the loader already runs scheduling.validate.validate
    reads_plant: bool = False  # whether the loader takes a plant to check the project against
    summary: str  # English, marked with N_(): `description` is it in the language of the run

    @property
    def description(self) -> str:
        return _(self.summary)

    def load(self, path: Path, plant: Plant | None = None) -> tuple[Project, list[Problem]]:
        """Read `path`; with a `plant`, the project is checked resolved against it and returned as read."""
        module_name, _, function = self.loader.partition(":")
        load: Callable[..., Any] = getattr(importlib.import_module(module_name), function)
        result = load(path, plant) if plant is not None and self.reads_plant else load(path)
        if isinstance(result, Project):
            project, warnings = result, []
        else:
            project, warnings = result
        if plant is not None and not self.reads_plant:
            warnings = [*warnings, *_plant_warnings(project, plant, path)]
        elif not self.validates:
            warnings = [*warnings, *_network_warnings(project, path)]
        return project, list(warnings)


FORMATS: tuple[Format, ...] = (
    Format(
        name="toml",
        extensions=(".toml",),
        sniff=_looks_like_toml,
        loader="plantrack.formats.toml.reader:load_project_toml",
        reads_plant=True,
        validates=True,
        summary=N_("plantrack project file (docs/file-format.md)"),
    ),
    Format(
        name="psplib",
        extensions=(".sm",),
        sniff=_looks_like_psplib,
        loader="plantrack.formats.psplib:load_psplib",
        validates=False,
        summary=N_("PSPLIB single-mode RCPSP instance"),
    ),
    Format(
        name="rcp",
        extensions=(".rcp",),
        sniff=_by_extension_only,
        loader="plantrack.formats.rcp:load_rcp",
        validates=False,
        summary=N_("Patterson RCPSP instance (RCPLIB RG30/RG300)"),
    ),
    Format(
        name="mspdi",
        extensions=(".xml",),
        sniff=_looks_like_mspdi,
        loader="plantrack.formats.mspdi.read:load_mspdi",
        validates=False,
        summary=N_("MS Project XML (MSPDI), also written by ProjectLibre and GanttProject"),
    ),
    Format(
        name="gan",
        extensions=(".gan",),
        sniff=_looks_like_gan,
        loader="plantrack.formats.gan:load_gan",
        validates=False,
        summary=N_("GanttProject"),
    ),
    Format(
        name="planner",
        extensions=(".planner", ".mrproject"),
        sniff=_looks_like_planner,
        loader="plantrack.formats.planner:load_planner",
        validates=False,
        summary=N_("GNOME Planner"),
    ),
    Format(
        name="csv",
        extensions=(".csv",),
        sniff=lambda head: head.lstrip(b"\xef\xbb\xbf").startswith(b"#plantrack task list"),
        loader="plantrack.formats.csv_tasks:load_csv",
        validates=False,
        summary=N_("task list from a spreadsheet (comma or semicolon separated)"),
    ),
    Format(
        name="xlsx",
        extensions=(".xlsx", ".xlsm"),
        sniff=_by_extension_only,
        loader="plantrack.formats.xlsx:load_xlsx",
        validates=False,
        summary=N_("Excel task list, with the optional xlsx extra"),
    ),
    Format(
        name="mpp",
        extensions=(".mpp",),
        sniff=_by_extension_only,
        loader="plantrack.formats.mpp:load_mpp",
        validates=False,
        summary=N_("binary MS Project, with the optional mpp extra (MPXJ, Java)"),
    ),
    Format(
        name="tjp",
        extensions=(".tjp", ".tji"),
        sniff=_by_extension_only,
        loader="plantrack.formats.taskjuggler.project:load_tjp",
        validates=False,
        summary=N_("TaskJuggler project (tasks, resources, working hours; reports are skipped)"),
    ),
)


def detect_format(path: Path) -> Format:
    """The format of `path`: by extension first, else by content; InvalidInput `format-unknown` if none."""
    suffix = path.suffix.lower()
    for fmt in FORMATS:
        if suffix in fmt.extensions:
            return fmt
    try:
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError as exc:
        raise InvalidInput(
            [
                Problem(
                    code="file-unreadable",
                    message=_("cannot read {file}: {reason}").format(file=path, reason=os_reason(exc)),
                    location=path.name,
                )
            ]
        ) from None
    for fmt in FORMATS:
        if fmt.sniff(head):
            return fmt
    known = ", ".join(f"{ext} ({fmt.description})" for fmt in FORMATS for ext in fmt.extensions)
    raise InvalidInput(
        [
            Problem(
                code="format-unknown",
                message=_("cannot tell the format of {file}; plantrack imports {known}").format(
                    file=path.name, known=known
                ),
                location=path.name,
            )
        ]
    )


def declared_language(path: Path) -> str | None:
    """The `language` a project file declares for itself (only plantrack's TOML has one), else None.

    Read before the file is loaded, so that the import's own messages, its errors included, can come
    out in that language; a file that cannot be read here says nothing, its real read reports why.
    """
    try:
        fmt = detect_format(path) if path.is_file() else None
    except InvalidInput:
        return None
    if fmt is None or fmt.name != "toml":
        return None
    from plantrack.formats.toml.reader import declared_language as toml_language

    return toml_language(path)


def load_project(path: Path, plant: Plant | None = None) -> tuple[Project, list[Problem]]:
    """Read any supported project file; return the project and its warnings, or raise InvalidInput.

    With a `plant`, the project may use the plant's calendars, resources and windows by id: it is
    checked resolved against the plant (a local item with a shared id is refused) and returned as read.
    """
    if not path.is_file():
        what = _("{file} is a folder") if path.is_dir() else _("{file} does not exist")
        raise InvalidInput([Problem(code="file-missing", message=what.format(file=path), location=path.name)])
    return detect_format(path).load(path, plant)


def _network_warnings(project: Project, path: Path) -> list[Problem]:
    """Cross-object checks for formats whose loader does not run them: errors raise, warnings return."""
    from plantrack.scheduling.validate import validate

    problems = [p.located(path.name) for p in validate(project)]
    if any(p.severity is Severity.ERROR for p in problems):
        raise InvalidInput(problems)
    return problems


def _plant_warnings(project: Project, plant: Plant, path: Path) -> list[Problem]:
    """The checks of `_network_warnings` on the project resolved against its plant.

    Files of other tools define every calendar and resource they use: one whose id the plant shares
    is refused (`plant-id-shadowed`), since the file's copy may differ from the plant's crew.
    """
    from plantrack.scheduling.shared import resolve, shadow_problems, unknown_problems

    found = [*shadow_problems(project, plant), *unknown_problems(project, plant)]
    if found:
        raise InvalidInput([p.located(path.name) for p in found])
    return _network_warnings(resolve(project, plant), path)
