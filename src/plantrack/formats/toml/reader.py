"""Read a project file (TOML, stdlib `tomllib`) into a `Project`, reporting every problem with file:line.

The layout is described in docs/file-format.md. Reading goes in three steps: the TOML syntax
(`tomllib`), each table into its model object (type checks and the objects' own invariants), then
the cross-object checks of `scheduling.validate.validate`. All problems of the three steps are
reported together; objects that failed to build are left out of the last step so that one mistake
is not reported twice.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from pathlib import Path
from typing import Any

from plantrack.formats.reasons import os_reason
from plantrack.formats.toml.calendar import read_calendar
from plantrack.formats.toml.fields import Collector, Section, severity_warning
from plantrack.formats.toml.locate import TomlLocator, syntax_error_line
from plantrack.formats.toml.syntax_words import toml_error
from plantrack.formats.toml.tables import (
    read_project,
    read_resource,
    read_task,
    read_window,
)
from plantrack.i18n import N_, _, pgettext
from plantrack.scheduling.errors import InvalidInput, ModelError, Problem, Severity, errors_only
from plantrack.scheduling.model import Plant, Project

#: The `[project]` table alone: its header line up to the next table header (or the end).
_PROJECT_TABLE = re.compile(r"^[ \t]*\[project\][ \t]*(?:#.*)?$.*?(?=^[ \t]*\[|\Z)", re.M | re.S)
TOP_LEVEL = ("project", "calendars", "resources", "windows", "tasks")
_SHORT_TIME = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?!:)")
_DUPLICATE_TABLE = re.compile(r"Cannot declare \((.*)\) twice")
_PROJECT_KEYS = {
    "project-finish-before-start": "finish",
    "date-out-of-range": "start",
    "project-name": "name",
    "name-too-long": "name",
    "day-length-invalid": "hours_per_day",
}


def declared_language(path: Path) -> str | None:
    """The `[project] language` of a project file, or None (unset, or a file `load_project_toml` refuses).

    Only the `[project]` table is parsed (it is short and comes first), so a large plan is not read
    twice before its import.
    """
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    found = _PROJECT_TABLE.search(text)
    if found is None:
        return None
    try:
        table = tomllib.loads(found.group(0))
    except tomllib.TOMLDecodeError:
        return None
    project = table.get("project")
    code = project.get("language") if isinstance(project, dict) else None
    return code if isinstance(code, str) else None


def load_project_toml(path: Path, plant: Plant | None = None) -> tuple[Project, list[Problem]]:
    """Read a project file; return the project and its warnings, or raise InvalidInput with every problem.

    With a `plant`, the file may use the plant's shared ids (see `loads_project_toml`)."""
    source = path.name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        reason = os_reason(exc)
        raise InvalidInput(
            [
                Problem(
                    code="file-unreadable",
                    message=_("cannot read {file}: {reason}").format(file=path, reason=reason),
                    location=source,
                )
            ]
        ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InvalidInput(
            [
                Problem(
                    code="encoding-invalid",
                    message=_("{file} is not UTF-8 text (byte {byte}); save it as UTF-8").format(
                        file=source, byte=exc.start
                    ),
                    location=f"{source}:{line}",
                )
            ]
        ) from None
    return loads_project_toml(text, source=source, plant=plant)


def loads_project_toml(
    text: str, *, source: str = "<text>", check_network: bool = True, plant: Plant | None = None
) -> tuple[Project, list[Problem]]:
    """Read a project from TOML text; `source` names it in locations. Raises InvalidInput on any error.

    `check_network=False` skips the cross-object checks (unknown ids, cycles...), for tests of the
    file layout alone. With a `plant`, the project may use the plant's calendars, resources and windows
    without defining them: the checks run on the project resolved against the plant, and the project
    is returned as written.
    """
    data = _parse(text, source)
    locator = TomlLocator.scan(text, source)
    out = Collector(locator)
    project, dropped, task_index = _build(data, out)
    problems = list(out.problems)
    if project is not None and check_network and plant is not None:
        from plantrack.scheduling.shared import resolve, shadow_problems, unknown_problems

        found = [*shadow_problems(project, plant), *unknown_problems(project, plant)]
        problems += [p.located(_locate_use(p, project, task_index, locator)) for p in found]
        if not found:
            problems.extend(_network_problems(resolve(project, plant), dropped, task_index, locator))
    elif project is not None and check_network:
        problems.extend(_network_problems(project, dropped, task_index, locator))
    if out.sanitised:
        ids = tuple(dict.fromkeys(ident for ident, _ in out.sanitised))
        problems.append(
            severity_warning(
                "name-sanitised",
                _("control characters removed from the text of {ids}").format(ids=", ".join(ids)),
                ids,
                out.sanitised[0][1],
            )
        )
    if errors_only(problems) or project is None:
        raise InvalidInput(_ordered(problems))
    return project, [p for p in problems if p.severity is Severity.WARNING]


def _parse(text: str, source: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        line = syntax_error_line(message, text)
        lines = text.splitlines()
        bad = lines[line - 1] if 0 < line <= len(lines) else ""
        code = "toml-syntax"
        ids: tuple[str, ...] = ()
        shown = toml_error(message)
        if "Invalid date" in message:
            code = "date-invalid"
            shown += _("; dates are ISO 8601 and must exist, e.g. 2027-03-15 or 2027-03-15T08:00:00")
        elif _SHORT_TIME.search(bad):
            shown += _("; a TOML date-time needs seconds: write 2027-04-16T17:00:00")
        duplicate = _DUPLICATE_TABLE.search(message)
        if duplicate:
            code = "id-duplicate"
            ids = (duplicate.group(1).split(",")[-1].strip(" '\""),)
        raise InvalidInput(
            [
                Problem(
                    code=code,
                    message=_("{file}: {reason}").format(file=source, reason=shown),
                    ids=ids,
                    location=f"{source}:{line}",
                )
            ]
        ) from None


def _build(data: dict[str, Any], out: Collector) -> tuple[Project | None, set[str], dict[str, int]]:
    """Every table into model objects. Returns the project (None if `[project]` is unusable), the ids
    of objects that failed to build and the `[[tasks]]` index of each task."""
    top = Section(out, data, (), _("file"), ())
    top.check_keys(TOP_LEVEL)
    fields = read_project(top)
    dropped: set[str] = set()

    calendars = []
    for ident, section in _named_tables(top, "calendars", N_("calendar")):
        calendar = read_calendar(section, ident, fields.get("start"))
        if calendar is None:
            dropped.add(ident)
        else:
            calendars.append(calendar)
    resources = []
    for ident, section in _named_tables(top, "resources", N_("resource")):
        resource = read_resource(section, ident)
        if resource is None:
            dropped.add(ident)
        else:
            resources.append(resource)
    windows = []
    for ident, section in _named_tables(top, "windows", N_("window")):
        window = read_window(section, ident)
        if window is None:
            dropped.add(ident)
        else:
            windows.append(window)

    tasks, links, assignments = [], [], []
    task_index: dict[str, int] = {}
    seen: dict[str, list[str]] = {}
    for section in _task_sections(top):
        read = read_task(section)
        if read.ident is not None:
            seen.setdefault(read.ident, []).append(section.where("id"))
        if read.task is None:
            if read.ident is not None:
                dropped.add(read.ident)
            continue
        if read.ident in task_index:
            continue  # a duplicate: reported below with every location
        task_index[read.task.id] = int(section.path[1])
        tasks.append(read.task)
        links.extend(read.links)
        assignments.extend(read.assignments)
    for ident, places in seen.items():
        if len(places) > 1:
            out.add(
                "id-duplicate",
                _("task id {id} is used {count} times: {places}; ids must be unique").format(
                    id=ident, count=len(places), places=", ".join(places)
                ),
                (ident,),
                ", ".join(places),
            )
    if not top.ok or "name" not in fields or "start" not in fields:
        return None, dropped, task_index
    try:
        project = Project(
            **fields,
            calendars=tuple(calendars),
            resources=tuple(resources),
            tasks=tuple(tasks),
            links=tuple(links),
            assignments=tuple(assignments),
            windows=tuple(windows),
        )
    except ModelError as exc:  # the project's own fields (e.g. a finish before the start)
        section = Section(
            out, data.get("project") or {}, ("project",), pgettext("owner", "project"), ("project",)
        )
        section.model_error(exc, _PROJECT_KEYS.get(exc.problem.code))
        return None, dropped, task_index
    return project, dropped, task_index


def _named_tables(top: Section, key: str, kind: str) -> list[tuple[str, Section]]:
    """`[calendars.plant]`, `[resources.elec]`...: one section per id, in file order."""
    group = top.table(key, key)
    if group is None:
        return []
    out = []
    for raw_id, value in group.data.items():
        ident = unicodedata.normalize("NFC", raw_id)
        if not isinstance(value, dict):
            group.fail(
                "type-invalid",
                _("{kind} {id} must be a table ([{key}.{raw}])").format(
                    kind=_(kind), id=ident, key=key, raw=raw_id
                ),
                raw_id,
            )
            continue
        out.append((ident, Section(top.out, value, (key, raw_id), f"{_(kind)} {ident}", (ident,))))
    return out


def _task_sections(top: Section) -> list[Section]:
    value = top.data.get("tasks")
    if value is None:
        return []
    if not isinstance(value, list):
        top.fail("type-invalid", _("tasks must be written as [[tasks]] tables"), "tasks")
        return []
    sections = []
    for index, item in enumerate(value):
        if not isinstance(item, dict):
            top.fail("type-invalid", _("task {n} must be a [[tasks]] table").format(n=index + 1), "tasks")
            continue
        ident = item.get("id") if isinstance(item.get("id"), str) else f"#{index + 1}"
        sections.append(
            Section(top.out, item, ("tasks", index), _("task {task}").format(task=ident), (str(ident),))
        )
    return sections


# Which key of a task holds what a network problem is about, to point at the exact line.
_CODE_KEYS: tuple[tuple[str, str], ...] = (
    ("dep-", "after"),
    ("link", "after"),
    ("cycle", "after"),
    ("resource", "resources"),
    ("assign", "resources"),
    ("capacity", "resources"),
    ("overalloc", "resources"),
    ("window", "window"),
    ("calendar", "calendar"),
    ("parent", "parent"),
    ("deadline", "deadline"),
    ("constraint", "start_no_earlier_than"),
)


def _network_problems(
    project: Project, dropped: set[str], task_index: dict[str, int], locator: TomlLocator
) -> list[Problem]:
    """Cross-object checks, minus those about objects that already failed, located by id."""
    from plantrack.scheduling.validate import validate

    found = []
    for problem in validate(project):
        if dropped.intersection(problem.ids):
            continue
        found.append(problem.located(_locate(problem, task_index, locator)))
    return found


def _locate(problem: Problem, task_index: dict[str, int], locator: TomlLocator) -> str:
    """The line of the first id the problem names: a task's key it is about, or the item's table."""
    code = problem.code
    kinds = ["calendars", "resources", "windows"]
    # a problem about a calendar, resource or window is found at its table first
    preferred = [k for k in kinds if k[:-1] in code]
    order = [*preferred, "tasks", *[k for k in kinds if k not in preferred]]
    for ident in problem.ids:
        for kind in order:
            if kind == "tasks" and ident in task_index:
                return locator.at(_task_line(locator, task_index[ident], code))
            if kind != "tasks":
                line = _table_line(locator, kind, ident)
                if line is not None:
                    return locator.at(line)
    return locator.where(("project",))


def _locate_use(problem: Problem, project: Project, task_index: dict[str, int], locator: TomlLocator) -> str:
    """The line that uses the id a plant problem is about: the task's or resource's key naming it."""
    if problem.code != "plant-id-unknown":
        return _locate(problem, task_index, locator)
    *users, ident = problem.ids
    if not users:  # the project's own calendar
        return locator.where(("project", "calendar"))
    user = users[0]
    if user in task_index:
        task = next((t for t in project.tasks if t.id == user), None)
        if task is not None and ident in (task.calendar, task.window):
            key: tuple[str, ...] = ("calendar",) if task.calendar == ident else ("window",)
        else:  # an assignment: the task's `resources` table, at the resource's own key if on its line
            key = ("resources", ident)
        return locator.where(("tasks", task_index[user], *key))
    line = locator.line(("resources", user, "calendar")) or _table_line(locator, "resources", user)
    return locator.at(line) if line is not None else locator.where(("project",))


def _task_line(locator: TomlLocator, index: int, code: str) -> int | None:
    for fragment, key in _CODE_KEYS:
        if fragment in code:
            for candidate in (key, "links") if key == "after" else (key,):
                line = locator.lines.get(("tasks", index, candidate))
                if line is not None:
                    return line
    return locator.line(("tasks", index, "id"))


def _table_line(locator: TomlLocator, kind: str, ident: str) -> int | None:
    for path, line in locator.lines.items():
        if len(path) == 2 and path[0] == kind and unicodedata.normalize("NFC", str(path[1])) == ident:
            return line
    return None


def _ordered(problems: list[Problem]) -> list[Problem]:
    """Errors first, then warnings; each group in file order."""

    def key(p: Problem) -> tuple[int, int]:
        match = re.search(r":(\d+)", p.location or "")
        return (0 if p.severity is Severity.ERROR else 1, int(match.group(1)) if match else 0)

    return sorted(problems, key=key)
