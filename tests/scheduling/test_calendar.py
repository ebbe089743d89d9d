"""Working calendars: hand-checked dates, and the O(log n) queries against a minute-by-minute brute force."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from builders import plan, resource, use
from plantrack.scheduling.calendar import (
    DAY,
    ELAPSED,
    CalendarCache,
    CombinedCalendar,
    WorkCalendar,
    task_calendar_id,
    to_datetime,
    to_minute,
)
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.errors import ModelError, Unschedulable
from plantrack.scheduling.model import (
    Calendar,
    DayHours,
    Period,
    RecurringOff,
    Task,
    TimeRange,
)

ORIGIN = dt.datetime(2027, 1, 4)  # a Monday
STANDARD = Calendar(id="std")
FR = Calendar(id="fr", holidays="FR")


def m(when: dt.datetime, origin: dt.datetime = ORIGIN) -> int:
    return to_minute(origin, when)


def at(minute: int, origin: dt.datetime = ORIGIN) -> dt.datetime:
    return to_datetime(origin, minute)


def test_two_day_task_from_thursday_finishes_friday_evening() -> None:
    cal = WorkCalendar(STANDARD, ORIGIN)
    start = m(dt.datetime(2027, 1, 7, 8))  # Thursday
    finish = cal.add(start, 2 * 480)
    assert at(finish) == dt.datetime(2027, 1, 8, 17)
    assert at(cal.next_working(finish)) == dt.datetime(2027, 1, 11, 8)  # Monday
    assert at(cal.subtract(finish, 2 * 480)) == dt.datetime(2027, 1, 7, 8)


def test_lunch_break_and_weekend() -> None:
    cal = WorkCalendar(STANDARD, ORIGIN)
    # 5 h from Friday 10:00: 10-12 (2 h), 13-16 (3 h) -> Friday 16:00
    assert at(cal.add(m(dt.datetime(2027, 1, 8, 10)), 300)) == dt.datetime(2027, 1, 8, 16)
    # 9 h from Friday 10:00: 6 h on Friday (10-12, 13-17), 3 h on Monday -> Monday 11:00
    assert at(cal.add(m(dt.datetime(2027, 1, 8, 10)), 540)) == dt.datetime(2027, 1, 11, 11)
    saturday = m(dt.datetime(2027, 1, 9, 9))
    assert not cal.is_working(saturday)
    assert at(cal.next_working(saturday)) == dt.datetime(2027, 1, 11, 8)
    assert at(cal.next_working(m(dt.datetime(2027, 1, 8, 12)))) == dt.datetime(2027, 1, 8, 13)
    assert cal.working_between(m(dt.datetime(2027, 1, 4)), m(dt.datetime(2027, 1, 11))) == 5 * 480


def test_public_holiday_is_skipped() -> None:
    """14 July 2027 is a Wednesday: a 2-day task from Tuesday 13 July 08:00 finishes Thursday 17:00."""
    cal = WorkCalendar(FR, ORIGIN)
    assert at(cal.add(m(dt.datetime(2027, 7, 13, 8)), 960)) == dt.datetime(2027, 7, 15, 17)
    assert WorkCalendar(STANDARD, ORIGIN).add(m(dt.datetime(2027, 7, 13, 8)), 960) == m(
        dt.datetime(2027, 7, 14, 17)
    )


def test_holiday_subdivision() -> None:
    """Good Friday (26 March 2027) is a holiday in Moselle (FR-57), not in the rest of France."""
    friday = m(dt.datetime(2027, 3, 26, 9))
    assert WorkCalendar(FR, ORIGIN).is_working(friday)
    moselle = Calendar(id="fr57", holidays="FR", holiday_subdivision="57")
    assert not WorkCalendar(moselle, ORIGIN).is_working(friday)


def test_unknown_holiday_country() -> None:
    with pytest.raises(ModelError) as info:
        WorkCalendar(Calendar(id="x", holidays="XX"), ORIGIN)
    assert info.value.code() == "holidays-unknown"


def test_year_boundary_with_new_year_holiday() -> None:
    """Thu 31 Dec 2026 08:00 + 2 days: Thursday, then New Year (Fri), weekend -> Mon 4 Jan 2027 17:00."""
    origin = dt.datetime(2026, 12, 1)
    cal = WorkCalendar(FR, origin)
    finish = cal.add(m(dt.datetime(2026, 12, 31, 8), origin), 960)
    assert at(finish, origin) == dt.datetime(2027, 1, 4, 17)


def test_dst_change_day_keeps_wall_clock_hours() -> None:
    """Naive wall-clock time: 28 March 2027 (clocks go forward in France) still has 24 h of 24/7 work."""
    round_clock = Calendar(id="24-7", weekdays=tuple(range(7)), hours=(TimeRange(start=0, end=DAY),))
    cal = WorkCalendar(round_clock, ORIGIN)
    day = m(dt.datetime(2027, 3, 28))
    assert cal.working_between(day, day + DAY) == DAY
    # the shift after the change starts at 08:00 on the clock
    std = WorkCalendar(STANDARD, ORIGIN)
    assert at(std.next_working(m(dt.datetime(2027, 3, 28, 12)))) == dt.datetime(2027, 3, 29, 8)
    # a 24/7 day of work crosses midnight seamlessly (ranges ending 24:00 join)
    assert at(cal.add(m(dt.datetime(2027, 3, 27, 12)), DAY)) == dt.datetime(2027, 3, 28, 12)


def test_task_spanning_a_shutdown_month() -> None:
    """August 2027 off: 3 days from Thu 29 July -> Thu, Fri, then the whole of August -> Wed 1 Sept 17:00."""
    august = Period(start=dt.datetime(2027, 8, 1), end=dt.datetime(2027, 9, 1), reason="summer shutdown")
    cal = WorkCalendar(Calendar(id="plant", off=(august,)), ORIGIN)
    assert at(cal.add(m(dt.datetime(2027, 7, 29, 8)), 3 * 480)) == dt.datetime(2027, 9, 1, 17)
    assert cal.working_between(m(dt.datetime(2027, 8, 1)), m(dt.datetime(2027, 9, 1))) == 0


def test_recurring_off_extra_time_and_absences() -> None:
    wednesdays = RecurringOff(rule="FREQ=WEEKLY;BYDAY=WE")
    saturday_morning = Period(start=dt.datetime(2027, 1, 9, 8), end=dt.datetime(2027, 1, 9, 12))
    cal = WorkCalendar(Calendar(id="c", recurring_off=(wednesdays,), extra=(saturday_morning,)), ORIGIN)
    week = cal.working_between(m(dt.datetime(2027, 1, 4)), m(dt.datetime(2027, 1, 11)))
    assert week == 4 * 480 + 240
    assert not cal.is_working(m(dt.datetime(2027, 3, 17, 9)))  # a Wednesday months later
    sick = Period(start=dt.datetime(2027, 1, 5), end=dt.datetime(2027, 1, 6))
    absent = WorkCalendar(STANDARD, ORIGIN, absences=(sick,))
    assert at(absent.add(m(dt.datetime(2027, 1, 4, 8)), 960)) == dt.datetime(2027, 1, 6, 17)


def test_invalid_rule_is_a_model_error() -> None:
    with pytest.raises(ModelError) as info:
        WorkCalendar(Calendar(id="c", recurring_off=(RecurringOff(rule="FREQ=SOMETIMES"),)), ORIGIN)
    assert info.value.code() == "calendar-rule-invalid"


def test_horizon_grows_for_multi_year_projects_and_before_the_origin() -> None:
    cal = WorkCalendar(STANDARD, ORIGIN)
    five_years = 5 * 52 * 2400
    finish = cal.add(0, five_years)
    assert cal.working_between(0, finish) == five_years
    assert at(finish).year == 2031
    earlier = cal.subtract(m(dt.datetime(2027, 1, 4, 8)), 480)  # one day before Monday: Friday 08:00
    assert at(earlier) == dt.datetime(2027, 1, 1, 8)
    assert cal.work_before(earlier) == -480


def test_no_working_time_is_unschedulable() -> None:
    with pytest.raises(Unschedulable):
        WorkCalendar(Calendar(id="never", weekdays=()), ORIGIN).add(0, 60)


def test_elapsed_axis_is_the_identity() -> None:
    assert ELAPSED.work_before(123) == ELAPSED.finish_at(123) == ELAPSED.start_at(123) == 123


def test_task_calendar_resolution() -> None:
    crew = Calendar(id="crew", weekdays=(5, 6))
    project = plan(
        name="p",
        start=ORIGIN,
        calendars=(crew,),
        resources=(
            resource("a", calendar="crew"),
            resource("b", calendar="crew"),
            resource("c"),
        ),
        tasks=(Task(id="t", duration=Duration(minutes=60)),),
        assignments=(use("t", "a"),),
    )
    task = project.tasks[0]
    assert task_calendar_id(project, task, ["a", "b"]) == "crew"
    # c has no calendar of its own: it counts as on the project's, and work needs both
    assert task_calendar_id(project, task, ["a", "c"]) == "standard ∩ crew"
    assert task_calendar_id(project, task, []) == "standard"
    own = Task(id="u", duration=Duration(minutes=60), calendar="crew")
    assert task_calendar_id(project, own, ["c"]) == "crew"
    cache = CalendarCache(project)
    assert cache.for_task(task, ["a"]) is cache.for_task(task, ["b"])
    assert cache.for_task(task, ["a"]).id == "crew"


# -- brute force ------------------------------------------------------------------------------------

WINDOW_DAYS = 21


def brute_working(calendar: Calendar, minute: int) -> bool:
    """Is `minute` (from ORIGIN) a working minute? Straight from the definition, one minute at a time."""
    when = at(minute)
    for p in calendar.extra:
        if p.start <= when < p.end:
            return True
    for p in calendar.off:
        if p.start <= when < p.end:
            return False
    of_day = when.hour * 60 + when.minute
    if when.weekday() in calendar.weekdays:
        ranges = {d.weekday: d.hours for d in calendar.week_hours}.get(when.weekday(), calendar.hours)
        if any(r.start <= of_day < r.end for r in ranges):
            return True
    # a night shift started the day before runs on past midnight, whatever today is
    eve = (when.weekday() - 1) % 7
    if eve in calendar.weekdays:
        ranges = {d.weekday: d.hours for d in calendar.week_hours}.get(eve, calendar.hours)
        return any(r.start <= of_day + DAY < r.end for r in ranges)
    return False


@st.composite
def calendars(draw: st.DrawFn) -> Calendar:
    weekdays = tuple(sorted(draw(st.sets(st.integers(0, 6), min_size=1))))

    def day_hours() -> tuple[TimeRange, ...]:
        cuts = sorted(draw(st.sets(st.integers(0, 24 * 4), min_size=2, max_size=6)))
        if len(cuts) % 2:
            cuts = cuts[:-1]
        out = [TimeRange(start=cuts[i] * 15, end=cuts[i + 1] * 15) for i in range(0, len(cuts), 2)]
        if cuts[-1] < 24 * 4 - 1 and draw(st.booleans()):  # a night shift past midnight, under 24 hours
            start = draw(st.integers(cuts[-1] + 1, 24 * 4 - 1))
            length = draw(st.integers(24 * 4 - start + 1, 24 * 4 - 1))
            out.append(TimeRange(start=start * 15, end=(start + length) * 15))
        return tuple(out)

    hours = day_hours()
    overridden = draw(st.sets(st.sampled_from(weekdays), max_size=3))
    week = tuple(DayHours(weekday=d, hours=day_hours()) for d in sorted(overridden))

    def periods() -> tuple[Period, ...]:
        out = []
        for start in draw(st.lists(st.integers(0, WINDOW_DAYS * 24 - 1), max_size=3)):
            length = draw(st.integers(1, 72))
            out.append(
                Period(
                    start=ORIGIN + dt.timedelta(hours=start), end=ORIGIN + dt.timedelta(hours=start + length)
                )
            )
        return tuple(out)

    try:  # per-day hours and night shifts that overlap the next day's hours are refused: draw again
        return Calendar(
            id="c", weekdays=weekdays, hours=hours, week_hours=week, off=periods(), extra=periods()
        )
    except ModelError:
        assume(False)
        raise


@settings(max_examples=40, deadline=None)
@given(calendars(), st.data())
def test_queries_match_brute_force(calendar: Calendar, data: st.DataObject) -> None:
    cal = WorkCalendar(calendar, ORIGIN)
    horizon = WINDOW_DAYS * DAY
    working = [brute_working(calendar, t) for t in range(horizon)]
    prefix = [0]
    for w in working:
        prefix.append(prefix[-1] + w)
    for t in data.draw(st.lists(st.integers(0, horizon), min_size=1, max_size=20)):
        assert cal.work_before(t) == prefix[t]
        # t == horizon is the first minute after the window: ask the definition, not the prefix table
        assert cal.is_working(t) == (working[t] if t < horizon else brute_working(calendar, t))
    total = prefix[-1]
    if total == 0:
        return
    for k in data.draw(st.lists(st.integers(1, total), min_size=1, max_size=10)):
        assert cal.finish_at(k) == prefix.index(k)  # smallest t with W(t) = k
        if k < total:
            assert cal.start_at(k) == len(prefix) - 1 - prefix[::-1].index(k)  # largest


@settings(max_examples=40, deadline=None)
@given(calendars(), st.lists(st.integers(-5000, 60000), max_size=30))
def test_batch_conversions_match_one_at_a_time(calendar: Calendar, ks: list[int]) -> None:
    # a fresh calendar per side, so the batch has to grow the horizon itself (both ways)
    batch, single = WorkCalendar(calendar, ORIGIN), WorkCalendar(calendar, ORIGIN)
    assert batch.finishes_at(ks) == [single.finish_at(k) for k in ks]
    assert batch.starts_at(ks) == [single.start_at(k) for k in ks]


def test_sparse_calendar_finds_work_near_the_horizon_limit() -> None:
    # 15 working minutes a week: 55,815 minutes lie 71 years out, inside the 200-year limit; doubling the
    # compiled horizon past the limit must not declare the calendar exhausted before it gets there
    sparse = Calendar(id="c", weekdays=(0,), hours=(TimeRange(start=0, end=15),))
    cal = WorkCalendar(sparse, ORIGIN)
    finish = cal.finish_at(55_815)
    assert cal.work_before(finish) == 55_815
    cal.finish_at(-15)  # the horizon doubles backward too: 71 years each side
    # the start of that minute needs the next interval: a full doubling would pass the 200-year limit
    assert cal.start_at(55_815) == finish + 7 * DAY - 15


def test_work_needs_the_task_calendar_and_each_resource_calendar() -> None:
    # a crew task on 05:00-21:00 every day; the HSE officer off on Tuesday and Wednesday; a supplier's
    # engineer on 07:30-16:00 Monday to Friday
    crew = Calendar(id="crew", weekdays=tuple(range(7)), hours=(TimeRange(start=5 * 60, end=21 * 60),))
    hse_off = Period(start=ORIGIN + dt.timedelta(days=1), end=ORIGIN + dt.timedelta(days=3))
    hse = Calendar(id="hse", weekdays=tuple(range(7)), hours=(TimeRange(start=0, end=DAY),), off=(hse_off,))
    supplier = Calendar(id="supplier", hours=(TimeRange(start=7 * 60 + 30, end=16 * 60),))
    project = plan(
        name="p",
        start=ORIGIN,
        calendars=(crew, hse, supplier),
        resources=(resource("officer", calendar="hse"), resource("engineer", calendar="supplier")),
        tasks=(Task(id="t", duration=Duration(minutes=60), calendar="crew"),),
    )
    task = project.tasks[0]
    assert task_calendar_id(project, task, ["officer"]) == "crew ∩ hse"
    assert task_calendar_id(project, task, ["officer", "engineer"]) == "crew ∩ hse ∩ supplier"
    cache = CalendarCache(project)
    with_officer = cache.for_task(task, ["officer"])
    assert with_officer.id == "crew ∩ hse"
    # Monday 05:00-21:00 (16 h), then nothing on Tuesday and Wednesday, then Thursday from 05:00
    assert with_officer.working_between(0, 4 * DAY) == (16 + 16) * 60
    assert with_officer.add(0, 17 * 60) == 3 * DAY + 6 * 60
    with_engineer = cache.for_task(task, ["engineer"])
    assert with_engineer.intervals(0, DAY) == [(7 * 60 + 30, 16 * 60)]  # ORIGIN is a Monday


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)
@given(calendars(), calendars(), st.lists(st.integers(0, 3 * DAY), min_size=1, max_size=15))
def test_a_combined_calendar_is_the_minute_by_minute_intersection(
    first: Calendar, second: Calendar, instants: list[int]
) -> None:
    second = dataclasses.replace(second, id="other")
    combined = CombinedCalendar([WorkCalendar(first, ORIGIN), WorkCalendar(second, ORIGIN)], ORIGIN)
    assert combined.id == f"{first.id} ∩ other"
    prefix = [0]
    for m in range(3 * DAY):
        prefix.append(prefix[-1] + (brute_working(first, m) and brute_working(second, m)))
    assume(prefix[-1] > 0)  # no common working time at all: nothing to compare, the calendar is exhausted
    for t in instants:
        assert combined.work_before(t) == prefix[t]


def test_calendars_that_never_meet_fall_back_to_the_tasks_own_with_a_warning() -> None:
    from plantrack.scheduling.cpm import cpm

    nights = Calendar(id="nights", hours=(TimeRange(start=0, end=6 * 60),))
    project = plan(
        name="p",
        start=ORIGIN,
        calendars=(nights,),
        resources=(resource("day", calendar="standard"), resource("night", calendar="nights")),
        tasks=(Task(id="t", duration=Duration(minutes=60)),),
        assignments=(use("t", "day"), use("t", "night")),
    )
    schedule = cpm(project)
    # without a calendar of its own the task runs on the first of its resources' calendars (by id)
    assert schedule.task("t").early_start_at == ORIGIN
    (warning,) = [w for w in schedule.warnings if w.code == "calendars-disjoint"]
    assert "task t" in warning.message and "nights ∩ standard" in warning.message
    own = dataclasses.replace(
        project, tasks=(Task(id="t", duration=Duration(minutes=60), calendar="standard"),)
    )
    assert cpm(own).task("t").early_start_at == ORIGIN + dt.timedelta(hours=8)  # the task's own


NIGHTS = TimeRange(start=21 * 60, end=29 * 60)  # 21:00-05:00


def test_a_short_friday_works_only_its_own_hours() -> None:
    cal = Calendar(
        id="plant", week_hours=(DayHours(weekday=4, hours=(TimeRange(start=8 * 60, end=12 * 60),)),)
    )
    work = WorkCalendar(cal, ORIGIN)
    friday = dt.datetime(2027, 1, 8)
    assert work.working_between(m(friday), m(friday + dt.timedelta(days=1))) == 4 * 60
    # 8 hours from Friday 08:00: 4 on Friday, 4 on Monday morning
    assert at(work.add(m(friday.replace(hour=8)), 8 * 60)) == dt.datetime(2027, 1, 11, 12)


def test_a_friday_night_shift_works_saturday_morning() -> None:
    cal = Calendar(id="nights", hours=(NIGHTS,))
    work = WorkCalendar(cal, ORIGIN)
    saturday = dt.datetime(2027, 1, 9)
    assert work.working_between(m(saturday), m(saturday + dt.timedelta(days=1))) == 5 * 60
    assert work.is_working(m(saturday.replace(hour=4, minute=59)))
    assert not work.is_working(m(saturday.replace(hour=5)))
    # Monday 00:00-05:00 belongs to Sunday's shift, and Sunday does not work
    assert work.working_between(m(ORIGIN), m(ORIGIN) + DAY) == 3 * 60


def test_a_holiday_removes_the_night_shift_that_starts_on_it() -> None:
    cal = Calendar(id="nights", hours=(NIGHTS,), holidays="FR")
    origin = dt.datetime(2027, 7, 12)  # Monday; Wednesday 14 July is Bastille Day
    work = WorkCalendar(cal, origin)
    tue, wed, thu = (m(dt.datetime(2027, 7, d), origin) for d in (13, 14, 15))
    assert work.working_between(wed, wed + 5 * 60) == 5 * 60  # Tuesday's shift runs into the holiday
    assert work.working_between(wed + 5 * 60, thu + 5 * 60) == 0  # the holiday's own shift is gone
    assert work.working_between(tue, wed) == 8 * 60  # Monday night's tail and its own evening


@pytest.mark.parametrize(
    ("hours", "week", "needle"),
    [
        ((TimeRange(start=8 * 60, end=12 * 60), TimeRange(start=11 * 60, end=13 * 60)), (), "overlap"),
        ((NIGHTS, TimeRange(start=2 * 60, end=6 * 60)), (), "overlap"),  # the tail meets the next morning
        (STANDARD.hours, (DayHours(weekday=5, hours=STANDARD.hours),), "sat"),  # not a working day
    ],
)
def test_clashing_hours_are_refused_naming_the_calendar(
    hours: tuple[TimeRange, ...], week: tuple[DayHours, ...], needle: str
) -> None:
    with pytest.raises(ModelError) as info:
        Calendar(id="plant", hours=hours, week_hours=week)
    assert "plant" in str(info.value) and needle in str(info.value)


@pytest.mark.parametrize(("start", "end"), [(8 * 60, 8 * 60), (8 * 60, 32 * 60), (24 * 60, 25 * 60)])
def test_empty_or_day_long_ranges_are_refused(start: int, end: int) -> None:
    with pytest.raises(ModelError):
        TimeRange(start=start, end=end)
