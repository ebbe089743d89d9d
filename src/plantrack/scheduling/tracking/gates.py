"""Validation milestones (gates): the latest go/no-go decision of each gate gives its status."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from plantrack.scheduling.errors import Problem
from plantrack.scheduling.model import Project
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
            Problem(code="task-unknown", message=f"task {decision.task}: no such task", ids=(decision.task,))
        ]
    if not task.milestone:
        return [
            Problem(
                code="gate-not-milestone",
                message=f"task {decision.task} is not a milestone: only a milestone can be a gate",
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
