"""Rescheduling from the status date with the actuals tracking hands to the CPM."""

from __future__ import annotations

import datetime as dt

from builders import chain, milestone, plan, task
from plantrack.scheduling.cpm import cpm
from plantrack.scheduling.model import Project
from plantrack.scheduling.tracking.progress import fold, task_actuals
from plantrack.scheduling.tracking.records import ProgressRecord

DAY = 480


def at(day: int, hour: int = 8) -> dt.datetime:
    return dt.datetime(2027, 3, day, hour)  # 1 March 2027 is a Monday


def project() -> Project:
    """Design 2d -> Wire 3d -> Accept, standard calendar (08-12, 13-17): planned Mon 1 - Fri 5 17:00."""
    return plan(
        [task("design", "2d"), task("wire", "3d"), milestone("accept")],
        chain("design", "wire", "accept"),
        name="P",
        start=at(1),
    )


def dates(records: list[ProgressRecord], status: dt.datetime) -> dict[str, tuple[dt.datetime, dt.datetime]]:
    p = project()
    schedule = cpm(p, status_date=status, actuals=task_actuals(fold(records, status), p))
    return {t.id: (t.early_start_at, t.early_finish_at) for t in schedule.tasks}


def test_as_planned_without_progress() -> None:
    got = dates([], at(1))
    assert got["wire"] == (at(3), at(5, 17))


def test_finished_early_pulls_successors_in() -> None:
    records = [
        ProgressRecord(task="design", status_date=at(1, 17), actual_start=at(1), actual_finish=at(1, 17))
    ]
    got = dates(records, at(1, 17))
    assert got["design"] == (at(1), at(1, 17))
    assert got["wire"] == (at(2), at(4, 17))  # Tue 08:00 + 3 days
    assert got["accept"][1] == at(4, 17)


def test_finished_late_pushes_successors_out() -> None:
    records = [
        ProgressRecord(task="design", status_date=at(3, 12), actual_start=at(1), actual_finish=at(3, 12))
    ]
    got = dates(records, at(3, 12))
    assert got["wire"] == (at(3, 13), at(8, 12))  # Wed 13:00 + 24 h of work -> Mon 12:00


def test_in_progress_with_more_remaining_than_planned() -> None:
    records = [
        ProgressRecord(task="design", status_date=at(2, 17), actual_start=at(1), remaining_minutes=2 * DAY)
    ]
    got = dates(records, at(2, 17))
    assert got["design"] == (at(1), at(4, 17))  # two more days from Tuesday evening
    assert got["wire"] == (at(5), at(9, 17))


def test_started_out_of_sequence() -> None:
    """Wire started before design: it keeps its actual start; design waits for the status date."""
    records = [ProgressRecord(task="wire", status_date=at(1, 17), actual_start=at(1), percent_complete=10.0)]
    got = dates(records, at(1, 17))
    assert got["wire"][0] == at(1)
    assert got["design"][0] >= at(1, 17)
