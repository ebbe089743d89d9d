"""Plan edits on tasks, links and assignments: pure `Project -> Project` functions, one per operation.

The command line and the TUI forms both call these; each refusal names its field (`Problem.field`).
The plan's whole validation (cycles, calendars, windows) stays with the caller's commit, which sees
the edited plan as a whole.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from plantrack.i18n import _
from plantrack.operations.problems import from_model, refuse, unknown
from plantrack.scheduling.errors import ModelError
from plantrack.scheduling.model import Assignment, Link, Project, Task

T = TypeVar("T")


def _known_task(project: Project, ident: str, field: str = "id") -> Task:
    task = project.task_map().get(ident)
    if task is None:
        raise unknown("task", ident, list(project.task_map()), field)
    return task


def _merged(current: tuple[T, ...], mine: Callable[[T], bool], new: Iterable[T]) -> tuple[T, ...]:
    """`current` with the rows of one task (`mine`) replaced by `new`; the rows that stay keep their
    place, so a form saved unchanged changes nothing."""
    wanted = tuple(new)
    kept = tuple(row for row in current if not mine(row) or row in wanted)
    return kept + tuple(row for row in wanted if row not in kept)


def add_task(
    project: Project, task: Task, *, links: Iterable[Link] = (), assignments: Iterable[Assignment] = ()
) -> Project:
    """The plan with a new task, its predecessor links and its resources."""
    if task.id in project.task_map():
        raise refuse("id", "id-duplicate", _("task {id} already exists").format(id=task.id), task.id)
    return dataclasses.replace(
        project,
        tasks=(*project.tasks, task),
        links=(*project.links, *links),
        assignments=(*project.assignments, *assignments),
    )


def update_task(project: Project, ident: str, /, **fields: Any) -> Project:
    """The plan with some fields of one task changed (its links and resources untouched)."""
    current = _known_task(project, ident)
    if not fields:
        raise refuse(None, "nothing-to-change", _("give at least one field to change"))
    try:
        edited = dataclasses.replace(current, **fields)
    except ModelError as exc:
        raise from_model(None, exc) from exc
    return dataclasses.replace(project, tasks=tuple(edited if t.id == ident else t for t in project.tasks))


def replace_task(
    project: Project, task: Task, *, links: Iterable[Link], assignments: Iterable[Assignment]
) -> Project:
    """The plan with one task, its predecessor links and its resources replaced by the ones given."""
    _known_task(project, task.id)
    return dataclasses.replace(
        project,
        tasks=tuple(task if t.id == task.id else t for t in project.tasks),
        links=_merged(project.links, lambda x: x.successor == task.id, links),
        assignments=_merged(project.assignments, lambda a: a.task == task.id, assignments),
    )


def remove_task(project: Project, ident: str) -> Project:
    """The plan without a task, its links and its assignments; a phase must be emptied first."""
    _known_task(project, ident)
    children = project.children().get(ident, [])
    if children:
        raise refuse(
            "id",
            "task-has-children",
            _("phase {id} still holds {children}: remove or move them first").format(
                id=ident, children=", ".join(children)
            ),
            ident,
            *children,
        )
    return dataclasses.replace(
        project,
        tasks=tuple(t for t in project.tasks if t.id != ident),
        links=tuple(x for x in project.links if ident not in (x.predecessor, x.successor)),
        assignments=tuple(a for a in project.assignments if a.task != ident),
    )


def _refuse_loop(project: Project, predecessor: str, successor: str) -> None:
    """Name the one loop a new link closes (validation would list every cycle of the tangle it joins)."""
    from plantrack.scheduling.cycles import closing_loop

    chain = closing_loop(project, predecessor, successor)
    if chain is None:
        return
    loop = " → ".join([predecessor, *chain])
    raise refuse(
        "successor",
        "dep-cycle",
        _(
            "link {predecessor} → {successor} would close the loop {loop}: remove one of its links first"
        ).format(predecessor=predecessor, successor=successor, loop=loop),
        *dict.fromkeys([predecessor, *chain]),
    )


def add_link(project: Project, link: Link) -> Project:
    """The plan with one more dependency; an unknown task, a duplicate or a loop is refused."""
    for field, ident in (("predecessor", link.predecessor), ("successor", link.successor)):
        _known_task(project, ident, field)
    if any(x.predecessor == link.predecessor and x.successor == link.successor for x in project.links):
        raise refuse(
            "successor",
            "link-duplicate",
            _("{predecessor} → {successor} is already linked").format(
                predecessor=link.predecessor, successor=link.successor
            ),
            link.predecessor,
            link.successor,
        )
    _refuse_loop(project, link.predecessor, link.successor)
    return dataclasses.replace(project, links=(*project.links, link))


def remove_link(project: Project, predecessor: str, successor: str) -> Project:
    kept = tuple(x for x in project.links if (x.predecessor, x.successor) != (predecessor, successor))
    if len(kept) == len(project.links):
        raise refuse(
            "predecessor",
            "link-unknown",
            _("no link {predecessor} → {successor}").format(predecessor=predecessor, successor=successor),
            predecessor,
            successor,
        )
    return dataclasses.replace(project, links=kept)


def assign(project: Project, task: str, resource: str, units: float) -> Project:
    """The plan with `resource` on `task` at `units` (replacing an earlier assignment of it)."""
    _known_task(project, task, "task")
    if resource not in project.resource_map():
        raise unknown("resource", resource, list(project.resource_map()), "resource")
    kept = tuple(a for a in project.assignments if (a.task, a.resource) != (task, resource))
    try:
        new = Assignment(task=task, resource=resource, units=units)
    except ModelError as exc:
        raise from_model("units", exc) from exc
    return dataclasses.replace(project, assignments=(*kept, new))


def unassign(project: Project, task: str, resource: str) -> Project:
    kept = tuple(a for a in project.assignments if (a.task, a.resource) != (task, resource))
    if len(kept) == len(project.assignments):
        raise refuse(
            "resource",
            "assignment-unknown",
            _("{resource} is not assigned to {task}").format(resource=resource, task=task),
            task,
            resource,
        )
    return dataclasses.replace(project, assignments=kept)
