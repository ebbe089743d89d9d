"""A committee member (plantrack_read_all only) reads every project and changes none, by any command."""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Result
from plantrack.store.team.connection import connect
from plantrack.store.team.migrations.v3 import MEMBER_ROLE, READ_ALL_ROLE
from plantrack.store.team.state_read import read_state
from team.pg_cluster import Cluster

psycopg = pytest.importorskip("psycopg")
DEMO = "line3-retrofit.plantrack.json"
PROJECT = "line3-retrofit"
_numbers = itertools.count(1)

#: Every command that changes a workspace, with arguments that change the demo (each is first run on
#: a copy of the demo file, where it must succeed).
EDITS: tuple[tuple[str, ...], ...] = (
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
    ("task", "edit", "cdcf", "--name", "Specification"),
    ("task", "rm", "spares"),
    ("link", "add", "kickoff", "layout"),
    ("link", "rm", "kickoff", "current-state"),
    ("resource", "add", "welder", "--name", "Welder"),
    ("resource", "edit", "elec", "--capacity", "3"),
    ("resource", "rm", "torque-analyser", "--force"),
    ("assign", "layout", "quality"),
    ("calendar", "add", "nights", "--weekdays", "mon-fri", "--hours", "22:00-06:00"),
    ("calendar", "edit", "plant", "--hours", "fri=08:00-12:00"),
    ("calendar", "off", "plant", "--from", "2027-08-02", "--to", "2027-08-20", "--name", "summer"),
    ("window", "add", "stop-9", "--period", "2027-09-17T17:00..2027-09-20T06:00"),
    ("window", "edit", "stop-2", "--name", "Second stop"),
    ("schedule", "--level"),
    ("baseline", "save", "v2"),
    ("baseline", "rm", "initial", "--yes"),
    ("progress", "cdcf", "--date", "2027-01-29", "--done", "80%"),
    ("gate", "g1-spec", "--decision", "validated", "--by", "Steering committee", "--date", "2027-02-05"),
    ("action", "add", "Chase the supplier", "--owner", "I. Moreau", "--due", "2027-02-10"),
    ("action", "edit", "A4", "--due", "2027-02-17"),
    ("action", "update", "A4", "--status", "done"),
    ("review", "--attendee", "I. Moreau", "-o", "minutes.md"),
    ("scenario", "new", "later"),
    ("scenario", "rm", "supplier three weeks late"),
    ("scenario", "rename", "supplier three weeks late", "late supplier"),
    ("scenario", "score", "supplier three weeks late", "safety=4"),
    ("scenario", "adopt", "install in two weekend stops"),
    ("task", "edit", "cdcf", "--name", "In a scenario", "--scenario", "supplier three weeks late"),
    ("import", "plan.toml"),
)


def _login(uri: str, cluster: Cluster, member_of: str) -> tuple[str, str]:
    """A new login role in `member_of`, over TCP with a password: its address and its password."""
    name = f"ro{os.getpid()}_{next(_numbers)}"
    password = f"secret-{name}"
    with connect(uri) as admin:
        admin.execute(f"CREATE ROLE {name} LOGIN PASSWORD '{password}' IN ROLE {member_of}")
    database = uri.split("/")[-1].split("?")[0]
    return f"{cluster.tcp_uri(name, password, database)}#{PROJECT}", password


@pytest.fixture
def committee(
    cli: Callable[..., Result], pg_uri: str, pg_cluster: Cluster, tmp_path: Path
) -> tuple[str, str]:
    """The demo on a fresh database, and the address of a new login role that may only read."""
    for args in (("demo", "--no-tui"), ("team", "init", pg_uri), ("team", "push", DEMO, "--to", pg_uri)):
        done = cli(*args)
        assert done.code == 0, (args, done.err)
    plan = cli("export", "toml", "-w", DEMO)
    (tmp_path / "plan.toml").write_text(plan.out.replace("Station layout", "Layout"), encoding="utf-8")
    return _login(pg_uri, pg_cluster, READ_ALL_ROLE)


def _stored(uri: str) -> object:
    with connect(uri) as conn:
        return read_state(conn, uri, PROJECT)


def test_every_editing_command_is_refused_with_exit_4_and_the_project_unchanged(
    cli: Callable[..., Result], committee: tuple[str, str], pg_uri: str, tmp_path: Path
) -> None:
    address, password = committee
    assert cli("schedule", "-w", f"{pg_uri}#{PROJECT}").code == 0  # an editor stores the plan
    before = _stored(pg_uri)
    # the committee reads: a schedule that finds the stored plan current stores nothing, and shows it
    looked = cli("schedule", "-w", address)
    assert looked.code == 0 and "Critical path" in looked.out, looked.err
    assert cli("variance", "-w", address).code == 0
    for args in EDITS:
        copy = tmp_path / "copy.plantrack.json"
        shutil.copy(tmp_path / DEMO, copy)
        on_file = cli(*args, "-w", str(copy))
        assert on_file.code == 0, (args, on_file.err)
        refused = cli(*args, "-w", address)
        assert refused.code == 4, (args, refused.out, refused.err)
        assert f"project {PROJECT}: you may not edit it" in refused.err, args
        assert password not in refused.err + refused.out
    after = _stored(pg_uri)
    assert after == before


def test_a_user_without_the_read_right_is_told_so_without_the_password(
    cli: Callable[..., Result], committee: tuple[str, str], pg_uri: str, pg_cluster: Cluster
) -> None:
    with connect(pg_uri) as admin:  # a project of a team the user is not in
        admin.execute("UPDATE plantrack.projects SET team = 'others' WHERE id = %s", (PROJECT,))
    address, password = _login(pg_uri, pg_cluster, MEMBER_ROLE)  # in no team, not read-all
    refused = cli("task", "list", "-w", address)
    assert refused.code == 4, refused.err
    assert f"project {PROJECT}: you may not read it" in refused.err
    assert password not in refused.err
    # with the address given through the environment, as with -w
    os.environ["PLANTRACK_WORKSPACE"] = committee[0]
    try:
        listed = cli("task", "list")
    finally:
        del os.environ["PLANTRACK_WORKSPACE"]
    assert listed.code == 0 and "cdcf" in listed.out
