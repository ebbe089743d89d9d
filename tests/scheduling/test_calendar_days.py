"""The project calendar read day by day, checked against the calendar's rules written out by hand."""

from __future__ import annotations

import datetime as dt

from tests.builders import START, plan, task

from plantrack.scheduling.calendar.days import project_working_minutes, working_days
from plantrack.scheduling.model import Calendar, Period


def test_weekends_and_a_closed_day_have_no_working_time() -> None:
    # closed on Wednesday 10 March 2027 (a whole day off), Mon-Fri otherwise
    closed = Period(start=dt.datetime(2027, 3, 10), end=dt.datetime(2027, 3, 11), reason="bridge day")
    project = plan(tasks=[task("A", "1d")], calendar=Calendar(id="plant", name="Plant", off=(closed,)))
    first, last = dt.date(2027, 3, 1), dt.date(2027, 3, 14)
    flags = working_days(project, first, last)
    expected = [
        (first + dt.timedelta(days=i)).weekday() < 5 and first + dt.timedelta(days=i) != dt.date(2027, 3, 10)
        for i in range((last - first).days + 1)
    ]
    assert flags == expected
    assert flags.count(False) == 5  # two weekends and the closed Wednesday


def test_working_minutes_count_the_day_hours_and_keep_their_sign() -> None:
    project = plan(tasks=[task("A", "1d")])
    monday, next_monday = START, START + dt.timedelta(days=7)
    # the standard day is 08:00-12:00 and 13:00-17:00: five days of 480 minutes in a week
    assert project_working_minutes(project, monday, next_monday) == 5 * 480
    assert project_working_minutes(project, next_monday, monday) == -5 * 480
    assert project_working_minutes(project, monday, monday.replace(hour=12, minute=30)) == 4 * 60
