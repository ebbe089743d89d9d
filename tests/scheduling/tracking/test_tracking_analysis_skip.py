"""The trend over earlier status dates leaves out a date the plan cannot be rescheduled from, and says so."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pytest

from builders import plan, task
from plantrack.scheduling.cpm import Schedule, cpm
from plantrack.scheduling.errors import Problem, Unschedulable
from plantrack.scheduling.model import Project, TaskActual
from plantrack.scheduling.tracking.analysis import analyse
from plantrack.scheduling.tracking.baseline import make_baseline
from plantrack.scheduling.tracking.plan import PlannedDates
from plantrack.scheduling.tracking.records import Baseline, ProgressRecord
from plantrack.scheduling.tracking.worktime import CalendarWorkTime


def _plan(schedule: Schedule) -> dict[str, PlannedDates]:
    return {
        t.id: PlannedDates(start=t.early_start_at, finish=t.early_finish_at, critical=t.critical)
        for t in schedule.tasks
    }


def _baseline(project: Project) -> Baseline:
    saved = dt.datetime(2027, 3, 1, 8)
    return make_baseline(
        project, _plan(cpm(project)), CalendarWorkTime(project), name="initial", saved_at=saved
    )


def _records() -> list[ProgressRecord]:
    first = dt.datetime(2027, 3, 2, 17)
    second = dt.datetime(2027, 3, 3, 17)
    return [
        ProgressRecord(
            task="A", status_date=first, actual_start=dt.datetime(2027, 3, 1, 8), percent_complete=40.0
        ),
        ProgressRecord(task="A", status_date=second, percent_complete=80.0),
    ]


def test_an_earlier_status_date_that_cannot_be_rescheduled_is_left_out_with_a_warning() -> None:
    project = plan(tasks=[task("A", "5d"), task("B", "2d")])
    baseline = make_baseline(
        project,
        _plan(cpm(project)),
        CalendarWorkTime(project),
        name="initial",
        saved_at=dt.datetime(2027, 3, 1, 8),
    )
    records = _records()
    calls: list[dt.datetime | None] = []

    def reschedule(when: dt.datetime | None, actuals: Mapping[str, TaskActual]) -> Mapping[str, PlannedDates]:
        calls.append(when)
        if when == records[0].status_date:  # as a window the plan no longer fits from that date would
            raise Unschedulable([Problem(code="window-missed", message="B fits in no period", ids=("B",))])
        return _plan(cpm(project, status_date=when, actuals=actuals))

    result = analyse(project, baseline, records, CalendarWorkTime(project), reschedule)
    assert calls == [records[0].status_date, records[1].status_date]
    assert [p.status_date for p in result.trend] == [records[1].status_date]
    assert [w.code for w in result.warnings] == ["trend-point-skipped"]
    assert "window-missed" in result.warnings[0].message and result.warnings[0].ids == ("B",)


def test_the_status_date_itself_still_fails() -> None:
    project = plan(tasks=[task("A", "5d")])
    baseline = make_baseline(
        project,
        _plan(cpm(project)),
        CalendarWorkTime(project),
        name="initial",
        saved_at=dt.datetime(2027, 3, 1, 8),
    )

    def reschedule(when: dt.datetime | None, actuals: Mapping[str, TaskActual]) -> Mapping[str, PlannedDates]:
        raise Unschedulable([Problem(code="window-missed", message="A fits in no period", ids=("A",))])

    with pytest.raises(Unschedulable):
        analyse(project, baseline, _records(), CalendarWorkTime(project), reschedule)
