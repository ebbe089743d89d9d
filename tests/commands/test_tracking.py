"""Tracking from the command line on a small workspace: baseline, progress, variance, gate, review."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Result, fingerprint
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.model import Assignment, Link, Project, Resource, Task
from plantrack.store import WorkspaceState, create_workspace, open_workspace
from plantrack.store.histories import encode_history

Cli = Callable[..., Result]
DAY = 480


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """Design 2d (tech @40/h) -> Wire 3d (2 elec @60/h, fixed 300) -> Accept (gate), on the standard
    calendar (Mon-Fri 08:00-12:00, 13:00-17:00); Mon 1 March 2027."""
    path = tmp_path / "small.plantrack.json"
    project = Project(
        name="Small retrofit",
        start=dt.datetime(2027, 3, 1, 8),
        resources=(Resource(id="tech", rate=40.0), Resource(id="elec", rate=60.0, capacity=2)),
        tasks=(
            Task(id="design", name="Design", duration=Duration(minutes=2 * DAY)),
            Task(id="wire", name="Wire", duration=Duration(minutes=3 * DAY), fixed_cost=300.0),
            Task(id="accept", name="Acceptance", milestone=True, gate=True),
        ),
        links=(Link(predecessor="design", successor="wire"), Link(predecessor="wire", successor="accept")),
        assignments=(
            Assignment(task="design", resource="tech"),
            Assignment(task="wire", resource="elec", units=2),
        ),
    )
    create_workspace(path, WorkspaceState(project=project))
    return path


def test_baseline_progress_variance_end_to_end(cli: Cli, workspace: Path) -> None:
    r = cli("baseline", "save", "initial", "--note", "approved")
    assert r.code == 0, r.err
    shown = json.loads(cli("baseline", "show", "initial", "--json").out)
    # 16 h x 40 = 640; 48 h x 60 + 300 = 3 180; BAC 3 820
    assert [t["cost"] for t in shown["tasks"]] == [640.0, 3180.0, 0.0] and shown["bac"] == 3820.0
    assert shown["finish"] == "2027-03-05T17:00:00"
    r = cli(
        "progress",
        "design",
        "--date",
        "2027-03-03T17:00",
        "--actual-start",
        "2027-03-01T08:00",
        "--actual-finish",
        "2027-03-03T12:00",
        "--hours",
        "20",
        "--cause",
        "method",
        "--note",
        "rework",
    )
    assert r.code == 0, r.err
    r = cli(
        "progress",
        "wire",
        "--date",
        "2027-03-03T17:00",
        "--actual-start",
        "2027-03-03T13:00",
        "--done",
        "10%",
    )
    assert r.code == 0, r.err
    out = json.loads(cli("variance", "--json").out)
    p = out["project"]
    # status Wed 3 17:00: PV = 640 + 1/3 x 3 180 = 1 700; EV = 640 + 318 = 958; AC = 20 x 40 + 318 = 1 118
    assert (p["pv"], p["ev"], p["ac"]) == (1700.0, 958.0, 1118.0)
    assert p["spi"] == round(958 / 1700, 4) and p["cpi"] == round(958 / 1118, 4)
    assert p["eac"] == round(3820 * 1118 / 958, 2)
    assert set(p) >= {
        "bac",
        "pv",
        "ev",
        "ac",
        "sv",
        "cv",
        "spi",
        "cpi",
        "eac",
        "etc",
        "vac",
        "tcpi",
        "baseline_finish",
        "forecast_finish",
        "finish_slip_hours",
    }
    tasks = {t["id"]: t for t in out["tasks"]}
    assert set(tasks["design"]) == {
        "id",
        "start_variance_hours",
        "finish_variance_hours",
        "duration_variance_hours",
        "cost_variance",
        "percent_complete",
        "cause",
        "day_hours",
        "finish_slip_days",
        "introduced_slip_days",
        "inherited_slip_days",
        "inherited_from",
    }
    assert tasks["design"]["finish_variance_hours"] == 4.0 and tasks["design"]["cause"] == "method"
    # wire: 90 % of 3 days left from Wed 17:00 = 21.6 h: Thu, Fri, then 5.6 h on Mon 8 (lunch 12-13) -> 14:36
    assert out["status_date"] == "2027-03-03T17:00:00" and out["baseline"] == "initial"
    assert p["forecast_finish"] == "2027-03-08T14:36:00" and p["finish_slip_hours"] == pytest.approx(5.6)
    assert out["late"] == ["accept", "wire", "design"]  # critical first (equal slips by id), then design
    text = cli("variance")
    assert text.code == 0 and "Late tasks" in text.out and "SPI" in text.out


def test_refused_progress_writes_nothing(cli: Cli, workspace: Path) -> None:
    before = fingerprint(workspace)
    for args in (
        ("design", "--date", "2027-03-03", "--actual-start", "2027-03-04"),  # after the status date
        ("design", "--date", "2027-03-03", "--actual-start", "2027-03-01", "--done", "140%"),
        ("design", "--date", "2027-03-03", "--actual-start", "2027-03-02", "--actual-finish", "2027-03-01"),
        ("nosuch", "--date", "2027-03-03", "--done", "10"),
    ):
        r = cli("progress", *args)
        assert r.code == 1 and "Traceback" not in r.err, args
    assert (
        "actuals-invalid"
        in cli("progress", "design", "--date", "2027-03-03", "--actual-start", "2027-03-04").err
    )
    assert fingerprint(workspace) == before


def test_out_of_sequence_progress_warns(cli: Cli, workspace: Path) -> None:
    r = cli("progress", "wire", "--date", "2027-03-03", "--actual-start", "2027-03-02T08:00")
    assert r.code == 0 and "predecessor-not-started" in r.err


def test_csv_batch_is_all_or_nothing(cli: Cli, workspace: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("task,date,actual_start,done\ndesign,2027-03-02,2027-03-01,50\nwire,2027-03-02,,x\n")
    before = fingerprint(workspace)
    r = cli("progress", "--csv", str(bad))
    assert r.code == 1 and "bad.csv:3" in r.err and fingerprint(workspace) == before
    good = tmp_path / "good.csv"
    good.write_text("task,date,actual_start,done,cause\ndesign,2027-03-02,2027-03-01T08:00,50,man\n")
    assert cli("progress", "--csv", str(good)).code == 0
    records = encode_history("progress", open_workspace(workspace).read().progress)
    assert len(records) == 1 and records[0]["percent_complete"] == 50.0


def test_baselines_never_change_and_rm_needs_yes(cli: Cli, workspace: Path) -> None:
    assert cli("baseline", "save", "b1").code == 0
    assert cli("baseline", "save", "b1").code == 1
    assert cli("baseline", "rm", "b1").code == 2
    assert cli("baseline", "rm", "b1", "--yes").code == 0
    assert json.loads(cli("baseline", "list", "--json").out) == []
    assert cli("variance").code == 1


def test_gates_actions_and_review(cli: Cli, workspace: Path, tmp_path: Path) -> None:
    assert cli("baseline", "save", "initial").code == 0
    assert cli("gate", "design", "--decision", "validated", "--by", "Q", "--date", "2027-03-03").code == 1
    assert (
        cli("gate", "accept", "--decision", "deferred", "--by", "N. Garcia", "--date", "2027-03-03").code == 0
    )
    r = cli(
        "action",
        "add",
        "Order spare <b>nutrunner</b>",
        "--owner",
        "J. Martin",
        "--due",
        "2027-03-02",
        "--task",
        "wire",
        "--ease",
        "easy",
        "--impact",
        "high",
    )
    assert r.code == 0, r.err
    assert cli("action", "add", "Second", "--owner", "P. Durand", "--due", "2027-04-02").code == 0
    assert cli("action", "update", "A2", "--status", "done", "--pdca", "check").code == 0
    assert cli("action", "update", "A9", "--status", "done").code == 1
    listed = json.loads(cli("action", "list", "--open", "--json").out)
    assert [(a["id"], a["overdue"]) for a in listed] == [("A1", True)]  # today is 15 March 2027
    assert [a["id"] for a in json.loads(cli("action", "list", "--owner", "p. durand", "--json").out)] == [
        "A2"
    ]
    assert (
        cli(
            "progress",
            "design",
            "--date",
            "2027-03-03T17:00",
            "--actual-start",
            "2027-03-01T08:00",
            "--done",
            "50%",
        ).code
        == 0
    )
    out = tmp_path / "minutes.html"
    r = cli("review", "--since", "2027-03-01", "-o", str(out))
    assert r.code == 0, r.err
    page = out.read_text()
    assert "Order spare &lt;b&gt;nutrunner&lt;/b&gt;" in page and "<b>" not in page
    assert "deferred by N. Garcia" in page and "Overdue actions" in page
    md = tmp_path / "minutes.md"
    assert cli("review", "--format", "md", "-o", str(md)).code == 0
    assert md.read_text().startswith("# Review minutes")
