"""Inherited slip: how far each task's driving link pushes it past its baseline, on the task's calendar.

A link passes on its predecessor's forecast event (its finish for FS and FF links, its start for SS and
SF; a phase's finish is its last leaf's, its start its first leaf's) plus the lag, as a bound on the
successor's start (FS, SS) or finish (FF, SF); a link to a phase binds every task under it. What a link
passes on is how far that bound now lies past the successor's baseline start (or finish), counted in
working minutes of the calendar the successor works on: float the baseline left absorbs part of a
predecessor's slip, as the schedule does. The driving link is the one passing on the most; the
variance report keeps at most the task's own finish slip as inherited, the rest it introduced itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from plantrack.scheduling.model import LinkType, Project
from plantrack.scheduling.tracking.plan import PlannedDates, WorkTime

_FROM_FINISH = (LinkType.FS, LinkType.FF)
_TO_FINISH = (LinkType.FF, LinkType.SF)


@dataclass(frozen=True, slots=True, kw_only=True)
class Push:
    """What a task's driving link passes on: working minutes on the task's calendar, and from whom."""

    minutes: int
    source: str


def _leaves(project: Project, known: Mapping[str, object]) -> dict[str, list[str]]:
    """Every task id -> the leaf tasks under it (itself for a leaf) that both plans hold."""
    children = project.children()
    out: dict[str, list[str]] = {}

    def walk(task_id: str) -> list[str]:
        found = out.get(task_id)
        if found is None:
            kids = children.get(task_id)
            if kids:
                found = [leaf for kid in kids for leaf in walk(kid)]
            else:
                found = [task_id] if task_id in known else []
            out[task_id] = found
        return found

    for task in project.tasks:
        walk(task.id)
    return out


def pushes(
    project: Project,
    baseline: Mapping[str, PlannedDates],
    forecast: Mapping[str, PlannedDates],
    worktime: WorkTime,
) -> dict[str, Push]:
    """Each leaf task's driving link (the one pushing it furthest past its baseline), where one pushes."""
    known = {k: v for k, v in forecast.items() if k in baseline}
    under = _leaves(project, known)
    best: dict[str, Push] = {}
    for link in project.links:
        preds = under.get(link.predecessor, [])
        if not preds:
            continue
        if link.type in _FROM_FINISH:  # a phase finishes with its last leaf
            source = max(preds, key=lambda p: (known[p].finish, p))
            event = known[source].finish
        else:  # and starts with its first
            source = min(preds, key=lambda p: (known[p].start, p))
            event = known[source].start
        for task in under.get(link.successor, []):
            if task == source:
                continue
            target = baseline[task].finish if link.type in _TO_FINISH else baseline[task].start
            push = worktime.minutes(task, target, worktime.after_lag(task, event, link.lag))
            held = best.get(task)
            if push > 0 and (
                held is None or push > held.minutes or (push == held.minutes and source < held.source)
            ):
                best[task] = Push(minutes=push, source=source)
    return best
