"""A project resolved against its plant: the plant's resources, calendars and windows used by id as its own.

A project of a plant may keep local calendars, resources and windows, but none may take the id of one
the plant shares (`plant-id-shadowed`, naming the project and the plant): two crews called `elec` in
one plant would make every load and leveling figure ambiguous. Every id the project uses must be its
own or the plant's (`plant-id-unknown`). The plant itself must hold together: no id twice, and each
shared resource on a calendar the plant has.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from plantrack.i18n import N_, _
from plantrack.scheduling.errors import InvalidInput, Problem
from plantrack.scheduling.model import Plant, Project
from plantrack.scheduling.references import DEFAULT_CALENDAR_ID
from plantrack.scheduling.validate import duplicate_problems

#: "calendar plant of project X shadows ... of plant Y", by kind of item.
_SHADOW_WORDING = {
    "calendar": N_(
        "project {project} defines calendar {id}, which plant {plant} already shares; "
        "remove the project's one or rename it"
    ),
    "resource": N_(
        "project {project} defines resource {id}, which plant {plant} already shares; "
        "remove the project's one or rename it"
    ),
    "window": N_(
        "project {project} defines window {id}, which plant {plant} already shares; "
        "remove the project's one or rename it"
    ),
}
#: "task T of project X uses resource R, which neither ... has", by kind of item used.
_UNKNOWN_WORDING = {
    "calendar": N_("{user} uses calendar {id}, which neither project {project} nor plant {plant} has"),
    "resource": N_("{user} uses resource {id}, which neither project {project} nor plant {plant} has"),
    "window": N_("{user} uses window {id}, which neither project {project} nor plant {plant} has"),
}
_PLANT_DUPLICATE = {
    "calendar": N_("plant {plant} defines calendar {id} {count} times"),
    "resource": N_("plant {plant} defines resource {id} {count} times"),
    "window": N_("plant {plant} defines window {id} {count} times"),
}


def plant_problems(plant: Plant) -> list[Problem]:
    """What makes the plant's shared part unusable: an id twice, a calendar it does not have."""
    problems: list[Problem] = []
    for kind, ids in (
        ("calendar", [c.id for c in plant.calendars]),
        ("resource", [r.id for r in plant.resources]),
        ("window", [w.id for w in plant.windows]),
    ):
        problems += duplicate_problems(kind, ids, _PLANT_DUPLICATE, plant=plant.name)
    calendars = {c.id for c in plant.calendars} | {DEFAULT_CALENDAR_ID}
    if plant.calendar not in calendars:
        message = _("plant {plant} runs on calendar {id}, which it does not define").format(
            plant=plant.name, id=plant.calendar
        )
        problems.append(Problem(code="calendar-unknown", message=message, ids=(plant.calendar,)))
    for resource in plant.resources:
        if resource.calendar is not None and resource.calendar not in calendars:
            message = _(
                "shared resource {resource} of plant {plant} uses calendar {id}, "
                "which the plant does not define"
            )
            problems.append(
                Problem(
                    code="calendar-unknown",
                    message=message.format(resource=resource.id, plant=plant.name, id=resource.calendar),
                    ids=(resource.id, resource.calendar),
                )
            )
    return problems


def shadow_problems(project: Project, plant: Plant) -> list[Problem]:
    """Each local calendar, resource or window whose id the plant already shares."""
    problems = []
    for kind, local, shared in (
        ("calendar", project.calendars, plant.calendar_map()),
        ("resource", project.resources, plant.resource_map()),
        ("window", project.windows, plant.window_map()),
    ):
        for item in local:
            if item.id in shared:
                message = _(_SHADOW_WORDING[kind]).format(project=project.name, id=item.id, plant=plant.name)
                problems.append(Problem(code="plant-id-shadowed", message=message, ids=(item.id,)))
    return problems


def _uses(project: Project) -> Iterator[tuple[str, str, str, tuple[str, ...]]]:
    """(kind, id, who uses it, the user's id if any) for every calendar, resource and window id named."""
    yield "calendar", project.calendar, _("project {project}").format(project=project.name), ()
    for resource in project.resources:
        if resource.calendar is not None:
            yield (
                "calendar",
                resource.calendar,
                _("resource {resource}").format(resource=resource.id),
                (resource.id,),
            )
    for task in project.tasks:
        if task.calendar is not None:
            yield "calendar", task.calendar, _("task {task}").format(task=task.id), (task.id,)
        if task.window is not None:
            yield "window", task.window, _("task {task}").format(task=task.id), (task.id,)
    for assignment in project.assignments:
        yield (
            "resource",
            assignment.resource,
            _("task {task}").format(task=assignment.task),
            (assignment.task,),
        )


def unknown_problems(project: Project, plant: Plant) -> list[Problem]:
    """Each id the project uses that neither it nor the plant has (each id and user reported once).

    The problem's ids are the user's (task or resource; none for the project itself) then the unknown
    id, as the project's own unknown-id checks name them, so a reader can point at the using line.
    """
    known = {
        "calendar": {c.id for c in (*project.calendars, *plant.calendars)} | {DEFAULT_CALENDAR_ID},
        "resource": {r.id for r in (*project.resources, *plant.resources)},
        "window": {w.id for w in (*project.windows, *plant.windows)},
    }
    problems = []
    for kind, ident, user, user_ids in dict.fromkeys(_uses(project)):
        if ident not in known[kind]:
            message = _(_UNKNOWN_WORDING[kind]).format(
                user=user, id=ident, project=project.name, plant=plant.name
            )
            problems.append(Problem(code="plant-id-unknown", message=message, ids=(*user_ids, ident)))
    return problems


def resolution_problems(project: Project, plant: Plant) -> list[Problem]:
    """Every reason `resolve` would refuse, at once."""
    return [*plant_problems(plant), *shadow_problems(project, plant), *unknown_problems(project, plant)]


def resolve(project: Project, plant: Plant) -> Project:
    """The project with the plant's calendars, resources and windows as its own (shared ones first).

    Raises InvalidInput naming every shadowed and unknown id at once.
    """
    problems = resolution_problems(project, plant)
    if problems:
        raise InvalidInput(problems)
    return replace(
        project,
        calendars=(*plant.calendars, *project.calendars),
        resources=(*plant.resources, *project.resources),
        windows=(*plant.windows, *project.windows),
    )
