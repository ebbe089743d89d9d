"""A plant on the team server: its shared part and members stored as written, one plant a project,
member projects resolving the plant's ids, and the rights of its team."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from builders import resource
from conftest import Result
from plantrack.scheduling.errors import InvalidInput
from plantrack.scheduling.model import PlantProject
from plantrack.store.location import locate
from plantrack.store.plant_store import plant_store
from plantrack.store.team.connection import connect
from plantrack.store.team.migrations.v3 import READ_ALL_ROLE
from plantrack.store.team.migrations.v6 import PER_PLANT_TABLES
from plantrack.store.team.plant import TeamPlantStore, plant_of_project
from plantrack.store.team.state_read import read_state
from plantrack.store.team.state_write import write_state
from team.pg_cluster import Cluster
from team.plant_server import MEMBERS, PLANT, demo_on_server, login, read_demo_plant

psycopg = pytest.importorskip("psycopg")


def test_the_plant_is_read_back_as_it_was_written(pg_uri: str) -> None:
    demo = demo_on_server(pg_uri)
    store = TeamPlantStore(pg_uri, PLANT)
    assert store.read() == demo.plant
    # the shared part comes from the demo's plant.toml: calendars, resources and windows, all kept
    shared = read_demo_plant("en").plant
    assert (store.read().calendars, store.read().resources, store.read().windows) == (
        shared.calendars,
        shared.resources,
        shared.windows,
    )
    assert [p.workspace for p in store.read().projects] == list(MEMBERS)
    reordered = dataclasses.replace(demo.plant, projects=tuple(reversed(demo.plant.projects)), windows=())
    store.write(reordered)
    assert store.read() == reordered


def test_every_plant_table_has_row_security(pg_uri: str) -> None:
    demo_on_server(pg_uri)
    with connect(pg_uri) as conn:
        rows = conn.execute(
            "SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'plantrack'::regnamespace"
            " AND c.relkind = 'r' AND c.relrowsecurity"
        ).fetchall()
    assert {"plants", *PER_PLANT_TABLES} <= {r[0] for r in rows}


def test_two_plants_claiming_one_project_are_refused_naming_both(pg_uri: str) -> None:
    demo = demo_on_server(pg_uri)
    other = TeamPlantStore(pg_uri, "press-shop")
    claim = dataclasses.replace(
        demo.plant, name="Press shop", projects=(PlantProject(workspace="line3-vision"),)
    )
    with pytest.raises(InvalidInput) as refused:
        other.write(claim)
    (problem,) = refused.value.problems()
    assert problem.code == "plant-claimed"
    assert "line3-vision" in problem.message and PLANT in problem.message
    assert not other.exists()  # nothing written
    # and the database refuses it itself, whoever writes the row
    with connect(pg_uri) as conn:
        conn.execute("INSERT INTO plantrack.plants (id, name, calendar) VALUES ('p2', 'P2', 'plant')")
        with pytest.raises(psycopg.errors.UniqueViolation, match="plant_projects_one_plant"):
            conn.execute(
                "INSERT INTO plantrack.plant_projects (plant, project, position, priority)"
                " VALUES ('p2', 'line3-vision', 0, 1)"
            )


def test_a_claim_committed_by_another_plant_while_waiting_names_that_plant(pg_uri: str) -> None:
    import threading
    import time

    from plantrack.operations.plant import remove_project

    demo = demo_on_server(pg_uri)
    remove_project(plant_store(locate(f"{pg_uri}#{PLANT}")), "line3-conveyor")  # free to claim
    other = TeamPlantStore(pg_uri, "press-shop")
    claim = dataclasses.replace(
        demo.plant, name="Press shop", projects=(PlantProject(workspace="line3-conveyor"),)
    )
    racing = psycopg.connect(pg_uri)  # another plant's save, not yet committed: unseen by the checks
    racing.execute("INSERT INTO plantrack.plants (id, name, calendar) VALUES ('paint-shop', 'P', 'plant')")
    racing.execute(
        "INSERT INTO plantrack.plant_projects (plant, project, position, priority)"
        " VALUES ('paint-shop', 'line3-conveyor', 0, 1)"
    )
    raised: list[BaseException] = []

    def write() -> None:
        try:
            other.write(claim)
        except BaseException as exc:  # handed to the test's thread
            raised.append(exc)

    writer = threading.Thread(target=write)
    writer.start()
    try:
        with connect(pg_uri) as watch:  # the write waits on the uncommitted member row
            for _attempt in range(200):
                waiting = watch.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                ).fetchone()
                if waiting is not None and waiting[0]:
                    break
                time.sleep(0.02)
            assert waiting is not None and waiting[0], "the write never waited on the other claim"
        racing.commit()
    finally:
        racing.close()
        writer.join(20)
    (error,) = raised
    assert isinstance(error, InvalidInput), error
    (problem,) = error.problems()
    assert problem.code == "plant-claimed"
    assert "project line3-conveyor already belongs to plant paint-shop" in problem.message
    assert not other.exists()  # nothing written


def test_a_member_project_resolves_the_plant_and_a_shadowing_id_names_both(
    cli: Callable[..., Result], pg_uri: str
) -> None:
    demo_on_server(pg_uri)
    assert plant_of_project(pg_uri, "line3-vision") == TeamPlantStore(pg_uri, PLANT).read()
    assert plant_of_project(pg_uri + "#line3-vision", "nothing") is None
    member = f"{pg_uri}#line3-vision"
    listed = cli("resource", "list", "-w", member)
    assert listed.code == 0, listed.err
    assert "elec" in listed.out  # the plant's crew, as if the project's own
    # adding a local resource with the id of a plant's one is refused as a duplicate
    added = cli("resource", "add", "elec", "--name", "Our own electrician", "-w", member)
    assert added.code == 1 and "resource elec already exists" in added.err, added.err
    # a project stored with its own `elec` (written behind the plant's back) shadows the plant's one:
    # every command refuses it, naming the resource, the project and the plant
    with connect(pg_uri) as conn:
        state = read_state(conn, pg_uri, "line3-vision")
        assert state is not None
        own = resource("elec", 1.0, name="Our own electrician")
        state.project = dataclasses.replace(state.project, resources=(*state.project.resources, own))
        write_state(conn, pg_uri, "line3-vision", state, state.revision)
    shadowed = cli("task", "list", "-w", member)
    assert shadowed.code == 1, shadowed.out
    assert "defines resource elec, which plant Assembly plant already shares" in shadowed.err


def test_a_read_only_user_reads_the_plant_and_is_refused_editing_it(
    cli: Callable[..., Result], pg_uri: str, pg_cluster: Cluster
) -> None:
    demo_on_server(pg_uri)
    with connect(pg_uri) as conn:
        conn.execute("UPDATE plantrack.plants SET team = 'methods'")
        conn.execute("UPDATE plantrack.projects SET team = 'methods'")
        before = conn.execute("SELECT revision FROM plantrack.plants").fetchall()
    reader = login(pg_uri, pg_cluster, READ_ALL_ROLE)
    address = f"{reader}#{PLANT}"
    listed = cli("plant", "list", "-p", address)
    assert listed.code == 0, listed.err
    assert "Vision check" in listed.out
    password = reader.split(":")[2].split("@")[0]
    for args in (
        ("plant", "remove", "line3-vision"),
        ("plant", "add", "line3-vision", "--priority", "5"),
        ("plant", "new", "Again"),
    ):
        refused = cli(*args, "-p", address)
        assert refused.code == 4, (args, refused.out, refused.err)
        assert f"plant {PLANT}: you may not edit it (missing right: edit" in refused.err, args
        assert password not in refused.err
    with connect(pg_uri) as conn:
        assert conn.execute("SELECT revision FROM plantrack.plants").fetchall() == before


def test_the_plants_team_edits_it_and_a_project_joins_only_with_its_own_right(
    pg_uri: str, pg_cluster: Cluster
) -> None:
    demo_on_server(pg_uri)
    with connect(pg_uri) as conn:
        conn.execute("UPDATE plantrack.plants SET team = 'methods'")
        conn.execute("UPDATE plantrack.projects SET team = 'methods' WHERE id <> 'line3-conveyor'")
        conn.execute("UPDATE plantrack.projects SET team = 'press' WHERE id = 'line3-conveyor'")
    tech = login(pg_uri, pg_cluster, "", team="methods")
    store = plant_store(locate(f"{tech}#{PLANT}"))
    plant = store.read()  # the plant's team reads it
    assert [p.workspace for p in plant.projects] == list(MEMBERS)
    # a priority changes, a project leaves: the plant's right is enough
    kept = tuple(
        dataclasses.replace(p, priority=7) for p in plant.projects if p.workspace != "line3-conveyor"
    )
    store.write(dataclasses.replace(plant, projects=kept))
    assert store.read().projects == kept
    # joining needs the right to edit the project too: line3-conveyor is the press team's
    from plantrack.store.team.refusals import RightsRefused

    with pytest.raises(RightsRefused, match="project line3-conveyor: you may not edit it"):
        store.write(plant)
    assert store.read().projects == kept


def test_a_session_on_a_member_project_edits_it_with_the_plants_items(pg_uri: str, tmp_path: Path) -> None:
    from plantrack.operations.session import Session
    from plantrack.store.team.workspace import TeamWorkspace

    demo_on_server(pg_uri)
    store = TeamWorkspace(f"{pg_uri}#line3-vision", "line3-vision")
    session = Session(tmp_path / "line3-vision", today=dt.date(2027, 3, 1), store=store)
    try:
        assert session.plant == TeamPlantStore(pg_uri, PLANT).read()
        assert {"elec", "mech"} <= {r.id for r in session.state.project.resources}
    finally:
        session.close()
    # stored as written: the plant's crew is not copied into the project
    assert "elec" not in {r.id for r in store.read().project.resources}


def test_team_plant_gives_the_plant_to_a_team_whose_members_then_edit_it(
    cli: Callable[..., Result], pg_uri: str, pg_cluster: Cluster
) -> None:
    demo_on_server(pg_uri)  # made by the database owner: a plant of no team, which nobody edits
    with connect(pg_uri) as conn:
        conn.execute("UPDATE plantrack.projects SET team = 'press'")
    tech = login(pg_uri, pg_cluster, "", team="press")
    admin = login(pg_uri, pg_cluster, "plantrack_admin")
    refused = cli("plant", "remove", "line3-vision", "-p", f"{tech}#{PLANT}")
    assert refused.code == 4 and f"plant {PLANT}: you may not edit it" in refused.err, refused.err
    # only an administrator gives it away
    assert cli("team", "plant", PLANT, "--team", "press", "--server", tech).code == 4
    done = cli("team", "plant", PLANT, "--team", "press", "--server", admin)
    assert done.code == 0, done.err
    assert f"plant '{PLANT}' now belongs to team 'press'" in done.out
    removed = cli("plant", "remove", "line3-vision", "-p", f"{tech}#{PLANT}")
    assert removed.code == 0, removed.err
    missing = cli("team", "plant", "nowhere", "--team", "press", "--server", admin)
    assert missing.code == 1 and "nowhere" in missing.err


def test_the_members_read_together_are_the_states_read_one_by_one(
    cli: Callable[..., Result], pg_uri: str
) -> None:
    from plantrack.store.team.state_read import decode_states

    demo_on_server(pg_uri)
    # a scenario's plan, and stored plans, to be read too
    assert cli("scenario", "new", "later", "-w", f"{pg_uri}#line3-retrofit").code == 0
    assert cli("plant", "level", "--time-limit", "5", "-p", f"{pg_uri}#{PLANT}").code == 0
    keys = [*MEMBERS, "nothing"]
    with connect(pg_uri) as conn, conn.transaction(), conn.cursor(binary=True) as cur:
        together = decode_states(cur, keys)
    alone = {}
    for key in keys:
        with connect(pg_uri) as conn:
            alone[key] = read_state(conn, pg_uri, key)
    assert together == alone
    assert together["nothing"] is None
    retrofit = together["line3-retrofit"]
    assert retrofit is not None and len(retrofit.scenarios) == 1
    assert retrofit.baselines and retrofit.progress
    vision = together["line3-vision"]
    assert vision is not None and vision.schedule is not None
