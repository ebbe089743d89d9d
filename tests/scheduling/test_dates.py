"""The typed-date rule (start of the day / end of its working day), deadlines shown as their day, and
milestones at the project start reached at the first working minute."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builders import link, plan
from plantrack.scheduling.calendar import WorkCalendar
from plantrack.scheduling.cpm import cpm
from plantrack.scheduling.dates import DateError, DateReader, end_of_working_day, read_when, show_end
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.model import Calendar, Period, Task, TimeRange

MONDAY = dt.datetime(2027, 3, 1)
STANDARD = Calendar(id="standard")  # Mon-Fri 08:00-12:00, 13:00-17:00
NIGHTS = Calendar(
    id="nights",
    weekdays=tuple(range(7)),
    hours=(TimeRange(start=0, end=360), TimeRange(start=1320, end=1440)),
)


def test_end_of_working_day_hand_worked() -> None:
    standard = WorkCalendar(STANDARD, MONDAY)
    assert end_of_working_day(dt.date(2027, 3, 3), standard) == dt.datetime(2027, 3, 3, 17)
    # Saturday has no work: 23:59, still Saturday
    assert end_of_working_day(dt.date(2027, 3, 6), standard) == dt.datetime(2027, 3, 6, 23, 59)
    # a holiday period off the whole of Wednesday 10 March, and an afternoon off on Thursday 11
    off = Calendar(
        id="plant",
        off=(
            Period(start=dt.datetime(2027, 3, 10), end=dt.datetime(2027, 3, 11)),
            Period(start=dt.datetime(2027, 3, 11, 13), end=dt.datetime(2027, 3, 12)),
        ),
    )
    plant = WorkCalendar(off, MONDAY)
    assert end_of_working_day(dt.date(2027, 3, 10), plant) == dt.datetime(2027, 3, 10, 23, 59)
    assert end_of_working_day(dt.date(2027, 3, 11), plant) == dt.datetime(2027, 3, 11, 12)
    # work running up to midnight ends at midnight; a day before the project start is answered too
    nights = WorkCalendar(NIGHTS, MONDAY)
    assert end_of_working_day(dt.date(2027, 3, 3), nights) == dt.datetime(2027, 3, 4)
    assert end_of_working_day(dt.date(2027, 2, 26), standard) == dt.datetime(2027, 2, 26, 17)


@settings(max_examples=80, deadline=None)
@given(day=st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2029, 12, 31)))
def test_end_of_working_day_is_the_last_working_minute_by_brute_force(day: dt.date) -> None:
    cal = WorkCalendar(Calendar(id="plant", holidays="FR"), MONDAY)
    midnight = dt.datetime.combine(day, dt.time())
    minutes = [midnight + dt.timedelta(minutes=m) for m in range(24 * 60)]
    lo = int((midnight - MONDAY).total_seconds() // 60)
    worked = [m for i, m in enumerate(minutes) if cal.is_working(lo + i)]
    expected = (
        worked[-1] + dt.timedelta(minutes=1) if worked else midnight + dt.timedelta(hours=23, minutes=59)
    )
    assert end_of_working_day(day, cal) == expected


def test_read_when_start_end_and_errors() -> None:
    standard = WorkCalendar(STANDARD, MONDAY)
    assert read_when("2027-03-03") == dt.datetime(2027, 3, 3)
    assert read_when("2027-03-03", end=True, calendar=standard) == dt.datetime(2027, 3, 3, 17)
    assert read_when("2027-03-03", end=True) == dt.datetime(2027, 3, 4)  # the file's end of the day
    assert read_when("2027-03-03T11:30", end=True, calendar=standard) == dt.datetime(2027, 3, 3, 11, 30)
    assert read_when(" 2027-03-03 11:30 ") == dt.datetime(2027, 3, 3, 11, 30)
    for bad, says in [
        ("03/13/2027", "day/month/year"),  # day first: 03/03/2027 is a date
        ("2027-02-30", "is not a date"),
        ("2027-03-03T08:00+01:00", "UTC offset"),
        ("1899-12-31", "outside 1900-2200"),
        ("", "is not a date"),
    ]:
        with pytest.raises(DateError, match=says):
            read_when(bad)


def test_deadlines_show_as_the_day_they_close() -> None:
    standard = WorkCalendar(STANDARD, MONDAY)
    assert show_end(dt.datetime(2027, 3, 11)) == "2027-03-10"  # the file's end of 10 March
    assert show_end(dt.datetime(2027, 3, 10, 17), standard) == "2027-03-10"
    assert show_end(dt.datetime(2027, 3, 13, 23, 59), standard) == "2027-03-13"  # a Saturday typed alone
    assert show_end(dt.datetime(2027, 3, 10, 12), standard) == "2027-03-10 12:00"  # a time typed
    assert show_end(dt.datetime(2027, 3, 10, 17)) == "2027-03-10 17:00"  # no calendar to say it ends the day


def test_a_missed_deadline_is_reported_with_its_day() -> None:
    project = plan(
        name="P",
        start=MONDAY,
        tasks=(Task(id="a", name="A", duration=Duration(minutes=3 * 480), deadline=dt.datetime(2027, 3, 3)),),
    )
    (warning,) = [p for p in cpm(project).warnings if p.code == "deadline-missed"]
    # the end of Tuesday 2 March (the file's midnight) is missed by Wednesday's 8 hours
    assert (
        warning.message == "task a finishes 2027-03-03 17:00, 8 working hours after its deadline 2027-03-02"
    )
    typed = read_when("2027-03-02", end=True, calendar=DateReader(project).task_calendar("a"))
    assert typed == dt.datetime(2027, 3, 2, 17)
    task = Task(id="a", name="A", duration=Duration(minutes=3 * 480), deadline=typed)
    project = plan(name="P", start=MONDAY, tasks=(task,))
    (warning,) = [p for p in cpm(project).warnings if p.code == "deadline-missed"]
    assert (
        warning.message == "task a finishes 2027-03-03 17:00, 8 working hours after its deadline 2027-03-02"
    )


def test_a_milestone_at_the_project_start_is_reached_at_the_first_working_minute() -> None:
    project = plan(
        name="P",
        start=MONDAY,  # a date alone: midnight; work begins at 08:00
        calendars=(NIGHTS,),
        tasks=(
            Task(id="kickoff", name="Kick-off", milestone=True),
            Task(id="a", name="A", duration=Duration(minutes=480)),
            Task(id="night", name="Night start", milestone=True, calendar="nights"),
            Task(id="done", name="Done", milestone=True),
        ),
        links=(link("kickoff", "a"), link("a", "done")),
    )
    schedule = cpm(project)
    kickoff = schedule.task("kickoff")
    assert (kickoff.early_start_at, kickoff.early_finish_at) == (
        MONDAY.replace(hour=8),
        MONDAY.replace(hour=8),
    )
    assert schedule.task("a").early_start_at == MONDAY.replace(hour=8)
    assert schedule.task("done").early_start_at == MONDAY.replace(hour=17)  # after its predecessor, as before
    # on a calendar working from midnight, midnight is its first working minute
    assert schedule.task("night").early_start_at == MONDAY
    # a project starting at 10:00 starts its milestone there
    later = cpm(
        plan(name="P", start=MONDAY.replace(hour=10), tasks=project.tasks[:2], links=project.links[:1])
    )
    assert later.task("kickoff").early_start_at == MONDAY.replace(hour=10)


def test_a_night_task_finished_on_the_status_day_is_reported_at_the_status_date() -> None:
    # the nights calendar works up to midnight: its day ends at 24:00, the project's at 17:00
    project = plan(
        name="P",
        start=MONDAY,
        calendars=(NIGHTS,),
        tasks=(Task(id="n", name="N", duration=Duration(minutes=480), calendar="nights"),),
    )
    reader = DateReader(project)
    status, start, finish = reader.progress("n", {"date": "2027-03-03", "actual_finish": "2027-03-03"})
    assert status == finish == dt.datetime(2027, 3, 3, 17) and start is None
    status, _, finish = reader.progress("n", {"date": "2027-03-04", "actual_finish": "2027-03-03"})
    assert (status, finish) == (dt.datetime(2027, 3, 4, 17), dt.datetime(2027, 3, 4))
    with pytest.raises(DateError) as caught:
        reader.progress("n", {"date": "2027-03-04", "actual_start": "4 March"})
    assert caught.value.field == "actual_start"
