"""Validation milestones (gates): the latest go/no-go decision of each gate gives its status and whether
the plan counts the gate as reached."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from plantrack.i18n import _
from plantrack.scheduling.errors import Problem
from plantrack.scheduling.model import Project, TaskActual
from plantrack.scheduling.tracking.plan import PlannedDates
from plantrack.scheduling.tracking.records import Decision, GateDecision, GateStatus


@dataclass(frozen=True, slots=True, kw_only=True)
class GateState:
    task: str
    name: str
    status: GateStatus
    planned: dt.datetime | None  # forecast date of the milestone
    decision: GateDecision | None  # the latest one
    history: tuple[GateDecision, ...] = ()  # every decision, oldest first (deferred, then validated...)


def check_gate(project: Project, decision: GateDecision) -> list[Problem]:
    task = project.task_map().get(decision.task)
    if task is None:
        return [
            Problem(
                code="task-unknown",
                message=_("task {task}: no such task").format(task=decision.task),
                ids=(decision.task,),
            )
        ]
    if not task.milestone:
        return [
            Problem(
                code="gate-not-milestone",
                message=_("task {task} is not a milestone: only a milestone can be a gate").format(
                    task=decision.task
                ),
                ids=(decision.task,),
            )
        ]
    return []


_STATUS = {
    Decision.VALIDATED: GateStatus.PASSED,
    Decision.REJECTED: GateStatus.FAILED,
    Decision.DEFERRED: GateStatus.PENDING,
}


def gate_states(
    project: Project, decisions: Iterable[GateDecision], plan: Mapping[str, PlannedDates]
) -> list[GateState]:
    """Every gate (a milestone flagged as one, or any milestone that got a decision), in plan order."""
    history: dict[str, list[GateDecision]] = {}
    for d in sorted(decisions, key=lambda d: d.date):  # stable: same-day decisions keep entry order
        history.setdefault(d.task, []).append(d)
    latest = {task: made[-1] for task, made in history.items()}
    out: list[GateState] = []
    for task in project.tasks:
        if not task.milestone or not (task.gate or task.id in latest):
            continue
        decision = latest.get(task.id)
        dates = plan.get(task.id)
        out.append(
            GateState(
                task=task.id,
                name=task.name,
                status=GateStatus.PENDING if decision is None else _STATUS[decision.decision],
                planned=None if dates is None else dates.finish,
                decision=decision,
                history=tuple(history.get(task.id, ())),
            )
        )
    return out


def latest_decisions(
    decisions: Iterable[GateDecision], until: dt.datetime | None = None
) -> dict[str, GateDecision]:
    """Each gate's latest decision taken by `until` (default: every one recorded)."""
    latest: dict[str, GateDecision] = {}
    for d in sorted(decisions, key=lambda d: d.date):  # stable: same-day decisions keep entry order
        if until is None or d.date <= until:
            latest[d.task] = d
    return latest


def validated(decisions: Iterable[GateDecision], until: dt.datetime | None = None) -> set[str]:
    """The gates whose latest decision (taken by `until`) is a go: the plan counts them as reached."""
    return {t for t, d in latest_decisions(decisions, until).items() if d.decision is Decision.VALIDATED}


def gate_actuals(
    project: Project,
    decisions: Iterable[GateDecision],
    actuals: Mapping[str, TaskActual],
    until: dt.datetime | None = None,
) -> dict[str, TaskActual]:
    """The actuals the schedule at a status date uses, with each gate's latest decision applied.

    A gate is reached when it is validated, and only then: a validated gate is a milestone reached on
    the day of the decision, so its successors may start without progress recorded on it; a deferred
    (or rejected) gate is not reached whatever progress says of the milestone, so it stays ahead of the
    status date and holds its successors until a later decision. `until` is the status date of a past
    review (decisions taken after it were not known then); None takes every decision recorded.
    """
    out = dict(actuals)
    milestones = {t.id for t in project.tasks if t.milestone}
    for task, decision in latest_decisions(decisions, until).items():
        if task not in milestones:  # a gate removed from the plan, or no longer a milestone
            continue
        if decision.decision is Decision.VALIDATED:
            out[task] = TaskActual(
                task=task, actual_start=decision.date, actual_finish=decision.date, percent_complete=100.0
            )
        else:
            out.pop(task, None)
    return out
