"""A plant file moves to the server with its member workspaces and back without loss (`team push` of a
NAME.plant.json, `team pull URI#PLANT -o NAME.plant.json`), hostile names included."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from builders import START, period, resource
from conftest import Result, fingerprint
from plantrack.scheduling.errors import ModelError
from plantrack.scheduling.model import Calendar, Plant, PlantProject, Window
from plantrack.store import create_workspace, open_workspace
from plantrack.store.plant import read_plant, write_plant
from plantrack.store.team.connection import connect
from team.test_team_hostile import KEY, hostile_workspace

psycopg = pytest.importorskip("psycopg")
Cli = Callable[..., Result]
DEMO = "assembly-plant.plant.json"


def _same_members(first: Path, second: Path) -> None:
    """Both plant files list the same member files, each holding the same workspace."""
    one, other = read_plant(first), read_plant(second)
    assert one == other
    for project in one.projects:
        a = open_workspace(first.parent / project.workspace).read()
        b = open_workspace(second.parent / project.workspace).read()
        assert dataclasses.replace(b, revision=a.revision) == a, project.workspace


def test_the_demo_plant_goes_to_the_server_and_back_unchanged(cli: Cli, pg_uri: str, tmp_path: Path) -> None:
    assert cli("plant", "demo").code == 0
    assert cli("team", "init", pg_uri).code == 0
    pushed = cli("team", "push", DEMO, "--to", pg_uri, "--json")
    assert pushed.code == 0, pushed.err
    assert json.loads(pushed.out)["projects"] == ["line3-retrofit", "line3-vision", "line3-conveyor"]
    server = f"{pg_uri}#assembly-plant"
    # the plant works on the server as it did in files
    for args in (("plant", "list"), ("plant", "load")):
        assert cli(*args, "-p", server).out == cli(*args, "-p", DEMO).out, args
    (tmp_path / "back").mkdir()
    pulled = cli("team", "pull", server, "-o", f"back/{DEMO}")
    assert pulled.code == 0, pulled.err
    _same_members(tmp_path / DEMO, tmp_path / "back" / DEMO)
    # a second push refuses to overwrite, a second pull too: nothing changed on either side
    again = cli("team", "push", DEMO, "--to", pg_uri)
    assert again.code == 1 and "team-project-exists" in again.err, again.err
    before = fingerprint(tmp_path / "back" / DEMO)
    assert cli("team", "pull", server, "-o", f"back/{DEMO}").code == 1
    assert fingerprint(tmp_path / "back" / DEMO) == before
    # --replace replaces the plant and its projects
    assert cli("team", "push", DEMO, "--to", pg_uri, "--replace").code == 0


def test_a_push_refused_half_way_writes_nothing(cli: Cli, pg_uri: str) -> None:
    assert cli("plant", "demo").code == 0
    assert cli("team", "init", pg_uri).code == 0
    # the last member's id is taken on the server: the first two are not written either
    assert cli("team", "push", "line3-conveyor.plantrack.json", "--to", pg_uri).code == 0
    refused = cli("team", "push", DEMO, "--to", pg_uri)
    assert refused.code == 1 and "line3-conveyor" in refused.err, refused.err
    with connect(pg_uri) as conn:
        assert conn.execute("SELECT id FROM plantrack.projects").fetchall() == [("line3-conveyor",)]
        assert conn.execute("SELECT count(*) FROM plantrack.plants").fetchone() == (0,)


def test_two_different_plant_ids_are_refused_and_nothing_is_written(cli: Cli, pg_uri: str) -> None:
    assert cli("plant", "demo").code == 0
    assert cli("team", "init", pg_uri).code == 0
    # the id after # in --to or in -p, and another one with --as: refused as for a project, exit 2
    for where in ("--to", "-p"):
        refused = cli("team", "push", DEMO, where, f"{pg_uri}#assembly", "--as", "press-shop")
        assert refused.code == 2, refused.err
        assert "two plant ids given: 'assembly' after # and 'press-shop' with --as; give one" in refused.err
    french = cli("--lang", "fr", "team", "push", DEMO, "--to", f"{pg_uri}#assembly", "--as", "press-shop")
    assert french.code == 2
    assert "deux identifiants de site donnés : 'assembly' après # et 'press-shop' avec --as" in french.err
    with connect(pg_uri) as conn:
        assert conn.execute("SELECT count(*) FROM plantrack.plants").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM plantrack.projects").fetchone() == (0,)
    # the same id twice is one id: the plant goes under it, with its projects
    pushed = cli("team", "push", DEMO, "-p", f"{pg_uri}#assembly", "--as", "assembly", "--json")
    assert pushed.code == 0, pushed.err
    assert json.loads(pushed.out)["plant"] == "assembly"
    with connect(pg_uri) as conn:
        assert conn.execute("SELECT id FROM plantrack.plants").fetchall() == [("assembly",)]
        assert conn.execute("SELECT count(*) FROM plantrack.projects").fetchone() == (3,)


def _hostile_plant(names: list[str], member: str) -> Plant:
    """A plant with a hostile name in every text it stores: its name, and each item's id and name."""
    as_ids = [n for n in dict.fromkeys(names) if n.strip() and n.isprintable() and " " not in n][:50]
    day = START + dt.timedelta(days=1)
    plant = Plant(name="p")
    for name in names:
        try:
            plant = Plant(name=name[:200])
            break
        except ModelError:
            continue
    return dataclasses.replace(
        plant,
        calendars=tuple(Calendar(id=f"pc{i}", name=n) for i, n in enumerate(names)),
        resources=(
            *(resource(f"pr{i}", name=n[:200]) for i, n in enumerate(names)),
            *(resource(("P" + n)[:200], name=n[:200]) for n in as_ids),
        ),
        windows=tuple(
            Window(id=f"pw{i}", name=n, periods=(period(day, day + dt.timedelta(hours=1), n),))
            for i, n in enumerate(names)
        ),
        projects=(PlantProject(workspace=member, priority=3),),
    )


