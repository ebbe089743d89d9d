"""A project's references checked (calendars, windows, resources, assignments), and each task's length."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from plantrack.i18n import _
from plantrack.scheduling.errors import Problem, Severity, format_quantity
from plantrack.scheduling.model import Project, Task

#: The calendar every project has without declaring it.
DEFAULT_CALENDAR_ID = "standard"


def did_you_mean(value: str, known: Iterable[str]) -> str:
    """` (did you mean A or B?)` for an unknown id close to known ones, else ""."""
    close = difflib.get_close_matches(value, list(known), n=3, cutoff=0.6)
    return _(" (did you mean {names}?)").format(names=_(" or ").join(close)) if close else ""


def unknown_id(
    code: str, message: str, missing: str, known: Iterable[str], *, ids: tuple[str, ...]
) -> Problem:
    """A reference to `missing`, which names nothing: the message ends with the known names close to it."""
    return Problem(code=code, message=message + did_you_mean(missing, known), ids=ids)


def reference_problems(project: Project, tasks: dict[str, Task], summaries: set[str]) -> list[Problem]:
    """Calendars, windows, resources and assignments that name what does not exist; tasks without a length."""
    problems = []
    calendars = {c.id for c in project.calendars} | {DEFAULT_CALENDAR_ID}
    resources = project.resource_map()
    windows = project.window_map()
    if project.calendar not in calendars:
        problems.append(
            unknown_id(
                "calendar-unknown",
                _("the project uses an unknown calendar {calendar}").format(calendar=project.calendar),
                project.calendar,
                calendars,
                ids=(project.calendar,),
            )
        )
    for task in project.tasks:
        if task.calendar is not None and task.calendar not in calendars:
            problems.append(
                unknown_id(
                    "calendar-unknown",
                    _("task {task} uses an unknown calendar {calendar}").format(
                        task=task.id, calendar=task.calendar
                    ),
                    task.calendar,
                    calendars,
                    ids=(task.id, task.calendar),
                )
            )
        if task.window is not None and task.window not in windows:
            problems.append(
                unknown_id(
                    "window-unknown",
                    _("task {task} is bound to an unknown window {window}").format(
                        task=task.id, window=task.window
                    ),
                    task.window,
                    windows,
                    ids=(task.id, task.window),
                )
            )
    for resource in project.resources:
        if resource.calendar is not None and resource.calendar not in calendars:
            problems.append(
                unknown_id(
                    "calendar-unknown",
                    _("resource {resource} uses an unknown calendar {calendar}").format(
                        resource=resource.id, calendar=resource.calendar
                    ),
                    resource.calendar,
                    calendars,
                    ids=(resource.id, resource.calendar),
                )
            )
    assigned: set[str] = set()
    for a in project.assignments:
        if a.task not in tasks:
            problems.append(
                unknown_id(
                    "task-unknown",
                    _("assignment of {resource} names an unknown task {task}").format(
                        resource=a.resource, task=a.task
                    ),
                    a.task,
                    tasks,
                    ids=(a.task, a.resource),
                )
            )
        elif a.task in summaries:
            problems.append(
                Problem(
                    code="assignment-on-summary",
                    message=_("{resource} is assigned to summary {task}; assign the subtasks instead").format(
                        resource=a.resource, task=a.task
                    ),
                    ids=(a.task, a.resource),
                )
            )
        if a.resource not in resources:
            problems.append(
                unknown_id(
                    "resource-unknown",
                    _("task {task} is assigned an unknown resource {resource}").format(
                        task=a.task, resource=a.resource
                    ),
                    a.resource,
                    resources,
                    ids=(a.task, a.resource),
                )
            )
        elif a.units > resources[a.resource].capacity:
            problems.append(
                Problem(
                    code="assignment-over-capacity",
                    message=_(
                        "task {task} uses {units} units of {resource}, which has a capacity of {capacity}"
                    ).format(
                        task=a.task,
                        units=format_quantity(a.units),
                        resource=a.resource,
                        capacity=format_quantity(resources[a.resource].capacity),
                    ),
                    ids=(a.task, a.resource),
                )
            )
        assigned.add(a.task)
    for task in project.tasks:
        if task.id in summaries:
            continue
        if task.effort is not None and task.id not in assigned:
            problems.append(
                Problem(
                    code="effort-unassigned",
                    message=_(
                        "task {task} is effort-driven but has no assigned resource to share the work"
                    ).format(task=task.id),
                    ids=(task.id,),
                )
            )
        if task.duration is None and task.effort is None and task.estimate is None and not task.milestone:
            problems.append(
                Problem(
                    code="duration-missing",
                    message=_(
                        "task {task} has no duration, effort or estimate and is not a milestone"
                    ).format(task=task.id),
                    ids=(task.id,),
                )
            )
        if task.duration is not None and task.duration.minutes == 0 and not task.milestone:
            problems.append(
                Problem(
                    code="duration-zero",
                    message=_(
                        "task {task} takes no time but is not a milestone; it is scheduled as one"
                    ).format(task=task.id),
                    ids=(task.id,),
                    severity=Severity.WARNING,
                )
            )
    return problems
