"""A project the user may not read is told apart from no project (schema version 5, `project_exists`)."""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Result
from plantrack.store.team.connection import connect
from plantrack.store.team.migrations import MIGRATIONS
from plantrack.store.team.migrations.v3 import MEMBER_ROLE, READ_ALL_ROLE, TEAM_ROLE_PREFIX
from plantrack.store.team.schema import init_schema, schema_version
from team.pg_cluster import Cluster

psycopg = pytest.importorskip("psycopg")
DEMO = "line3-retrofit.plantrack.json"
PROJECT = "line3-retrofit"
_numbers = itertools.count(1)


def _login(admin: psycopg.Connection[tuple[object, ...]], cluster: Cluster, database: str, role: str) -> str:
    """A new login role in `role`; its address over TCP (a generated name, not user input)."""
    name = f"px{os.getpid()}_{next(_numbers)}"
    admin.execute(f"CREATE ROLE {name} LOGIN PASSWORD 'pw-{name}' IN ROLE {role}")
    return cluster.tcp_uri(name, f"pw-{name}", database)


@pytest.fixture
def users(cli: Callable[..., Result], pg_uri: str, pg_cluster: Cluster) -> dict[str, str]:
    """The demo pushed and given to team a; addresses of a technician of team b, a committee member
    (read-all) and a plantrack member in no team."""
    for args in (("demo", "--no-tui"), ("team", "init", pg_uri), ("team", "push", DEMO, "--to", pg_uri)):
        done = cli(*args)
        assert done.code == 0, (args, done.err)
    database = pg_uri.split("/")[-1].split("?")[0]
    suffix = f"x{os.getpid()}_{next(_numbers)}"  # roles are cluster-wide: names no other test makes
    with connect(pg_uri) as admin:
        for team in ("a", "b"):
            admin.execute(f"CREATE ROLE {TEAM_ROLE_PREFIX}{team}{suffix} NOLOGIN IN ROLE {MEMBER_ROLE}")
        admin.execute("UPDATE plantrack.projects SET team = %s", (f"a{suffix}",))
        admin.commit()
        return {
            "other_team": _login(admin, pg_cluster, database, f"{TEAM_ROLE_PREFIX}b{suffix}"),
            "read_all": _login(admin, pg_cluster, database, READ_ALL_ROLE),
            "no_team": _login(admin, pg_cluster, database, MEMBER_ROLE),
            "no_role": _login(admin, pg_cluster, database, "pg_monitor"),
            "admin": pg_uri,
        }


def _refused_read(done: Result) -> None:
    assert done.code == 4, (done.out, done.err)
    assert f"project {PROJECT}: you may not read it (missing right: read" in done.err
    assert "no project" not in done.err and "pw-" not in done.err


def test_a_user_of_another_team_is_told_they_may_not_read_it(
    cli: Callable[..., Result], users: dict[str, str]
) -> None:
    for who in ("other_team", "no_team"):
        _refused_read(cli("task", "list", "-w", f"{users[who]}#{PROJECT}"))
        _refused_read(cli("task", "edit", "cdcf", "--name", "x", "-w", f"{users[who]}#{PROJECT}"))
        _refused_read(cli("team", "pull", f"{users[who]}#{PROJECT}", "-o", "out.plantrack.json"))
    assert not Path("out.plantrack.json").exists()


def test_a_project_of_no_team_is_still_one_they_may_not_read(
    cli: Callable[..., Result], users: dict[str, str]
) -> None:
    with connect(users["admin"]) as admin, admin.transaction():
        admin.execute("UPDATE plantrack.projects SET team = NULL")
    _refused_read(cli("task", "list", "-w", f"{users['other_team']}#{PROJECT}"))


def test_an_unknown_id_is_no_project_for_everyone(cli: Callable[..., Result], users: dict[str, str]) -> None:
    for who in ("other_team", "read_all", "no_team"):
        done = cli("task", "list", "-w", f"{users[who]}#nope")
        assert done.code == 1, (who, done.err)  # invalid input: the id names nothing
        assert "no project 'nope'" in done.err and "may not" not in done.err, (who, done.err)
        pulled = cli("team", "pull", f"{users[who]}#nope", "-o", "out.plantrack.json")
        assert pulled.code == 1 and "no project 'nope'" in pulled.err, (who, pulled.err)


