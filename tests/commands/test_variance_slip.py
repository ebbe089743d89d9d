"""`variance --json`, its text and the review minutes show the same slips, in a unit their headers name."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Result, stored_demo_state
from plantrack.store import WorkspaceState, create_workspace

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scheduling" / "tracking"))
from slip_plan import slip_plan

Cli = Callable[..., Result]
STATUS = "2027-05-04T18:00"


@pytest.fixture
def tracked(cli: Cli, tmp_path: Path) -> Cli:
    """The hand-worked plan of test_slip.py, baselined, with its progress at Tue 4 May 18:00."""
    create_workspace(tmp_path / "foundation.plantrack.json", WorkspaceState(project=slip_plan()))
    for args in (
        ("baseline", "save", "v1"),
        ("progress", "L", "--date", STATUS, "--actual-start", "2027-03-01T08:00"),
        ("progress", "L", "--date", STATUS, "--actual-finish", "2027-03-08T08:00", "--cause", "material"),
        ("progress", "K", "--date", STATUS, "--actual-start", "2027-03-08T08:00"),
        ("progress", "K", "--date", STATUS, "--actual-finish", "2027-05-03T08:00"),
        ("progress", "W", "--date", STATUS, "--actual-start", "2027-05-03T08:00"),
        ("progress", "W", "--date", STATUS, "--remaining", "72h", "--cause", "man"),
    ):
        r = cli(*args)
        assert r.code == 0, (args, r.err)
    return cli


def _table(markdown: str, title: str) -> list[list[str]]:
    """The rows (header first) of the table under the `## title` heading."""
    section = markdown.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]
    lines = [line for line in section.splitlines() if line.startswith("|") and not line.startswith("|---")]
    return [[cell.strip().replace("\\", "") for cell in line.strip("|").split("|")] for line in lines]


def test_json_text_and_minutes_agree_on_the_hand_worked_slips(tracked: Cli, tmp_path: Path) -> None:
    out = json.loads(tracked("variance", "--json").out)
    assert out["slip_unit"] == "days of each task's own calendar"
    tasks = {t["id"]: t for t in out["tasks"]}
    # the figures test_slip.py works out by hand
    got = {
        k: (t["day_hours"], t["finish_slip_days"], t["introduced_slip_days"], t["inherited_from"])
        for k, t in tasks.items()
    }
    assert got == {
        "L": (24.0, 3.0, 3.0, None),
        "K": (24.0, 3.0, 0.0, "L"),
        "W": (12.0, 8.833, 5.833, "K"),
        "A": (8.0, 1.0, 0.0, "W"),
        "M": (8.0, 1.0, 0.0, "A"),
    }
    assert [(p["cause"], p["slip_days"]) for p in out["pareto"]] == [("man", 5.833), ("material", 3.0)]
    assert out["project"]["finish_slip_days"] == 1.0

    text = tracked("variance").out
    assert "Slips in days of each task's own calendar" in text and "Slip (task days)" in text

    r = tracked("review", "-o", "minutes.md")
    assert r.code == 0, r.err
    minutes = (tmp_path / "minutes.md").read_text(encoding="utf-8")
    assert "Slips are in days of each task's own calendar" in minutes
    late = _table(minutes, "Late tasks")
    assert late[0][:6] == ["Task", "Name", "Critical", "Slip (task days)", "Introduced", "Cause"]
    shown = {row[0]: (row[3], row[4], row[5]) for row in late[1:]}
    assert shown == {
        k: (f"{t['finish_slip_days']:+.1f} d", f"{t['introduced_slip_days']:+.1f} d", label)
        for (k, t), label in zip(
            tasks.items(),
            ["material", "inherited from L", "man, inherited from K", "inherited from W", "inherited from A"],
            strict=True,
        )
    }
    pareto = _table(minutes, "Introduced slip by cause (Pareto)")
    assert pareto[0][:2] == ["Cause", "Introduced slip (task days)"]
    assert [(row[0], row[1]) for row in pareto[1:]] == [
        (p["cause"], f"{p['slip_days']:.1f}") for p in out["pareto"]
    ]


def test_the_demo_invents_no_unspecified_slip(cli: Cli, tmp_path: Path) -> None:
    """The demo's supplier lead time is a three-point estimate in elapsed weeks: it counts 24 h days and
    only inherits the order's slip, so every day of the Pareto has the cause someone reported."""
    stored_demo_state(tmp_path)
    out = json.loads(cli("variance", "--json").out)
    lead = next(t for t in out["tasks"] if t["id"] == "lead-time")
    assert (lead["day_hours"], lead["introduced_slip_days"], lead["inherited_from"]) == (24.0, 0.0, "order")
    assert "unspecified" not in {p["cause"] for p in out["pareto"]}
    total = sum(t["introduced_slip_days"] for t in out["tasks"])
    assert sum(p["slip_days"] for p in out["pareto"]) == pytest.approx(total, abs=0.01)
