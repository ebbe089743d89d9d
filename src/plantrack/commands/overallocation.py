"""The over-allocation lines `plantrack schedule` prints: one per resource, peak against capacity."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from plantrack.scheduling.errors import Problem, Severity

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
            names += f" and {len(found.tasks) - SHOWN_TASKS} more"
        span = f"{found.first_over:%Y-%m-%d}"
        if found.last_over.date() != found.first_over.date():
            span += f" to {found.last_over:%Y-%m-%d}"
        problems.append(
            Problem(
                code="resource-overallocated",
                message=f"{found.resource} is over-allocated: {found.peak:g} needed of a capacity of "
                f"{found.capacity:g} on {found.at:%Y-%m-%d %H:%M} ({names}), over capacity {span}; "
                "level it with `plantrack schedule --level`",
                ids=(found.resource, *found.tasks),
                severity=Severity.WARNING,
            )
        )
    return problems


def warn_overallocated(ctx: Context, project: Project, schedule: Schedule, leveled: Any) -> None:
    """Warn (stderr, exit 0) about over-allocated resources, unless the plan was just leveled."""
    if leveled is None:
        ctx.warn(overallocation_problems(project, schedule))