def test_a_read_all_user_reads_it(cli: Callable[..., Result], users: dict[str, str]) -> None:
    listed = cli("task", "list", "-w", f"{users['read_all']}#{PROJECT}")
    assert listed.code == 0 and "cdcf" in listed.out, listed.err


def test_the_function_answers_only_whether_the_id_exists_and_only_to_plantrack_roles(
    users: dict[str, str],
) -> None:
    with connect(users["other_team"]) as conn:
        assert conn.execute("SELECT count(*) FROM plantrack.projects").fetchone() == (0,)  # hidden
        exists = "SELECT plantrack.project_exists(%s)"
        assert conn.execute(exists, (PROJECT,)).fetchone() == (True,)
        assert conn.execute(exists, ("nope",)).fetchone() == (False,)
    with connect(users["read_all"]) as conn:
        assert conn.execute(exists, (PROJECT,)).fetchone() == (True,)
    with connect(users["no_role"]) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute(exists, (PROJECT,))
    with connect(users["admin"]) as conn:
        row = conn.execute(
            "SELECT f.prosecdef, f.proconfig, f.proowner = n.nspowner, f.prorettype::regtype::text,"
            " has_function_privilege('public', f.oid, 'EXECUTE')"
            " FROM pg_proc f JOIN pg_namespace n ON n.oid = f.pronamespace"
            " WHERE n.nspname = 'plantrack' AND f.proname = 'project_exists'"
        ).fetchone()
    assert row == (True, ["search_path=pg_catalog, pg_temp"], True, "boolean", False)


def test_init_upgrades_a_v4_database_to_v5_and_stays_idempotent(
    cli: Callable[..., Result], pg_uri: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from plantrack.store.team import schema

    assert [v for v, _ in MIGRATIONS[:5]] == [1, 2, 3, 4, 5]
    with connect(pg_uri) as conn:
        monkeypatch.setattr(schema, "MIGRATIONS", MIGRATIONS[:4])
        assert init_schema(conn) == (1, 2, 3, 4)
        with conn.transaction():
            conn.execute(
                "INSERT INTO plantrack.projects (id, name, start_at, calendar, currency, minutes_per_day,"
                " minutes_per_week) VALUES ('old', 'Old', '2027-01-04', 'standard', 'EUR', 480, 2400)"
            )
        assert conn.execute("SELECT to_regproc('plantrack.project_exists')").fetchone() == (None,)
    monkeypatch.setattr(schema, "MIGRATIONS", MIGRATIONS)
    first = cli("team", "init", pg_uri, "--json")
    assert first.code == 0, first.err
    assert 5 in json.loads(first.out)["applied"] and 4 not in json.loads(first.out)["applied"]
    again = cli("team", "init", pg_uri, "--json")
    assert again.code == 0 and json.loads(again.out)["applied"] == [], again.err
    with connect(pg_uri) as conn:
        assert schema_version(conn) >= 5
        assert conn.execute("SELECT plantrack.project_exists('old')").fetchone() == (True,)
        assert conn.execute("SELECT id FROM plantrack.projects").fetchall() == [("old",)]


def test_the_rights_functions_the_policies_call_keep_their_plans(pg_uri: str) -> None:
    with connect(pg_uri) as conn:
        init_schema(conn)
        found = conn.execute(
            "SELECT f.proname, l.lanname FROM pg_proc f JOIN pg_language l ON l.oid = f.prolang"
            " WHERE f.pronamespace = 'plantrack'::regnamespace"
            " AND f.proname IN ('my_teams', 'project_team', 'can_edit', 'can_read') ORDER BY 1"
        ).fetchall()
    assert found == [(name, "plpgsql") for name in ("can_edit", "can_read", "my_teams", "project_team")]
