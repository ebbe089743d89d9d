"""Every `plant` command on a plant kept on the team server (`-p 'postgresql://…#PLANT'`), saying what it
says of the same plant kept in files."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from commands.test_plant_commands import PLANT_TOML, member
from conftest import Result
from plantrack.store.team.connection import connect
from team.plant_server import MEMBERS, PLANT, plans

psycopg = pytest.importorskip("psycopg")
Cli = Callable[..., Result]


@pytest.fixture
def both(cli: Cli, pg_uri: str) -> tuple[str, str]:
    """The demo plant in files here and on a fresh team database: the two `-p` addresses."""
    for args in (("plant", "demo"), ("team", "init", pg_uri), ("plant", "demo", "-p", f"{pg_uri}#{PLANT}")):
        done = cli(*args)
        assert done.code == 0, (args, done.err)
    return "assembly-plant.plant.json", f"{pg_uri}#{PLANT}"


def test_list_and_load_say_the_same_on_the_server(cli: Cli, both: tuple[str, str]) -> None:
    file, server = both
    for args in (("plant", "list"), ("plant", "load"), ("plant", "load", "--resource", "mech", "--json")):
        on_file = cli(*args, "-p", file)
        on_server = cli(*args, "-p", server)
        assert on_file.code == 0, (args, on_file.err)
        assert (on_server.code, on_server.out) == (0, on_file.out), (args, on_server.err)
    listed = json.loads(cli("plant", "list", "--json", "-p", server).out)
    assert [p["workspace"] for p in listed] == list(MEMBERS)


def test_level_saves_every_plan_on_the_server_and_removes_the_over_allocations(
    cli: Cli, both: tuple[str, str], pg_uri: str
) -> None:
    server = both[1]
    before = cli("plant", "load", "-p", server)
    assert "OVER" in before.out
    done = cli("plant", "level", "--time-limit", "5", "--json", "-p", server)
    assert done.code == 0, done.err
    result = json.loads(done.out)
    assert result["saved"] is True and result["status"] in ("optimal", "feasible")
    after = cli("plant", "load", "-p", server)
    assert after.code == 0 and "OVER" not in after.out, after.out
    # each member's plan is stored in its own project: its schedule shows the leveled dates
    with connect(pg_uri) as conn:
        stored = conn.execute(
            "SELECT s.project, s.leveled FROM plantrack.schedules s ORDER BY s.project"
        ).fetchall()
    assert stored == sorted((key, True) for key in MEMBERS)
    moved = {p["workspace"]: p["tasks_moved"] for p in result["projects"]}
    vision = cli("schedule", "--json", "-w", f"{pg_uri}#line3-vision")
    assert vision.code == 0, vision.err
    assert moved["line3-vision"] >= 0 and set(moved) == set(MEMBERS)


def test_export_html_writes_the_same_page(cli: Cli, both: tuple[str, str], tmp_path: Path) -> None:
    file, server = both
    for name, where in (("file.html", file), ("server.html", server)):
        done = cli("plant", "export", "html", "-o", name, "-p", where)
        assert done.code == 0, done.err
    assert (tmp_path / "file.html").read_bytes() == (tmp_path / "server.html").read_bytes()
    # the default page is named after the plant id
    assert cli("plant", "export", "html", "-p", server).code == 0
    assert (tmp_path / f"{PLANT}-portfolio.html").is_file()


def test_new_import_add_remove_and_a_second_plant_claiming_a_project(
    cli: Cli, pg_uri: str, tmp_path: Path
) -> None:
    assert cli("team", "init", pg_uri).code == 0
    (tmp_path / "plant1.toml").write_text(PLANT_TOML, encoding="utf-8")
    plant1 = f"{pg_uri}#plant1"
    created = cli("plant", "import", "plant1.toml", "-p", plant1, "--json")
    assert created.code == 0, created.err
    assert json.loads(created.out)["action"] == "created"
    for name in ("a", "b"):
        member(tmp_path, name)
        assert cli("team", "push", f"{name}.plantrack.json", "--to", pg_uri).code == 0
    added = cli("plant", "add", "a", f"{pg_uri}#b", "--priority", "2", "-p", plant1, "--json")
    assert added.code == 0, added.err
    assert json.loads(added.out)["projects"] == [
        {"workspace": "a", "priority": 2},
        {"workspace": "b", "priority": 2},
    ]
    # the member resolves the plant's crew and line stop: it schedules
    assert cli("schedule", "-w", f"{pg_uri}#a").code == 0
    elsewhere = cli("plant", "add", "postgresql://someone@elsewhere/plans#a", "-p", plant1)
    assert elsewhere.code == 1 and "plant-project-elsewhere" in elsewhere.err
    # a second plant with the same shared part may not take a project of the first
    (tmp_path / "south.toml").write_text(PLANT_TOML.replace("Plant 1", "South"), encoding="utf-8")
    south = f"{pg_uri}#south"
    assert cli("plant", "import", "south.toml", "-p", south).code == 0
    claimed = cli("plant", "add", "a", "-p", south)
    assert claimed.code == 1 and "plant-claimed" in claimed.err and "plant1" in claimed.err, claimed.err
    assert json.loads(cli("plant", "list", "--json", "-p", south).out) == []
    removed = cli("plant", "remove", "a", "-p", plant1)
    assert removed.code == 0, removed.err
    assert cli("plant", "add", "a", "-p", south).code == 0  # free again
    again = cli("plant", "new", "Plant 1", "-p", plant1)
    assert again.code == 1 and "team-plant-exists" in again.err
    missing = cli("plant", "list", "-p", f"{pg_uri}#nowhere")
    assert missing.code == 1 and "team-plant-missing" in missing.err


def test_plantrack_plant_chooses_a_server_plant_as_p_does(
    cli: Cli, both: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    file, server = both
    expected = cli("plant", "list", "-p", file).out
    monkeypatch.setenv("PLANTRACK_PLANT", server)
    listed = cli("plant", "list")
    assert (listed.code, listed.out) == (0, expected), listed.err


def test_a_project_file_naming_the_plant_ids_is_imported_against_a_server_plant(
    cli: Cli, pg_uri: str, tmp_path: Path
) -> None:
    from commands.test_plant_commands import MEMBER_TOML

    assert cli("team", "init", pg_uri).code == 0
    (tmp_path / "plant1.toml").write_text(PLANT_TOML, encoding="utf-8")
    plant1 = f"{pg_uri}#plant1"
    assert cli("plant", "import", "plant1.toml", "-p", plant1).code == 0
    (tmp_path / "vision.toml").write_text(MEMBER_TOML, encoding="utf-8")
    alone = cli("import", "vision.toml", "-w", f"{pg_uri}#vision")
    assert alone.code == 1 and "resource-unknown" in alone.err  # elec and stop-1 are nobody's
    done = cli("import", "vision.toml", "-w", f"{pg_uri}#vision", "-p", plant1)
    assert done.code == 0, done.err
    assert cli("plant", "add", "vision", "-p", plant1).code == 0
    # a member is read against its plant without -p; an id neither has is named at its line
    (tmp_path / "vision.toml").write_text(MEMBER_TOML.replace("stop-1", "stop-9"), encoding="utf-8")
    again = cli("import", "vision.toml", "-w", f"{pg_uri}#vision")
    assert again.code == 1 and "plant-id-unknown" in again.err and "stop-9" in again.err, again.err
    (tmp_path / "vision.toml").write_text(MEMBER_TOML, encoding="utf-8")
    assert cli("import", "vision.toml", "-w", f"{pg_uri}#vision").code == 0, "a member re-imported"


def test_the_demo_plant_never_overwrites_a_project_or_a_plant_on_the_server(
    cli: Cli, both: tuple[str, str], pg_uri: str
) -> None:
    before = plans(pg_uri)
    again = cli("plant", "demo", "-p", both[1])
    assert again.code == 1 and "line3-retrofit already exists" in again.err, again.err
    with connect(pg_uri) as conn:  # the projects taken: another plant id is refused just the same
        conn.execute("DELETE FROM plantrack.plants")
    other = cli("plant", "demo", "-p", f"{pg_uri}#other")
    assert other.code == 1
    assert plans(pg_uri) == before
    with connect(pg_uri) as conn:
        assert conn.execute("SELECT count(*) FROM plantrack.plants").fetchone() == (0,)


def test_team_list_names_each_plant_with_its_member_count(
    cli: Cli, both: tuple[str, str], pg_uri: str
) -> None:
    assert cli("plant", "new", "South plant", "-p", f"{pg_uri}#south").code == 0  # a plant of no project
    listed = cli("team", "list", pg_uri, "--json")
    assert listed.code == 0, listed.err
    found = json.loads(listed.out)
    # counted independently: the member rows of each plant in the database
    with connect(pg_uri) as conn:
        counts = dict(
            conn.execute("SELECT plant, count(*) FROM plantrack.plant_projects GROUP BY plant").fetchall()
        )
    assert counts == {PLANT: len(MEMBERS)}
    assert found["plants"] == [
        {"id": PLANT, "name": "Assembly plant", "projects": counts[PLANT]},
        {"id": "south", "name": "South plant", "projects": 0},
    ]
    assert [p["id"] for p in found["projects"]] == sorted(MEMBERS)
    text = cli("team", "list", pg_uri)
    assert text.code == 0, text.err
    projects, _blank, plants = text.out.partition("\n\n")
    assert all(key in projects for key in MEMBERS) and "South plant" not in projects
    rows = [line.split() for line in plants.splitlines()]
    assert rows[0] == ["plant", "name", "projects"]
    assert rows[2:] == [[PLANT, "Assembly", "plant", "3"], ["south", "South", "plant", "0"]]


def test_team_list_on_a_server_without_plants_lists_no_plant(cli: Cli, pg_uri: str) -> None:
    assert cli("team", "init", pg_uri).code == 0
    listed = cli("team", "list", pg_uri, "--json")
    assert listed.code == 0 and json.loads(listed.out)["plants"] == []
    text = cli("team", "list", pg_uri).out
    assert text.startswith("no project on ") and len(text.splitlines()) == 1  # no plant table
