"""What review minutes report for a period ending at the status date: indicators, tasks, gates, actions,
and the meeting's own record (attendees, agenda, notes, next meeting)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from plantrack.scheduling.tracking.actions import ActionState, overdue
from plantrack.scheduling.tracking.gates import GateState
from plantrack.scheduling.tracking.meeting import MeetingRecord
from plantrack.scheduling.tracking.progress import TaskProgress
from plantrack.scheduling.tracking.records import GateDecision
from plantrack.scheduling.tracking.variance import TaskVariance, TrendPoint, VarianceReport

LOOKAHEAD = dt.timedelta(days=14)


@dataclass(frozen=True, slots=True, kw_only=True)
class MilestoneRow:
    task: TaskVariance
    gate: GateState | None


@dataclass(frozen=True, slots=True, kw_only=True)
class DecisionRow:
    """One go/no-go decision of a gate, for the minutes' decisions section (every one, not the latest)."""

    gate: str
    name: str
    decision: GateDecision
    in_period: bool  # taken since the previous review


@dataclass(frozen=True, slots=True, kw_only=True)
class Review:
    project: str
    currency: str
    minutes_per_day: int
    since: dt.datetime
    meeting: dt.datetime
    report: VarianceReport
    trend: tuple[TrendPoint, ...]
    finished: tuple[TaskVariance, ...]
    started: tuple[TaskVariance, ...]
    late: tuple[TaskVariance, ...]
    coming: tuple[TaskVariance, ...]
    milestones: tuple[MilestoneRow, ...]
    decisions: tuple[DecisionRow, ...]
    actions_new: tuple[ActionState, ...]
    actions_done: tuple[ActionState, ...]
    actions_overdue: tuple[ActionState, ...]
    open_points: tuple[ActionState, ...]
    record: MeetingRecord

    @property
    def status_date(self) -> dt.datetime:
        return self.report.status_date


def default_since(
    status_dates: Sequence[dt.datetime], status_date: dt.datetime, fallback: dt.datetime
) -> dt.datetime:
    """The previous review: the last status date before this one, else `fallback` (the baseline's date)."""
    earlier = [d for d in status_dates if d < status_date]
    return max(earlier) if earlier else fallback


def _in(when: dt.datetime | None, since: dt.datetime, until: dt.datetime) -> bool:
    return when is not None and since < when <= until


def build_review(
    *,
    project: str,
    currency: str,
    minutes_per_day: int,
    since: dt.datetime,
    report: VarianceReport,
    trend: tuple[TrendPoint, ...],
    states: Mapping[str, TaskProgress],
    gates: Sequence[GateState],
    actions: Sequence[ActionState],
    meeting: dt.datetime | None = None,
    record: MeetingRecord | None = None,
) -> Review:
    """Tasks are reported up to the status date; actions up to the meeting (default: the status date),
    since a review usually takes place a few days after its status date and registers actions itself."""
    until = report.status_date
    held = max(until, meeting or until)
    rows = report.tasks
    finished = [r for r in rows if (s := states.get(r.id)) is not None and _in(s.finish, since, until)]
    started = [
        r
        for r in rows
        if (s := states.get(r.id)) is not None and not s.finished and _in(s.actual_start, since, until)
    ]
    coming = sorted(
        (r for r in rows if not r.started and until <= r.forecast_start <= until + LOOKAHEAD),
        key=lambda r: (r.forecast_start, r.id),
    )
    gate_by_task = {g.task: g for g in gates}
    milestones = [MilestoneRow(task=r, gate=gate_by_task.get(r.id)) for r in rows if r.milestone]
    milestones.sort(key=lambda m: (m.task.forecast_finish, m.task.id))
    decisions = [
        DecisionRow(gate=g.task, name=g.name, decision=d, in_period=_in(d.date, since, held))
        for g in gates
        for d in g.history
        if d.date <= held
    ]
    return Review(
        project=project,
        currency=currency,
        minutes_per_day=minutes_per_day,
        since=since,
        meeting=held,
        report=report,
        trend=trend,
        finished=tuple(sorted(finished, key=lambda r: (states[r.id].finish or until, r.id))),
        started=tuple(started),
        late=tuple(report.late_tasks()),
        coming=tuple(coming),
        milestones=tuple(milestones),
        decisions=tuple(decisions),
        actions_new=tuple(a for a in actions if _in(a.action.created, since, held)),
        actions_done=tuple(a for a in actions if a.action.status.closed and _in(a.closed_on, since, held)),
        # judged at the status date, as the report and `action list` judge them
        actions_overdue=tuple(a for a in actions if overdue(a, until)),
        open_points=tuple(a for a in actions if not a.action.status.closed),
        record=record if record is not None else MeetingRecord(status_date=until),
    )
