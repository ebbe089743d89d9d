"""`plantrack gate`: record a decision, list every gate with its forecast and latest decision."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Result, fingerprint
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.model import Link, Project, Task
from plantrack.store import WorkspaceState, create_workspace

Cli = Callable[..., Result]


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    path = tmp_path / "line3.plantrack.json"
    project = Project(
        name="Line 3",
        start=dt.datetime(2027, 1, 4, 8),
        tasks=(
            Task(id="spec", duration=Duration(minutes=2 * 480)),
            Task(id="g1", name="G1 Spec approved", milestone=True, gate=True),
            Task(id="fat", duration=Duration(minutes=480)),
            Task(id="g2", name="G2 FAT passed", milestone=True, gate=True),
        ),
        links=(
            Link(predecessor="spec", successor="g1"),
            Link(predecessor="g1", successor="fat"),
            Link(predecessor="fat", successor="g2"),
        ),
    )
    create_workspace(path, WorkspaceState(project=project))
    return path


def test_gate_list_shows_each_gate_its_forecast_and_latest_decision(cli: Cli, workspace: Path) -> None:
    assert cli("gate", "g1", "--decision", "deferred", "--by", "COPIL", "--date", "2027-01-06").code == 0
    r = cli("gate", "g1", "--decision", "validated", "--by", "COPIL", "--date", "2027-01-07", "--note", "ok")
    assert r.code == 0, r.err
    rows = json.loads(cli("gate", "list", "--json").out)
    assert rows == [
        {
            "id": "g1",
            "name": "G1 Spec approved",
            "status": "passed",
            "forecast": "2027-01-05T17:00",  # spec: Mon and Tue
            "decision": "validated",
            "date": "2027-01-07",
            "by": "COPIL",
            "note": "ok",
        },
        {
            "id": "g2",
            "name": "G2 FAT passed",
            "status": "pending",
            "forecast": "2027-01-06T17:00",
            "decision": None,
            "date": None,
            "by": None,
            "note": None,
        },
    ]
    text = cli("gate", "list").out
    assert "G2 FAT passed" in text and "2027-01-05 17:00" in text


def test_recording_needs_the_decision_who_and_when(cli: Cli, workspace: Path) -> None:
    before = fingerprint(workspace)
    r = cli("gate", "g1", "--decision", "validated")
    assert r.code == 2 and "--by, --date" in r.err
    assert fingerprint(workspace) == before
