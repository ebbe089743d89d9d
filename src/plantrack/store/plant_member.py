"""A plant's member workspace seen with the plant's shared calendars, resources and windows as its own.

A member stores its project as written: it names the plant's crew and line stops without defining
them. Every command reads and updates a workspace through `read()` and `update()`; this view hands out
the project resolved against the plant, so scheduling, leveling and reports see the shared items, and
stores the project back without them. A shared item changed through a project (its capacity, its
calendar) is refused, naming it and the plant: it is the plant's, shared by all its projects.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

from plantrack.i18n import N_, _
from plantrack.scheduling.errors import InvalidInput, Problem
from plantrack.scheduling.model import Plant, Project
from plantrack.scheduling.shared import resolve
from plantrack.store.errors import WorkspaceUnreadable
from plantrack.store.plant import PLANT_SUFFIX, read_plant
from plantrack.store.state import WorkspaceState

_CHANGED = {
    "calendar": N_(
        "calendar {id} is shared by plant {plant}: change it in the plant file, then `plant import` it"
    ),
    "resource": N_(
        "resource {id} is shared by plant {plant}: change it in the plant file, then `plant import` it"
    ),
    "window": N_(
        "window {id} is shared by plant {plant}: change it in the plant file, then `plant import` it"
    ),
}


class Plan(Protocol):
    """What a workspace, or a view of one, offers the commands."""

    @property
    def path(self) -> Path: ...

    def read(self) -> WorkspaceState: ...

    def update(self, *, timeout: float = 10.0) -> Any: ...


def plant_of(workspace: Path, explicit: Path | None = None) -> Plant | None:
    """The plant that lists `workspace`: the one at `explicit` if it does, else the one of its folder.

    A project belongs to one plant at most (`store.plant.claims`), so the first found is the one; a
    damaged plant file beside it is passed over here and reported when the plant itself is opened.
    """
    target = workspace.resolve()
    candidates = [explicit] if explicit is not None else []
    candidates += sorted(workspace.parent.glob(f"*{PLANT_SUFFIX}"))
    for path in candidates:
        try:
            plant = read_plant(path)
        except WorkspaceUnreadable:
            continue
        if any((path.parent / p.workspace).resolve() == target for p in plant.projects):
            return plant
    return None


def plant_of_store(store: object) -> Plant | None:
    """The plant that lists a project on a team server (a plant of its own database), else None."""
    from plantrack.store.team.workspace import TeamWorkspace

    if not isinstance(store, TeamWorkspace):
        return None
    from plantrack.store.team.plant import plant_of_project

    return plant_of_project(store.address, store.project)


def detach(project: Project, plant: Plant) -> Project:
    """The project without the plant's shared items, refused if one of them was changed through it."""
    problems = []
    kept: dict[str, tuple[Any, ...]] = {}
    for kind, items, shared in (
        ("calendar", project.calendars, plant.calendar_map()),
        ("resource", project.resources, plant.resource_map()),
        ("window", project.windows, plant.window_map()),
    ):
        own = []
        for item in items:
            if item.id not in shared:
                own.append(item)
            elif shared[item.id] != item:
                message = _(_CHANGED[kind]).format(id=item.id, plant=plant.name)
                problems.append(Problem(code="plant-item-changed", message=message, ids=(item.id,)))
        kept[kind] = tuple(own)
    if problems:
        raise InvalidInput(problems)
    return dataclasses.replace(
        project, calendars=kept["calendar"], resources=kept["resource"], windows=kept["window"]
    )


class PlantMemberWorkspace:
    """`workspace` (or a scenario view of it) with its project resolved against `plant`."""

    def __init__(self, workspace: Plan, plant: Plant) -> None:
        self.workspace = workspace
        self.plant = plant

    def __repr__(self) -> str:
        return f"PlantMemberWorkspace({self.workspace!r}, {self.plant.name!r})"

    def __getattr__(self, name: str) -> Any:
        return getattr(self.workspace, name)  # path, program, scenario…: the wrapped workspace's

    @property
    def path(self) -> Path:
        return self.workspace.path

    @property
    def name(self) -> str:
        """The wrapped workspace's name (the `Store` protocol's)."""
        name = getattr(self.workspace, "name", None)
        return str(name) if name is not None else self.workspace.path.name

    def own(self, project: Project) -> Project:
        """`project` (as this view hands it out) without the plant's items, as the member stores it."""
        return detach(project, self.plant)

    def read(self) -> WorkspaceState:
        """A snapshot with the project resolved (InvalidInput naming each shadowed or unknown id)."""
        state = self.workspace.read()
        return dataclasses.replace(state, project=resolve(state.project, self.plant))

    @contextmanager
    def update(self, *, timeout: float = 10.0) -> Iterator[WorkspaceState]:
        """The wrapped update on the resolved project, stored back without the plant's items."""
        with self.workspace.update(timeout=timeout) as state:
            state.project = resolve(state.project, self.plant)
            yield state
            resolved = state.project
            state.project = detach(resolved, self.plant)
        state.project = resolved  # the caller goes on with the plan it edited, as the plant sees it
