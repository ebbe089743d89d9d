"""The plant's operations: create it, replace its shared part, add and remove projects, open its members.

A member workspace holds its project as written: it may use the plant's calendars, resources and
windows by id without defining them. Opening the plant reads every member and resolves it against
the plant's shared part; anything that does not resolve (a shadowed or unknown id) refuses the whole
operation with every problem named, and nothing is written, except for the views, which show the
other projects and name the one left out.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from plantrack.i18n import _
from plantrack.scheduling.errors import InvalidInput, Problem
from plantrack.scheduling.model import Plant, PlantProject, Project
from plantrack.scheduling.model.plant import DEFAULT_PRIORITY
from plantrack.scheduling.shared import plant_problems, resolve, shadow_problems, unknown_problems
from plantrack.store import WorkspaceExists, WorkspaceState, open_workspace
from plantrack.store.group_save import recover_plant
from plantrack.store.plant import member_paths, read_plant, write_plant

PROGRAM = "plantrack plant"


@dataclass(frozen=True, slots=True)
class Member:
    """One project of an opened plant: where it is stored, its priority, its state and resolved plan."""

    workspace: str  # as the plant lists it (relative to the plant file)
    path: Path
    priority: int
    state: WorkspaceState
    project: Project  # resolved against the plant: the shared items are its own


@dataclass(frozen=True, slots=True)
class Unresolved:
    """A member whose project no longer resolves against the plant, with every problem (located at it)."""

    workspace: str
    path: Path
    priority: int
    name: str
    problems: tuple[Problem, ...]


@dataclass(frozen=True, slots=True)
class OpenPlant:
    """A plant read from its file with its members; `missing` names each member workspace that is gone,
    `unresolved` each member left out because its project no longer resolves against the plant."""

    path: Path
    plant: Plant
    members: tuple[Member, ...]
    missing: tuple[Problem, ...]
    unresolved: tuple[Unresolved, ...] = ()


def member_workspace(plant_file: Path, workspace: Path) -> str:
    """How the plant lists `workspace`: its path relative to the plant file's folder, with forward slashes."""
    return Path(os.path.relpath(workspace.resolve(), plant_file.parent.resolve())).as_posix()


def open_plant(path: Path, *, keep_unresolved: bool = False) -> OpenPlant:
    """The plant at `path` and its members resolved against it (InvalidInput naming every problem).

    With `keep_unresolved` (the views, which show what they can), a member that does not resolve is
    left out and named in `unresolved` instead; the plant's own problems still refuse it all.
    """
    recover_plant(path)  # a plant save a kill interrupted is undone before anyone reads the members
    plant = read_plant(path)
    present, missing = member_paths(path, plant)
    problems: list[Problem] = list(plant_problems(plant))
    members = []
    unresolved = []
    listed = {(path.parent / p.workspace).resolve(): p.workspace for p in plant.projects}
    for member_path, priority in present:
        state = open_workspace(member_path, program=PROGRAM).read()
        workspace = listed[member_path.resolve()]
        found = member_problems(state.project, plant)
        if found and keep_unresolved:
            located = tuple(p.located(workspace) for p in found)
            unresolved.append(Unresolved(workspace, member_path, priority, state.project.name, located))
        elif found:
            problems += found
        else:
            project = resolve(state.project, plant)
            members.append(Member(workspace, member_path, priority, state, project))
    if problems:
        raise InvalidInput(_unique(problems))
    return OpenPlant(path, plant, tuple(members), tuple(missing), tuple(unresolved))


def new_plant(path: Path, name: str) -> Plant:
    """Create an empty plant at `path`; an existing file is never overwritten."""
    if path.exists():
        raise WorkspaceExists(path)
    plant = Plant(name=name)
    write_plant(path, plant)
    return plant


def import_shared(path: Path, shared: Plant) -> Plant:
    """Create the plant at `path` from a plant file's shared part, or replace the shared part of the one
    there, keeping its projects; refused, with nothing written, if a project would no longer resolve."""
    if not path.exists():
        write_plant(path, shared)
        return shared
    old = read_plant(path)
    plant = replace(shared, projects=old.projects)
    present, _missing = member_paths(path, plant)
    problems: list[Problem] = list(plant_problems(plant))
    for member_path, _priority in present:
        project = open_workspace(member_path, program=PROGRAM).read().project
        problems += member_problems(project, plant)
    if problems:
        raise InvalidInput(_unique(problems))
    write_plant(path, plant)
    return plant


def add_projects(path: Path, workspaces: Sequence[Path], priority: int | None = None) -> Plant:
    """List each workspace in the plant (a listed one gets the new priority, if one is given).

    Every workspace must exist and its project resolve against the plant, and no other plant of the
    folder may list it; otherwise every problem is named and nothing is written.
    """
    plant = read_plant(path)
    projects = {p.workspace: p for p in plant.projects}
    problems: list[Problem] = list(plant_problems(plant))
    for workspace in workspaces:
        if not workspace.is_file():
            message = _("no workspace at {path}").format(path=workspace)
            problems.append(Problem(code="workspace-missing", message=message, ids=(str(workspace),)))
            continue
        problems += member_problems(open_workspace(workspace, program=PROGRAM).read().project, plant)
        listed = member_workspace(path, workspace)
        known = projects.get(listed)
        level = priority if priority is not None else (known.priority if known else DEFAULT_PRIORITY)
        projects[listed] = PlantProject(workspace=listed, priority=level)
    if problems:
        raise InvalidInput(_unique(problems))
    updated = replace(plant, projects=tuple(projects.values()))
    write_plant(path, updated)
    return updated


def remove_project(path: Path, workspace: Path) -> Plant:
    """Take a workspace out of the plant (the workspace itself is left as it is)."""
    plant = read_plant(path)
    listed = member_workspace(path, workspace)
    kept = tuple(p for p in plant.projects if p.workspace != listed)
    if len(kept) == len(plant.projects):
        message = _("plant {plant} does not list {workspace}").format(plant=plant.name, workspace=listed)
        raise InvalidInput([Problem(code="plant-project-unknown", message=message, ids=(listed,))])
    updated = replace(plant, projects=kept)
    write_plant(path, updated)
    return updated


def member_problems(project: Project, shared: Plant) -> list[Problem]:
    """Each id of the project that shadows a shared one or that neither it nor the plant has."""
    return [*shadow_problems(project, shared), *unknown_problems(project, shared)]


def _unique(problems: list[Problem]) -> list[Problem]:
    """Each problem once: the plant's own problems come back for every member."""
    return list(dict.fromkeys(problems))
