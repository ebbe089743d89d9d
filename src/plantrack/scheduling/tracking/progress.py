"""Progress history: the state of each task at a status date, input checks, and actuals for rescheduling."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace

from plantrack.i18n import N_, _, language
from plantrack.i18n.formats import format_day, format_moment
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.errors import Problem, Severity, format_quantity
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
    return Problem(
        code=code, message=_("task {task}: {problem}").format(task=task, problem=message), ids=(task,)
    )


def _percent(value: float) -> str:
    """A percentage as the messages show it: `50%` (`50 %` in French)."""
    # TRANSLATORS: a percentage in a message; French puts a no-break space before the sign
    return _("{value}%").format(value=format_quantity(value))


def _shown(when: dt.date) -> str:
    """A date or a moment as the messages show it: ISO in English, `25/08/2027 14:00` in French."""
    if language() == "en":
        return when.isoformat()
    return format_moment(when) if isinstance(when, dt.datetime) else format_day(when)


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
        return [_error(record.task, _("no such task in the plan"), "task-unknown")]
    if record.task in project.summary_ids():
        return [_error(record.task, _("is a phase: report progress on its tasks"), "progress-on-summary")]
    problems: list[Problem] = []
    day = _shown(record.status_date)
    if record.percent_complete is not None and not 0 <= record.percent_complete <= 100:
        problems.append(
            _error(
                record.task,
                _("{percent} done is not within 0-100%").format(percent=_percent(record.percent_complete)),
            )
        )
    for what, when in (
        (N_("actual start {date} is after the status date {status}"), record.actual_start),
        (N_("actual finish {date} is after the status date {status}"), record.actual_finish),
    ):
        if when is not None and when > record.status_date:
            problems.append(_error(record.task, _(what).format(date=_shown(when), status=day)))
    earlier = list(history)
    state = fold([*earlier, record], record.status_date)[record.task]
    start, finish = state.actual_start, state.actual_finish
    if task.milestone and start is None and finish is not None:
        start = finish
    if start is not None and finish is not None and finish < start:
        problems.append(
            _error(
                record.task,
                _("actual finish {finish} is before actual start {start}").format(
                    finish=_shown(finish), start=_shown(start)
                ),
            )
        )
    if finish is not None and state.percent is not None and state.percent < 100:
        problems.append(
            _error(
                record.task,
                _("has an actual finish but only {percent} done").format(percent=_percent(state.percent)),
            )
        )
    if state.started and start is None and not task.milestone:
        problems.append(
            _error(record.task, _("progress reported without an actual start: add --actual-start"))
        )
    if problems:
        return problems
    if state.finished and state.actual_finish is None:
        problems.append(
            Problem(
                code="finish-assumed",
                message=_(
                    "task {task}: {percent} done without --actual-finish, taken as finished on {date}"
                ).format(task=record.task, percent=_percent(100), date=day),
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
                            message=_(
                                "task {task} has started but its predecessor {predecessor} has not"
                            ).format(task=record.task, predecessor=pred),
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
        (state.actual_finish, N_("its actual finish"))
        if state.actual_finish is not None
        else (record.status_date, N_("the status date"))
    )
    when = format_moment(start)
    if start > limit:
        return record, _error(
            record.task,
            _(
                "progress reported without an actual start, and its start in {source} ({when}) is after "
                "{limit}: add --actual-start"
            ).format(source=source, when=when, limit=_(what)),
        )
    note = Problem(
        code="start-assumed",
        message=_("task {task}: no actual start given, taken as {when}, its start in {source}").format(
            task=record.task, when=when, source=source
        ),
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