def test_hostile_names_go_to_the_server_and_back(
    cli: Cli, pg_uri: str, tmp_path: Path, hostile: dict[str, list[str]]
) -> None:
    names = [n for group in hostile.values() for n in group if "\x00" not in n]
    member = f"{KEY}.plantrack.json"
    create_workspace(tmp_path / member, hostile_workspace(names))
    write_plant(tmp_path / "hostile.plant.json", _hostile_plant(names, member))
    assert cli("team", "init", pg_uri).code == 0
    pushed = cli("team", "push", "hostile.plant.json", "--to", pg_uri, "--as", KEY)
    assert pushed.code == 0, pushed.err
    (tmp_path / "back").mkdir()
    pulled = cli("team", "pull", f"{pg_uri}#{KEY}", "-o", "back/hostile.plant.json")
    assert pulled.code == 0, pulled.err
    _same_members(tmp_path / "hostile.plant.json", tmp_path / "back" / "hostile.plant.json")


def test_a_project_id_that_cannot_name_a_file_is_refused_before_any_file_is_written(
    cli: Cli, pg_uri: str, tmp_path: Path
) -> None:
    assert cli("plant", "demo").code == 0
    assert cli("team", "init", pg_uri).code == 0
    assert cli("team", "push", DEMO, "--to", pg_uri).code == 0
    # a project whose id climbs out of the folder (../shared/data/hostile has such names)
    assert cli("team", "push", "line3-vision.plantrack.json", "--to", pg_uri, "--as", "../escape").code == 0
    with connect(pg_uri) as conn:
        conn.execute(
            "UPDATE plantrack.plant_projects SET project = '../escape' WHERE project = 'line3-vision'"
        )
    (tmp_path / "back").mkdir()
    refused = cli("team", "pull", f"{pg_uri}#assembly-plant", "-o", f"back/{DEMO}")
    assert refused.code == 1 and "plant-project-file" in refused.err and "../escape" in refused.err
    assert list((tmp_path / "back").iterdir()) == []
    assert not (tmp_path / "escape.plantrack.json").exists()
