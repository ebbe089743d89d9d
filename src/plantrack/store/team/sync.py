"""Copying workspaces between a file and the server: push, pull, and the list of projects there."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from plantrack.store import WorkspaceExists, WorkspaceState, create_workspace, open_workspace
from plantrack.store.team.connection import connect, driver
from plantrack.store.team.errors import (
    SchemaMissing,
    SchemaOutdated,
    SchemaTooNew,
    ServerFailed,
)
from plantrack.store.team.migrations import LATEST
from plantrack.store.team.refusals import unseen
from plantrack.store.team.schema import schema_version
from plantrack.store.team.state_checks import check_project_id, check_storable
from plantrack.store.team.state_read import read_state
from plantrack.store.team.state_write import write_state

if TYPE_CHECKING:
    import psycopg

#: The file name's ending that a project id taken from it drops.
SUFFIX = ".plantrack.json"


@dataclass(frozen=True, slots=True)
class ProjectInfo:
    """One project on the server, as `team list` shows it."""

    id: str
    name: str
    revision: int
    tasks: int
    updated_at: dt.datetime
    updated_by: str


def project_id_of(path: Path) -> str:
    """The project id a file is pushed under by default: its name without `.plantrack.json`."""
    name = path.name
    return name[: -len(SUFFIX)] if name.endswith(SUFFIX) and len(name) > len(SUFFIX) else path.stem


def check_schema(conn: psycopg.Connection[tuple[object, ...]], address: str) -> None:
    """SchemaMissing, SchemaTooNew or SchemaOutdated unless the database has this version's schema."""
    psycopg_module = driver(address)
    try:
        found = schema_version(conn)
    except psycopg_module.Error as exc:
        raise ServerFailed(address, " ".join(str(exc).split()), writing=False) from None
    if found == 0:
        raise SchemaMissing(address)
    if found > LATEST:
        raise SchemaTooNew(address, found, LATEST)
    if found < LATEST:
        raise SchemaOutdated(address, found, LATEST)


def push_file(path: Path, address: str, key: str, *, replace: bool = False) -> tuple[WorkspaceState, int]:
    """Copy the file workspace at `path` to project `key`; its state and the project's revision there.

    Everything is checked before the server is reached; the copy is one transaction.
    """
    state = open_workspace(path, program="plantrack team push").read()
    check_project_id(address, key)
    check_storable(address, state)
    with connect(address) as conn:
        check_schema(conn, address)
        revision = write_state(conn, address, key, state, None, replace=replace)
    return state, revision


def pull_project(address: str, key: str, path: Path) -> WorkspaceState:
    """Copy project `key` into a new file workspace at `path` (never over an existing file)."""
    check_project_id(address, key)
    if path.exists() or path.is_symlink():
        raise WorkspaceExists(path)
    with connect(address) as conn:
        check_schema(conn, address)
        state = read_state(conn, address, key)
        if state is None:
            with conn.transaction(), conn.cursor() as cur:
                unseen(cur, address, key)  # absent, or hidden from this user by row security
    create_workspace(path, state)
    return state


@dataclass(frozen=True, slots=True)
class PlantInfo:
    """One plant on the server, as `team list` shows it: its id, name and how many projects it lists."""

    id: str
    name: str
    projects: int


_PLANTS = (
    "SELECT p.id, p.name, (SELECT count(*) FROM plantrack.plant_projects m WHERE m.plant = p.id)"
    " FROM plantrack.plants p ORDER BY p.id"
)
_LIST = (
    "SELECT p.id, p.name, p.revision,"
    " (SELECT count(*) FROM plantrack.tasks t WHERE t.project = p.id), p.updated_at, p.updated_by"
    " FROM plantrack.projects p WHERE p.scenario_of IS NULL ORDER BY p.id"
)


def list_projects(address: str) -> list[ProjectInfo]:
    """The projects on the server, by id (scenario plans are part of their project, not listed)."""
    return list_server(address)[0]


def list_server(address: str) -> tuple[list[ProjectInfo], list[PlantInfo]]:
    """The projects and the plants on the server the user may read, by id, from one snapshot."""
    psycopg_module = driver(address)
    with connect(address) as conn:
        check_schema(conn, address)
        try:
            with conn.transaction(), conn.cursor() as cur:
                cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cur.execute(_LIST)
                rows: list[tuple[Any, ...]] = cur.fetchall()
                cur.execute(_PLANTS)
                found: list[tuple[Any, ...]] = cur.fetchall()
        except psycopg_module.Error as exc:
            raise ServerFailed(address, " ".join(str(exc).split()), writing=False) from None
    plants = [PlantInfo(str(r[0]), str(r[1]), int(r[2])) for r in found]
    projects = [
        ProjectInfo(
            id=str(r[0]),
            name=str(r[1]),
            revision=int(r[2]),
            tasks=int(r[3]),
            updated_at=r[4],
            updated_by=str(r[5]),
        )
        for r in rows
    ]
    return projects, plants
