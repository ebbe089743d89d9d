"""`calendar show`: each holiday named with its date, closures and absences with their reasons, the week."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Result
from plantrack.scheduling.model import Calendar, DayHours, Period, Project, RecurringOff, Resource, TimeRange
from plantrack.store import WorkspaceState, create_workspace

Cli = Callable[..., Result]
SHORT_FRIDAY = (DayHours(weekday=4, hours=(TimeRange(start=8 * 60, end=12 * 60),)),)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    path = tmp_path / "line3.plantrack.json"
    plant = Calendar(
        id="plant",
        holidays="FR",
        week_hours=SHORT_FRIDAY,
        off=(
            Period(
                start=dt.datetime(2027, 8, 16), end=dt.datetime(2027, 8, 18), reason="Summer <b>shutdown</b>"
            ),
        ),
        recurring_off=(RecurringOff(rule="FREQ=YEARLY;BYMONTH=7;BYMONTHDAY=13", reason="Bridge day"),),
    )
    elec = Resource(
        id="elec",
        calendar="plant",
        absences=(Period(start=dt.datetime(2027, 7, 15), end=dt.datetime(2027, 7, 16), reason="Training"),),
    )
    project = Project(
        name="Line 3",
        start=dt.datetime(2027, 1, 4, 8),
        calendar="plant",
        calendars=(plant,),
        resources=(elec,),
    )
    create_workspace(path, WorkspaceState(project=project))
    return path


def _rows(cli: Cli, *args: str) -> dict[str, dict[str, object]]:
    r = cli("calendar", "show", *args, "--json")
    assert r.code == 0, r.err
    return {row["date"]: row for row in json.loads(r.out)}


def test_holidays_are_named_with_their_date(cli: Cli, workspace: Path) -> None:
    rows = _rows(cli, "plant", "--from", "2027-07-12", "--days", "40")
    named = {d: row["notes"] for d, row in rows.items() if row["notes"]}
    assert named == {
        "2027-07-13": ["closed: Bridge day"],
        "2027-07-14": ["holiday: National Day"],
        "2027-08-15": ["holiday: Assumption Day"],
        "2027-08-16": ["closed: Summer <b>shutdown</b>"],
        "2027-08-17": ["closed: Summer <b>shutdown</b>"],
    }
    # the engine's hours agree: named days give no working time, a Friday gives 4 hours
    assert [rows[d]["working_hours"] for d in ("2027-07-13", "2027-07-14", "2027-08-16", "2027-08-17")] == [
        0
    ] * 4
    assert rows["2027-07-16"]["working_hours"] == 4 and rows["2027-07-15"]["working_hours"] == 8


def test_a_resource_shows_its_absences_with_the_reason(cli: Cli, workspace: Path) -> None:
    rows = _rows(cli, "--resource", "elec", "--from", "2027-07-14", "--days", "3")
    assert [rows[d]["notes"] for d in sorted(rows)] == [["holiday: National Day"], ["absent: Training"], []]
    assert [rows[d]["working_hours"] for d in sorted(rows)] == [0, 0, 4]


def test_text_output_shows_the_week_and_keeps_user_text_as_typed(cli: Cli, workspace: Path) -> None:
    r = cli("calendar", "show", "plant", "--from", "2027-08-13", "--days", "5")
    assert r.code == 0, r.err
    assert "mon 08:00-12:00, 13:00-17:00" in r.out and "fri 08:00-12:00" in r.out and "sat off" in r.out
    assert "holiday: Assumption Day" in r.out and "Summer <b>shutdown</b>" in r.out
    assert "\x1b" not in r.out


def test_a_night_shift_is_shown_running_into_the_next_day(cli: Cli, workspace: Path) -> None:
    assert cli("calendar", "add", "nights", "--hours", "21:00-05:00").code == 0
    r = cli("calendar", "show", "nights", "--from", "2027-01-04", "--days", "1")
    assert "mon 21:00-05:00 (to next day)" in r.out
