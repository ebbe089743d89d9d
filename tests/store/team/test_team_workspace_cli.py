"""The README's commands with `-w postgresql://…#line3-retrofit` say what they say on the file."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Result

psycopg = pytest.importorskip("psycopg")
DEMO = "line3-retrofit.plantrack.json"
PROJECT = "line3-retrofit"

#: Run on the file, then on the server, in this order: each output must be the same on both. Reads
#: and edits alternate, so every read also checks the edits before it were stored alike.
COMMANDS: tuple[tuple[str, ...], ...] = (
    ("validate",),
    ("schedule",),
    ("schedule", "--json"),
    ("variance",),
    ("gate", "list"),
    ("action", "list"),
    ("baseline", "list"),
    (
        "task",
        "add",
        "train",
        "--name",
        "Operator training",
        "--duration",
        "2d",
        "--after",
        "work-instructions",
    ),
    ("link", "list", "--task", "train"),
    ("resource", "edit", "elec", "--capacity", "3"),
    ("resource", "list"),
    ("calendar", "edit", "plant", "--hours", "fri=08:00-12:00"),
    ("calendar", "show", "plant", "--from", "2027-07-12"),
    ("window", "list"),
    ("schedule",),
    ("baseline", "save", "v2"),
    ("progress", "cdcf", "--date", "2027-01-29", "--done", "80%", "--cause", "milieu", "--note", "late"),
    ("schedule",),
    ("variance", "--json"),
    ("gate", "g1-spec", "--decision", "validated", "--by", "Steering committee", "--date", "2027-02-05"),
    ("gate", "list"),
    ("action", "add", "Chase the supplier", "--owner", "I. Moreau", "--due", "2027-02-10"),
    ("action", "edit", "A1", "--due", "2027-02-17"),
    ("action", "list", "--json"),
    (
        "review",
        "--attendee",
        "I. Moreau",
        "--agenda",
        "G1 decision",
        "--next-meeting",
        "2027-02-12T09:00",
        "-o",
        "minutes.md",
    ),
    ("scenario", "new", "two weekend stops", "--note", "instead of the August stop"),
    ("scenario", "list"),
    ("schedule", "--scenario", "two weekend stops"),
    ("scenario", "compare", "--runs", "50", "--seed", "1"),
    ("pert", "--runs", "300", "--seed", "1"),
    ("export", "toml"),
    ("task", "list", "--json"),
)


@pytest.fixture
def both(cli: Callable[..., Result], pg_uri: str, tmp_path: Path) -> tuple[str, str]:
    """The demo workspace as a file, and pushed to a fresh team database: the two `-w` addresses."""
    for args in (("demo", "--no-tui"), ("team", "init", pg_uri), ("team", "push", DEMO, "--to", pg_uri)):
        done = cli(*args)
        assert done.code == 0, (args, done.err)
    return str(tmp_path / DEMO), f"{pg_uri}#{PROJECT}"


def _same_words(text: str, file: str) -> str:
    """The output with the workspace's own name written alike (the file's name, or the project id)."""
    return text.replace(file, PROJECT).replace(Path(file).name, PROJECT)


def test_the_readme_commands_say_the_same_on_the_server(
    cli: Callable[..., Result], both: tuple[str, str]
) -> None:
    file, server = both
    for args in COMMANDS:
        on_file = cli(*args, "-w", file)
        on_server = cli(*args, "-w", server)
        assert on_file.code == 0, (args, on_file.err)
        assert (on_server.code, _same_words(on_server.out, file)) == (0, _same_words(on_file.out, file)), (
            args,
            on_server.err,
        )


def test_export_html_writes_the_same_page(
    cli: Callable[..., Result], both: tuple[str, str], tmp_path: Path
) -> None:
    file, server = both
    for name, where in (("file.html", file), ("server.html", server)):
        done = cli("export", "html", "-o", name, "-w", where)
        assert done.code == 0, done.err
    # the page names no workspace: byte for byte the same
    assert (tmp_path / "file.html").read_bytes() == (tmp_path / "server.html").read_bytes()


def test_the_default_report_name_comes_from_the_project_id(
    cli: Callable[..., Result], both: tuple[str, str], tmp_path: Path
) -> None:
    done = cli("export", "html", "-w", both[1])
    assert done.code == 0, done.err
    assert (tmp_path / f"{PROJECT}-report.html").is_file()


def test_new_import_and_demo_create_projects_on_the_server(
    cli: Callable[..., Result], both: tuple[str, str], tmp_path: Path
) -> None:
    server = both[1].partition("#")[0]
    assert cli("new", "Pump overhaul", "--start", "2027-04-05", "-w", f"{server}#pump").code == 0
    assert (
        cli("task", "add", "strip", "--name", "Strip down", "--duration", "1d", "-w", f"{server}#pump").code
        == 0
    )
    listed = cli("task", "list", "-w", f"{server}#pump")
    assert "Strip down" in listed.out
    exported = cli("export", "toml", "-w", both[0])
    (tmp_path / "plan.toml").write_text(exported.out, encoding="utf-8")
    assert cli("import", "plan.toml", "-w", f"{server}#imported").code == 0
    again = cli("import", "plan.toml", "-w", f"{server}#imported")
    assert again.code == 0 and "updated" in again.out
    assert cli("demo", "--no-tui", "-w", f"{server}#demo2").code == 0
    taken = cli("demo", "--no-tui", "-w", f"{server}#demo2")
    assert taken.code == 1 and "already exists" in taken.err
    projects = cli("team", "list", server).out
    assert all(re.search(rf"\b{key}\b", projects) for key in ("pump", "imported", "demo2", PROJECT))


def test_an_address_without_a_project_is_a_usage_error_and_a_missing_project_is_named(
    cli: Callable[..., Result], both: tuple[str, str]
) -> None:
    server = both[1]
    bare = cli("schedule", "-w", server.partition("#")[0])
    assert bare.code == 2 and "names no project" in bare.err
    missing = cli("schedule", "-w", server.partition("#")[0] + "#nope")
    assert missing.code == 1 and "no project 'nope'" in missing.err
