"""An independent check that no leveled task could start earlier: brute force with the validator.

For each task it tries every earlier whole hour from the project start (for work or a milestone on a
working calendar, one that gains working time; for work, a working hour), keeps every other task where
the plan put it, and asks the validator whether the plan would still be valid. Shares no code with the
leveler.
"""

from __future__ import annotations

import datetime as dt

from validator import Plan, _between, _length, violations

from plantrack.scheduling.model import Project, Task

HOUR = dt.timedelta(hours=1)


def _finish(project: Project, task: Task, start: dt.datetime) -> dt.datetime | None:
    """The earliest finish of the task's length from `start`; None if `start` is not a working hour."""
    minutes, elapsed = _length(project, task)
    if elapsed or minutes == 0:
        return start + dt.timedelta(minutes=minutes)
    if _between(project, task, start, start + HOUR, False) != 60:
        return None  # work cannot begin in a break: not a start the plan could use
    left, at = minutes, start
    while left > 0:
        left -= _between(project, task, at, at + HOUR, False)
        at += HOUR
    return at


def earlier_starts(project: Project, plan: Plan, *, hard_deadlines: bool = True) -> list[str]:
    """Every (task, earlier start) at which the task alone could move with the plan still valid."""
    parents = {t.parent for t in project.tasks if t.parent}
    out: list[str] = []
    for task in project.tasks:
        if task.id in parents:
            continue
        start = plan[task.id][0]
        minutes, elapsed = _length(project, task)
        at = project.start
        while at < start:
            finish = _finish(project, task, at)
            # work and milestones on a working calendar start earlier only if they gain working time:
            # two instants of one night are the same place (the validator counts links in working time)
            gains = (elapsed and minutes > 0) or _between(project, task, at, start, False) > 0
            if finish is not None and gains:
                moved = {**plan, task.id: (at, finish)}
                if not violations(project, moved, hard_deadlines=hard_deadlines):
                    out.append(f"{task.id} could start at {at} instead of {start}")
                    break
            at += HOUR
    return out
