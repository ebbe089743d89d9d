"""`calendar add/edit/rm/off/list` and `window add/edit/rm/list`: validated, refusals name the users."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Result, fingerprint
from plantrack.commands.calendar_edit import parse_weekdays
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.model import Calendar, Period, Project, Resource, Task, TimeRange, Window
from plantrack.store import WorkspaceState, create_workspace, open_workspace

Cli = Callable[..., Result]
BACKWARDS = "period-end-before-start"
OVERLAP = "hours-overlap"
STOP = Period(start=dt.datetime(2027, 4, 16, 17), end=dt.datetime(2027, 4, 19, 6))


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    path = tmp_path / "line3.plantrack.json"
    project = Project(
        name="Line 3",
        start=dt.datetime(2027, 1, 4, 8),
        calendar="plant",
        calendars=(Calendar(id="plant"), Calendar(id="crew", weekdays=tuple(range(7)))),
        resources=(Resource(id="fitters", calendar="crew"),),
        tasks=(
            Task(id="spec", duration=Duration(minutes=480)),
            Task(id="swap", duration=Duration(minutes=480), calendar="crew", window="stop1"),
        ),
        windows=(Window(id="stop1", name="Easter stop", periods=(STOP,)),),
    )
    create_workspace(path, WorkspaceState(project=project))
    return path


def _project(path: Path) -> Project:
    return open_workspace(path).read().project


@pytest.mark.parametrize(
    "text,days",
    [
        ("mon-fri", (0, 1, 2, 3, 4)),
        ("sat-sun", (5, 6)),
        ("mon,wed,sat", (0, 2, 5)),
        ("fri-mon", (0, 4, 5, 6)),
    ],
)
def test_weekday_notation(text: str, days: tuple[int, ...]) -> None:
    assert parse_weekdays(text, "c") == days


def test_calendar_add_edit_and_list(cli: Cli, workspace: Path) -> None:
    r = cli(
        "calendar", "add", "nights", "--name", "Night shift", "--weekdays", "mon-fri",
        "--hours", "22:00-24:00,00:00-06:00", "--holidays", "FR",
    )  # fmt: skip
    assert r.code == 0, r.err
    nights = _project(workspace).calendar_map()["nights"]
    assert nights.name == "Night shift" and nights.weekdays == (0, 1, 2, 3, 4) and nights.holidays == "FR"
    assert nights.hours == (TimeRange(start=0, end=360), TimeRange(start=1320, end=1440))
    assert cli("calendar", "edit", "nights", "--weekdays", "sun-thu", "--holidays", "").code == 0
    nights = _project(workspace).calendar_map()["nights"]
    assert (nights.weekdays, nights.holidays, nights.name) == ((0, 1, 2, 3, 6), None, "Night shift")
    # the working time the engine computes follows: Sunday 2027-01-10 works 8 hours on the nights calendar
    shown = json.loads(cli("calendar", "show", "nights", "--from", "2027-01-09", "--days", "2", "--json").out)
    assert [d["working_hours"] for d in shown] == [0, 8]
    rows = {r["id"]: r for r in json.loads(cli("calendar", "list", "--json").out)}
    assert rows["crew"]["used_by"] == ["swap", "fitters"] and rows["plant"]["used_by"] == ["project"]


def test_hours_per_weekday_and_night_shifts_from_the_command_line(cli: Cli, workspace: Path) -> None:
    assert (
        cli("calendar", "edit", "plant", "--hours", "fri=08:00-12:00", "--hours", "mon=07:00-15:00").code == 0
    )
    plant = _project(workspace).calendar_map()["plant"]
    assert [(d.weekday, d.hours) for d in plant.week_hours] == [
        (0, (TimeRange(start=420, end=900),)),
        (4, (TimeRange(start=480, end=720),)),
    ]
    shown = json.loads(cli("calendar", "show", "plant", "--from", "2027-01-04", "--days", "5", "--json").out)
    assert [d["working_hours"] for d in shown] == [8, 8, 8, 8, 4]
    rows = {r["id"]: r for r in json.loads(cli("calendar", "list", "--json").out)}
    assert rows["plant"]["week"] == ["mon 07:00-15:00", "fri 08:00-12:00"]
    assert cli("calendar", "edit", "plant", "--hours", "mon=default").code == 0
    assert [d.weekday for d in _project(workspace).calendar_map()["plant"].week_hours] == [4]
    # Friday no longer worked: its own hours go with it
    assert cli("calendar", "edit", "plant", "--weekdays", "mon-thu").code == 0
    assert _project(workspace).calendar_map()["plant"].week_hours == ()
    assert cli("calendar", "edit", "plant", "--weekdays", "mon-fri").code == 0
    r = cli("calendar", "add", "nights", "--weekdays", "mon-fri", "--hours", "21:00-05:00")
    assert r.code == 0, r.err
    assert _project(workspace).calendar_map()["nights"].hours == (TimeRange(start=1260, end=1740),)
    # Friday's shift runs into Saturday; Monday morning belongs to Sunday, which has no shift
    shown = json.loads(cli("calendar", "show", "nights", "--from", "2027-01-08", "--days", "4", "--json").out)
    assert [(d["hours"], d["working_hours"]) for d in shown] == [
        (["00:00-05:00", "21:00-24:00"], 8),
        (["00:00-05:00"], 5),
        ([], 0),
        (["21:00-24:00"], 3),
    ]


def test_calendar_off_closes_whole_days(cli: Cli, workspace: Path) -> None:
    r = cli("calendar", "off", "plant", "--from", "2027-01-05", "--to", "2027-01-06", "--name", "Inventory")
    assert r.code == 0, r.err
    (closure,) = _project(workspace).calendar_map()["plant"].off
    assert (closure.start, closure.end, closure.reason) == (
        dt.datetime(2027, 1, 5),
        dt.datetime(2027, 1, 7),
        "Inventory",
    )
    # Tuesday and Wednesday give no working time any more
    shown = json.loads(cli("calendar", "show", "plant", "--from", "2027-01-04", "--days", "4", "--json").out)
    assert [d["working_hours"] for d in shown] == [8, 0, 0, 8]


@pytest.mark.parametrize(
    "args,code,ids",
    [
        (("calendar", "add", "plant"), "id-duplicate", {"plant"}),
        (("calendar", "add", "x", "--weekdays", "mon-fry"), "weekday-invalid", {"x"}),
        (("calendar", "add", "x", "--hours", "08:00-08:00"), "hours-invalid", {"x"}),
        (("calendar", "add", "x", "--hours", "08:00-12:00,11:00-13:00"), "hours-overlap", {"x"}),
        (("calendar", "add", "x", "--hours", "fry=08:00-12:00"), "weekday-invalid", {"x"}),
        (("calendar", "edit", "plant", "--hours", "sat=08:00-12:00"), "weekday-invalid", {"plant"}),
        (("calendar", "edit", "plant", "--hours", "fri=08:00-12:00,11:00-13:00"), "hours-overlap", {"plant"}),
        # Monday's night shift runs until Tuesday 05:00
        (("calendar", "add", "x", "--hours", "21:00-05:00", "--hours", "tue=04:00-08:00"), OVERLAP, {"x"}),
        (("calendar", "add", "x", "--holidays", "ZZ"), "holidays-unknown", {"x"}),
        (("calendar", "add", "x", "--hours", ""), "calendar-no-working-time", {"x"}),
        (("calendar", "edit", "ghost", "--name", "g"), "calendar-unknown", {"ghost"}),
        (("calendar", "edit", "plant"), "nothing-to-change", {"plant"}),
        (("calendar", "rm", "crew"), "calendar-in-use", {"crew", "swap", "fitters"}),
        (("calendar", "rm", "plant"), "calendar-in-use", {"plant", "project"}),
        (("calendar", "off", "plant", "--from", "2027-01-06", "--to", "2027-01-04"), BACKWARDS, {"plant"}),
        (("window", "add", "stop1", "--period", "2027-05-01..2027-05-02"), "id-duplicate", {"stop1"}),
        (("window", "add", "w", "--period", "2027-05-01"), "period-invalid", {"w"}),
        (("window", "edit", "ghost", "--name", "g"), "window-unknown", {"ghost"}),
        (("window", "rm", "stop1"), "window-in-use", {"stop1", "swap"}),
    ],
)  # fmt: skip
def test_refused_edits_name_the_items_and_write_nothing(
    cli: Cli, workspace: Path, args: tuple[str, ...], code: str, ids: set[str]
) -> None:
    before = fingerprint(workspace)
    r = cli(*args, "--json")
    assert r.code == 1, r.out + r.err
    problems = json.loads(r.out)
    assert code in {p["code"] for p in problems}
    assert ids <= {i for p in problems for i in p["ids"]}
    assert fingerprint(workspace) == before


def test_calendar_rm_once_unused(cli: Cli, workspace: Path) -> None:
    assert cli("calendar", "add", "spare").code == 0
    assert cli("calendar", "rm", "spare").code == 0
    assert "spare" not in _project(workspace).calendar_map()


def test_window_add_edit_list_and_rm(cli: Cli, workspace: Path) -> None:
    r = cli("window", "add", "stop2", "--name", "Summer", "--period", "2027-08-02..2027-08-20")
    assert r.code == 0, r.err
    (period,) = _project(workspace).window_map()["stop2"].periods
    assert (period.start, period.end) == (dt.datetime(2027, 8, 2), dt.datetime(2027, 8, 21))
    assert cli("window", "edit", "stop2", "--add-period", "2027-12-24T12:00..2027-12-27T06:00").code == 0
    assert len(_project(workspace).window_map()["stop2"].periods) == 2
    assert cli("window", "edit", "stop2", "--period", "2027-08-09..2027-08-13", "--name", "Short").code == 0
    stop2 = _project(workspace).window_map()["stop2"]
    assert stop2.name == "Short" and [(p.start, p.end) for p in stop2.periods] == [
        (dt.datetime(2027, 8, 9), dt.datetime(2027, 8, 14))
    ]
    rows = json.loads(cli("window", "list", "--json").out)
    assert rows[0] == {
        "id": "stop1",
        "name": "Easter stop",
        "periods": [["2027-04-16T17:00", "2027-04-19T06:00"]],
        "tasks": ["swap"],
    }
    assert cli("window", "rm", "stop2").code == 0
    assert [w.id for w in _project(workspace).windows] == ["stop1"]


def test_calendar_list_in_french_names_days_and_the_project(cli: Cli, workspace: Path, french: None) -> None:
    assert cli("calendar", "edit", "crew", "--hours", "sun=").code == 0  # a day without hours of its own
    text = cli("--lang", "fr", "calendar", "list").out
    plant = next(line for line in text.splitlines() if line.startswith("plant"))
    crew = next(line for line in text.splitlines() if line.startswith("crew"))
    assert "lun., mar., mer., jeu., ven." in plant and plant.rstrip().endswith("projet")
    assert "dim. chômé" in crew and "none" not in crew
    # the JSON keeps the file's keys in any language
    rows = json.loads(cli("--lang", "fr", "calendar", "list", "--json").out)
    assert rows[0]["weekdays"] == ["mon", "tue", "wed", "thu", "fri"] and rows[0]["used_by"][0] == "project"
    assert any(line.startswith("sun none") for line in rows[1]["week"])
