"""`plantrack schedule --level`: leveled dates, the leveling block, exit 5 with nothing written."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Result, fingerprint

OWN_SM = Path(__file__).parents[1] / "formats" / "files" / "press_line.sm"


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
    # the leveled plan is the plan now: a plain schedule keeps it, --clear-leveling drops it
    kept = json.loads(cli("schedule", "--json", "-w", "p.plantrack.json").out)
    assert kept["project"]["duration_hours"] == 43
    assert {t["id"]: t["start"] for t in kept["tasks"]} == {t["id"]: t["start"] for t in doc["tasks"]}
    cleared = cli("schedule", "--clear-leveling", "--json", "-w", "p.plantrack.json")
    assert json.loads(cleared.out)["project"]["duration_hours"] < 43  # plain CPM ignores capacities
    assert "leveling_delay_hours" not in cleared.out


def _import_own(cli: Callable[..., Result]) -> None:
    result = cli("import", str(OWN_SM), "-w", "p.plantrack.json")
    assert result.code == 0, result.err


def test_level_on_a_small_instance_of_our_own(cli: Callable[..., Result]) -> None:
    """press_line.sm, capacity 2: job 2 (3 h, 2 units) can run beside nothing; jobs 3 and 4 (2 h, 1 unit
    each) run together, then job 5 (1 h, after 3). Work 3x2 + 2 + 2 + 1 = 11 unit-hours on 2 units: at
    least 5.5 h, so 6 h is optimal; without capacities the longest chain is 3 h."""
    _import_own(cli)
    result = cli("schedule", "--level", "--time-limit", "60", "--json", "-w", "p.plantrack.json")
    assert result.code == 0, result.err
    doc = json.loads(result.out)
    assert doc["project"]["duration_hours"] == 6
    assert doc["leveling"]["status"] == "optimal" and doc["leveling"]["gap"] == 0
    delays = {t["id"]: t["leveling_delay_hours"] for t in doc["tasks"]}
    assert any(d > 0 for d in delays.values())
    cleared = cli("schedule", "--clear-leveling", "--json", "-w", "p.plantrack.json")
    assert json.loads(cleared.out)["project"]["duration_hours"] == 3


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


def test_workers_and_seed_must_be_whole_numbers(cli: Callable[..., Result]) -> None:
    _import_own(cli)
    for option, value, said in (
        ("--workers", "-1", "--workers must be 0 or more"),
        ("--workers", "two", "--workers 'two' is not a whole number"),
        ("--seed", "1.5", "--seed '1.5' is not a whole number"),
    ):
        result = cli("schedule", "--level", option, value)
        assert result.code == 2 and said in result.err and "Traceback" not in result.err


ROUND_THE_CLOCK_PLAN = """[project]
name = "run-in"
start = 2027-01-04T08:00:00

[calendars.cont]
weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
hours = ["00:00-24:00"]

[resources.r]
capacity = 1

[[tasks]]
id = "a"
duration = "48h"
calendar = "cont"
resources = { r = 1 }

[[tasks]]
id = "b"
duration = "48h"
calendar = "cont"
resources = { r = 1 }

