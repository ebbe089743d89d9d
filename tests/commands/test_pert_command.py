"""`plantrack pert`: figures on a hand-worked plan, text and JSON output, bad options write nothing."""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Result, fingerprint
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.model import Estimate, Link, Project, Task
from plantrack.store import WorkspaceState, create_workspace

Cli = Callable[..., Result]
DAY = 480


def phi(z: float) -> float:
    return 0.5 * (1 + math.erf(z / math.sqrt(2)))


def beta_cdf(alpha: float, beta: float, x: float, steps: int = 100_000) -> float:
    """Regularised incomplete beta by the midpoint rule (alpha, beta > 1: a bounded density)."""
    norm = math.lgamma(alpha + beta) - math.lgamma(alpha) - math.lgamma(beta)
    h = x / steps
    return (
        sum(
            math.exp(norm + (alpha - 1) * math.log((i + 0.5) * h) + (beta - 1) * math.log(1 - (i + 0.5) * h))
            for i in range(steps)
        )
        * h
    )


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """Monday 2027-03-01 08:00 on the standard calendar (Mon-Fri 08-12, 13-17).

    design: estimate 1d / 2d / 6d -> expected (480 + 4*960 + 2880)/6 = 1200 min, sd (2880-480)/6 = 400.
    build: fixed 2d (960 min) after design. done: milestone after build, due Friday 2027-03-05 17:00.
    Expected finish 2160 working minutes = 4.5 days: Friday 12:00.
    """
    path = tmp_path / "line3.plantrack.json"
    week = Estimate(
        optimistic=Duration(minutes=DAY),
        likely=Duration(minutes=2 * DAY),
        pessimistic=Duration(minutes=6 * DAY),
    )
    project = Project(
        name="Line 3 retrofit",
        start=dt.datetime(2027, 3, 1, 8, 0),
        finish=dt.datetime(2027, 3, 8, 17, 0),
        tasks=(
            Task(id="design", name="Design the station", estimate=week),
            Task(id="build", name="Build it", duration=Duration(minutes=2 * DAY)),
            Task(id="done", name="Ready", milestone=True, deadline=dt.datetime(2027, 3, 5, 17, 0)),
        ),
        links=(Link(predecessor="design", successor="build"), Link(predecessor="build", successor="done")),
    )
    create_workspace(path, WorkspaceState(project=project))
    return path


def test_json_figures_match_the_hand_computation(cli: Cli, workspace: Path) -> None:
    r = cli("pert", "--json")
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    assert doc["simulation"] == {"runs": 10000, "seed": 0, "distribution": "beta"}
    assert doc["project"]["start"] == "2027-03-01T08:00:00"
    pert = doc["pert"]
    assert pert["expected_finish"] == "2027-03-05T12:00:00"
    assert pert["expected_hours"] == 36 and pert["std_hours"] == pytest.approx(400 / 60, abs=0.01)
    assert pert["chain"] == ["design", "build", "done"]
    # due Monday 8 March 17:00 = 2880 working minutes: z = (2880 - 2160)/400 = 1.8
    assert pert["probability"] == pytest.approx(phi(1.8))
    (done,) = doc["targets"]
    assert done["id"] == "done" and done["due"] == "2027-03-05T17:00:00"
    assert done["pert"]["probability"] == pytest.approx(phi(0.6))  # (2400 - 2160)/400
    # simulated: the milestone is on time when design <= 1440 minutes, i.e. Beta(1.8, 4.2) <= 0.4
    alpha, beta = 1 + 4 * 480 / 2400, 1 + 4 * 1920 / 2400
    assert done["monte_carlo"]["probability"] == pytest.approx(beta_cdf(alpha, beta, 0.4), abs=0.015)
    # the project is on time (2880 minutes) when design <= 1920 minutes: Beta(1.8, 4.2) <= 0.6
    assert doc["monte_carlo"]["probability"] == pytest.approx(beta_cdf(alpha, beta, 0.6), abs=0.01)
    mc = doc["monte_carlo"]
    assert mc["p50_hours"] <= mc["p80_hours"] <= mc["p95_hours"]
    assert dt.datetime.fromisoformat(mc["p50"]) < dt.datetime.fromisoformat(mc["p95"])
    tasks = {t["id"]: t for t in doc["tasks"]}
    assert tasks["design"]["criticality"] == tasks["build"]["criticality"] == 1.0
    assert tasks["build"]["sensitivity"] is None and tasks["design"]["sensitivity"] == pytest.approx(
        1.0, abs=1e-3
    )
    assert doc["sensitivity_ranking"] == ["design"]


