"""Minutes from the project's origin, and the time axes dates count on: round the clock, or working time."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

DAY = 24 * 60


def to_minute(origin: dt.datetime, when: dt.datetime) -> int:
    """Wall-clock instant -> minutes from origin (seconds are dropped)."""
    delta = when - origin
    return delta.days * DAY + delta.seconds // 60


def to_datetime(origin: dt.datetime, minute: int) -> dt.datetime:
    return origin + dt.timedelta(minutes=minute)


class TimeAxis(Protocol):
    """What the scheduler needs from a calendar: working minutes before an instant, and back."""

    id: str

    def work_before(self, t: int) -> int: ...

    def finish_at(self, k: int) -> int: ...

    def start_at(self, k: int) -> int: ...


class ElapsedAxis:
    """Round-the-clock time: elapsed durations and milestones run through nights, weekends and holidays."""

    id = "elapsed"

    def work_before(self, t: int) -> int:
        return t

    def finish_at(self, k: int) -> int:
        return k

    def start_at(self, k: int) -> int:
        return k


ELAPSED = ElapsedAxis()
