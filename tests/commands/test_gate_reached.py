"""Gates in the plan: a validated gate is reached, a deferred one holds its successors; progress without an
actual start takes the baseline (else planned) start with a note.

Standard calendar (Mon-Fri 08:00-12:00, 13:00-17:00) from Mon 1 March 2027:
prep 2d (Mon-Tue) -> trial 5d (Wed 3 - Tue 9) -> G (gate) -> build 2d (Wed 10 - Thu 11).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import Result, fingerprint
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.model import Link, Project, Task
from plantrack.store import WorkspaceState, create_workspace, open_workspace
from plantrack.store.tracking_codec import actuals_at, progress

Cli = Callable[..., Result]
DAY = 480


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    path = tmp_path / "gates.plantrack.json"
    project = Project(
        name="Gates",
        start=dt.datetime(2027, 3, 1, 8),
        tasks=(
            Task(id="prep", duration=Duration(minutes=2 * DAY)),
            Task(id="trial", duration=Duration(minutes=5 * DAY)),
            Task(id="G", name="Trial validated", milestone=True, gate=True),
            Task(id="build", duration=Duration(minutes=2 * DAY)),
        ),
        links=(
            Link(predecessor="prep", successor="trial"),
            Link(predecessor="trial", successor="G"),
            Link(predecessor="G", successor="build"),
        ),
    )
    create_workspace(path, WorkspaceState(project=project))
    return path


def plan(cli: Cli) -> dict[str, dict[str, Any]]:
    r = cli("schedule", "--json")
    assert r.code == 0, r.err
    return {t["id"]: t for t in json.loads(r.out)["tasks"]}


def dates(cli: Cli, task: str) -> tuple[str, str]:
    row = plan(cli)[task]
    return row["start"], row["finish"]


def ok(r: Result) -> Result:
    assert r.code == 0, r.err
    return r


def trial_under_way(cli: Cli) -> None:
    """Status date Wed 3 March 17:00: prep done, trial started that morning, one day of five done."""
    ok(cli("progress", "prep", "--date", "2027-03-03T17:00", "--actual-start", "2027-03-01T08:00",
           "--actual-finish", "2027-03-02T17:00"))  # fmt: skip
    ok(cli("progress", "trial", "--date", "2027-03-03T17:00", "--actual-start", "2027-03-03T08:00",
           "--done", "20%"))  # fmt: skip


def test_a_validated_gate_is_reached_without_progress_on_it(cli: Cli, workspace: Path) -> None:
    trial_under_way(cli)
    # trial has 4 days left (Thu 4, Fri 5, Mon 8, Tue 9): G waits for it, build runs Wed 10 - Thu 11
    assert dates(cli, "G") == ("2027-03-09T17:00", "2027-03-09T17:00")
    assert dates(cli, "build") == ("2027-03-10T08:00", "2027-03-11T17:00")
    r = ok(cli("gate", "G", "--decision", "validated", "--by", "COPIL", "--date", "2027-03-03"))
    assert "reached: its successors may start" in r.out
    # G reached on the decision's day; build is held only by the status date: Thu 4 and Fri 5
    assert dates(cli, "G") == ("2027-03-03T00:00", "2027-03-03T00:00")
    assert dates(cli, "build") == ("2027-03-04T08:00", "2027-03-05T17:00")
    # starting build after the validated gate is in sequence: no predecessor-not-started warning
    r = ok(cli("progress", "build", "--date", "2027-03-04T17:00", "--actual-start", "2027-03-04T08:00",
               "--done", "50%"))  # fmt: skip
    assert "predecessor-not-started" not in r.err


def test_a_gate_validated_after_the_status_date_is_reached_on_that_day(cli: Cli, workspace: Path) -> None:
    trial_under_way(cli)
    ok(cli("gate", "G", "--decision", "validated", "--by", "COPIL", "--date", "2027-03-08"))
    # Mon 8 March: build may start that morning and takes Mon 8 and Tue 9
    assert dates(cli, "G") == ("2027-03-08T00:00", "2027-03-08T00:00")
    assert dates(cli, "build") == ("2027-03-08T08:00", "2027-03-09T17:00")


@pytest.mark.parametrize("decision", ["deferred", "rejected"])
def test_a_gate_not_validated_holds_its_successors_until_a_later_decision(
    cli: Cli, workspace: Path, decision: str
) -> None:
    """Status date Fri 5 March 17:00; trial finished Thu 4 17:00 and G was reported reached then."""
    ok(cli("progress", "prep", "--date", "2027-03-05T17:00", "--actual-start", "2027-03-01T08:00",
           "--actual-finish", "2027-03-02T17:00"))  # fmt: skip
    ok(cli("progress", "trial", "--date", "2027-03-05T17:00", "--actual-start", "2027-03-03T08:00",
           "--actual-finish", "2027-03-04T17:00"))  # fmt: skip
    ok(cli("progress", "G", "--date", "2027-03-05T17:00", "--actual-finish", "2027-03-04T17:00"))
    assert dates(cli, "G") == ("2027-03-04T17:00", "2027-03-04T17:00")
    assert "G" in actuals_at(open_workspace(workspace).read())[1]
    r = ok(cli("gate", "G", "--decision", decision, "--by", "COPIL", "--date", "2027-03-05"))
    assert "not reached: its successors wait for a later decision" in r.out
    # not reached: G is ahead of the status date, at the first working minute after it (Mon 8 08:00),
    # and build follows it: Mon 8 and Tue 9
    rows = plan(cli)
    assert (rows["G"]["start"], rows["G"]["finish"]) == ("2027-03-08T08:00", "2027-03-08T08:00")
    assert "G" not in actuals_at(open_workspace(workspace).read())[1]  # the reported finish is set aside
    assert (rows["build"]["start"], rows["build"]["finish"]) == ("2027-03-08T08:00", "2027-03-09T17:00")
    # validated on Wed 10: reached that day, build runs Wed 10 and Thu 11
    ok(cli("gate", "G", "--decision", "validated", "--by", "COPIL", "--date", "2027-03-10"))
    assert dates(cli, "G") == ("2027-03-10T00:00", "2027-03-10T00:00")
    assert dates(cli, "build") == ("2027-03-10T08:00", "2027-03-11T17:00")


def test_the_variance_forecast_counts_the_gate_as_schedule_does(cli: Cli, workspace: Path) -> None:
    ok(cli("baseline", "save", "b1"))
    trial_under_way(cli)
    ok(cli("gate", "G", "--decision", "validated", "--by", "COPIL", "--date", "2027-03-03"))
    rows = {t["id"]: t for t in json.loads(ok(cli("variance", "--json")).out)["tasks"]}
    # baseline finish Thu 11 17:00, forecast Fri 5 17:00: four working days (32 h) early
    assert rows["build"]["finish_variance_hours"] == -32.0


# ---------------------------------------------------------------- progress without --actual-start


def stored_start(workspace: Path, task: str) -> dt.datetime | None:
    records = [r for r in progress(open_workspace(workspace).read()) if r.task == task]
    return records[-1].actual_start


def test_done_without_a_start_takes_the_baseline_start_with_a_note(cli: Cli, workspace: Path) -> None:
    ok(cli("baseline", "save", "b1"))
    r = ok(cli("progress", "prep", "--date", "2027-03-02T17:00", "--done", "100%", "--json"))
    doc = json.loads(r.out)
    assert doc["recorded"] == 1
    notes = {n["code"]: n for n in doc["notes"]}
    assert notes["start-assumed"]["tasks"] == ["prep"]
    assert "2027-03-01 08:00" in notes["start-assumed"]["message"]
    assert "baseline b1" in notes["start-assumed"]["message"]
    assert "start-assumed" in r.err  # also said to the user
    assert stored_start(workspace, "prep") == dt.datetime(2027, 3, 1, 8)
    # finished on its status date, Tue 2 March 17:00, as the baseline had it: trial keeps Wed 3 - Tue 9
    assert dates(cli, "prep") == ("2027-03-01T08:00", "2027-03-02T17:00")
    assert dates(cli, "trial") == ("2027-03-03T08:00", "2027-03-09T17:00")


def test_without_a_baseline_the_planned_start_is_taken(cli: Cli, workspace: Path) -> None:
    r = ok(cli("progress", "prep", "--date", "2027-03-02T17:00", "--done", "100%"))
    assert "start-assumed" in r.err and "the plan" in r.err
    assert stored_start(workspace, "prep") == dt.datetime(2027, 3, 1, 8)
    # the plan at the status date Tue 2 17:00 starts trial Wed 3 08:00; 40 % of 5 days done on Thu 4
    # leaves 3 days from then: Fri 5, Mon 8, Tue 9
    r = ok(cli("progress", "trial", "--date", "2027-03-04T17:00", "--done", "40%"))
    assert "start-assumed" in r.err
    assert stored_start(workspace, "trial") == dt.datetime(2027, 3, 3, 8)
    assert dates(cli, "trial") == ("2027-03-03T08:00", "2027-03-09T17:00")


def test_a_planned_start_after_the_status_date_is_refused(cli: Cli, workspace: Path) -> None:
    before = fingerprint(workspace)
    r = cli("progress", "trial", "--date", "2027-03-02T12:00", "--done", "10%")
    assert r.code == 1
    assert "task trial" in r.err and "2027-03-03 08:00" in r.err and "--actual-start" in r.err
    assert "Traceback" not in r.err
    assert fingerprint(workspace) == before


def test_a_csv_batch_without_starts_takes_them_from_the_baseline(
    cli: Cli, workspace: Path, tmp_path: Path
) -> None:
    ok(cli("baseline", "save", "b1"))
    batch = tmp_path / "week.csv"
    batch.write_text("task;date;done\nprep;2027-03-04T17:00;100\ntrial;2027-03-04T17:00;40\n")
    r = ok(cli("progress", "--csv", str(batch), "--json"))
    assert [n["tasks"] for n in json.loads(r.out)["notes"] if n["code"] == "start-assumed"] == [
        ["prep"],
        ["trial"],
    ]
    # the baseline's starts: prep Mon 1 08:00, trial Wed 3 08:00
    assert stored_start(workspace, "prep") == dt.datetime(2027, 3, 1, 8)
    assert stored_start(workspace, "trial") == dt.datetime(2027, 3, 3, 8)
    # trial: 40 % of 5 days done at Thu 4 17:00 leaves 3 days: Fri 5, Mon 8, Tue 9
    assert dates(cli, "trial") == ("2027-03-03T08:00", "2027-03-09T17:00")
