"""`team grant/revoke/rights/project` with real login roles: a plantrack_admin member, no superuser,
gives and takes rights, and the server then enforces them."""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import Result
from team.pg_cluster import Cluster

psycopg = pytest.importorskip("psycopg")
sql = psycopg.sql
_numbers = itertools.count(1)


@dataclass(frozen=True)
class Server:
    """A database at the latest schema and login roles of one test: their names and addresses."""

    names: dict[str, str]
    uris: dict[str, str]
    superuser: str


@pytest.fixture
def server(cli: Callable[..., Result], pg_uri: str, pg_cluster: Cluster) -> Server:
    done = cli("team", "init", pg_uri)
    assert done.code == 0, done.err
    database = pg_uri.split("/")[3].split("?")[0]
    suffix = f"{os.getpid()}_{next(_numbers)}"
    names, uris = {}, {}
    with psycopg.connect(pg_uri, autocommit=True) as conn:
        for who in ("admin", "tech", "other", "committee", "outsider"):
            name = f"{who}_{suffix}"
            conn.execute(
                sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(sql.Identifier(name), sql.Literal("pw"))
            )
            conn.execute(sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(
                sql.Identifier(database), sql.Identifier(name)))  # fmt: skip
            names[who], uris[who] = name, pg_cluster.tcp_uri(name, "pw", database)
        conn.execute(sql.SQL("GRANT plantrack_admin TO {}").format(sql.Identifier(names["admin"])))
        row = conn.execute(
            "SELECT rolsuper, rolcreaterole FROM pg_roles WHERE rolname = %s", (names["admin"],)
        )
        assert row.fetchone() == (False, False)  # the administrator is no superuser, cannot create roles
    return Server(names=names, uris=uris, superuser=pg_uri)


def _ok(done: Result) -> Result:
    assert done.code == 0, done.err
    return done


def _team(suffix: str) -> str:
    return f"line3_{os.getpid()}_{suffix}"


def _push(cli: Callable[..., Result], tmp_path: Path, uri: str, key: str) -> Result:
    if not (tmp_path / "line3-retrofit.plantrack.json").exists():
        _ok(cli("demo"))
    return cli("team", "push", "line3-retrofit.plantrack.json", "-w", f"{uri}#{key}")


def test_admin_grants_edit_and_read_all_and_the_server_enforces_them(
    cli: Callable[..., Result], server: Server, tmp_path: Path
) -> None:
    n, u = server.names, server.uris
    team = _team("a")
    done = _ok(cli("team", "grant", n["tech"], "--team", team, "--server", u["admin"]))
    assert f"{n['tech']} may now edit the projects of team '{team}'" in done.out
    _ok(cli("team", "grant", n["committee"], "--read-all", "--server", u["admin"]))
    again = _ok(cli("team", "grant", n["tech"], "--team", team, "--server", u["admin"], "--json"))
    assert json.loads(again.out)["granted"] is False
    # the technician creates a project (it goes to their team) and edits it
    _ok(_push(cli, tmp_path, u["tech"], "p1"))
    replaced = cli("team", "push", "line3-retrofit.plantrack.json", "--replace", "-w", f"{u['tech']}#p1")
    assert replaced.code == 0, replaced.err
    # the committee reads it and changes nothing: a push over it is refused with exit 4
    _ok(cli("team", "pull", f"{u['committee']}#p1", "-o", "read.plantrack.json"))
    refused = cli("team", "push", "line3-retrofit.plantrack.json", "--replace", "-w", f"{u['committee']}#p1")
    assert refused.code == 4, refused
    # the outsider neither reads nor edits it
    hidden = cli("team", "pull", f"{u['outsider']}#p1", "-o", "hidden.plantrack.json")
    assert hidden.code != 0 and not (tmp_path / "hidden.plantrack.json").exists()
    with psycopg.connect(server.superuser) as conn:
        assert conn.execute("SELECT team, revision FROM plantrack.projects WHERE id = 'p1'").fetchone() == (
            team,
            2,
        )


def test_rights_lists_direct_and_inherited_rights_from_the_roles(
    cli: Callable[..., Result], server: Server
) -> None:
    n, u = server.names, server.uris
    team = _team("b")
    _ok(cli("team", "grant", n["tech"], "--team", team, "--server", u["admin"]))
    _ok(cli("team", "grant", n["committee"], "--read-all", "--server", u["admin"]))
    with psycopg.connect(server.superuser, autocommit=True) as conn:
        # a group role holding read-all: its member reads all through it
        group = f"auditors_{n['other']}"
        conn.execute(
            sql.SQL("CREATE ROLE {} NOLOGIN IN ROLE plantrack_read_all").format(sql.Identifier(group))
        )
        conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(group), sql.Identifier(n["other"])))
    # anyone may look: the outsider lists them
    done = _ok(cli("team", "rights", "--server", u["outsider"], "--json"))
    found = json.loads(done.out)
    mine = [r for r in found["rights"] if r["login"] in n.values()]
    assert sorted(mine, key=lambda r: (r["login"], r["right"])) == sorted(
        [
            {"login": n["admin"], "right": "admin", "team": None, "direct": True},
            {"login": n["tech"], "right": "edit", "team": team, "direct": True},
            {"login": n["committee"], "right": "read-all", "team": None, "direct": True},
            {"login": n["other"], "right": "read-all", "team": None, "direct": False},
        ],
        key=lambda r: (r["login"], r["right"]),
    )
    assert team in found["teams"] and "plantrack_test" in found["superusers"]
    text = _ok(cli("team", "rights", "--server", u["outsider"])).out
    assert n["other"] in text and "through another role" in text and f"team '{team}'" in text


