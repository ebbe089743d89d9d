"""Resources (people, teams, machines, contractors) and their assignments to tasks."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from plantrack.i18n import _
from plantrack.scheduling.errors import ModelError
from plantrack.scheduling.model.text import check_id, check_name
from plantrack.scheduling.model.working_time import Period


class ResourceKind(StrEnum):
    PERSON = "person"
    TEAM = "team"
    MACHINE = "machine"
    CONTRACTOR = "contractor"


@dataclass(frozen=True, slots=True, kw_only=True)
class Resource:
    """A person, team, machine or contractor with a capacity in units (2 = two electricians)."""

    id: str
    name: str = ""
    kind: ResourceKind = ResourceKind.PERSON
    capacity: float = 1.0
    rate: float = 0.0  # cost per working hour, in the project currency
    calendar: str | None = None
    absences: tuple[Period, ...] = ()

    def __post_init__(self) -> None:
        check_id("resource", self.id)
        check_name("resource", self.id, self.name)
        if not self.capacity > 0:
            raise ModelError(
                "capacity-invalid",
                _("resource {resource} must have a capacity above 0").format(resource=self.id),
                [self.id],
            )
        if self.rate < 0:
            raise ModelError(
                "rate-negative",
                _("resource {resource} has a negative rate").format(resource=self.id),
                [self.id],
            )


@dataclass(frozen=True, slots=True, kw_only=True)
class Assignment:
    task: str
    resource: str
    units: float = 1.0

    def __post_init__(self) -> None:
        if not self.units > 0:
            raise ModelError(
                "units-invalid",
                _("assignment of {resource} to {task} must use more than 0 units").format(
                    resource=self.resource, task=self.task
                ),
                [self.task, self.resource],
            )
