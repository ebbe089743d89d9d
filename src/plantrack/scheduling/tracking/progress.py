"""Progress history: the state of each task at a status date, input checks, and actuals for rescheduling."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace

from plantrack.scheduling.duration import Duration
from plantrack.scheduling.errors import Problem, Severity
from plantrack.scheduling.model import Project, TaskActual
from plantrack.scheduling.tracking.plan import WorkTime
from plantrack.scheduling.tracking.records import Cause, ProgressRecord


@dataclass(frozen=True, slots=True, kw_only=True)
class TaskProgress:
    """A task's state at a status date: every field is the latest value its records gave."""

    task: str
    status_date: dt.datetime  # of the latest record taken into account
    actual_start: dt.datetime | None = None
    actual_finish: dt.datetime | None = None
    percent: float | None = None
    remaining_minutes: int | None = None
    hours: float | None = None
    cost: float | None = None
    cause: Cause | None = None
    note: str = ""

    @property
    def finished(self) -> bool:
        return self.actual_finish is not None or (self.percent is not None and self.percent >= 100)

    @property
    def started(self) -> bool:
        return self.actual_start is not None or self.finished or bool(self.percent)

    @property
    def finish(self) -> dt.datetime | None:
        """The actual finish; a task reported 100 % done without one finished on its status date."""
        if self.actual_finish is not None:
            return self.actual_finish
        return self.status_date if self.finished else None


def status_dates(records: Iterable[ProgressRecord]) -> list[dt.datetime]:
    """The distinct status dates of a progress history, oldest first."""
    return sorted({r.status_date for r in records})


def fold(
    records: Iterable[ProgressRecord], status_date: dt.datetime | None = None
) -> dict[str, TaskProgress]:
    """The state of every reported task at `status_date` (default: all records)."""
    # sorted() is stable: records of the same status date apply in the order they were entered
    kept = sorted(
        (r for r in records if status_date is None or r.status_date <= status_date),
        key=lambda r: r.status_date,
    )
    out: dict[str, TaskProgress] = {}
    for r in kept:
        old = out.get(r.task) or TaskProgress(task=r.task, status_date=r.status_date)
        out[r.task] = TaskProgress(
            task=r.task,
            status_date=r.status_date,
            actual_start=r.actual_start or old.actual_start,
            actual_finish=r.actual_finish or old.actual_finish,
            # a record giving the finish makes the task 100 % done unless it says otherwise
            percent=r.percent_complete
            if r.percent_complete is not None
            else (100.0 if r.actual_finish is not None else old.percent),
            remaining_minutes=r.remaining_minutes
            if r.remaining_minutes is not None
            else (0 if r.actual_finish is not None else old.remaining_minutes),
            hours=r.hours if r.hours is not None else old.hours,
            cost=r.cost if r.cost is not None else old.cost,
            cause=r.cause or old.cause,
            note=r.note or old.note,
        )
    return out


def percent_complete(state: TaskProgress, worktime: WorkTime, status_date: dt.datetime) -> float:
    """Physical % complete: as reported, else done / (done + remaining) in working time, else 0."""
    if state.finished:
        return 100.0
    if state.percent is not None:
        return state.percent
    if state.remaining_minutes is not None and state.actual_start is not None:
        done = max(0, worktime.minutes(state.task, state.actual_start, status_date))
        total = done + state.remaining_minutes
        return 100.0 * done / total if total else 0.0
    return 0.0


def _error(task: str, message: str, code: str = "actuals-invalid") -> Problem:
    return Problem(code=code, message=f"task {task}: {message}", ids=(task,))