def test_revoke_takes_the_right_back_and_says_what_remains(
    cli: Callable[..., Result], server: Server, tmp_path: Path
) -> None:
    n, u = server.names, server.uris
    team = _team("c")
    _ok(cli("team", "grant", n["tech"], "--team", team, "--server", u["admin"]))
    _ok(cli("team", "grant", n["tech"], "--read-all", "--server", u["admin"]))
    _ok(_push(cli, tmp_path, u["tech"], "p2"))
    done = _ok(cli("team", "revoke", n["tech"], "--team", team, "--server", u["admin"]))
    assert f"may no longer edit the projects of team '{team}'" in done.out
    refused = cli("team", "push", "line3-retrofit.plantrack.json", "--replace", "-w", f"{u['tech']}#p2")
    assert refused.code == 4 and "p2" in refused.err
    _ok(cli("team", "pull", f"{u['tech']}#p2", "-o", "still-read.plantrack.json"))  # read-all kept
    nothing = _ok(cli("team", "revoke", n["tech"], "--team", team, "--server", u["admin"]))
    assert "nothing changed" in nothing.out
    everything = _ok(cli("team", "revoke", n["tech"], "--server", u["admin"], "--json"))
    assert json.loads(everything.out)["revoked"] == [
        {"login": n["tech"], "right": "read-all", "team": None, "direct": True}
    ]
    gone = cli("team", "pull", f"{u['tech']}#p2", "-o", "gone.plantrack.json")
    assert gone.code != 0


def test_project_moves_a_project_to_another_team(
    cli: Callable[..., Result], server: Server, tmp_path: Path
) -> None:
    n, u = server.names, server.uris
    first, second = _team("d1"), _team("d2")
    _ok(cli("team", "grant", n["tech"], "--team", first, "--server", u["admin"]))
    _ok(cli("team", "grant", n["other"], "--team", second, "--server", u["admin"]))
    _ok(_push(cli, tmp_path, u["tech"], "p3"))
    refused = cli("team", "push", "line3-retrofit.plantrack.json", "--replace", "-w", f"{u['other']}#p3")
    assert refused.code == 4
    done = _ok(cli("team", "project", "p3", "--team", second, "--server", u["admin"]))
    assert f"now belongs to team '{second}'" in done.out
    _ok(cli("team", "push", "line3-retrofit.plantrack.json", "--replace", "-w", f"{u['other']}#p3"))
    assert (
        cli("team", "push", "line3-retrofit.plantrack.json", "--replace", "-w", f"{u['tech']}#p3").code == 4
    )
    with psycopg.connect(server.superuser) as conn:
        teams = conn.execute(
            "SELECT DISTINCT team FROM plantrack.projects WHERE id = 'p3' OR scenario_of = 'p3'"
        )
        assert teams.fetchall() == [(second,)]  # its scenarios' plans moved with it
    missing = cli("team", "project", "nowhere", "--team", second, "--server", u["admin"])
    assert missing.code == 1 and "nowhere" in missing.err


@pytest.mark.parametrize("who", ["tech", "committee", "outsider"])
def test_without_the_admin_right_every_change_exits_4_naming_the_right(
    cli: Callable[..., Result], server: Server, who: str
) -> None:
    n, u = server.names, server.uris
    team = _team("e")
    _ok(cli("team", "grant", n["tech"], "--team", team, "--server", u["admin"]))
    for args in (
        ("grant", n["outsider"], "--team", team),
        ("grant", n["outsider"], "--read-all"),
        ("grant", n["outsider"], "--team", _team("new")),
        ("revoke", n["tech"], "--team", team),
        ("project", "p1", "--team", team),
    ):
        done = cli("team", *args, "--server", u[who])
        assert done.code == 4, (args, done)
        assert "missing right: plantrack_admin" in done.err and n[who] in done.err, (args, done.err)
        assert "pw" not in done.err.replace("plantrack_admin", "")
    with psycopg.connect(server.superuser) as conn:
        members = conn.execute(
            "SELECT count(*) FROM pg_auth_members am JOIN pg_roles m ON m.oid = am.member"
            " WHERE m.rolname = %s",
            (n["outsider"],),
        )
        assert members.fetchone() == (0,)
        created = conn.execute(
            "SELECT count(*) FROM pg_roles WHERE rolname = %s", ("plantrack_team_" + _team("new"),)
        )
        assert created.fetchone() == (0,)


