"""What tracking needs from a schedule and a calendar: planned dates per task and working time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from plantrack.scheduling.duration import Duration


@dataclass(frozen=True, slots=True, kw_only=True)
class PlannedDates:
    """A task's dates in a plan (the current forecast or the baseline)."""

    start: dt.datetime
    finish: dt.datetime
    critical: bool = False


class WorkTime(Protocol):
    """Working time as each task's calendar counts it; `task=None` means the project calendar."""

    def minutes(self, task: str | None, start: dt.datetime, end: dt.datetime) -> int:
        """Working minutes from `start` to `end`, negative when `end` is before `start`."""
        ...

    def after_lag(self, task: str, when: dt.datetime, lag: Duration) -> dt.datetime:
        """The end of a link's `lag` from `when`, counted as the scheduler counts it for `task`."""
        ...

    def day_minutes(self, task: str | None) -> int:
        """Working minutes in one day of the calendar `task` works on (1440 for elapsed durations)."""
        ...

    def add(self, task: str | None, start: dt.datetime, minutes: int) -> dt.datetime:
        """The instant `minutes` working minutes after `start` (the end of the last minute)."""
        ...
