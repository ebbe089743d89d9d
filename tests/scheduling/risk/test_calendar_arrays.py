"""Calendar maps over arrays: the scalar maps' answers on whole minutes, interpolated between them."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plantrack.scheduling.calendar import DAY, ELAPSED, WorkCalendar
from plantrack.scheduling.model import Calendar, Period, TimeRange
from plantrack.scheduling.risk.calendar_arrays import ROUND_THE_CLOCK, ArrayCalendar, array_axis

ORIGIN = dt.datetime(2027, 7, 26)
CLOSURE = Period(start=dt.datetime(2027, 8, 2), end=dt.datetime(2027, 8, 23))
CALENDARS = (
    Calendar(id="plant", off=(CLOSURE,)),
    Calendar(id="crew", weekdays=(5, 6), hours=(TimeRange(start=360, end=1320),), extra=(CLOSURE,)),
    Calendar(id="always", weekdays=tuple(range(7)), hours=(TimeRange(start=0, end=DAY),)),
)
#: Far enough on both sides to make the calendars compile more days, one batch at a time.
SPAN = 3000 * DAY


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(CALENDARS),
    st.lists(st.integers(-SPAN, SPAN), min_size=1, max_size=40),
    st.lists(st.integers(-SPAN // 3, SPAN // 3), min_size=1, max_size=40),
)
def test_whole_minutes_give_the_scalar_answers(
    calendar: Calendar, instants: list[int], works: list[int]
) -> None:
    """Fresh calendars on each side: the array maps grow the horizon themselves, as the scalar ones do."""
    scalar = WorkCalendar(calendar, ORIGIN)
    arrays = ArrayCalendar(WorkCalendar(calendar, ORIGIN))
    t = np.array(instants, dtype=np.float64)
    k = np.array(works, dtype=np.float64)
    assert list(arrays.work_before(t)) == [scalar.work_before(x) for x in instants]
    assert list(arrays.start_at(k)) == [scalar.start_at(x) for x in works]
    assert list(arrays.finish_at(k)) == [scalar.finish_at(x) for x in works]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(CALENDARS), st.integers(-40 * DAY, 80 * DAY), st.floats(0.01, 0.99))
def test_fractions_interpolate_inside_a_working_minute(calendar: Calendar, k: int, part: float) -> None:
    """k + part of a minute of work ends `part` into the working minute k + 1, and starts `part` into
    the minute that begins at k; counting the work before such an instant gives k + part back."""
    scalar = WorkCalendar(calendar, ORIGIN)
    arrays = ArrayCalendar(WorkCalendar(calendar, ORIGIN))
    value = np.array([k + part])
    finish = arrays.finish_at(value)[0]
    assert finish == pytest.approx(scalar.finish_at(k + 1) - 1 + part, abs=1e-6)
    start = arrays.start_at(value)[0]
    assert start == pytest.approx(scalar.start_at(k) + part, abs=1e-6)
    assert list(arrays.work_before(np.array([finish, start]))) == pytest.approx([k + part] * 2, abs=1e-6)


def test_round_the_clock_is_the_identity_and_calendars_are_shared() -> None:
    values = np.array([-5.5, 0.0, 17.25])
    assert ROUND_THE_CLOCK.finish_at(values) is values
    cache: dict[int, ArrayCalendar] = {}
    plant = WorkCalendar(CALENDARS[0], ORIGIN)
    assert array_axis(ELAPSED, cache) is ROUND_THE_CLOCK
    assert array_axis(plant, cache) is array_axis(plant, cache)
    assert len(cache) == 1