def test_unknown_login_unknown_team_and_bad_names_are_refused_clearly(
    cli: Callable[..., Result], server: Server
) -> None:
    n, u = server.names, server.uris
    done = cli("team", "grant", "nobody_here", "--read-all", "--server", u["admin"])
    assert done.code == 1 and "no login 'nobody_here'" in done.err
    done = cli("team", "revoke", n["tech"], "--team", "no_such_team_x", "--server", u["admin"])
    assert done.code == 1 and "no team 'no_such_team_x'" in done.err
    done = cli("team", "project", "p1", "--team", "no_such_team_x", "--server", u["admin"])
    assert done.code == 1 and "no team 'no_such_team_x'" in done.err
    done = cli("team", "grant", "plantrack_read_all", "--read-all", "--server", u["admin"])
    assert done.code == 1 and "plantrack's own roles" in done.err
    done = cli("team", "grant", "plantrack_test", "--read-all", "--server", u["admin"])
    assert done.code == 1 and "superuser" in done.err
    done = cli("team", "grant", n["tech"], "--team", "x" * 49, "--server", u["admin"])
    assert done.code == 2 and "cannot name a team" in done.err
    done = cli("team", "grant", n["tech"], "--server", u["admin"])
    assert done.code == 2 and "--team TEAM or --read-all" in done.err
    done = cli("team", "rights")
    assert done.code == 2 and "--server URI" in done.err


def test_hostile_login_and_team_names_are_quoted_not_run(
    cli: Callable[..., Result], server: Server, tmp_path: Path
) -> None:
    """Role names are identifiers, never SQL: quotes, semicolons and spaces stay part of the name."""
    login = f'x"; DROP ROLE plantrack_admin; -- {os.getpid()}'
    team = f"t'); DROP TABLE plantrack.tasks; -- é {next(_numbers)}"
    with psycopg.connect(server.superuser, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(login)))
    _ok(cli("team", "grant", login, "--team", team, "--server", server.uris["admin"]))
    found = json.loads(_ok(cli("team", "rights", "--server", server.uris["admin"], "--json")).out)
    assert {"login": login, "right": "edit", "team": team, "direct": True} in found["rights"]
    _ok(cli("team", "revoke", login, "--server", server.uris["admin"]))
    with psycopg.connect(server.superuser) as conn:
        assert conn.execute("SELECT to_regclass('plantrack.tasks') IS NOT NULL").fetchone() == (True,)
        assert conn.execute("SELECT count(*) FROM pg_roles WHERE rolname = 'plantrack_admin'").fetchone() == (
            1,
        )


def test_administering_the_rights_gives_none_of_them(
    cli: Callable[..., Result], server: Server, tmp_path: Path
) -> None:
    """plantrack_admin makes teams and grants them, but reads and edits no project itself."""
    n, u = server.names, server.uris
    team = _team("f")
    _ok(cli("team", "grant", n["tech"], "--team", team, "--server", u["admin"]))
    _ok(_push(cli, tmp_path, u["tech"], "p4"))
    with psycopg.connect(server.superuser) as conn:
        row = conn.execute(
            "SELECT rolcanlogin, rolcreaterole, rolsuper FROM pg_roles WHERE rolname = 'plantrack_admin'"
        )
        assert row.fetchone() == (False, True, False)
    listed = cli("team", "list", u["admin"], "--json")
    assert listed.code == 4 or '"p4"' not in listed.out, listed
    assert cli("team", "pull", f"{u['admin']}#p4", "-o", "admin.plantrack.json").code != 0
    pushed = cli("team", "push", "line3-retrofit.plantrack.json", "--replace", "-w", f"{u['admin']}#p4")
    assert pushed.code == 4 and "missing right: edit" in pushed.err


def test_a_superuser_administers_the_rights_as_plantrack_admin(
    cli: Callable[..., Result], server: Server
) -> None:
    n = server.names
    team = _team("g")
    _ok(cli("team", "grant", n["tech"], "--team", team, "--server", server.superuser))
    with psycopg.connect(server.superuser) as conn:
        grantor = conn.execute(
            "SELECT g.rolname FROM pg_auth_members am JOIN pg_roles r ON r.oid = am.roleid"
            " JOIN pg_roles m ON m.oid = am.member JOIN pg_roles g ON g.oid = am.grantor"
            " WHERE r.rolname = %s AND m.rolname = %s",
            ("plantrack_team_" + team, n["tech"]),
        ).fetchone()
    # on PostgreSQL 16 the grantor is recorded: plantrack_admin, whose grants its members can revoke
    assert grantor is not None
    _ok(cli("team", "revoke", n["tech"], "--team", team, "--server", server.uris["admin"]))
