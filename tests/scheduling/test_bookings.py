"""Bookings shared by the load table and the over-allocation warning: bars and the sweep, by hand."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from builders import days, milestone, plan, resource, task, use
from plantrack.scheduling.bookings import Event, bars, book, segments
from plantrack.scheduling.cpm import cpm
from plantrack.scheduling.model import Calendar

MON = dt.datetime(2027, 1, 4, 8)


def test_bars_skip_milestones_and_the_work_before_since() -> None:
    project = plan(
        [task("phase"), task("a", days(1), parent="phase"), task("b", days(1)), milestone("m")],
        (),
        start=MON,
        calendars=(Calendar(id="standard"),),
        resources=(resource("crew"), resource("idle")),
        assignments=[use("a", "crew", 0.5), use("m", "crew"), use("b", "crew")],
    )
    schedule = cpm(project)
    # minute 0 is Monday's midnight: both one-day tasks work 08:00-17:00 (480 to 1020)
    assert bars(project, schedule) == {"crew": [("a", 0.5, 480, 1020), ("b", 1.0, 480, 1020)]}
    assert bars(project, schedule, since=600) == {"crew": [("a", 0.5, 600, 1020), ("b", 1.0, 600, 1020)]}
    assert bars(project, schedule, since=1020) == {}


def test_segments_count_every_event_of_an_instant_before_the_span_that_follows() -> None:
    events: dict[int, list[Event]] = {}
    book(events, [(0, 10), (20, 30)], 1.0, "a")
    book(events, [(10, 20)], 2.0, "b")  # b starts as a pauses: never 3 units at once
    events.setdefault(5, []).append((0.0, -1.0, None))  # an absence from 5 to 25
    events.setdefault(25, []).append((0.0, 1.0, None))
    found = [(t, nxt, booked, available, Counter(active)) for t, nxt, booked, available, active in
             segments(events, 1.0)]  # fmt: skip
    assert found == [
        (0, 5, 1.0, 1.0, Counter(a=1)),
        (5, 10, 1.0, 0.0, Counter(a=1)),
        (10, 20, 2.0, 0.0, Counter(b=1)),
        (20, 25, 1.0, 0.0, Counter(a=1)),
        (25, 30, 1.0, 1.0, Counter(a=1)),
    ]