[[tasks]]
id = "c"
duration = "8h"
after = ["a", "b"]
"""


def _run_in(cli: Callable[..., Result], tmp_path: Path) -> None:
    # a and b run round the clock on one r, c on the standard calendar (Mon-Fri, 8 working hours a day):
    # the calendars differ, so the solver counts elapsed time. a/b: Mon 08:00 -> Wed 08:00 -> Fri 08:00,
    # c: Fri 08:00-17:00. Elapsed: 105 h; on the project calendar Mon 08:00 -> Fri 17:00 is 40 working
    # hours = 5 working days. The later of a/b and c wait 48 elapsed hours (Mon 08:00 -> Wed 08:00 and
    # Wed 08:00 -> Fri 08:00): Mon 08-17 + Tue 08-17 = 16 working hours = 2 working days each
    plan = tmp_path / "plan.toml"
    plan.write_text(ROUND_THE_CLOCK_PLAN)
    created = cli("import", str(plan), "-w", "r.plantrack.json")
    assert created.code == 0, created.out + created.err


def test_an_elapsed_axis_is_shown_in_working_time(cli: Callable[..., Result], tmp_path: Path) -> None:
    _run_in(cli, tmp_path)
    doc = json.loads(cli("schedule", "--level", "--json", "-w", "r.plantrack.json").out)
    leveling = doc["leveling"]
    assert doc["project"]["finish"] == "2027-01-08T17:00"
    assert doc["project"]["duration_hours"] == 40 == leveling["objective_working_hours"]
    assert leveling["objective_axis_minutes"] == 105 * 60 and leveling["axis_minutes_are_working"] is False
    assert leveling["status"] == "optimal" and leveling["bound_working_hours"] == 40
    tasks = {t["id"]: t for t in doc["tasks"]}
    c = tasks["c"]  # pushed by its predecessor: no delay of its own, 2 working days later all the same
    assert c["leveling_start_delay_working_hours"] == 16 and c["leveling_start_delay_axis_minutes"] == 48 * 60
    assert sorted(tasks[t]["leveling_start_delay_working_hours"] for t in "ab") == [0, 16]

    text = cli("schedule", "--level", "-w", "r.plantrack.json")
    assert text.code == 0, text.err
    lines = text.out.splitlines()
    assert lines[0].split() == ["ID", "START", "FINISH", "DELAY", "BY"]
    delays = {line.split()[0]: line.split()[5] for line in lines[1:4]}
    assert delays["c"] == "2d" and sorted(delays[t] for t in "ab") == ["0", "2d"]
    assert "Finish 2027-01-08 17:00, 5 working days after the project start" in text.out
    assert "optimal (proven)" in text.out
    # nothing of the solver's elapsed hours: no 105, no 48, no bare "h" figure beside a number
    assert "105" not in text.out and "48" not in text.out and " h " not in text.out


def test_the_table_says_the_heuristic_fallback_and_why() -> None:
    from plantrack.commands.level_options import render_leveled
    from plantrack.scheduling.leveling import LeveledTask, LevelingResult, Method, Objective, Reason, Status

    at = dt.datetime(2027, 1, 4, 8)
    task = LeveledTask(
        id="t1",
        start=at,
        finish=at,
        start_minute=0,
        finish_minute=0,
        delay_minutes=48 * 60,  # elapsed minutes on the solver's axis
        delay_working_minutes=16 * 60,
        delayed_by="r",
    )
    result = LevelingResult(
        status=Status.FEASIBLE,
        objective_kind=Objective.FINISH,
        objective=5753.0,
        bound=5633.0,
        gap=120 / 5753,
        time_s=5.1,
        method=Method.HEURISTIC,
        finish=at,
        reason=Reason.CP_NO_PLAN,
        time_limit=5.0,
        jobs=120,
        resources=6,
        minutes_per_day=480,
        objective_working=480 * 100.0,
        bound_working=480 * 100.0 - 1000,
        axis_is_working=False,
        tasks={"t1": task},
    )
    document = {
        "project": {"finish": "2027-09-01T17:00"},
        "tasks": [
            {
                "id": "t1",
                "start": "2027-01-06T08:00",
                "finish": "2027-01-06T17:00",
                "leveling_delayed_by": "r",
            }
        ],
    }
    lines = render_leveled(document, result)
    assert lines[1].split() == ["t1", "2027-01-06", "08:00", "2027-01-06", "17:00", "2d", "r"]
    assert (
        "Leveled by the priority heuristic: CP-SAT found no plan within the 5 s limit (120 tasks, "
        "6 resources); gap to the bound ≤ 2.09 working days (2.08 %)"
    ) in lines
    assert not any("5753" in line or "5633" in line for line in lines)


def test_option_text_becomes_the_leveler_s_members_or_a_usage_error(cli: Callable[..., Result]) -> None:
    from plantrack.commands.base import UsageError
    from plantrack.commands.level_options import _member
    from plantrack.scheduling.errors import Failure
    from plantrack.scheduling.leveling import Method, Objective

    assert _member(Objective, "lateness", "--objective") is Objective.LATENESS
    assert _member(Method, "heuristic", "--method") is Method.HEURISTIC
    with pytest.raises(UsageError) as caught:
        _member(Objective, "cost", "--objective")
    assert caught.value.failure is Failure.USAGE
    assert caught.value.problems()[0].message == "--objective 'cost' is not one of finish or lateness"
    refused = cli("schedule", "--level", "--objective", "cost")
    assert refused.code == 2 and "--objective" in refused.err


@pytest.mark.parametrize("command", [("schedule", "--level"), ("scenario", "compare", "--level")])
@pytest.mark.parametrize("seconds", ["0", "-1", "nan"])
def test_every_time_limit_is_refused_below_one_instant(
    cli: Callable[..., Result], command: tuple[str, ...], seconds: str
) -> None:
    assert cli("demo", "--no-tui").code == 0
    result = cli(*command, "--time-limit", seconds)
    assert result.code == 2
    assert "--time-limit must be above 0 seconds" in result.err
