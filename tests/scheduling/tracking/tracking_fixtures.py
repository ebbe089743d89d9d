"""Test helpers for tracking: a brute-force day calendar (Mon-Fri 08:00-16:00) and a small project."""

from __future__ import annotations

import datetime as dt

from builders import chain, milestone, plan, resource, task, use
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.model import Project

DAY_START, DAY_END = 8 * 60, 16 * 60


class DayWorkTime:
    """Every task works Monday to Friday, 08:00-16:00: counted day by day, independently of the engine."""

    def _between(self, a: dt.datetime, b: dt.datetime) -> int:
        total = 0
        day = a.date()
        while day <= b.date():
            if day.weekday() < 5:
                lo = dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=DAY_START)
                hi = dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=DAY_END)
                overlap = (min(hi, b) - max(lo, a)).total_seconds() // 60
                total += max(0, int(overlap))
            day += dt.timedelta(days=1)
        return total

    def minutes(self, task: str | None, start: dt.datetime, end: dt.datetime) -> int:
        return self._between(start, end) if end >= start else -self._between(end, start)

    def after_lag(self, task: str, when: dt.datetime, lag: Duration) -> dt.datetime:
        if lag.elapsed or not lag.minutes:
            return when + dt.timedelta(minutes=lag.minutes)
        assert lag.minutes > 0, "leads are not needed by these tests"
        return self.add(task, when, lag.minutes)

    def day_minutes(self, task: str | None) -> int:
        return DAY_END - DAY_START

    def add(self, task: str | None, start: dt.datetime, minutes: int) -> dt.datetime:
        day = start.date()
        left = minutes
        while True:
            if day.weekday() < 5:
                lo = max(start, dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=DAY_START))
                hi = dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=DAY_END)
                available = max(0, int((hi - lo).total_seconds() // 60))
                if left <= available:
                    return lo + dt.timedelta(minutes=left)
                left -= available
            day += dt.timedelta(days=1)


def at(day: int, hour: int = 8, minute: int = 0) -> dt.datetime:
    """An instant in March 2027 (1 March 2027 is a Monday)."""
    return dt.datetime(2027, 3, day, hour, minute)


def retrofit() -> Project:
    """Design (2d, one technician at 40/h) -> Buy parts (3d, fixed cost 1500) -> Wire (4d, two
    electricians at 60/h, fixed cost 200) -> Acceptance (milestone, a gate)."""
    return plan(
        [
            task("A", "2d", name="Design"),
            task("B", "3d", name="Buy parts", fixed_cost=1500.0),
            task("C", "4d", name="Wire", fixed_cost=200.0),
            milestone("M", name="Acceptance", gate=True),
        ],
        chain("A", "B", "C", "M"),
        name="Retrofit",
        start=at(1),
        resources=(resource("tech", rate=40.0), resource("elec", rate=60.0, capacity=2)),
        assignments=(use("A", "tech"), use("C", "elec", 2)),
    )
