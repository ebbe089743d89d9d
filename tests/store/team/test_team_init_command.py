"""`plantrack team init URI`: sets up the schema once, says so, and never shows a password."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from urllib.parse import quote

import pytest

from conftest import Result
from plantrack.store.team.migrations import LATEST, MIGRATIONS
from team.pg_cluster import Cluster

psycopg = pytest.importorskip("psycopg")
sql = psycopg.sql

PASSWORD = "S3cr%t-pw/é"  # %, / and non-ASCII: quoted in a URI, so it must be hidden in both spellings


def test_init_sets_up_the_schema_then_finds_it_up_to_date(cli: Callable[..., Result], pg_uri: str) -> None:
    first = cli("team", "init", pg_uri)
    assert first.code == 0, first.err
    assert "set up the plantrack schema" in first.out and f"version {LATEST}" in first.out
    again = cli("team", "init", pg_uri, "--json")
    assert again.code == 0, again.err
    assert json.loads(again.out) == {"address": pg_uri, "schema_version": LATEST, "applied": []}
    with psycopg.connect(pg_uri) as conn:
        found = conn.execute("SELECT version FROM plantrack.schema_version ORDER BY version").fetchall()
        assert found == [(v,) for v, _ in MIGRATIONS]


def test_init_speaks_french(cli: Callable[..., Result], pg_uri: str) -> None:
    done = cli("--lang", "fr", "team", "init", pg_uri)
    assert done.code == 0 and "schéma plantrack" in done.out


def test_a_file_is_not_a_server_address(cli: Callable[..., Result]) -> None:
    done = cli("team", "init", "line3.plantrack.json")
    assert done.code == 2 and "not a PostgreSQL address" in done.err


def test_without_the_driver_it_says_which_extra_to_install(
    cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg now raises ImportError
    done = cli("team", "init", "postgresql://u@localhost/db")
    assert done.code == 4
    assert "install plantrack[team]" in done.err and "Traceback" not in done.err


@pytest.fixture
def alice(pg_cluster: Cluster, pg_uri: str) -> Callable[..., str]:
    """A login role with a password, owning nothing: an address for it over TCP (password checked)."""
    database = pg_uri.split("/")[3].split("?")[0]
    with psycopg.connect(pg_cluster.uri(), autocommit=True) as conn:
        conn.execute("DROP ROLE IF EXISTS alice")
        conn.execute(f"CREATE ROLE alice LOGIN PASSWORD '{PASSWORD}'")  # our constant, not user input

    def address(password: str = PASSWORD, db: str = database) -> str:
        return pg_cluster.tcp_uri("alice", password, db)

    return address


def _no_password(result: Result) -> None:
    for spelling in (PASSWORD, quote(PASSWORD, safe=""), "S3cr"):
        assert spelling not in result.out and spelling not in result.err


@pytest.mark.parametrize("options", [(), ("--json",), ("--debug",)])
def test_a_refused_connection_exits_4_without_the_password(
    cli: Callable[..., Result], alice: Callable[..., str], options: tuple[str, ...]
) -> None:
    cases = {
        "wrong password": alice(password=PASSWORD + "x"),
        "no such database": alice(db="nowhere"),
        "nothing listening": f"postgresql://alice:{quote(PASSWORD, safe='')}@127.0.0.1:1/db",
        "badly written": f"postgresql://alice:{PASSWORD}@127.0.0.1:1/db",
    }
    for case, address in cases.items():
        done = cli("team", "init", address, *options)
        assert done.code == 4, (case, done)
        shown = done.out if "--json" in options else done.err
        assert "cannot connect to the PostgreSQL server" in shown, (case, done)
        assert "postgresql://alice@127.0.0.1" in shown, (case, done)
        _no_password(done)


def test_a_user_without_the_right_to_create_gets_exit_4_and_nothing_changes(
    cli: Callable[..., Result], alice: Callable[..., str], pg_uri: str
) -> None:
    with psycopg.connect(pg_uri, autocommit=True) as conn:
        conn.execute(
            sql.SQL("REVOKE CREATE ON DATABASE {} FROM PUBLIC").format(sql.Identifier(conn.info.dbname))
        )
    done = cli("team", "init", alice())
    assert done.code == 4 and "permission denied" in done.err and "nothing was changed" in done.err
    _no_password(done)
    with psycopg.connect(pg_uri) as conn:
        assert conn.execute("SELECT to_regclass('plantrack.projects')").fetchone() == (None,)


def test_init_in_a_subprocess_with_the_password_from_pgpassword(
    plantrack: Callable[..., Result], alice: Callable[..., str], pg_uri: str
) -> None:
    with psycopg.connect(pg_uri, autocommit=True) as conn:
        conn.execute(sql.SQL("GRANT CREATE ON DATABASE {} TO alice").format(sql.Identifier(conn.info.dbname)))
        conn.execute("ALTER ROLE alice CREATEROLE")  # the rights' roles (schema version 3)
    without = alice().replace(":" + quote(PASSWORD, safe=""), "")
    assert PASSWORD not in without and quote(PASSWORD, safe="") not in without
    done = plantrack("team", "init", without, env={"PGPASSWORD": PASSWORD})
    assert done.code == 0, done.err
    assert "set up the plantrack schema on postgresql://alice@127.0.0.1" in done.out
    _no_password(done)
