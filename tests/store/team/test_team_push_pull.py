"""`team push`, `team pull`, `team list`: a workspace file copied to the server and back loses nothing."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import pytest

from conftest import Result, fingerprint
from plantrack.store import open_workspace
from plantrack.store.team.migrations import MIGRATIONS

psycopg = pytest.importorskip("psycopg")
DEMO = "line3-retrofit.plantrack.json"


@pytest.fixture
def demo(cli: Callable[..., Result], tmp_path: Path) -> Path:
    """The demo workspace with its progress, baseline, actions and scenarios, then a stored plan, a
    gate decision and a scenario's own schedule."""
    for args in (
        ("demo",),
        ("schedule",),
        (
            "gate",
            "g4-safety",
            "--decision",
            "validated",
            "--by",
            "M. Durand",
            "--date",
            "2027-01-20",
            "--note",
            "<b>ok</b>",
        ),
        ("schedule", "--scenario", "install in two weekend stops"),
    ):
        done = cli(*args)
        assert done.code == 0, (args, done.err)
    return tmp_path / DEMO


@pytest.fixture
def server(cli: Callable[..., Result], pg_uri: str) -> str:
    done = cli("team", "init", pg_uri)
    assert done.code == 0, done.err
    return pg_uri


def test_push_then_pull_gives_back_the_same_workspace(
    cli: Callable[..., Result], demo: Path, server: str, tmp_path: Path
) -> None:
    pushed = cli("team", "push", DEMO, "-w", server + "#line3-retrofit")
    assert pushed.code == 0, pushed.err
    assert "as project 'line3-retrofit' (revision 1)" in pushed.out and "2 scenarios" in pushed.out
    pulled = cli("team", "pull", server + "#line3-retrofit", "-o", "back.plantrack.json")
    assert pulled.code == 0, pulled.err
    original = open_workspace(demo).read()
    back = open_workspace(tmp_path / "back.plantrack.json").read()
    assert original.gates and original.schedule and original.baselines and original.progress
    assert [s.schedule is not None for s in original.scenarios] == [False, True]
    assert dataclasses.replace(back, revision=original.revision) == original
    for name in ("project", "schedule", "sections", "baselines", "progress", "gates", "actions", "meetings"):
        assert getattr(back, name) == getattr(original, name), name
    assert [(s.head(), s.project, s.schedule) for s in back.scenarios] == [
        (s.head(), s.project, s.schedule) for s in original.scenarios
    ]
    for command in (("task", "list"), ("schedule",), ("variance",), ("scenario", "list")):
        a = cli(*command, "--json", "-w", DEMO)
        b = cli(*command, "--json", "-w", "back.plantrack.json")
        assert a.code == b.code == 0, (command, a.err, b.err)
        assert json.loads(a.out) == json.loads(b.out), command


def test_push_takes_the_id_from_as_or_the_file_name_and_list_shows_it(
    cli: Callable[..., Result], demo: Path, server: str
) -> None:
    assert cli("team", "push", DEMO, "--to", server).code == 0
    assert cli("team", "push", DEMO, "--to", server, "--as", "copy ' é").code == 0
    listed = cli("team", "list", server, "--json")
    assert listed.code == 0, listed.err
    projects = json.loads(listed.out)["projects"]
    tasks = len(open_workspace(demo).read().project.tasks)
    assert [(p["id"], p["revision"], p["tasks"]) for p in projects] == [
        ("copy ' é", 1, tasks),
        ("line3-retrofit", 1, tasks),
    ]
    assert projects[0]["name"] == open_workspace(demo).read().project.name
    text = cli("team", "list", server)
    assert text.code == 0 and "line3-retrofit" in text.out and "last change" in text.out
    french = cli("--lang", "fr", "team", "list", server)
    assert french.code == 0 and "dernière modification" in french.out


def test_an_empty_server_lists_nothing(cli: Callable[..., Result], server: str) -> None:
    done = cli("team", "list", server)
    assert done.code == 0 and "no project on" in done.out


