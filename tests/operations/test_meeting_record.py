"""A review meeting's record, written once for the CLI (fields given) and the review form (all fields)."""

from __future__ import annotations

import datetime as dt

import pytest
from tests.builders import plan, task

from plantrack.operations.review import MeetingChanges, record_meeting
from plantrack.scheduling.errors import InvalidInput
from plantrack.scheduling.tracking.meeting import MeetingRecord
from plantrack.store import WorkspaceState
from plantrack.store.tracking_codec import meeting_records

STATUS = dt.datetime(2027, 3, 3, 17)
NEXT = dt.datetime(2027, 3, 17, 9)


def stored_state() -> WorkspaceState:
    st = WorkspaceState(project=plan(tasks=[task("fit", "2d")]))
    record_meeting(st, STATUS, {"attendees": ("A. Petit",), "next_meeting": NEXT}, keep_unset=False)
    return st


def test_the_fields_not_given_are_kept_or_emptied_as_asked() -> None:
    kept = stored_state()
    assert record_meeting(kept, STATUS, {"agenda": ("G1",)}, keep_unset=True) == MeetingRecord(
        status_date=STATUS, attendees=("A. Petit",), agenda=("G1",), next_meeting=NEXT
    )
    emptied = stored_state()
    assert record_meeting(emptied, STATUS, {"agenda": ("G1",)}, keep_unset=False) == MeetingRecord(
        status_date=STATUS, agenda=("G1",)
    )
    assert meeting_records(emptied)[-1] == MeetingRecord(status_date=STATUS, agenda=("G1",))


def test_an_unchanged_record_is_not_written_again() -> None:
    st = stored_state()
    same = record_meeting(st, STATUS, {"attendees": ("A. Petit",)}, keep_unset=True)
    assert same == meeting_records(st)[0] and len(meeting_records(st)) == 1


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"attendees": ("A. Petit", " ")}, "attendees", "meeting-empty"),
        ({"notes": ("ok",), "next_meeting": dt.datetime(2027, 3, 2)}, "next_meeting", "next-meeting-early"),
    ],
)
def test_a_bad_field_is_named_and_nothing_is_written(changes: MeetingChanges, field: str, code: str) -> None:
    st = stored_state()
    with pytest.raises(InvalidInput) as caught:
        record_meeting(st, STATUS, changes, keep_unset=True)
    (problem,) = caught.value.problems()
    assert (problem.field, problem.code) == (field, code)
    assert len(meeting_records(st)) == 1