def check_record(
    project: Project,
    record: ProgressRecord,
    history: Iterable[ProgressRecord],
    reached: Collection[str] = (),
) -> list[Problem]:
    """Errors (refuse) and warnings (accept) for one new record given the task's earlier history.

    `reached` are the validated gates: a successor may start after one without progress on the gate.
    """
    task = project.task_map().get(record.task)
    if task is None:
        return [_error(record.task, "no such task in the plan", "task-unknown")]
    if record.task in project.summary_ids():
        return [_error(record.task, "is a phase: report progress on its tasks", "progress-on-summary")]
    problems: list[Problem] = []
    day = record.status_date.isoformat()
    if record.percent_complete is not None and not 0 <= record.percent_complete <= 100:
        problems.append(_error(record.task, f"{record.percent_complete:g}% done is not within 0-100%"))
    for what, when in (("start", record.actual_start), ("finish", record.actual_finish)):
        if when is not None and when > record.status_date:
            problems.append(
                _error(record.task, f"actual {what} {when.isoformat()} is after the status date {day}")
            )
    earlier = list(history)
    state = fold([*earlier, record], record.status_date)[record.task]
    start, finish = state.actual_start, state.actual_finish
    if task.milestone and start is None and finish is not None:
        start = finish
    if start is not None and finish is not None and finish < start:
        problems.append(
            _error(
                record.task, f"actual finish {finish.isoformat()} is before actual start {start.isoformat()}"
            )
        )
    if finish is not None and state.percent is not None and state.percent < 100:
        problems.append(_error(record.task, f"has an actual finish but only {state.percent:g}% done"))
    if state.started and start is None and not task.milestone:
        problems.append(_error(record.task, "progress reported without an actual start: add --actual-start"))
    if problems:
        return problems
    if state.finished and state.actual_finish is None:
        problems.append(
            Problem(
                code="finish-assumed",
                message=f"task {record.task}: 100% done without --actual-finish, taken as finished on {day}",
                ids=(record.task,),
                severity=Severity.WARNING,
            )
        )
    if state.started:
        states = fold(earlier, record.status_date)
        summaries = project.summary_ids()
        for link in project.links:
            pred = link.predecessor
            if link.successor == record.task and pred not in summaries and pred not in reached:
                pred_state = states.get(pred)
                if pred_state is None or not pred_state.started:
                    problems.append(
                        Problem(
                            code="predecessor-not-started",
                            message=f"task {record.task} has started but its predecessor {pred} has not",
                            ids=(record.task, pred),
                            severity=Severity.WARNING,
                        )
                    )
    return problems


def lacks_start(project: Project, record: ProgressRecord, history: Iterable[ProgressRecord]) -> bool:
    """The record makes a task (not a milestone) started, but neither it nor earlier ones give the start."""
    task = project.task_map().get(record.task)
    if task is None or task.milestone or record.task in project.summary_ids():
        return False
    earlier = [r for r in history if r.task == record.task]
    state = fold([*earlier, record], record.status_date)[record.task]
    return state.started and state.actual_start is None


def assume_start(
    record: ProgressRecord, history: Iterable[ProgressRecord], start: dt.datetime, source: str
) -> tuple[ProgressRecord, Problem]:
    """The record with `start` (the task's start in `source`, a baseline or the plan) as its actual
    start, and the note saying so; an error instead when that start is after what was reported."""
    earlier = [r for r in history if r.task == record.task]
    state = fold([*earlier, record], record.status_date)[record.task]
    limit, what = (
        (state.actual_finish, "its actual finish")
        if state.actual_finish is not None
        else (record.status_date, "the status date")
    )
    when = f"{start:%Y-%m-%d %H:%M}"
    if start > limit:
        return record, _error(
            record.task,
            f"progress reported without an actual start, and its start in {source} ({when}) is after "
            f"{what}: add --actual-start",
        )
    note = Problem(
        code="start-assumed",
        message=f"task {record.task}: no actual start given, taken as {when}, its start in {source}",
        ids=(record.task,),
        severity=Severity.WARNING,
    )
    return replace(record, actual_start=start), note


def task_actuals(states: Mapping[str, TaskProgress], project: Project) -> dict[str, TaskActual]:
    """What the scheduler needs: actual dates and remaining work of every started task."""
    milestones = {t.id for t in project.tasks if t.milestone}
    out: dict[str, TaskActual] = {}
    for task_id, state in states.items():
        if not state.started:
            continue
        finish = state.finish
        start = state.actual_start
        if start is None and task_id in milestones:
            start = finish
        out[task_id] = TaskActual(
            task=task_id,
            actual_start=start,
            actual_finish=finish,
            remaining=None if state.remaining_minutes is None else Duration(minutes=state.remaining_minutes),
            percent_complete=100.0 if state.finished else (state.percent or 0.0),
        )
    return out
