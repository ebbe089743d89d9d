"""The demo's tracking data: applied to the demo plan, every report works and its figures recompute."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Result, stored_demo_state
from plantrack.formats.demo import load_demo

Cli = Callable[..., Result]


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    stored_demo_state(tmp_path)
    (workspace,) = tmp_path.glob("*.plantrack.json")
    return workspace


def test_demo_reports_match_an_independent_recomputation(cli: Cli, demo: Path, tmp_path: Path) -> None:
    project, _ = load_demo()
    baseline = json.loads(cli("baseline", "show", "initial", "--json").out)
    cost = {t["id"]: t["cost"] for t in baseline["tasks"]}
    out = json.loads(cli("variance", "--json").out)
    p = out["project"]
    assert out["status_date"] == "2027-01-29T17:00:00"
    # state on 29 January: kickoff, current-state and layout finished, cdcf 80 % done
    ev = cost["kickoff"] + cost["current-state"] + cost["layout"] + 0.8 * cost["cdcf"]
    rates = {r.id: r.rate for r in project.resources}

    def blended(task: str) -> float:
        assigned = [a for a in project.assignments if a.task == task]
        return sum(rates[a.resource] * a.units for a in assigned) / sum(a.units for a in assigned)

    ac = 58 * blended("current-state") + 36 * blended("layout") + 98 * blended("cdcf")
    assert p["ev"] == pytest.approx(ev, abs=0.01)
    assert p["ac"] == pytest.approx(ac, abs=0.01)
    assert p["cv"] == pytest.approx(ev - ac, abs=0.02)
    assert p["spi"] == pytest.approx(p["ev"] / p["pv"], abs=1e-3)
    assert p["eac"] == pytest.approx(p["bac"] * p["ac"] / p["ev"], rel=1e-4)
    assert len(out["trend"]) == 2 and out["trend"][0]["status_date"] == "2027-01-15T17:00:00"
    causes = {row["cause"] for row in out["pareto"]}
    assert {"man", "method", "milieu"} <= causes | {"unspecified"}
    tasks = {t["id"]: t for t in out["tasks"]}
    assert tasks["current-state"]["finish_variance_hours"] == 4.0  # Fri 17:00 -> Mon 12:00: half a day
    assert tasks["cdcf"]["cause"] == "milieu"
    html = tmp_path / "review.html"
    assert cli("review", "-o", str(html)).code == 0
    page = html.read_text()
    for section in ("Indicators", "Tasks finished", "Late tasks", "Milestones and gates", "Open points"):
        assert section in page
    assert "Get the customer&#x27;s traceability requirement in writing" in page
    assert cli("variance").code == 0
