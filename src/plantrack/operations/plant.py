"""The plant's operations: create it, replace its shared part, add and remove projects, open its members.

A member workspace holds its project as written: it may use the plant's calendars, resources and
windows by id without defining them. Opening the plant reads every member and resolves it against
the plant's shared part; anything that does not resolve (a shadowed or unknown id) refuses the whole
operation with every problem named, and nothing is written, except for the views, which show the
other projects and name the one left out. The plant is kept by a store (store/plant_store.py): a
plant file beside its workspace files, or a plant on the team server beside its projects; these
operations never learn which.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from plantrack.i18n import _
from plantrack.scheduling.errors import InvalidInput, Problem
from plantrack.scheduling.model import Plant, PlantProject, Project
from plantrack.scheduling.model.plant import DEFAULT_PRIORITY
from plantrack.scheduling.shared import plant_problems, resolve, shadow_problems, unknown_problems
from plantrack.store import WorkspaceState
from plantrack.store.plant_store import PlantStore, not_listed, plant_store

PROGRAM = "plantrack plant"
#: Where a plant is: its store, or the path of its file.
PlantAt = PlantStore | Path


@dataclass(frozen=True, slots=True)
class Member:
    """One project of an opened plant: where it is stored, its priority, its state and resolved plan."""

    workspace: str  # as the plant lists it (a path relative to the plant file, or a project id)
    path: Path | None  # the member's file; None for a project on a server
    priority: int
    state: WorkspaceState
    project: Project  # resolved against the plant: the shared items are its own
    store: Any = None  # the member's workspace, as the plant's store opened it


@dataclass(frozen=True, slots=True)
class Unresolved:
    """A member whose project no longer resolves against the plant, with every problem (located at it)."""

    workspace: str
    path: Path | None
    priority: int
    name: str
    problems: tuple[Problem, ...]


@dataclass(frozen=True, slots=True)
class OpenPlant:
    """A plant read from its store with its members; `missing` names each member workspace that is gone,
    `unresolved` each member left out because its project no longer resolves against the plant."""

    path: Path | None  # the plant file; None for a plant on a server
    plant: Plant
    members: tuple[Member, ...]
    missing: tuple[Problem, ...]
    unresolved: tuple[Unresolved, ...] = ()
    store: PlantStore | None = None


def open_plant(where: PlantAt, *, keep_unresolved: bool = False) -> OpenPlant:
    """The plant at `where` and its members resolved against it (InvalidInput naming every problem).

    With `keep_unresolved` (the views, which show what they can), a member that does not resolve is
    left out and named in `unresolved` instead; the plant's own problems still refuse it all.
    """
    store = plant_store(where, program=PROGRAM)
    store.recover()  # a plant save a kill interrupted is undone before anyone reads the members
    plant = store.read()
    present, missing = store.read_members(plant)
    problems: list[Problem] = list(plant_problems(plant))
    members = []
    unresolved = []
    for workspace, opened, priority, state in present:
        found = member_problems(state.project, plant)
        path = store.member_file(workspace)
        if found and keep_unresolved:
            located = tuple(p.located(workspace) for p in found)
            unresolved.append(Unresolved(workspace, path, priority, state.project.name, located))
        elif found:
            problems += found
        else:
            project = resolve(state.project, plant)
            members.append(Member(workspace, path, priority, state, project, opened))
    if problems:
        raise InvalidInput(_unique(problems))
    return OpenPlant(store.file, plant, tuple(members), tuple(missing), tuple(unresolved), store)


def new_plant(where: PlantAt, name: str) -> Plant:
    """Create an empty plant at `where`; an existing one is never overwritten."""
    plant = Plant(name=name)
    plant_store(where, program=PROGRAM).write(plant, create=True)
    return plant


def import_shared(where: PlantAt, shared: Plant) -> Plant:
    """Create the plant at `where` from a plant file's shared part, or replace the shared part of the one
    there, keeping its projects; refused, with nothing written, if a project would no longer resolve."""
    store = plant_store(where, program=PROGRAM)
    if not store.exists():
        store.write(shared)
        return shared
    old = store.read()
    plant = replace(shared, projects=old.projects)
    present, _missing = store.members(plant)
    problems: list[Problem] = list(plant_problems(plant))
    for _workspace, opened, _priority in present:
        problems += member_problems(opened.read().project, plant)
    if problems:
        raise InvalidInput(_unique(problems))
    store.write(plant)
    return plant


def add_projects(where: PlantAt, workspaces: Sequence[Path | str], priority: int | None = None) -> Plant:
    """List each workspace in the plant (a listed one gets the new priority, if one is given).

    Every workspace must exist and its project resolve against the plant, and no other plant may list
    it; otherwise every problem is named and nothing is written.
    """
    store = plant_store(where, program=PROGRAM)
    plant = store.read()
    projects = {p.workspace: p for p in plant.projects}
    problems: list[Problem] = list(plant_problems(plant))
    for workspace in workspaces:
        if not store.member_exists(workspace):
            message = _("no workspace at {path}").format(path=workspace)
            problems.append(Problem(code="workspace-missing", message=message, ids=(str(workspace),)))
            continue
        listed = store.listed(workspace)
        opened = store.open_member(listed)
        problems += member_problems(opened.read().project, plant)
        known = projects.get(listed)
        level = priority if priority is not None else (known.priority if known else DEFAULT_PRIORITY)
        projects[listed] = PlantProject(workspace=listed, priority=level)
    if problems:
        raise InvalidInput(_unique(problems))
    updated = replace(plant, projects=tuple(projects.values()))
    store.write(updated)
    return updated


def remove_project(where: PlantAt, workspace: Path | str) -> Plant:
    """Take a workspace out of the plant (the workspace itself is left as it is)."""
    store = plant_store(where, program=PROGRAM)
    plant = store.read()
    listed = store.listed(workspace)
    kept = tuple(p for p in plant.projects if p.workspace != listed)
    if len(kept) == len(plant.projects):
        raise not_listed(plant, listed)
    updated = replace(plant, projects=kept)
    store.write(updated)
    return updated


def member_problems(project: Project, shared: Plant) -> list[Problem]:
    """Each id of the project that shadows a shared one or that neither it nor the plant has."""
    return [*shadow_problems(project, shared), *unknown_problems(project, shared)]


def _unique(problems: list[Problem]) -> list[Problem]:
    """Each problem once: the plant's own problems come back for every member."""
    return list(dict.fromkeys(problems))
