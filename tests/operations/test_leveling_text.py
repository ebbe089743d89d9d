"""The leveling's words as the faces show them: the method and why, every figure in working time."""

from __future__ import annotations

import datetime as dt

from plantrack.operations.leveling import progress_line, result_line
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.leveling import ProgressInfo, level
from plantrack.scheduling.model import Assignment, Calendar, Project, Resource, Task, TimeRange

ROUND_THE_CLOCK = Calendar(id="cont", weekdays=tuple(range(7)), hours=(TimeRange(start=0, end=24 * 60),))


def test_result_line_in_working_days() -> None:
    # two 48 h jobs round the clock on one r from Monday 08:00 end Friday 08:00: 96 elapsed hours on the
    # solver's axis, Monday to Thursday = 32 working hours = 4 working days of the standard calendar
    project = Project(
        name="run-in",
        start=dt.datetime(2027, 1, 4, 8),
        calendars=(ROUND_THE_CLOCK,),
        tasks=tuple(Task(id=t, duration=Duration(minutes=48 * 60), calendar="cont") for t in "ab"),
        resources=(Resource(id="r"),),
        assignments=tuple(Assignment(task=t, resource="r") for t in "ab"),
    )
    text = result_line(level(project, time_limit=10))
    first, second, keys = text.split("\n")
    assert first.startswith("Leveled by ") and "optimal (proven)" in first
    assert second.startswith(
        "1 task(s) delayed · Finish 2027-01-08 08:00, 4 working days after the project start"
    )
    assert "96" not in text and keys.startswith("a: apply")


def test_progress_line_in_working_days() -> None:
    info = ProgressInfo(
        incumbent=96.0, bound=96.0, gap=0.0, elapsed=0.4, incumbent_working=1920.0, bound_working=1920.0
    )
    assert progress_line(info, 480) == "best 4 working days · bound 4 working days · gap 0.0 % · 0.4 s"
