"""Copying a plant between files and the server: push a plant file with its member workspaces, pull a
plant with its member projects into files. Each side is written all or nothing: the push is one
transaction; the pull reads one snapshot and writes no file before every target is known to be free.

A member file becomes the project named after it (`line3.plantrack.json` -> `line3`); a member project
becomes the file named after its id, beside the plant file, so a plant goes there and back unchanged.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from plantrack.i18n import _
from plantrack.scheduling.errors import InvalidInput, Problem
from plantrack.scheduling.model import Plant, PlantProject
from plantrack.store import WorkspaceExists, WorkspaceState, create_workspace
from plantrack.store.plant import write_plant
from plantrack.store.plant_store import FilePlantStore
from plantrack.store.team.connection import connect, driver, split_address
from plantrack.store.team.errors import ProjectMissing, ServerFailed
from plantrack.store.team.plant import TeamPlantStore
from plantrack.store.team.plant_errors import PlantMissing
from plantrack.store.team.plant_rows import fetch_plant
from plantrack.store.team.state_checks import check_project_id, check_storable
from plantrack.store.team.state_read import decode_state
from plantrack.store.team.state_write import write_state
from plantrack.store.team.sync import SUFFIX, check_schema, project_id_of

PROGRAM = "plantrack team push"


def push_plant(path: Path, address: str, key: str, *, replace: bool = False) -> Plant:
    """Copy the plant file at `path` and every member workspace to plant `key` and its projects, in one
    transaction; the plant as stored there (its members listed by project id).

    Without `replace`, a plant or a project of the same id on the server refuses the whole push.
    """
    source = FilePlantStore(path, program=PROGRAM)
    plant = source.read()
    present, missing = source.members(plant)
    if missing:
        raise InvalidInput(missing)
    uri = split_address(address)[0]
    target = TeamPlantStore(uri, key)
    members: list[tuple[str, WorkspaceState, int]] = []
    taken: dict[str, str] = {}
    problems = []
    for listed, workspace, priority in present:
        project = project_id_of(Path(listed))
        if project in taken:
            message = _("{one} and {other} would both be project {project} on the server: rename one").format(
                one=taken[project], other=listed, project=project
            )
            problems.append(Problem(code="plant-project-duplicate", message=message, ids=(listed,)))
            continue
        taken[project] = listed
        check_project_id(uri, project)
        state = workspace.read()
        check_storable(uri, state)
        members.append((project, state, priority))
    if problems:
        raise InvalidInput(problems)
    stored = dataclasses.replace(
        plant, projects=tuple(PlantProject(workspace=p, priority=prio) for p, _state, prio in members)
    )
    with connect(uri) as conn:
        check_schema(conn, uri)
        with conn.transaction():  # each write below is a savepoint of this one transaction
            for project, state, _priority in members:
                write_state(conn, uri, project, state, None, replace=replace)
            target.write_on(conn, stored, create=not replace)
    return stored


def _file_name(uri: str, project: str) -> str:
    """The member file a project is pulled into: its id and the workspace suffix, never another folder."""
    name = project + SUFFIX
    if Path(name).name != name or project in ("", ".", "..") or "\\" in project or "\x00" in project:
        message = _(
            "project {project} cannot name a file: pull it alone with `plantrack team pull URI#ID -o FILE`"
        ).format(project=repr(project))
        raise InvalidInput([Problem(code="plant-project-file", message=message, ids=(project,))])
    return name


def pull_plant(address: str, key: str, path: Path) -> tuple[Plant, tuple[Path, ...]]:
    """Copy plant `key` and its member projects into a new plant file at `path` and a workspace file per
    member beside it; nothing is written if any of those files exists. The plant as written, and the
    member files."""
    uri = split_address(address)[0]
    check_project_id(uri, key)
    psycopg_module = driver(uri)
    with connect(uri) as conn:
        check_schema(conn, uri)
        try:
            with conn.transaction(), conn.cursor(binary=True) as cur:
                cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                found = fetch_plant(cur, key)
                states = (
                    {}
                    if found is None
                    else {p.workspace: decode_state(cur, p.workspace) for p in found[0].projects}
                )
        except psycopg_module.Error as exc:
            raise ServerFailed(uri, " ".join(str(exc).split()), writing=False) from None
    if found is None:
        TeamPlantStore(uri, key).read()  # names the right the user lacks, if the plant is hidden
        raise PlantMissing(uri, key)
    plant = found[0]
    files = {p.workspace: path.parent / _file_name(uri, p.workspace) for p in plant.projects}
    for target in (path, *files.values()):
        if target.exists() or target.is_symlink():
            raise WorkspaceExists(target)
    written = dataclasses.replace(
        plant,
        projects=tuple(
            PlantProject(workspace=files[p.workspace].name, priority=p.priority) for p in plant.projects
        ),
    )
    for project, state in states.items():
        if state is None:  # row security hides a member: the pull would lose it
            TeamPlantStore(uri, key).open_member(project).read()
            raise ProjectMissing(uri, project)
    for project, state in states.items():
        assert state is not None
        create_workspace(files[project], state, program="plantrack team pull")
    write_plant(path, written)
    return written, tuple(files.values())
