"""Progress records as typed (command line, CSV batch, TUI form) read into checked `ProgressRecord`s.

Each refusal names the typed field in `Problem.field` (a form flags it) and the task in `Problem.ids`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from plantrack.i18n import _
from plantrack.scheduling.errors import InvalidInput, ModelError, Problem, Severity, errors_only
from plantrack.scheduling.model import Project, clean_text
from plantrack.scheduling.tracking.records import Cause

if TYPE_CHECKING:
    from plantrack.scheduling.dates import DateReader
    from plantrack.scheduling.tracking.plan import PlannedDates
    from plantrack.scheduling.tracking.records import ProgressRecord
    from plantrack.store import WorkspaceState


def _refuse(field: str, code: str, message: str, task: str) -> InvalidInput:
    return InvalidInput([Problem(code=code, message=message, ids=(task,), field=field)])


#: The 5M delay causes (and `other`), as the core's `Cause` names them.
CAUSES = tuple(c.value for c in Cause)


def parse_record(
    project: Project, fields: Mapping[str, str | None], dates: DateReader | None = None
) -> ProgressRecord:
    """A progress record from command-line, CSV or form text; raises InvalidInput naming the bad field.

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
        raise _refuse(
            exc.field,
            "date-invalid",
            _("task {task}: {field} {error}").format(task=task, field=exc.field, error=exc),
            task,
        ) from None

    def number(key: str) -> float | None:
        text = (fields.get(key) or "").strip().removesuffix("%").strip()
        if not text:
            return None
        try:
            return float(text)
        except ValueError:
            raise _refuse(
                key,
                "number-invalid",
                _("task {task}: {field} {text} is not a number").format(
                    task=task, field=key, text=repr(text)
                ),
                task,
            ) from None

    if status is None:
        raise _refuse(
            "date",
            "status-date-missing",
            _("task {task}: give the status date (--date)").format(task=task),
            task,
        )
    remaining = (fields.get("remaining") or "").strip()
    left = None
    if remaining:
        try:
            duration = parse_duration(
                remaining, minutes_per_day=project.minutes_per_day, minutes_per_week=project.minutes_per_week
            )
        except ModelError as exc:
            raise InvalidInput([exc.problem.about("remaining")]) from exc
        if duration.elapsed:
            raise _refuse(
                "remaining",
                "remaining-elapsed",
                _("task {task}: remaining work is working time (3d, not 3ed)").format(task=task),
                task,
            )
        left = duration.minutes
    from plantrack.scheduling.words import cause_code  # French 5M words read as the stored codes

    cause = cause_code(fields.get("cause") or "")
    if cause and cause not in CAUSES:
        raise _refuse(
            "cause",
            "cause-invalid",
            _("task {task}: cause {cause} is not one of {causes}").format(
                task=task, cause=repr(cause), causes=", ".join(CAUSES)
            ),
            task,
        )
    try:
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
    except ModelError as exc:  # the record's own rules (e.g. a finish before its start)
        raise InvalidInput(exc.problems()) from exc


def date_reader(project: Project) -> DateReader:
    """One date reader for a batch: each calendar compiled once."""
    from plantrack.scheduling.dates import DateReader

    return DateReader(project)


def assume_starts(
    state: WorkspaceState, records: Sequence[ProgressRecord], history: Iterable[ProgressRecord]
) -> tuple[list[ProgressRecord], list[Problem]]:
    """Progress given without an actual start takes the task's baseline start (the latest baseline),
    else its start in the current plan, with a `start-assumed` note; refused if that start is later
    than what was reported."""
    from plantrack.operations.analysis import forecast_plan
    from plantrack.scheduling.tracking.progress import assume_start, lacks_start
    from plantrack.store.tracking_codec import find_baseline

    project = state.project
    baseline = find_baseline(state, None)
    planned: Mapping[str, PlannedDates] | None = None
    seen = list(history)
    out: list[ProgressRecord] = []
    notes: list[Problem] = []
    for record in records:
        if lacks_start(project, record, seen):
            kept = None if baseline is None else baseline.task_map().get(record.task)
            if baseline is not None and kept is not None:
                start, source = kept.start, _("baseline {name}").format(name=baseline.name)
            else:
                if planned is None:  # the plan as `schedule` shows it now, computed once for a batch
                    planned = forecast_plan(state)
                start, source = planned[record.task].start, _("the plan")
            record, note = assume_start(record, seen, start, source)
            notes.append(note)
        out.append(record)
        seen.append(record)
    return out, notes


def record_progress(
    state: WorkspaceState, records: Sequence[ProgressRecord], problems: Iterable[Problem] = ()
) -> list[Problem]:
    """Append `records` to the workspace's history after the tracking checks; return the warnings.

    `problems` are those met while reading the records (a CSV batch's bad rows): with the checks'
    errors they refuse the whole batch, and nothing is written. A validated gate counts as reached.
    """
    from plantrack.scheduling.tracking.gates import validated
    from plantrack.scheduling.tracking.progress import check_record
    from plantrack.store.tracking_codec import add_progress, gate_decisions, progress

    found = list(problems)
    history = progress(state)
    checked, notes = assume_starts(state, records, history)
    found.extend(notes)
    refused = {task for p in errors_only(notes) for task in p.ids}  # said once, by the note
    reached = validated(gate_decisions(state))
    for record in checked:
        if record.task not in refused:
            found.extend(check_record(state.project, record, history, reached))
        history.append(record)
    if errors_only(found):
        raise InvalidInput(errors_only(found))
    add_progress(state, checked)
    return [p for p in found if p.severity is Severity.WARNING]
