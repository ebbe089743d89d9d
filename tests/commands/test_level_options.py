"""`plantrack schedule --level`: leveled dates, the leveling block, exit 5 with nothing written."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from conftest import Result, fingerprint


def _import(cli: Callable[..., Result], shared_data: Path, name: str) -> None:
    result = cli("import", str(shared_data / "psplib" / "j30" / f"{name}.sm"), "-w", "p.plantrack.json")
    assert result.code == 0, result.err


def test_level_json_gives_the_makespan_and_the_proof(cli: Callable[..., Result], shared_data: Path) -> None:
    _import(cli, shared_data, "j301_1")
    # CP-SAT proves it in well under a second; the generous limit keeps a loaded machine from flipping it
    result = cli("schedule", "--level", "--time-limit", "120", "--json", "-w", "p.plantrack.json")
    assert result.code == 0, result.err
    doc = json.loads(result.out)
    assert doc["project"]["duration_hours"] == 43  # the proven optimum of j301_1 in best_known.csv
    assert doc["leveling"]["status"] == "optimal" and doc["leveling"]["gap"] == 0
    # the heuristic stops at 43 against a bound of 38 here: the proof, and so the plan, come from CP-SAT
    assert doc["leveling"]["method"] == "cp"
    assert set(doc["leveling"]) == {
        "status",
        "method",
        "reason",
        "reason_text",
        "objective_kind",
        "objective_working_hours",
        "bound_working_hours",
        "gap",
        "axis_minutes_are_working",
        "objective_axis_minutes",
        "bound_axis_minutes",
        "gap_axis",
        "time_s",
        "time_limit_s",
    }
    assert doc["leveling"]["reason"] == "cp-proven"
    # PSPLIB plans run round the clock: axis minutes and working minutes coincide
    assert (
        doc["leveling"]["objective_working_hours"] == 43
        and doc["leveling"]["objective_axis_minutes"] == 43 * 60
    )
    delays = {t["id"]: t["leveling_delay_hours"] for t in doc["tasks"]}
    assert all(d >= 0 for d in delays.values()) and any(d > 0 for d in delays.values())
    assert result.err == ""  # not a terminal: no progress line
    stored = cli("schedule", "--json", "-w", "p.plantrack.json")
    assert json.loads(stored.out)["project"]["duration_hours"] < 43  # plain CPM ignores capacities


def test_heuristic_and_stable_options(cli: Callable[..., Result], shared_data: Path) -> None:
    _import(cli, shared_data, "j301_1")
    heuristic = json.loads(cli("schedule", "--level", "--method", "heuristic", "--json").out)
    assert heuristic["leveling"]["method"] == "heuristic"
    stable = json.loads(cli("schedule", "--level", "--stable", "--time-limit", "3", "--json").out)
    assert stable["project"]["duration_hours"] == 43
    text = cli("schedule", "--level")
    assert text.code == 0 and "optimal (proven)" in text.out


def test_unschedulable_exits_5_and_writes_nothing(cli: Callable[..., Result], tmp_path: Path) -> None:
    # b holds r 09:00-11:00; c needs r for 2h and must finish by 11:00: only leveling sees the clash
    plan = tmp_path / "plan.toml"
    plan.write_text(
        '[project]\nname = "x"\nstart = 2027-01-04T08:00:00\n\n[resources.r]\ncapacity = 1\n\n'
        '[[tasks]]\nid = "b"\nduration = "2h"\nmust_start_on = 2027-01-04T09:00:00\nresources = { r = 1 }\n\n'
        '[[tasks]]\nid = "c"\nduration = "2h"\nfinish_no_later_than = 2027-01-04T11:00:00\n'
        "resources = { r = 1 }\n"
    )
    created = cli("import", str(plan), "-w", "x.plantrack.json")
    assert created.code == 0, created.out + created.err
    assert cli("schedule", "-w", "x.plantrack.json").code == 0
    before = fingerprint(tmp_path / "x.plantrack.json")
    result = cli("schedule", "--level", "-w", "x.plantrack.json")
    assert result.code == 5
    assert "c finishes by 2027-01-04T11:00" in result.err and "b must start on 2027-01-04T09:00" in result.err
    assert fingerprint(tmp_path / "x.plantrack.json") == before


def test_one_worker_and_a_seed_give_the_same_plan_every_run(
    cli: Callable[..., Result], shared_data: Path
) -> None:
    # j3013_3 is not proven by the heuristic's bound alone, so CP-SAT runs (and could differ between runs)
    _import(cli, shared_data, "j3013_3")
    runs = [
        cli("schedule", "--level", "--workers", "1", "--seed", "7", "--time-limit", "2", "--json")
        for _ in range(2)
    ]
    assert all(r.code == 0 for r in runs), runs[0].err
    plans = [{t["id"]: (t["start"], t["finish"]) for t in json.loads(r.out)["tasks"]} for r in runs]
    assert plans[0] == plans[1]
    assert json.loads(runs[0].out)["leveling"]["method"] == "cp"


def test_workers_and_seed_must_be_whole_numbers(cli: Callable[..., Result], shared_data: Path) -> None:
    _import(cli, shared_data, "j301_1")
    for option, value, said in (
        ("--workers", "-1", "--workers must be 0 or more"),
        ("--workers", "two", "--workers 'two' is not a whole number"),
        ("--seed", "1.5", "--seed '1.5' is not a whole number"),
    ):
        result = cli("schedule", "--level", option, value)
        assert result.code == 2 and said in result.err and "Traceback" not in result.err
