"""Progress records as typed (command line, CSV batch, TUI form) read into checked `ProgressRecord`s."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from plantrack.scheduling.errors import ModelError
from plantrack.scheduling.model import Project, clean_text
from plantrack.scheduling.tracking.records import Cause

if TYPE_CHECKING:
    from plantrack.scheduling.dates import DateReader
    from plantrack.scheduling.tracking.records import ProgressRecord

#: The 5M delay causes (and `other`), as the core's `Cause` names them.
CAUSES = tuple(c.value for c in Cause)


def parse_record(
    project: Project, fields: Mapping[str, str | None], dates: DateReader | None = None
) -> ProgressRecord:
    """A progress record from command-line or CSV text; raises ModelError naming the bad field.

    Dates follow `scheduling/dates.py`: a status date alone is the end of that working day on the project
    calendar, an actual finish alone the end of it on the task's calendar, an actual start its 00:00.
    """
    from plantrack.scheduling.dates import DateError
    from plantrack.scheduling.duration import parse_duration
    from plantrack.scheduling.tracking.records import ProgressRecord

    task = (fields.get("task") or "").strip()
    reader = dates or date_reader(project)
    try:
        status, start, finish = reader.progress(task, fields)
    except DateError as exc:
        raise ModelError("date-invalid", f"task {task}: {exc.field} {exc}", [task]) from None

    def number(key: str) -> float | None:
        text = (fields.get(key) or "").strip().removesuffix("%").strip()
        if not text:
            return None
        try:
            return float(text)
        except ValueError:
            raise ModelError(
                "number-invalid", f"task {task}: {key} {text!r} is not a number", [task]
            ) from None

    if status is None:
        raise ModelError("status-date-missing", f"task {task}: give the status date (--date)", [task])
    remaining = (fields.get("remaining") or "").strip()
    left = None
    if remaining:
        duration = parse_duration(
            remaining, minutes_per_day=project.minutes_per_day, minutes_per_week=project.minutes_per_week
        )
        if duration.elapsed:
            raise ModelError(
                "remaining-elapsed", f"task {task}: remaining work is working time (3d, not 3ed)", [task]
            )
        left = duration.minutes
    cause = (fields.get("cause") or "").strip()
    if cause and cause not in CAUSES:
        raise ModelError(
            "cause-invalid", f"task {task}: cause {cause!r} is not one of {', '.join(CAUSES)}", [task]
        )
    return ProgressRecord(
        task=task,
        status_date=status,
        actual_start=start,
        actual_finish=finish,
        percent_complete=number("done"),
        remaining_minutes=left,
        hours=number("hours"),
        cost=number("cost"),
        cause=Cause(cause) if cause else None,
        note=clean_text(fields.get("note") or ""),
    )


def date_reader(project: Project) -> DateReader:
    """One date reader for a batch: each calendar compiled once."""
    from plantrack.scheduling.dates import DateReader

    return DateReader(project)
