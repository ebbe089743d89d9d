"""Plans whose tasks run on different calendars: an elapsed axis with start -> end tables.

A shutdown task on the crew's round-the-clock calendar and an order on the plant's day calendar
cannot share a working-minute axis. On the elapsed axis each task working on a calendar gets a table
of its allowed starts (working instants) and the finish each gives ("intervals spanning over breaks");
elapsed tasks (supplier lead times) keep a fixed length, and working-time lags become tables too.
"""

from __future__ import annotations

import math
from dataclasses import replace

from plantrack.scheduling.calendar import CalendarCache, WorkCalendar, task_calendar_id, to_minute
from plantrack.scheduling.errors import InvalidInput, Problem
from plantrack.scheduling.leveling.problem import LevelingProblem
from plantrack.scheduling.model import Project, Task

WEEK = 7 * 24 * 60
MAX_TABLE_CELLS = 3_000_000  # beyond this the model would not fit a few seconds of solving


def _ceil(value: int, unit: int) -> int:
    return -(-value // unit)


def calendar_unit(project: Project, calendars: list[WorkCalendar], unit: int) -> int:
    """Shrink `unit` so that it divides every working-interval boundary (relative to the start)."""
    offset = to_minute(project.origin, project.start)
    values = [unit, 24 * 60]
    for cal in calendars:
        for lo, hi in cal.intervals(offset, offset + 2 * WEEK):
            values += [lo - offset, hi - offset]
    return math.gcd(*[abs(v) for v in values if v])


def tabulate(
    project: Project,
    problem: LevelingProblem,
    leaves: list[Task],
    assigned: dict[str, list[tuple[str, float]]],
    lengths: dict[str, int],
) -> LevelingProblem:
    """Give every working-calendar task its start -> end table and every working lag its table."""
    cache = CalendarCache(project)
    offset = to_minute(project.origin, project.start)
    unit = problem.axis.unit
    task_cal = {t.id: cache.get(task_calendar_id(project, t, [r for r, _ in assigned[t.id]])) for t in leaves}
    elapsed = {t.id for t in leaves if (d := t.planned_duration()) is not None and d.elapsed}
    span = 0  # a generous horizon: every task and lag one after the other, on its calendar
    for t in leaves:
        if lengths[t.id] and t.id not in elapsed:
            span += task_cal[t.id].add(offset, lengths[t.id]) - offset
        else:
            span += lengths[t.id]
    span += sum(abs(k.lag.minutes) * (1 if k.lag.elapsed else 4) for k in project.links)
    horizon = problem.horizon + _ceil(span + 2 * WEEK, unit)
    cells = horizon * sum(1 for t in leaves if lengths[t.id] and t.id not in elapsed)
    if cells > MAX_TABLE_CELLS:
        raise InvalidInput(
            [
                Problem(
                    code="leveling-too-large",
                    message=f"the plan spans {horizon * unit // (24 * 60)} days in steps of {unit} minutes: "
                    "too fine for leveling across calendars; round durations to whole hours",
                )
            ]
        )
    index = problem.index()
    for t in leaves:
        job = problem.jobs[index[t.id]]
        if not lengths[t.id] or t.id in elapsed:
            continue
        cal = task_cal[t.id]
        table: dict[int, int] = {}
        for lo, hi in cal.intervals(offset, offset + horizon * unit):
            for minute in range(offset + _ceil(lo - offset, unit) * unit, hi, unit):
                table[(minute - offset) // unit] = _ceil(cal.add(minute, lengths[t.id]) - offset, unit)
        if job.windows is not None:
            # wholly inside one period: the window ranges were computed for a fixed length, redo them
            periods = [(lo, hi + job.duration) for lo, hi in job.windows]
            table = {s: e for s, e in table.items() if any(a <= s and e <= b for a, b in periods)}
            job.windows = None
        job.table = table
        job.duration = min((e - s for s, e in table.items()), default=job.duration)
    precs = []
    for p in problem.precs:
        link = project.links[p.link] if p.link >= 0 else None
        if link is None or not link.lag.minutes or link.lag.elapsed:
            precs.append(p)
            continue
        cal = task_cal[problem.jobs[p.succ].id]  # a lag counts on the successor's calendar
        lag = link.lag.minutes
        shift = {}
        for point in range(horizon + max((j.duration for j in problem.jobs), default=0) + 1):
            minute = offset + point * unit
            moved = cal.add(minute, lag) if lag > 0 else cal.subtract(minute, -lag)
            shift[point] = _ceil(moved - offset, unit)
        precs.append(replace(p, lag=lag // unit if lag > 0 else -horizon, shift=shift))
    problem.precs = precs
    problem.horizon = horizon
    problem.busy = [list(b) for b in problem.busy]
    return problem
