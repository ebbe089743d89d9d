"""The demo plant on a fresh team database, for the tests of plants on the server."""

from __future__ import annotations

import os
from dataclasses import replace
from itertools import count
from typing import TYPE_CHECKING, Any

from plantrack.formats.demo import DEMO_PLANT_PROJECTS, load_demo, load_demo_plant, load_demo_plant_project
from plantrack.operations.plant_demo import DemoPlant, create_demo_plant_on, demo_plant
from plantrack.store.location import locate
from plantrack.store.plant_store import PlantStore, plant_store
from plantrack.store.team.connection import connect
from plantrack.store.team.schema import init_schema
from plantrack.store.team.workspace import TeamWorkspace
from team.pg_cluster import Cluster

if TYPE_CHECKING:  # the tests skip without the driver: it is imported by them, not here
    import psycopg

    Connection = psycopg.Connection[tuple[Any, ...]]

PLANT = "assembly"
MEMBERS = ("line3-retrofit", "line3-vision", "line3-conveyor")
_numbers = count(1)


def read_demo_plant(language: str = "en") -> DemoPlant:
    """The embedded demo plant, as `plant demo` reads it."""
    others = {stem: load_demo_plant_project(stem, language)[0] for stem in DEMO_PLANT_PROJECTS}
    return demo_plant(load_demo_plant(language), load_demo(language)[0], others, language)


def demo_on_server(uri: str, key: str = PLANT) -> DemoPlant:
    """The schema set up, and the demo plant with its three projects created on the server."""
    with connect(uri) as conn:
        init_schema(conn)
    return create_demo_plant_on(plant_store(locate(f"{uri}#{key}")), read_demo_plant("en"))


def server_plant_at(uri: str) -> PlantStore:
    """The demo plant and its three projects on a fresh database, as a plant store."""
    demo_on_server(uri)
    return plant_store(locate(f"{uri}#{PLANT}"))


def rename_member(uri: str, key: str, name: str) -> None:
    """Another user's save on the server: member `key`'s project renamed."""
    with TeamWorkspace(f"{uri}#{key}", key).update() as state:
        state.project = replace(state.project, name=name)


def login(uri: str, cluster: Cluster, member_of: str, *, team: str | None = None) -> str:
    """A new login role in `member_of` (and in team role `plantrack_team_<team>`): its TCP address."""
    name = f"pl{os.getpid()}_{next(_numbers)}"
    password = f"secret-{name}"
    with connect(uri) as admin:
        if team is not None:
            team_role(admin, team)
            member_of = f"plantrack_team_{team}"
        admin.execute(f"CREATE ROLE {name} LOGIN PASSWORD '{password}' IN ROLE {member_of}")
    database = uri.split("/")[-1].split("?")[0]
    return cluster.tcp_uri(name, password, database)


def team_role(admin: Connection, team: str) -> None:
    """Team role `plantrack_team_<team>`, made if the cluster lacks it (roles outlive a test's database)."""
    if (
        admin.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (f"plantrack_team_{team}",)).fetchone()
        is None
    ):
        admin.execute(f"CREATE ROLE plantrack_team_{team} NOLOGIN IN ROLE plantrack_member")


def plans(uri: str) -> dict[str, tuple[object, ...]]:
    """Each project's revision and stored plan rows: "every plan as before" means this is unchanged."""
    with connect(uri) as conn, conn.cursor() as cur:
        cur.execute("SELECT id, revision FROM plantrack.projects WHERE scenario_of IS NULL ORDER BY id")
        heads = cur.fetchall()
        out: dict[str, tuple[object, ...]] = {}
        for key, revision in heads:
            cur.execute(
                "SELECT task, start_at, finish_at FROM plantrack.schedule_tasks"
                " WHERE project = %s ORDER BY task",
                (key,),
            )
            tasks = tuple(cur.fetchall())
            cur.execute(
                "SELECT id, leveling_delay_minutes FROM plantrack.tasks WHERE project = %s ORDER BY id",
                (key,),
            )
            out[str(key)] = (revision, tasks, tuple(cur.fetchall()))
    return out
