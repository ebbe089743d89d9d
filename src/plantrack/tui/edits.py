"""Edits the forms make, as functions on a fresh workspace state; errors name the offending form field.

Each builder parses what the user typed and returns an `Edit` (state -> None) for `Session.apply`,
which runs it on the state read under the lock. A `Problem.location` is the form field to flag.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

from plantrack.scheduling.calendar import WorkCalendar
from plantrack.scheduling.dates import DateError, DateReader, read_when
from plantrack.scheduling.duration import parse_duration
from plantrack.scheduling.errors import InvalidInput, ModelError, Problem, errors_only
from plantrack.scheduling.model import Assignment, Link, LinkType, Project, Task, clean_text
from plantrack.store import WorkspaceState

Edit = Callable[[WorkspaceState], None]


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class TaskFields:
    """A task form as typed (strings), before parsing."""

    id: str
    name: str = ""
    duration: str = ""
    milestone: bool = False
    parent: str = ""
    owner: str = ""
    deadline: str = ""
    after: str = ""  # comma-separated predecessors (finish-to-start), for a new task


def _fail(field: str, code: str, message: str, *ids: str) -> InvalidInput:
    return InvalidInput([Problem(code=code, message=message, ids=ids, location=field)])


def _model(field: str, exc: ModelError) -> InvalidInput:
    return InvalidInput([exc.problem.located(field)])


def parse_date(
    text: str, field: str, *, end: bool = False, calendar: WorkCalendar | None = None
) -> dt.datetime | None:
    """A typed date, by the command line's rule (`scheduling/dates.py`): a date alone is 00:00 of that
    day, or with `end` (deadline, due date, status date) the end of its working day on `calendar`."""
    text = text.strip()
    if not text:
        return None
    try:
        return read_when(text, end=end, calendar=calendar)
    except DateError as exc:
        raise _fail(field, "date-invalid", str(exc)) from None


def _task_from(fields: TaskFields, project: Project, base: Task | None) -> Task:
    ident = fields.id.strip()
    tasks = project.task_map()
    parent = fields.parent.strip() or None
    if parent is not None and parent not in tasks:
        raise _fail("parent", "task-unknown", f"no phase {parent!r} in the plan", parent)
    duration = None
    keep_length = base is not None and base.duration is None and (base.effort or base.estimate) is not None
    if not fields.milestone and not (keep_length and not fields.duration.strip()):
        if not fields.duration.strip():
            raise _fail("duration", "duration-missing", "give a duration such as 3d, 4h or 5ed", ident)
        try:
            duration = parse_duration(
                fields.duration,
                minutes_per_day=project.minutes_per_day,
                minutes_per_week=project.minutes_per_week,
            )
        except ModelError as exc:
            raise _model("duration", exc) from exc
    values: dict[str, Any] = {
        "name": clean_text(fields.name).strip(),
        "duration": duration,
        # an effort-driven or estimated task keeps its length unless a duration was typed
        "effort": base.effort if base is not None and duration is None and not fields.milestone else None,
        "estimate": base.estimate if base is not None and duration is None and not fields.milestone else None,
        "milestone": fields.milestone,
        "gate": fields.milestone and base is not None and base.gate,
        "parent": parent,
        "owner": clean_text(fields.owner).strip(),
        # by the end of that working day on the calendar the task's work runs on
        "deadline": parse_date(
            fields.deadline,
            "deadline",
            end=True,
            calendar=DateReader(project).task_calendar(fields.id.strip()),
        ),
    }
    try:
        return dataclasses.replace(base, **values) if base is not None else Task(id=ident, **values)
    except ModelError as exc:
        raise _model("id" if exc.problem.code.startswith("id-") else "name", exc) from exc


def _links_after(text: str, ident: str, project: Project) -> tuple[Link, ...]:
    tasks = project.task_map()
    preds = [p.strip() for p in text.split(",") if p.strip()]
    unknown = [p for p in preds if p not in tasks]
    if unknown:
        raise _fail("after", "task-unknown", f"no task {', '.join(map(repr, unknown))} in the plan", *unknown)
    return tuple(Link(predecessor=p, successor=ident) for p in preds)


def add_task(fields: TaskFields) -> Edit:
    def edit(state: WorkspaceState) -> None:
        project = state.project
        ident = fields.id.strip()
        if ident in project.task_map():
            raise _fail("id", "id-duplicate", f"task {ident} already exists", ident)
        task = _task_from(fields, project, None)
        links = _links_after(fields.after, ident, project)
        state.project = dataclasses.replace(
            project, tasks=(*project.tasks, task), links=(*project.links, *links)
        )

    return edit


def edit_task(fields: TaskFields) -> Edit:
    def edit(state: WorkspaceState) -> None:
        project = state.project
        ident = fields.id
        current = project.task_map().get(ident)
        if current is None:
            raise _fail(
                "id", "task-unknown", f"task {ident} is no longer in the plan (removed meanwhile?)", ident
            )
        task = _task_from(fields, project, current)
        state.project = dataclasses.replace(
            project, tasks=tuple(task if t.id == ident else t for t in project.tasks)
        )

    return edit


def delete_task(ident: str) -> Edit:
    """Remove a task with its links and assignments; a phase must be emptied first (as in the CLI)."""

    def edit(state: WorkspaceState) -> None:
        project = state.project
        if ident not in project.task_map():
            raise _fail("id", "task-unknown", f"task {ident} is no longer in the plan", ident)
        children = project.children().get(ident, [])
        if children:
            raise _fail(
                "id",
                "task-has-children",
                f"phase {ident} still holds {', '.join(children)}: remove or move them first",
                ident,
                *children,
            )
        state.project = dataclasses.replace(
            project,
            tasks=tuple(t for t in project.tasks if t.id != ident),
            links=tuple(x for x in project.links if ident not in (x.predecessor, x.successor)),
            assignments=tuple(a for a in project.assignments if a.task != ident),
        )

    return edit


def add_link(predecessor: str, successor: str, kind: str = "FS", lag: str = "") -> Edit:
    def edit(state: WorkspaceState) -> None:
        project = state.project
        tasks = project.task_map()
        for field, ident in (("predecessor", predecessor), ("successor", successor)):
            if ident not in tasks:
                raise _fail(field, "task-unknown", f"no task {ident!r} in the plan", ident)
        try:
            link_type = LinkType(kind.strip().upper() or "FS")
        except ValueError:
            raise _fail("type", "link-type", f"link type {kind!r} must be FS, SS, FF or SF") from None
        try:
            delay = parse_duration(
                lag.strip() or "0m",
                minutes_per_day=project.minutes_per_day,
                minutes_per_week=project.minutes_per_week,
                allow_negative=True,
            )
        except ModelError as exc:
            raise _model("lag", exc) from exc
        if any(x.predecessor == predecessor and x.successor == successor for x in project.links):
            raise _fail("successor", "link-duplicate", f"{predecessor} is already linked to {successor}")
        link = Link(predecessor=predecessor, successor=successor, type=link_type, lag=delay)
        state.project = dataclasses.replace(project, links=(*project.links, link))

    return edit


def remove_link(predecessor: str, successor: str) -> Edit:
    def edit(state: WorkspaceState) -> None:
        project = state.project
        kept = tuple(x for x in project.links if (x.predecessor, x.successor) != (predecessor, successor))
        if len(kept) == len(project.links):
            raise _fail("predecessor", "link-unknown", f"no link {predecessor} -> {successor}")
        state.project = dataclasses.replace(project, links=kept)

    return edit


def assign(task: str, resource: str, units: str = "1") -> Edit:
    """Assign a resource (replacing an earlier assignment of it to the same task); units 0 removes it."""

    def edit(state: WorkspaceState) -> None:
        project = state.project
        if task not in project.task_map():
            raise _fail("task", "task-unknown", f"no task {task!r} in the plan", task)
        if resource not in project.resource_map():
            raise _fail("resource", "resource-unknown", f"no resource {resource!r} in the plan", resource)
        try:
            amount = float(units)
        except ValueError:
            raise _fail(
                "units", "units-invalid", f"units {units!r} must be a number such as 1 or 0.5"
            ) from None
        kept = tuple(a for a in project.assignments if (a.task, a.resource) != (task, resource))
        if amount == 0:
            if len(kept) == len(project.assignments):
                raise _fail("resource", "assignment-unknown", f"{resource} is not assigned to {task}")
            state.project = dataclasses.replace(project, assignments=kept)
            return
        try:
            new = Assignment(task=task, resource=resource, units=amount)
        except ModelError as exc:
            raise _model("units", exc) from exc
        state.project = dataclasses.replace(project, assignments=(*kept, new))

    return edit


def preview(state: WorkspaceState, edit: Edit) -> list[Problem]:
    """What applying `edit` to `state` would report (errors and warnings), without saving anything."""
    from plantrack.scheduling.network import validate

    # sections are lists the edit may append to: the trial gets its own copies
    sections = {name: list(rows) for name, rows in state.sections.items()}
    trial = WorkspaceState(project=state.project, schedule=state.schedule, sections=sections)
    try:
        edit(trial)
    except InvalidInput as exc:
        return exc.problems()
    except ModelError as exc:
        return exc.problems()
    problems = validate(trial.project)
    return errors_only(problems) or problems
