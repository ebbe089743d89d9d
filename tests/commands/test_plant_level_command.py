"""`plantrack plant level`: the certificate, each project's finish before and after, what waited and why."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from builders import START
from conftest import Result
from plant_fixture import stored_plant
from plantrack.store import open_workspace


def test_plant_level_prints_the_certificate_and_who_waited(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    stored_plant(tmp_path)
    out = cli("plant", "level", "--time-limit", "5")
    assert out.code == 0, out.err
    assert "optimal (proven)" in out.out and "lower bound 64 h" in out.out and "gap 0.00 %" in out.out
    assert "A1 of Press 4 retrofit waits for Maintenance electricians: busy on Line 3 (B1, B2)" in out.out
    assert "saved in its own workspace" in out.out
    press = open_workspace(tmp_path / "press.plantrack.json").read()
    assert press.schedule is not None


def test_plant_level_json(cli: Callable[..., Result], tmp_path: Path) -> None:
    stored_plant(tmp_path)
    out = cli("plant", "level", "--json", "--time-limit", "5")
    assert out.code == 0, out.err
    document = json.loads(out.out)
    assert document["saved"] is True and document["gap"] == 0
    assert document["objective_weighted_hours"] == 64 and document["bound_weighted_hours"] == 64
    press, line = document["projects"]
    assert (press["name"], press["priority"], press["finish_before"]) == ("Press 4 retrofit", 1, None)
    assert line["finish_after"] == "2027-03-02T12:00" and press["finish_after"] == "2027-03-04T12:00"
    wait = press["waits"][0]
    assert wait["task"] == "A1" and wait["resource"] == "elec"
    assert wait["held_by"][0] == {
        "project": "Line 3",
        "tasks": ["B1", "B2"],
        "from": "2027-03-01T08:00",
        "to": "2027-03-02T12:00",
    }
    again = json.loads(cli("plant", "level", "--json", "--time-limit", "5").out)
    assert [p["tasks_moved"] for p in again["projects"]] == [0, 0]
    assert [p["finish_before"] for p in again["projects"]] == [p["finish_after"] for p in again["projects"]]


def test_a_bad_time_limit_is_a_usage_error(cli: Callable[..., Result], tmp_path: Path) -> None:
    stored_plant(tmp_path)
    assert cli("plant", "level", "--time-limit", "0").code == 2


def test_a_plant_that_cannot_fit_its_window_exits_5_with_nothing_written(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    from dataclasses import replace

    from plantrack.scheduling.model import Period, Window
    from plantrack.store.plant import read_plant, write_plant

    plant_path = stored_plant(tmp_path)
    plant = read_plant(plant_path)
    stop = Window(
        id="aug",
        name="August line stop",
        periods=(Period(start=START, end=START.replace(hour=17)),),
    )
    write_plant(plant_path, replace(plant, windows=(stop,)))
    for name in ("press.plantrack.json", "line.plantrack.json"):
        ws = open_workspace(tmp_path / name)
        with ws.update() as state:
            first = state.project.tasks[0]
            state.project = replace(
                state.project, tasks=(replace(first, window="aug"), *state.project.tasks[1:])
            )
    before = [(tmp_path / n).read_bytes() for n in ("press.plantrack.json", "line.plantrack.json")]
    out = cli("plant", "level", "--time-limit", "5")
    assert out.code == 5
    assert "the plant's projects Press 4 retrofit, Line 3 cannot all be planned" in out.err
    assert "August line stop" in out.err and "Press 4 retrofit" in out.err and "Line 3" in out.err
    assert [(tmp_path / n).read_bytes() for n in ("press.plantrack.json", "line.plantrack.json")] == before
