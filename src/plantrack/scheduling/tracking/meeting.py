"""The meeting's own record of a review: attendees, agenda, discussion notes and the next meeting's date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from plantrack.i18n import N_, _
from plantrack.i18n.formats import format_moment
from plantrack.scheduling.errors import ModelError
from plantrack.scheduling.model import MAX_NAME_LENGTH, MAX_NOTES_LENGTH

#: An agenda item or a note is a line of the minutes; a register of one meeting stays readable below this
MAX_ITEM_LENGTH = 2000
MAX_ITEMS = 200


def _check_items(kind: str, items: tuple[str, ...], limit: int) -> None:
    if len(items) > MAX_ITEMS:
        raise ModelError(
            "meeting-too-long",
            _("meeting {part}: {count} entries (limit {limit})").format(
                part=_(kind), count=len(items), limit=MAX_ITEMS
            ),
        )
    for item in items:
        if not item.strip():
            raise ModelError("meeting-empty", _("meeting {part}: an entry is empty").format(part=_(kind)))
        if len(item) > limit:
            raise ModelError(
                "text-too-long",
                _("meeting {part}: an entry of {length} characters (limit {limit})").format(
                    part=_(kind), length=len(item), limit=limit
                ),
            )


@dataclass(frozen=True, slots=True, kw_only=True)
class MeetingRecord:
    """What the review meeting of one status date adds to the figures. Stored so the CLI and the TUI
    print the same minutes; a later record for the same status date replaces an earlier one."""

    status_date: dt.datetime  # the review it belongs to
    attendees: tuple[str, ...] = ()
    agenda: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    next_meeting: dt.datetime | None = None

    def __post_init__(self) -> None:
        _check_items(N_("attendees"), self.attendees, MAX_NAME_LENGTH)
        _check_items(N_("agenda"), self.agenda, MAX_ITEM_LENGTH)
        _check_items(N_("notes"), self.notes, MAX_NOTES_LENGTH)
        if self.next_meeting is not None and self.next_meeting <= self.status_date:
            raise ModelError(
                "next-meeting-early",
                _("the next meeting ({next}) must be after the status date ({status})").format(
                    next=format_moment(self.next_meeting), status=format_moment(self.status_date)
                ),
            )


def meeting_record(records: Iterable[MeetingRecord], status_date: dt.datetime) -> MeetingRecord:
    """The latest record of the review at `status_date`, or an empty one."""
    found = MeetingRecord(status_date=status_date)
    for record in records:  # entry order: the last one written wins
        if record.status_date == status_date:
            found = record
    return found


def split_items(text: str, separator: str = ";") -> tuple[str, ...]:
    """`A. Petit; J. Martin` -> ("A. Petit", "J. Martin"): entries trimmed, empty ones dropped."""
    return tuple(part.strip() for part in text.split(separator) if part.strip())
