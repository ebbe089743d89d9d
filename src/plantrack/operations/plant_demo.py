"""The demo plant: the line-3 retrofit and two smaller projects sharing the maintenance crew and line 3 stops.

The retrofit is the demo project itself, with its progress and action register; as a member of the
plant it gives up the calendars, crew and stops it defined for itself to the plant's identical ones.
The vision check and the conveyor drive replacement install during the same stop 1, so the crew is
over-allocated there until the plant is leveled.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from plantrack.operations.plant import member_problems
from plantrack.scheduling.errors import InvalidInput, Problem, errors_only
from plantrack.scheduling.model import Plant, PlantProject, Project
from plantrack.scheduling.shared import resolve
from plantrack.scheduling.validate import validate
from plantrack.store import WorkspaceExists, WorkspaceState, create_workspace
from plantrack.store.plant import PLANT_SUFFIX, claims, write_plant
from plantrack.store.plant_store import PlantStore

MEMBER_SUFFIX = ".plantrack.json"
DEMO_PLANT_FILE = "assembly-plant" + PLANT_SUFFIX
RETROFIT = "line3-retrofit"
#: Workspace stem and priority of each project: the retrofit first, the conveyor drive last.
DEMO_PRIORITIES: dict[str, int] = {RETROFIT: 3, "line3-vision": 2, "line3-conveyor": 1}
PROGRAM = "plantrack demo"


def adopt_shared(project: Project, plant: Plant) -> Project:
    """The project without the calendars, resources and windows it defines exactly as the plant shares them.

    One that differs from the plant's (another capacity, another calendar) is kept, so joining the plant
    reports it as shadowing the plant's instead of silently changing the project's plan.
    """
    calendars, resources, windows = plant.calendar_map(), plant.resource_map(), plant.window_map()
    return replace(
        project,
        calendars=tuple(c for c in project.calendars if calendars.get(c.id) != c),
        resources=tuple(r for r in project.resources if resources.get(r.id) != r),
        windows=tuple(w for w in project.windows if windows.get(w.id) != w),
    )


@dataclass(frozen=True, slots=True)
class DemoPlant:
    """The demo plant with its projects listed, and each member workspace's file name and content."""

    plant: Plant
    members: tuple[tuple[str, WorkspaceState], ...]


def demo_plant(
    plant: Plant, retrofit: Project, others: Mapping[str, Project], language: str = "en"
) -> DemoPlant:
    """The demo plant from its shared part, the demo project and the other projects by workspace stem, read
    in `language`; every member is checked against the plant before anything is written."""
    from plantrack.operations.demo import apply_demo_progress

    projects = {RETROFIT: adopt_shared(retrofit, plant), **others}
    problems: list[Problem] = []
    members = []
    for stem, project in projects.items():
        found = member_problems(project, plant)
        if not found:
            found = errors_only(validate(resolve(project, plant)))
        problems += found
        state = WorkspaceState(project=resolve(project, plant) if not found else project)
        if stem == RETROFIT and not found:
            apply_demo_progress(state, language)  # checked on the plan the plant resolves
        state.project = project  # stored as written: the shared items stay the plant's
        members.append((stem + MEMBER_SUFFIX, state))
    if problems:
        raise InvalidInput(problems)
    listed = tuple(
        PlantProject(workspace=name, priority=DEMO_PRIORITIES[name.split(".")[0]]) for name, _ in members
    )
    return DemoPlant(replace(plant, projects=listed), tuple(members))


def create_demo_plant(folder: Path, demo: DemoPlant) -> Path:
    """Write the demo plant and its member workspaces in `folder`; nothing is written if any file is there
    already or another plant of the folder lists one of the projects."""
    target = folder / DEMO_PLANT_FILE
    for path in (target, *(folder / name for name, _state in demo.members)):
        if path.exists():
            raise WorkspaceExists(path)
    problems = claims(target, demo.plant)
    if problems:
        raise InvalidInput(problems)
    for name, state in demo.members:
        create_workspace(folder / name, state, program=PROGRAM)
    write_plant(target, demo.plant)
    return target


def create_demo_plant_on(store: PlantStore, demo: DemoPlant) -> DemoPlant:
    """The demo plant in `store` with each member a workspace the store keeps (on a server: a project
    whose id is the member file's stem); nothing is written if one of the projects or the plant is there.
    The demo as stored (its members listed as the store lists them)."""
    members = tuple((store.listed(name.removesuffix(MEMBER_SUFFIX)), state) for name, state in demo.members)
    for listed, _state in members:
        if store.member_exists(listed):
            raise WorkspaceExists(Path(listed))
    priorities = {p.workspace.removesuffix(MEMBER_SUFFIX): p.priority for p in demo.plant.projects}
    listed_projects = tuple(
        PlantProject(workspace=listed, priority=priorities[listed]) for listed, _ in members
    )
    plant = replace(demo.plant, projects=listed_projects)
    if store.exists():
        store.write(plant, create=True)  # refused, naming the plant, before anything is written
    for listed, state in members:
        store.create_member(listed, state)
    store.write(plant, create=True)
    return DemoPlant(plant, members)
