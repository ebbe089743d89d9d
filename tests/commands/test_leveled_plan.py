"""A leveled plan is the plan downstream: kept by `schedule`, frozen by `baseline save`, reported by
`variance` and the exports, kept across progress, dropped only by `--clear-leveling`.

The plan (data/smed_closure.toml) is installation work on the crew's calendar while the plant calendar
is closed, inside the shutdown window, two installs for one fitter: leveling delays one of them by
24 crew hours, from Mon 2 August 14:00 to Wed 4 August 06:00.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Result

PLAN = Path(__file__).with_name("data") / "smed_closure.toml"
UNLEVELED = "2027-08-02T14:00"
LEVELED = "2027-08-04T06:00"


@pytest.fixture
def leveled(cli: Callable[..., Result]) -> str:
    """Import and level; the id of the install that waits for the fitter."""
    assert cli("import", str(PLAN), "-w", "s.plantrack.json").code == 0
    result = cli("schedule", "--level", "--workers", "1", "--json")
    assert result.code == 0, result.err
    rows = {t["id"]: t for t in json.loads(result.out)["tasks"]}
    waiting = [tid for tid, row in rows.items() if row.get("leveling_delay_hours")]
    assert len(waiting) == 1
    assert rows[waiting[0]]["start"] == LEVELED and rows[waiting[0]]["leveling_delay_hours"] == 24
    assert rows[waiting[0]]["leveling_delayed_by"] == "fitter"
    return waiting[0]


def _starts(out: str) -> dict[str, str]:
    return {t["id"]: t["start"] for t in json.loads(out)["tasks"]}


def test_a_plain_schedule_keeps_the_leveled_plan(cli: Callable[..., Result], leveled: str) -> None:
    assert _starts(cli("schedule", "--json").out)[leveled] == LEVELED
    assert "2027-08-04 06:00" in cli("schedule").out


def test_the_baseline_freezes_the_leveled_plan(cli: Callable[..., Result], leveled: str) -> None:
    assert cli("baseline", "save", "v1").code == 0
    frozen = {t["id"]: t["start"] for t in json.loads(cli("baseline", "show", "v1", "--json").out)["tasks"]}
    assert frozen[leveled].startswith(LEVELED)
    # dropping the leveling later does not touch what was frozen
    assert cli("schedule", "--clear-leveling").code == 0
    again = {t["id"]: t["start"] for t in json.loads(cli("baseline", "show", "v1", "--json").out)["tasks"]}
    assert again == frozen


def test_variance_and_the_csv_export_forecast_the_leveled_plan(
    cli: Callable[..., Result], leveled: str, tmp_path: Path
) -> None:
    assert cli("baseline", "save", "v1").code == 0
    tasks = {t["id"]: t for t in json.loads(cli("variance", "--json").out)["tasks"]}
    assert tasks[leveled]["start_variance_hours"] == 0
    exported = cli("export", "csv", "-o", "plan.csv")
    assert exported.code == 0, exported.err
    rows = list(csv.reader(io.StringIO((tmp_path / "plan.csv").read_text(encoding="utf-8-sig"))))
    row = next(r for r in rows if r and r[0] == leveled)
    assert any(cell.startswith("2027-08-04") for cell in row), row


def test_progress_keeps_the_leveled_order(cli: Callable[..., Result], leveled: str) -> None:
    done = cli(
        "progress", "prep", "--date", "2027-08-03T12:00", "--actual-start", "2027-08-02T06:00",
        "--actual-finish", "2027-08-02T14:00",
    )  # fmt: skip
    assert done.code == 0, done.err
    # the status date lies after the install's unleveled start: it still starts where leveling put it
    assert _starts(cli("schedule", "--json").out)[leveled] == LEVELED


def test_clear_leveling_returns_to_the_unleveled_plan(cli: Callable[..., Result], leveled: str) -> None:
    cleared = cli("schedule", "--clear-leveling", "--json")
    assert _starts(cleared.out)[leveled] == UNLEVELED
    assert _starts(cli("schedule", "--json").out)[leveled] == UNLEVELED
    both = cli("schedule", "--level", "--clear-leveling")
    assert both.code == 2 and "exclude" in both.err
