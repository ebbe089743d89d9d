"""The over-allocation lines `plantrack schedule` prints: one per resource, peak against capacity."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from plantrack.i18n import _, pgettext
from plantrack.i18n.formats import format_day, format_moment
from plantrack.scheduling.errors import Problem, Severity, format_quantity

if TYPE_CHECKING:
    from plantrack.commands.base import Context
    from plantrack.scheduling.cpm import Schedule
    from plantrack.scheduling.model import Project

#: Tasks named per line; a crowded peak says how many more there are.
SHOWN_TASKS = 4


def overallocation_problems(project: Project, schedule: Schedule) -> list[Problem]:
    """`resource-overallocated` warnings for the work left after the status date (if any)."""
    from plantrack.scheduling.overallocation import overallocations

    problems = []
    for found in overallocations(project, schedule, since=schedule.status_date):
        names = ", ".join(found.tasks[:SHOWN_TASKS])
        if len(found.tasks) > SHOWN_TASKS:
            names += _(" and {count} more").format(count=len(found.tasks) - SHOWN_TASKS)
        # over capacity on one day, or from one day to another
        span = pgettext("over capacity on one day", "{day}").format(day=format_day(found.first_over))
        if found.last_over.date() != found.first_over.date():
            span = format_day(found.first_over)
            span = _("{first} to {last}").format(first=span, last=format_day(found.last_over))
        problems.append(
            Problem(
                code="resource-overallocated",
                message=_(
                    "{resource} is over-allocated: {peak} needed of a capacity of "
                    "{capacity} on {at} ({names}), over capacity {span}; "
                    "level it with `plantrack schedule --level`"
                ).format(
                    resource=found.resource,
                    peak=format_quantity(found.peak),
                    capacity=format_quantity(found.capacity),
                    at=format_moment(found.at),
                    names=names,
                    span=span,
                ),
                ids=(found.resource, *found.tasks),
                severity=Severity.WARNING,
            )
        )
    return problems


def warn_overallocated(ctx: Context, project: Project, schedule: Schedule, leveled: Any) -> None:
    """Warn (stderr, exit 0) about over-allocated resources, unless the plan was just leveled."""
    if leveled is None:
        ctx.warn(overallocation_problems(project, schedule))
