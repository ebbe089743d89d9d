"""Total float by moving each task, with leveling delays, deadlines and must-start-on / finish-no-later-than.

Float keeps its meaning (the largest delay of the task that keeps the project finish, see cpm.py), and
a bound is part of what must be kept: a deadline or finish-no-later-than date that a task met must stay
met, and a must-start-on date must stay respected by the links. A bound already missed (or a pinned
start its links already overrun) makes the float negative: the shortfall, passed on to the task's
predecessors as MS Project does, even when a window period rather than they makes the task late.
That shortfall also comes off the float of a predecessor that the missed task does not wait for: such
a float stays below what moving the task shows (test_cpm_missed_bound.py works one out by hand).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from test_cpm_floats import START, delayed, plans

from plantrack.scheduling.cpm import Schedule, cpm
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.errors import InvalidInput
from plantrack.scheduling.model import Constraint, ConstraintKind, Project, TaskActual

DAY = dt.timedelta(days=1)


@st.composite
def bounded_plans(draw: st.DrawFn) -> Project:
    """A plan of test_cpm_floats with leveling delays, deadlines and constraints on some of its tasks."""
    project = draw(plans())
    parents = {t.parent for t in project.tasks if t.parent}
    tasks = []
    for t in project.tasks:
        if t.id in parents:
            tasks.append(t)
            continue
        hours = draw(st.sampled_from([None, None, None, 0, 4, 24, 72]))
        delay = None if hours is None else Duration(minutes=hours * 60, elapsed=draw(st.booleans()))
        deadline = draw(st.sampled_from([None, None, None, 3, 10, 30]))
        constraints: tuple[Constraint, ...] = ()
        kind = draw(st.sampled_from([None, None, None, "fnlt", "mso"]))
        if kind is not None:
            day = draw(st.integers(1, 20))
            at = START + day * DAY + dt.timedelta(hours=8)
            constraints = (
                Constraint(
                    kind=ConstraintKind.FINISH_NO_LATER_THAN
                    if kind == "fnlt"
                    else ConstraintKind.MUST_START_ON,
                    date=at,
                ),
            )
        tasks.append(
            dataclasses.replace(
                t,
                leveling_delay=delay,
                deadline=None if deadline is None else START + deadline * DAY,
                constraints=constraints,
            )
        )
    return dataclasses.replace(project, tasks=tuple(tasks))


def bounds(project: Project) -> dict[str, dt.datetime]:
    """Each task's tightest finish bound: deadline or finish-no-later-than date."""
    out = {}
    for t in project.tasks:
        dates = [c.date for c in t.constraints if c.kind is ConstraintKind.FINISH_NO_LATER_THAN]
        if t.deadline is not None:
            dates.append(t.deadline)
        if dates:
            out[t.id] = min(dates)
    return out


def violated(schedule: Schedule) -> set[tuple[str, ...]]:
    return {w.ids for w in schedule.warnings if w.code == "constraint-violated"}


def met(project: Project, schedule: Schedule) -> Project:
    """`project` with each missed deadline or finish-no-later-than date moved to its task's early finish."""
    tasks = []
    for t in project.tasks:
        finish = schedule.task(t.id).early_finish_at
        deadline = t.deadline if t.deadline is None or t.deadline >= finish else finish
        constraints = tuple(
            dataclasses.replace(c, date=finish)
            if c.kind is ConstraintKind.FINISH_NO_LATER_THAN and c.date < finish
            else c
            for c in t.constraints
        )
        tasks.append(dataclasses.replace(t, deadline=deadline, constraints=constraints))
    return dataclasses.replace(project, tasks=tuple(tasks))


def unleveled(project: Project, task_id: str) -> Project:
    """`project` without `task_id`'s leveling delay: the constraint that moves it takes its place.

    The delay counts from the task's constraints, so kept it would add to the move.
    """
    tasks = tuple(
        dataclasses.replace(t, leveling_delay=None) if t.id == task_id else t for t in project.tasks
    )
    return dataclasses.replace(project, tasks=tasks)


def keeps(
    project: Project, schedule: Schedule, task_id: str, d: int, actuals: Mapping[str, TaskActual]
) -> bool:
    """Moving `task_id` by `d` keeps the finish, every bound the plan met and every pinned start."""
    try:
        moved = cpm(delayed(unleveled(project, task_id), schedule, task_id, d), actuals=actuals)
    except InvalidInput:
        return False
    if moved.finish > schedule.finish or not violated(moved) <= violated(schedule):
        return False
    for tid, bound in bounds(project).items():
        if moved.task(tid).early_finish_at > max(bound, schedule.task(tid).early_finish_at):
            return False
    return True


def brute(project: Project, schedule: Schedule, task_id: str, limit: int) -> int:
    """The largest delay keeping everything: 0 also when even a minute more breaks something."""
    lo, hi = 0, limit
    if keeps(project, schedule, task_id, hi, {}):
        return hi
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if keeps(project, schedule, task_id, mid, {}):
            lo = mid
        else:
            hi = mid
    return lo


# The search runs without shrinking (minutes long): a failure prints its plan, to be worked by hand.
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
@seed(56081773241729263132971206728346545458)
@given(bounded_plans())
def test_float_with_delays_deadlines_and_constraints(project: Project) -> None:
    try:
        schedule = cpm(project)
    except InvalidInput:
        return
    limit = 200 * 60
    pinned = {
        t.id for t in project.tasks if any(c.kind is ConstraintKind.MUST_START_ON for c in t.constraints)
    }
    for t in schedule.tasks:
        if t.summary or t.status == "complete":
            continue
        if t.id in pinned:  # a pinned start does not move: the engine says it has no float
            assert t.total_float <= 0 and t.critical
            continue
        if t.total_float >= limit:
            continue
        found = brute(project, schedule, t.id, limit)
        if t.total_float < 0:  # a bound is missed: the shortfall reaches its predecessors (MS Project)
            late = {"deadline-missed", "constraint-missed", "constraint-violated"}
            assert t.critical and any(w.code in late for w in schedule.warnings), (t.id, found)
        elif any(x.total_float < 0 for x in schedule.tasks):
            # a missed bound's late date passes back its shortfall (MS Project): never more than moving
            # shows, and exactly that once each missed bound is moved to the date its task finishes
            assert t.total_float <= found, (t.id, t.total_float, found)
            if not violated(schedule):
                kept = cpm(met(project, schedule)).task(t.id).total_float
                assert min(kept, limit) == found, (t.id, kept, found)  # the search stops at `limit`
        else:
            assert t.total_float == found, (t.id, t.total_float, found)
