"""Schema version 3 with real roles: who reads and edits which project, the team trigger, the notices."""

from __future__ import annotations

import itertools
import json
import os

import pytest

from plantrack.store.team.connection import connect
from plantrack.store.team.migrations.v3 import CHANNEL, PER_PROJECT_TABLES, READ_ALL_ROLE, TEAM_ROLE_PREFIX
from plantrack.store.team.schema import init_schema
from team.pg_cluster import Cluster

psycopg = pytest.importorskip("psycopg")
_numbers = itertools.count(1)

PROJECT = (
    "INSERT INTO plantrack.projects (id, name, start_at, calendar, currency, minutes_per_day,"
    " minutes_per_week) VALUES (%s, %s, '2026-01-05', 'std', 'EUR', 480, 2400)"
)
SECTION = "INSERT INTO plantrack.sections (project, name, position, document) VALUES (%s, 'x', 0, '{}')"


def _login(admin: psycopg.Connection[tuple[object, ...]], member_of: str) -> tuple[str, str]:
    """A new login role, member of `member_of`; its name and password (roles are cluster-wide)."""
    name = f"u{os.getpid()}_{next(_numbers)}"
    password = f"pw-{name}"
    admin.execute(f"CREATE ROLE {name} LOGIN PASSWORD '{password}' IN ROLE {member_of}")
    return name, password


@pytest.fixture
def rights(pg_uri: str, pg_cluster: Cluster) -> dict[str, str]:
    """A database at the latest schema with a committee member, and technicians of teams a and b."""
    database = pg_uri.split("/")[-1].split("?")[0]
    with connect(pg_uri) as admin:
        init_schema(admin)
        uris = {}
        suffix = f"{os.getpid()}_{next(_numbers)}"
        for who, role in (("committee", READ_ALL_ROLE), ("tech_a", "a"), ("tech_b", "b")):
            if who != "committee":
                role = f"{TEAM_ROLE_PREFIX}{role}{suffix}"
                admin.execute(f"CREATE ROLE {role} NOLOGIN IN ROLE plantrack_member")
                uris[f"team_{who[-1]}"] = f"{role[len(TEAM_ROLE_PREFIX) :]}"
            name, password = _login(admin, role)
            uris[who] = pg_cluster.tcp_uri(name, password, database)
    return uris


def test_every_per_project_table_has_row_security_and_both_policies(pg_uri: str) -> None:
    with connect(pg_uri) as conn:
        init_schema(conn)
        rows = conn.execute(
            "SELECT c.relname, c.relrowsecurity, array_agg(p.polname ORDER BY p.polname)"
            " FROM pg_class c JOIN pg_policy p ON p.polrelid = c.oid"
            " WHERE c.relnamespace = 'plantrack'::regnamespace GROUP BY 1, 2"
        ).fetchall()
    found = {row[0]: (row[1], row[2]) for row in rows}
    for table in (*PER_PROJECT_TABLES, "projects"):
        assert found[table] == (True, ["edit_project", "read_project"]), table


def test_technician_edits_own_team_committee_reads_all_and_edits_none(rights: dict[str, str]) -> None:
    with connect(rights["tech_a"]) as conn, conn.transaction():
        conn.execute(PROJECT, ("pa", "A"))
        conn.execute(SECTION, ("pa",))
    with connect(rights["tech_b"]) as conn, conn.transaction():
        conn.execute(PROJECT, ("pb", "B"))
    with connect(rights["tech_a"]) as conn:
        # the creator's team was set by the trigger; the other team's project is invisible
        assert conn.execute("SELECT id, team FROM plantrack.projects").fetchall() == [
            ("pa", rights["team_a"])
        ]
        assert conn.execute("UPDATE plantrack.projects SET name = 'x' WHERE id = 'pb'").rowcount == 0
        assert conn.execute("UPDATE plantrack.projects SET name = 'A2' WHERE id = 'pa'").rowcount == 1
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(SECTION.replace("'x'", "'y'"), ("pb",))
    with connect(rights["committee"]) as conn:
        assert [r[0] for r in conn.execute("SELECT id FROM plantrack.projects ORDER BY id")] == ["pa", "pb"]
        assert conn.execute("SELECT count(*) FROM plantrack.sections").fetchone() == (1,)
        assert conn.execute("UPDATE plantrack.projects SET name = 'x'").rowcount == 0
        assert conn.execute("DELETE FROM plantrack.sections").rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(PROJECT, ("pc", "C"))
    with connect(rights["tech_a"]) as conn:
        assert conn.execute("SELECT name FROM plantrack.projects").fetchone() == ("A2",)


def test_a_committed_save_notifies_project_and_revision_a_rolled_back_one_does_not(
    rights: dict[str, str],
) -> None:
    with connect(rights["committee"]) as listener, connect(rights["tech_a"]) as writer:
        listener.execute(f"LISTEN {CHANNEL}")
        with writer.transaction():
            writer.execute(PROJECT, ("pa", "A"))
        with pytest.raises(RuntimeError), writer.transaction():
            writer.execute("UPDATE plantrack.projects SET revision = 7 WHERE id = 'pa'")
            raise RuntimeError
        with writer.transaction():
            writer.execute("UPDATE plantrack.projects SET revision = 2 WHERE id = 'pa'")
        got = [json.loads(n.payload) for n in listener.notifies(timeout=1.0, stop_after=3)]
    assert got == [{"project": "pa", "revision": 1}, {"project": "pa", "revision": 2}]


def test_the_role_names_and_channel_are_those_the_statements_spell() -> None:
    from plantrack.store.team.migrations.v3 import MEMBER_ROLE, STATEMENTS

    text = "\n".join(STATEMENTS)
    assert f"'{READ_ALL_ROLE}'" in text and f"GRANT USAGE ON SCHEMA plantrack TO {MEMBER_ROLE}" in text
    assert f"'{CHANNEL}'" in text
    like = TEAM_ROLE_PREFIX.replace("_", "\\_")
    assert f"LIKE '{like}%'" in text and f"substr(r.rolname, {len(TEAM_ROLE_PREFIX) + 1})" in text


def test_a_refused_write_names_the_project_and_the_missing_right(rights: dict[str, str]) -> None:
    from plantrack.scheduling.errors import Failure
    from plantrack.store.team.refusals import EDIT, RightsRefused, is_refusal, refused_write

    with connect(rights["tech_b"]) as conn, conn.transaction():
        conn.execute(PROJECT, ("pb", "B"))
    with connect(rights["committee"]) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege) as denied:
            conn.execute(SECTION, ("pb",))
        assert is_refusal(denied.value)
        changed = conn.execute("UPDATE plantrack.projects SET name = 'x' WHERE id = 'pb'").rowcount
        with pytest.raises(RightsRefused) as refused:
            refused_write(rights["committee"], "pb", changed)
    assert refused.value.right == EDIT and refused.value.failure == Failure.STORAGE  # exit 4
    assert "pb" in str(refused.value) and "missing right: edit" in str(refused.value)
    assert "pw-" not in str(refused.value) and "pw-" not in refused.value.location
