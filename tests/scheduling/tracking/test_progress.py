"""Progress history: folding records into a state, input checks, actuals handed to the scheduler."""

from __future__ import annotations

from tracking_fixtures import at, retrofit

from plantrack.scheduling.errors import Severity
from plantrack.scheduling.tracking.progress import check_record, fold, task_actuals
from plantrack.scheduling.tracking.records import Cause, ProgressRecord


def codes(problems: list) -> list[tuple[str, str]]:  # type: ignore[type-arg]
    return [(p.code, str(p.severity)) for p in problems]


def test_latest_value_of_each_field_wins_and_earlier_fields_carry_forward() -> None:
    records = [
        ProgressRecord(
            task="A", status_date=at(2), actual_start=at(1), percent_complete=30.0, cause=Cause.MAN
        ),
        ProgressRecord(task="A", status_date=at(4), percent_complete=80.0, note="waiting for review"),
        ProgressRecord(task="A", status_date=at(3), percent_complete=50.0, hours=12.0),
    ]
    state = fold(records)["A"]
    assert (state.actual_start, state.percent, state.hours, state.cause) == (at(1), 80.0, 12.0, Cause.MAN)
    assert state.note == "waiting for review" and state.status_date == at(4)
    # as of the 3rd, the record of the 4th is not known yet
    assert fold(records, at(3))["A"].percent == 50.0


def test_invalid_actuals_are_refused_with_actuals_invalid() -> None:
    project = retrofit()
    bad = [
        ProgressRecord(task="A", status_date=at(4), actual_start=at(3), actual_finish=at(2)),
        ProgressRecord(task="A", status_date=at(4), actual_start=at(1), percent_complete=120.0),
        ProgressRecord(task="A", status_date=at(4), actual_start=at(5)),
        ProgressRecord(
            task="A", status_date=at(4), actual_start=at(1), actual_finish=at(2), percent_complete=40.0
        ),
    ]
    for record in bad:
        assert ("actuals-invalid", "error") in codes(check_record(project, record, [])), record


def test_finish_before_a_start_given_earlier_is_caught() -> None:
    project = retrofit()
    earlier = [ProgressRecord(task="A", status_date=at(3), actual_start=at(3))]
    record = ProgressRecord(task="A", status_date=at(4), actual_finish=at(2, 10))
    assert ("actuals-invalid", "error") in codes(check_record(project, record, earlier))


def test_unknown_task_and_missing_start() -> None:
    project = retrofit()
    assert codes(check_record(project, ProgressRecord(task="Z", status_date=at(4)), [])) == [
        ("task-unknown", "error")
    ]
    record = ProgressRecord(task="A", status_date=at(4), percent_complete=20.0)
    assert ("actuals-invalid", "error") in codes(check_record(project, record, []))


def test_out_of_sequence_start_warns_but_is_accepted() -> None:
    project = retrofit()
    record = ProgressRecord(task="B", status_date=at(4), actual_start=at(3), percent_complete=10.0)
    problems = check_record(project, record, [])
    assert codes(problems) == [("predecessor-not-started", "warning")]
    assert problems[0].ids == ("B", "A")
    started = [ProgressRecord(task="A", status_date=at(2), actual_start=at(1))]
    assert check_record(project, record, started) == []


def test_hundred_percent_without_finish_is_finished_on_the_status_date() -> None:
    project = retrofit()
    record = ProgressRecord(task="A", status_date=at(4), actual_start=at(1), percent_complete=100.0)
    problems = check_record(project, record, [])
    assert [p.severity for p in problems] == [Severity.WARNING] and problems[0].code == "finish-assumed"
    actual = task_actuals(fold([record]), project)["A"]
    assert (actual.actual_start, actual.actual_finish, actual.percent_complete) == (at(1), at(4), 100.0)


def test_actuals_for_the_scheduler() -> None:
    project = retrofit()
    records = [
        ProgressRecord(task="A", status_date=at(4), actual_start=at(1), actual_finish=at(2, 12)),
        ProgressRecord(
            task="B", status_date=at(4), actual_start=at(3), percent_complete=25.0, remaining_minutes=900
        ),
        ProgressRecord(task="M", status_date=at(4), actual_finish=at(4, 10)),
        ProgressRecord(task="C", status_date=at(4), percent_complete=0.0),
    ]
    actuals = task_actuals(fold(records), project)
    assert set(actuals) == {"A", "B", "M"}  # C reported 0 % without a start: not started
    assert actuals["B"].remaining is not None and actuals["B"].remaining.minutes == 900
    assert actuals["M"].actual_start == actuals["M"].actual_finish == at(4, 10)