def test_text_report_and_options(cli: Cli, workspace: Path) -> None:
    r = cli("pert", "--runs", "2000", "--seed", "4", "--distribution", "triangular", "--by", "2027-03-04")
    assert r.code == 0, r.err
    assert "2000 runs, triangular distribution, seed 4" in r.out
    assert "expected finish  2027-03-05 12:00" in r.out
    assert "critical chain   design -> build -> done" in r.out
    # --by a date alone means the end of its working day (17:00): 4 days of work = 1920 minutes,
    # z = (1920 - 2160)/400 = -0.6; the day is shown as typed
    assert f"P(finish by 2027-03-04)  {100 * phi(-0.6):.1f} %" in r.out
    assert "Design the station" in r.out and "Milestones and deadlines" in r.out
    assert (
        cli("pert", "--runs", "2000", "--seed", "4", "--distribution", "triangular").out
        == cli("pert", "--runs", "2000", "--seed", "4", "--distribution", "triangular").out
    )


@pytest.mark.parametrize(
    "args",
    [("--runs", "0"), ("--runs", "many"), ("--seed", "-1"), ("--distribution", "normal"), ("--by", "soon")],
)
def test_bad_options_are_usage_errors_and_write_nothing(
    cli: Cli, workspace: Path, args: tuple[str, ...]
) -> None:
    before = fingerprint(workspace)
    r = cli("pert", *args)
    assert r.code == 2
    assert "Traceback" not in r.err
    assert fingerprint(workspace) == before


def test_missing_workspace_and_cycle_are_reported(cli: Cli, tmp_path: Path) -> None:
    r = cli("pert")
    assert r.code == 1 and "workspace" in r.err
    path = tmp_path / "loop.plantrack.json"
    project = Project(
        name="loop",
        start=dt.datetime(2027, 3, 1, 8, 0),
        tasks=(Task(id="a", duration=Duration(minutes=60)), Task(id="b", duration=Duration(minutes=60))),
        links=(Link(predecessor="a", successor="b"), Link(predecessor="b", successor="a")),
    )
    create_workspace(path, WorkspaceState(project=project))
    before = fingerprint(path)
    r = cli("pert", "--json")
    assert r.code == 1
    assert any(p["code"] == "dep-cycle" for p in json.loads(r.out))
    assert fingerprint(path) == before


def test_end_to_end_in_a_subprocess(plantrack: Callable[..., Result], workspace: Path) -> None:
    r = plantrack("pert", "--runs", "500")
    assert r.code == 0, r.err
    assert "P50" in r.out and "design" in r.out


