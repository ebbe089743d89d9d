"""The plant: what its projects share (resources, calendars, shutdown windows), its projects by priority."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from plantrack.i18n import _
from plantrack.scheduling.errors import ModelError
from plantrack.scheduling.model.resources import Resource
from plantrack.scheduling.model.text import check_name
from plantrack.scheduling.model.working_time import Calendar, Window

DEFAULT_PRIORITY = 1


@dataclass(frozen=True, slots=True, kw_only=True)
class PlantProject:
    """One project of the plant: its workspace (a path relative to the plant file) and its priority.

    A higher priority is served first when the plant's projects compete for a shared resource.
    """

    workspace: str
    priority: int = DEFAULT_PRIORITY

    def __post_init__(self) -> None:
        if not self.workspace.strip():
            raise ModelError("plant-project-empty", _("a plant project needs a workspace path"))
        if self.priority < 1:
            raise ModelError(
                "priority-invalid",
                _("project {workspace} has priority {priority}; a priority is 1 or more").format(
                    workspace=self.workspace, priority=self.priority
                ),
                [self.workspace],
            )


@dataclass(frozen=True, slots=True, kw_only=True)
class Plant:
    """A plant: shared calendars, resources and windows, and the projects that use them."""

    name: str
    calendar: str = "standard"  # the calendar of a shared resource that names none
    calendars: tuple[Calendar, ...] = ()
    resources: tuple[Resource, ...] = ()
    windows: tuple[Window, ...] = ()
    projects: tuple[PlantProject, ...] = ()

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ModelError("plant-name", _("plant name must not be empty"))
        check_name("plant", "plant", self.name)
        for ident, count in Counter(p.workspace for p in self.projects).items():
            if count > 1:
                raise ModelError(
                    "plant-project-duplicate",
                    _("plant {plant} lists project {workspace} {count} times").format(
                        plant=self.name, workspace=ident, count=count
                    ),
                    [ident],
                )

    def resource_map(self) -> dict[str, Resource]:
        return {r.id: r for r in self.resources}

    def calendar_map(self) -> dict[str, Calendar]:
        return {c.id: c for c in self.calendars}

    def window_map(self) -> dict[str, Window]:
        return {w.id: w for w in self.windows}

    def project(self, workspace: str) -> PlantProject | None:
        return next((p for p in self.projects if p.workspace == workspace), None)
