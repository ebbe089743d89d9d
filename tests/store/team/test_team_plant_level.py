"""`plant level` on a plant on the server: every project's new plan in one transaction, all or none, the
projects locked in a fixed order under the lock wait, a writer kept waiting told who holds one."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Result
from plantrack.operations.plant_level import level_plant_file
from plantrack.store.location import locate
from plantrack.store.plant_store import PlantStore, plant_store
from plantrack.store.team.connection import connect
from plantrack.store.team.errors import ProjectBusy
from plantrack.store.team.workspace import LOCK_CLASS
from team.pg_cluster import Cluster
from team.plant_server import MEMBERS, PLANT, demo_on_server, login, plans, team_role

psycopg = pytest.importorskip("psycopg")
WORKER = Path(__file__).parents[2] / "operations" / "plant_level_worker.py"


class Refused(Exception):
    """Raised by a test in the middle of the save."""


def _store(uri: str) -> PlantStore:
    return plant_store(locate(f"{uri}#{PLANT}"))


def test_a_failure_after_one_project_was_written_leaves_every_plan_as_before(pg_uri: str) -> None:
    demo_on_server(pg_uri)
    before = plans(pg_uri)
    written = []

    def fail(name: str, n: int) -> None:
        written.append((name, n))
        if name == "saved" and len(written) == 2:
            raise Refused

    with pytest.raises(Refused):
        level_plant_file(_store(pg_uri), time_limit=3, workers=1, step=fail)
    # two projects written, in id order (line3-conveyor is member 2, line3-retrofit member 0)...
    assert written == [("saved", 2), ("saved", 0)]
    assert plans(pg_uri) == before  # ...and rolled back with the third
    done = level_plant_file(_store(pg_uri), time_limit=3, workers=1)  # the next run saves them all
    assert done.saved
    after = plans(pg_uri)
    assert all(after[key][0] == before[key][0] + 1 for key in MEMBERS)  # one revision each
    assert all(after[key][1] for key in MEMBERS)  # a stored plan each


@pytest.mark.slow
def test_a_kill_in_the_middle_of_the_save_leaves_every_plan_as_before(pg_uri: str) -> None:
    demo_on_server(pg_uri)
    before = plans(pg_uri)
    run = subprocess.run(
        [sys.executable, str(WORKER), f"{pg_uri}#{PLANT}", "saved", "1"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == -9, run.stderr
    assert plans(pg_uri) == before


def test_a_project_the_user_may_not_edit_refuses_the_whole_save(
    cli: Callable[..., Result], pg_uri: str, pg_cluster: Cluster
) -> None:
    demo_on_server(pg_uri)
    with connect(pg_uri) as conn:
        conn.execute("UPDATE plantrack.plants SET team = 'methods'")
        conn.execute("UPDATE plantrack.projects SET team = 'methods' WHERE id <> 'line3-vision'")
        conn.execute("UPDATE plantrack.projects SET team = 'quality' WHERE id = 'line3-vision'")
        team_role(conn, "quality")
    tech = login(pg_uri, pg_cluster, "", team="methods")
    # a methods technician may not read the quality team's project, and the plant cannot be leveled
    # without it: exit 4, naming the project and the right
    before = plans(pg_uri)
    refused = cli("plant", "level", "--time-limit", "2", "-p", f"{tech}#{PLANT}")
    assert refused.code == 4, (refused.out, refused.err)
    assert "project line3-vision: you may not read it" in refused.err
    # a committee member reads everything and edits nothing: refused at the save, every plan kept
    from plantrack.store.team.migrations.v3 import READ_ALL_ROLE

    reader = login(pg_uri, pg_cluster, READ_ALL_ROLE)
    refused = cli("plant", "level", "--time-limit", "2", "-p", f"{reader}#{PLANT}")
    assert refused.code == 4, (refused.out, refused.err)
    assert "you may not edit it (missing right: edit" in refused.err
    assert plans(pg_uri) == before


def test_a_project_held_by_another_writer_stops_the_save_naming_the_holder(pg_uri: str) -> None:
    demo_on_server(pg_uri)
    before = plans(pg_uri)
    holder = psycopg.connect(pg_uri.replace("?", "?application_name=plantrack%20mchen&"), autocommit=True)
    try:
        holder.execute("SELECT pg_advisory_lock(%s, hashtext(%s))", (LOCK_CLASS, "line3-vision"))
        with pytest.raises(ProjectBusy) as busy:
            level_plant_file(_store(pg_uri), time_limit=2, workers=1, timeout=0.5)
    finally:
        holder.close()
    assert busy.value.failure.name == "BUSY"  # exit 3
    assert "line3-vision" in str(busy.value) and "plantrack mchen" in str(busy.value)
    assert plans(pg_uri) == before


def test_the_projects_are_locked_in_id_order(pg_uri: str) -> None:
    """Two plant saves, or a plant save and a project save, never wait for each other in a cycle."""
    demo_on_server(pg_uri)
    seen: list[str] = []
    store = _store(pg_uri)

    def watch(name: str, n: int) -> None:
        with connect(pg_uri) as conn:
            rows = conn.execute(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = %s::oid",
                (LOCK_CLASS,),
            ).fetchone()
        seen.append(f"{name}{n}:{rows[0] if rows else 0}")

    level_plant_file(store, time_limit=2, workers=1, step=watch)
    # every project is locked before the first is written
    assert seen[0] == f"saved{MEMBERS.index('line3-conveyor')}:3", seen


def test_a_project_changed_while_the_plant_was_leveled_stops_the_save(
    pg_uri: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import plantrack.operations.plant_level as operation
    from plantrack.scheduling.errors import InvalidInput
    from plantrack.store.team.workspace import TeamWorkspace

    demo_on_server(pg_uri)
    real = operation.level_plant

    def level_while_someone_edits(*args: object, **kwargs: object) -> object:
        result = real(*args, **kwargs)  # type: ignore[arg-type]
        member = TeamWorkspace(f"{pg_uri}#line3-vision", "line3-vision")
        with member.update() as state:  # another user's save, after the plant was read
            state.project = dataclasses.replace(state.project, name="Renamed")
        member.close()
        return result

    monkeypatch.setattr(operation, "level_plant", level_while_someone_edits)
    before = plans(pg_uri)
    with pytest.raises(InvalidInput) as refused:
        level_plant_file(_store(pg_uri), time_limit=2, workers=1)
    assert refused.value.problems()[0].code == "plant-project-changed"
    assert "line3-vision" in str(refused.value)
    after = plans(pg_uri)
    # nothing of the leveling written: only the other user's save moved line3-vision's revision
    assert {k: v for k, v in after.items() if k != "line3-vision"} == {
        k: v for k, v in before.items() if k != "line3-vision"
    }
    assert after["line3-vision"][0] == before["line3-vision"][0] + 1
    assert after["line3-vision"][1:] == before["line3-vision"][1:]