def test_a_window_missed_in_some_runs_is_reported(cli: Cli, tmp_path: Path) -> None:
    """prep (1d, 2d, 8d) must be done by Friday 17:00 (5 days) for swap to take the only weekend stop."""
    from plantrack.scheduling.model import Calendar, Period, TimeRange, Window

    stop = Period(start=dt.datetime(2027, 3, 5, 20, 0), end=dt.datetime(2027, 3, 8, 6, 0))
    crew = Calendar(id="crew", weekdays=tuple(range(7)), hours=(TimeRange(start=0, end=24 * 60),))
    prep = Estimate(
        optimistic=Duration(minutes=DAY),
        likely=Duration(minutes=2 * DAY),
        pessimistic=Duration(minutes=8 * DAY),
    )
    project = Project(
        name="stop",
        start=dt.datetime(2027, 3, 1, 8, 0),
        calendars=(crew,),
        windows=(Window(id="stop", periods=(stop,)),),
        tasks=(
            Task(id="prep", estimate=prep),
            Task(id="swap", duration=Duration(minutes=600), window="stop", calendar="crew"),
        ),
        links=(Link(predecessor="prep", successor="swap"),),
    )
    create_workspace(tmp_path / "stop.plantrack.json", WorkspaceState(project=project))
    doc = json.loads(cli("pert", "--json").out)
    missed = {t["id"]: t["window_missed"] for t in doc["tasks"]}
    # P(prep > 5 days) = 1 - F_beta(4/7) with alpha = 1 + 4/7, beta = 1 + 24/7
    assert missed["swap"] == pytest.approx(1 - beta_cdf(1 + 4 / 7, 1 + 24 / 7, 4 / 7), abs=0.015)
    assert missed["prep"] == 0
    text = cli("pert").out
    assert "warning: swap fits in no period of its shutdown window" in text


def test_progress_recorded_in_the_workspace_is_honoured(cli: Cli, workspace: Path) -> None:
    """design finished Tuesday 17:00 (after 2 days; no spread left), status date Wednesday 17:00.

    build (2 fixed days) starts no earlier than the status date: Thursday 08:00 to Friday 17:00, where
    `plantrack schedule` puts the finish too. Nothing uncertain remains: P50 = P95 = Friday 17:00 and the
    Friday 17:00 deadline of done is met in every run; design is history, never critical.
    """
    r = cli(
        "progress",
        "design",
        "--date",
        "2027-03-03T17:00",
        "--actual-start",
        "2027-03-01T08:00",
        "--actual-finish",
        "2027-03-02T17:00",
    )
    assert r.code == 0, r.err
    doc = json.loads(cli("pert", "--json", "--runs", "300").out)
    assert doc["project"]["status_date"].startswith("2027-03-03T17:00")
    tasks = {t["id"]: t for t in doc["tasks"]}
    assert tasks["design"]["status"] == "complete" and tasks["design"]["std_hours"] == 0
    assert tasks["design"]["criticality"] == 0 and tasks["design"]["sensitivity"] is None
    assert tasks["build"]["criticality"] == 1
    assert doc["sensitivity_ranking"] == []
    finish = dt.datetime.fromisoformat(json.loads(cli("schedule", "--json").out)["project"]["finish"])
    assert finish == dt.datetime(2027, 3, 5, 17, 0)
    for level in ("p50", "p80", "p95"):
        assert dt.datetime.fromisoformat(doc["monte_carlo"][level]) == finish
    assert dt.datetime.fromisoformat(doc["pert"]["expected_finish"]) == finish
    (done,) = doc["targets"]
    assert done["monte_carlo"]["probability"] == 1.0 and done["pert"]["probability"] == 1.0
    text = cli("pert", "--runs", "300").out
    assert "Progress at 2027-03-03 17:00" in text and "complete" in text


def test_demo_workspace_end_to_end(plantrack: Callable[..., Result], tmp_path: Path) -> None:
    """`plantrack demo` creates a tracked workspace: the risk analysis starts at its status date."""
    assert plantrack("demo").code == 0
    r = plantrack("pert", "--json", "--runs", "500")
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    status_date = doc["project"]["status_date"]
    assert status_date is not None
    assert doc["monte_carlo"]["p50"] > status_date
    finished = [t for t in doc["tasks"] if t["status"] == "complete"]
    assert finished and all(t["criticality"] == 0 and t["sensitivity"] is None for t in finished)
    assert any(t["status"] == "in-progress" for t in doc["tasks"])
