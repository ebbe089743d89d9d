"""The meeting record of a review: its checks, and the latest record of a status date wins."""

from __future__ import annotations

import datetime as dt

import pytest

from plantrack.scheduling.errors import ModelError
from plantrack.scheduling.tracking.meeting import MeetingRecord, meeting_record, split_items

S1 = dt.datetime(2027, 3, 5, 17)
S2 = dt.datetime(2027, 3, 12, 17)


def test_the_latest_record_of_a_status_date_wins_and_other_dates_start_empty() -> None:
    first = MeetingRecord(status_date=S1, attendees=("A. Petit",))
    second = MeetingRecord(status_date=S1, attendees=("A. Petit", "J. Martin"), agenda=("Progress",))
    other = MeetingRecord(status_date=S2, notes=("later",))
    assert meeting_record([first, other, second], S1) == second
    assert meeting_record([first, other, second], S2) == other
    assert meeting_record([first, second], S2) == MeetingRecord(status_date=S2)


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"attendees": ("A", " ")}, "meeting-empty"),
        ({"agenda": ("x" * 2001,)}, "text-too-long"),
        ({"attendees": ("x" * 201,)}, "text-too-long"),
        ({"notes": tuple("n" for _ in range(201))}, "meeting-too-long"),
        ({"next_meeting": S1}, "next-meeting-early"),
        ({"next_meeting": S1 - dt.timedelta(days=1)}, "next-meeting-early"),
    ],
)
def test_a_bad_record_is_refused(fields: dict[str, object], code: str) -> None:
    with pytest.raises(ModelError) as caught:
        MeetingRecord(status_date=S1, **fields)  # type: ignore[arg-type]
    assert caught.value.code() == code


def test_split_items_trims_and_drops_empty_entries() -> None:
    assert split_items(" A. Petit ;; J. Martin; ") == ("A. Petit", "J. Martin")
    assert split_items("") == ()
