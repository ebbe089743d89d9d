"""PSPLIB on a working calendar: one period = one working day, Monday to Friday with French holidays.

The same instance leveled on its 24/7 calendar (one period = one hour) and written in working days must
give the same number of periods: the calendar only stretches the axis, it must not cost quality."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import holidays
import pytest
from leveling_builders import SAFETY_S, STEADY, plan_of
from test_leveling_psplib import _optimum
from validator import violations

from plantrack.formats.psplib import load_psplib
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.leveling import LevelingResult, level
from plantrack.scheduling.model import Calendar, Project

#: The Monday before Easter 2026: Easter Monday, 1 and 8 May (Fridays), Ascension and Whit Monday fall
#: within the first 40 working days, so every sample plan runs over several public holidays.
START = dt.datetime(2026, 3, 30, 8)
DAY_MINUTES = 8 * 60
SAMPLE = ["j301_1", "j3025_7", "j3048_10"]
MORE = [f"j30{par}_{inst}" for par in range(2, 49, 5) for inst in (2, 7) if par not in (13, 29)]


def _on_working_days(project: Project) -> Project:
    """The instance with one period = one working day on a Monday-Friday calendar with French holidays."""
    plant = Calendar(id="plant", holidays="FR")  # Monday-Friday, 08:00-12:00 and 13:00-17:00
    tasks = tuple(
        dataclasses.replace(t, duration=Duration(minutes=t.duration.minutes // 60 * DAY_MINUTES))
        for t in project.tasks
    )
    return dataclasses.replace(
        project,
        start=START,
        calendar=plant.id,
        calendars=(plant,),
        minutes_per_day=DAY_MINUTES,
        minutes_per_week=5 * DAY_MINUTES,
        tasks=tasks,
    )


def _working_days(finish: dt.datetime) -> tuple[int, int]:
    """Working days from START to `finish` (an end of day) counted on the French calendar, independently
    of the engine, and how many public holidays fell on weekdays in between."""
    assert finish.time() in (dt.time(17), dt.time(8))
    last = finish.date() if finish.time() == dt.time(17) else finish.date() - dt.timedelta(days=1)
    french = holidays.country_holidays("FR", years=range(START.year, last.year + 1))
    days = [START.date() + dt.timedelta(days=k) for k in range((last - START.date()).days + 1)]
    weekdays = [d for d in days if d.weekday() < 5]
    off = sum(d in french for d in weekdays)
    return len(weekdays) - off, off


def _finish(result: LevelingResult) -> dt.datetime:
    return max(t.finish for t in result.tasks.values())


def _check(data: Path, name: str) -> None:
    hourly = load_psplib(data / "psplib" / "j30" / f"{name}.sm")
    daily = _on_working_days(hourly)
    around = level(hourly, time_limit=SAFETY_S, options=STEADY)
    working = level(daily, time_limit=SAFETY_S, options=STEADY)
    assert around.objective == _optimum(data, name)  # hours = periods
    assert working.objective_working is not None
    assert working.objective_working == around.objective * DAY_MINUTES  # working minutes = periods
    days, holidays_in_plan = _working_days(_finish(working))
    assert days == around.objective  # counted on the calendar, outside the engine
    assert holidays_in_plan > 0  # the plan did run over public holidays
    assert violations(daily, plan_of(working)) == []  # links, capacities, lengths on the calendar


@pytest.mark.parametrize("name", SAMPLE)
def test_j30_on_working_days_levels_to_as_many_days_as_periods(shared_data: Path, name: str) -> None:
    _check(shared_data, name)


@pytest.mark.slow
@pytest.mark.parametrize("name", MORE)
def test_more_j30_on_working_days_level_to_as_many_days_as_periods(shared_data: Path, name: str) -> None:
    _check(shared_data, name)
