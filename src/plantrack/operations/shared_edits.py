"""Edits on what tasks share: resources, shutdown windows and calendars, added, changed and removed.

The three collections follow one rule (ids unique, an unknown id refused with the closest known ones);
removing one is refused while tasks (or resources, or the project) still use it.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Literal

from plantrack.i18n import _
from plantrack.operations.problems import from_model, refuse, unknown
from plantrack.scheduling.errors import ModelError
from plantrack.scheduling.model import Calendar, Project, Resource, Window

Kind = Literal["resource", "window", "calendar"]
Item = Resource | Window | Calendar
_COLLECTION: dict[str, str] = {"resource": "resources", "window": "windows", "calendar": "calendars"}


def _items(project: Project, kind: Kind) -> tuple[Any, ...]:
    items: tuple[Any, ...] = getattr(project, _COLLECTION[kind])
    return items


def known(project: Project, kind: Kind, ident: str, field: str | None = "id") -> Any:
    """The resource, window or calendar `ident`, or a refusal naming the closest ids."""
    items = _items(project, kind)
    for item in items:
        if item.id == ident:
            return item
    raise unknown(kind, ident, [i.id for i in items], field)


def add(project: Project, kind: Kind, item: Item) -> Project:
    """The plan with one more resource, window or calendar."""
    present = _items(project, kind)
    if any(i.id == item.id for i in present):
        raise refuse(
            "id", "id-duplicate", _("{kind} {id} already exists").format(kind=_(kind), id=item.id), item.id
        )
    changes: dict[str, Any] = {_COLLECTION[kind]: (*present, item)}
    return dataclasses.replace(project, **changes)


def replace(project: Project, kind: Kind, item: Item) -> Project:
    """The plan with the resource, window or calendar of the same id replaced, in its place."""
    known(project, kind, item.id)
    changes: dict[str, Any] = {
        _COLLECTION[kind]: tuple(item if i.id == item.id else i for i in _items(project, kind))
    }
    return dataclasses.replace(project, **changes)


def update(project: Project, kind: Kind, ident: str, /, **fields: Any) -> Project:
    """The plan with some fields of one resource, window or calendar changed."""
    current = known(project, kind, ident)
    if not fields:
        raise refuse(None, "nothing-to-change", _("give at least one field to change"), ident)
    try:
        edited = dataclasses.replace(current, **fields)
    except ModelError as exc:
        raise from_model(None, exc) from exc
    return replace(project, kind, edited)


def resource_tasks(project: Project, ident: str) -> list[str]:
    """The tasks a resource is assigned to, in plan order."""
    return list(dict.fromkeys(a.task for a in project.assignments if a.resource == ident))


def remove_resource(project: Project, ident: str, *, force: bool = False) -> Project:
    """The plan without a resource; with `force` its assignments go too, else they refuse it."""
    known(project, "resource", ident)
    tasks = resource_tasks(project, ident)
    if tasks and not force:
        raise refuse(
            "id",
            "resource-in-use",
            _(
                "resource {id} is assigned to {tasks}: unassign it first, or add --force "
                "to remove those assignments with it"
            ).format(id=ident, tasks=", ".join(tasks)),
            ident,
            *tasks,
        )
    return dataclasses.replace(
        project,
        resources=tuple(r for r in project.resources if r.id != ident),
        assignments=tuple(a for a in project.assignments if a.resource != ident),
    )


def window_tasks(project: Project, ident: str) -> list[str]:
    """The tasks that must fit in a shutdown window, in plan order."""
    return [t.id for t in project.tasks if t.window == ident]


def remove_window(project: Project, ident: str) -> Project:
    """The plan without a shutdown window no task is bound to."""
    known(project, "window", ident)
    tasks = window_tasks(project, ident)
    if tasks:
        raise refuse(
            "id",
            "window-in-use",
            _("window {id} holds {tasks}: unbind them first (plantrack task edit ID --window '')").format(
                id=ident, tasks=", ".join(tasks)
            ),
            ident,
            *tasks,
        )
    return dataclasses.replace(project, windows=tuple(w for w in project.windows if w.id != ident))


def calendar_users(project: Project, ident: str) -> list[str]:
    """Who works on a calendar: `project`, then task and resource ids, in plan order."""
    users = ["project"] if project.calendar == ident else []
    users += [t.id for t in project.tasks if t.calendar == ident]
    users += [r.id for r in project.resources if r.calendar == ident]
    return users


def remove_calendar(project: Project, ident: str) -> Project:
    """The plan without a calendar nobody works on."""
    known(project, "calendar", ident)
    users = calendar_users(project, ident)
    if users:
        raise refuse(
            "id",
            "calendar-in-use",
            _("calendar {id} is used by {users}: give them another calendar first").format(
                id=ident, users=", ".join(users)
            ),
            ident,
            *users,
        )
    return dataclasses.replace(project, calendars=tuple(c for c in project.calendars if c.id != ident))
