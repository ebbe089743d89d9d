"""The plant's projects as leveling members, and the capacities they share by resource id."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from plantrack.i18n import _
from plantrack.scheduling.errors import InvalidInput, Problem
from plantrack.scheduling.model import Project, Resource, TaskActual


@dataclass(frozen=True, slots=True, kw_only=True)
class PlantMember:
    """One project of the plant: its plan, progress, priority weight and the starts of its stored plan.

    `project` is already resolved against the plant (`scheduling/shared.py`); `stored_starts` are the
    task starts of the plan stored last time, the stability reference; `key` names the project in the
    plant (its workspace), unique among the members.
    """

    project: Project
    status_date: dt.datetime | None = None
    actuals: Mapping[str, TaskActual] | None = None
    priority: float = 1.0
    stored_starts: Mapping[str, dt.datetime] | None = None
    key: str = ""

    def __post_init__(self) -> None:
        if not self.priority > 0:
            raise InvalidInput(
                [
                    Problem(
                        code="plant-priority-invalid",
                        message=_("project {project} must have a priority weight above 0").format(
                            project=self.project.name
                        ),
                        ids=(self.project.name,),
                    )
                ]
            )

    @property
    def ident(self) -> str:
        """The member's key, else its project's name."""
        return self.key or self.project.name


def _definition(resource: Resource) -> tuple[object, ...]:
    """What leveling reads from a resource: two projects sharing it must agree on all of it."""
    return (resource.capacity, resource.calendar, resource.absences)


def shared_resources(members: Sequence[PlantMember]) -> Mapping[str, Resource]:
    """Each resource id once for the whole plant, with the first project that defines it.

    A resource id met in several projects is one capacity shared by them, so every project must define
    it the same way; each disagreement is reported with both projects named."""
    found: dict[str, tuple[Resource, str]] = {}
    problems: list[Problem] = []
    for member in members:
        for resource in member.project.resources:
            first = found.get(resource.id)
            if first is None:
                found[resource.id] = (resource, member.project.name)
            elif _definition(first[0]) != _definition(resource):
                problems.append(
                    Problem(
                        code="plant-resource-mismatch",
                        message=_(
                            "resource {resource} is defined differently in {first} and in {second}; "
                            "projects sharing a resource must give it the same capacity, calendar "
                            "and absences"
                        ).format(resource=resource.id, first=first[1], second=member.project.name),
                        ids=(resource.id, first[1], member.project.name),
                    )
                )
    if problems:
        raise InvalidInput(problems)
    return {resource_id: resource for resource_id, (resource, _name) in found.items()}