def test_push_never_overwrites_a_project_unless_told(
    cli: Callable[..., Result], demo: Path, server: str
) -> None:
    assert cli("team", "push", DEMO, "--to", server).code == 0
    again = cli("team", "push", DEMO, "--to", server)
    assert again.code == 1 and "'line3-retrofit' already exists" in again.err and "--replace" in again.err
    replaced = cli("team", "push", DEMO, "--to", server, "--replace", "--json")
    assert replaced.code == 0, replaced.err
    assert json.loads(replaced.out)["revision"] == 2


def test_pull_refuses_an_existing_file_and_an_unknown_project(
    cli: Callable[..., Result], demo: Path, server: str, tmp_path: Path
) -> None:
    assert cli("team", "push", DEMO, "--to", server).code == 0
    before = fingerprint(demo)
    over = cli("team", "pull", server + "#line3-retrofit", "-o", DEMO)
    assert over.code == 1 and "already exists" in over.err
    assert fingerprint(demo) == before
    unknown = cli("team", "pull", server + "#nope", "-o", "n.plantrack.json")
    assert unknown.code == 1 and "no project 'nope'" in unknown.err
    assert not (tmp_path / "n.plantrack.json").exists()
    no_id = cli("team", "pull", server, "-o", "n.plantrack.json")
    assert no_id.code == 2 and "names no project" in no_id.err


def test_usage_errors(cli: Callable[..., Result], demo: Path, server: str) -> None:
    nowhere = cli("team", "push", DEMO)
    assert nowhere.code == 2 and "say where to push" in nowhere.err
    two_ids = cli("team", "push", DEMO, "-w", server + "#a", "--as", "b")
    assert two_ids.code == 2 and "two project ids given: 'a' after # and 'b' with --as" in two_ids.err
    two_ids = cli("team", "push", DEMO, "--to", server + "#a", "--as", "b")
    assert two_ids.code == 2 and "two project ids given: 'a' after # and 'b' with --as" in two_ids.err
    bad_id = cli("team", "push", DEMO, "--to", server, "--as", "a\tb")
    assert bad_id.code == 2 and "cannot name a project" in bad_id.err
    scenario = cli("team", "push", DEMO, "--to", server, "--scenario", "supplier three weeks late")
    assert scenario.code == 2 and "every scenario included" in scenario.err
    missing = cli("team", "push", "missing.plantrack.json", "--to", server)
    assert missing.code != 0 and "Traceback" not in missing.err
    assert "no project on" in cli("team", "list", server).out  # none of the refusals wrote anything
    # the same id after # and with --as is one id
    same = cli("team", "push", DEMO, "-w", server + "#a", "--as", "a", "--json")
    assert same.code == 0 and json.loads(same.out)["project"] == "a", same.err


def test_a_server_without_the_schema_or_with_an_older_one_is_named(
    cli: Callable[..., Result], demo: Path, pg_uri: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    bare = cli("team", "push", DEMO, "--to", pg_uri)
    assert bare.code == 4 and "plantrack team init" in bare.err
    from plantrack.store.team import schema
    from plantrack.store.team.connection import connect

    monkeypatch.setattr(schema, "MIGRATIONS", MIGRATIONS[:1])
    with connect(pg_uri) as conn:
        schema.init_schema(conn)
    old = cli("team", "push", DEMO, "--to", pg_uri)
    assert old.code == 4 and "version 1" in old.err and "plantrack team init" in old.err
    assert cli("team", "list", pg_uri).code == 4


@pytest.mark.parametrize("command", ["push", "pull", "list"])
def test_an_unreachable_server_exits_4_without_the_password(
    cli: Callable[..., Result], demo: Path, command: str
) -> None:
    password = "S3cr%t-pw/é"
    address = f"postgresql://alice:{quote(password, safe='')}@127.0.0.1:1/db"
    args = {
        "push": ("push", DEMO, "--to", address),
        "pull": ("pull", address + "#p", "-o", "p.plantrack.json"),
        "list": ("list", address),
    }[command]
    done = cli("team", *args)
    assert done.code == 4 and "cannot connect to the PostgreSQL server" in done.err
    for spelling in (password, quote(password, safe=""), "S3cr"):
        assert spelling not in done.out + done.err
