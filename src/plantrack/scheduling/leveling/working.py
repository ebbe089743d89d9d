"""The solver's axis values in the users' unit: working minutes of the project calendar."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

from plantrack.scheduling.calendar import CalendarCache, to_minute
from plantrack.scheduling.leveling.axis import Axis, ContinuousAxis, WorkingAxis, is_continuous
from plantrack.scheduling.leveling.problem import LevelingProblem
from plantrack.scheduling.leveling.result import NORMAL_PRIORITY, ProgressInfo
from plantrack.scheduling.model import Project


class WorkingClock:
    """Working minutes of the project calendar from the project start to an instant.

    The leveling axis counts elapsed minutes when tasks run on different calendars (or a shared calendar
    that is not the project's): users read every other figure of the plan in the project calendar's
    working time, so leveling figures are converted through it, between the project start and the date.
    """

    def __init__(self, project: Project) -> None:
        self.calendar = CalendarCache(project).get(project.calendar)
        self.origin = project.origin
        self.minutes_per_day = project.minutes_per_day
        self._base = self.calendar.work_before(to_minute(self.origin, project.start))
        self._start = project.start

    def at(self, instant: dt.datetime) -> int:
        """Working minutes from the project start to `instant` (negative before the start)."""
        return self.calendar.work_before(to_minute(self.origin, instant)) - self._base

    def between(self, first: dt.datetime, last: dt.datetime) -> int:
        return self.at(last) - self.at(first)

    def finish_on(self, axis: Axis, point: int) -> int:
        """Working minutes from the project start to the finish at axis point `point`."""
        return self.at(axis.finish_instant(point))

    def exact(self, axis: Axis) -> bool:
        """Whether axis minutes already are working minutes of the project calendar (sums convert 1:1)."""
        if isinstance(axis, WorkingAxis):
            return axis.calendar.id == self.calendar.id and axis.origin == self.origin
        if isinstance(axis, ContinuousAxis):
            return is_continuous(self.calendar.calendar) and axis.origin == self._start
        return False


def in_working_time(
    progress: Callable[[ProgressInfo], None] | None,
    problem: LevelingProblem,
    clock: WorkingClock,
    factor: float,
    by_lateness: bool,
) -> Callable[[ProgressInfo], None] | None:
    """The progress callback, with the solver's figures also in working minutes of the project calendar.

    `factor` turns axis points into the hours the solver reports (weighted hours for lateness).
    """
    if progress is None:
        return None
    axis, exact = problem.axis, clock.exact(problem.axis)

    def working(hours: float | None) -> float | None:
        if hours is None:
            return None
        if by_lateness:
            # a sum of weighted lateness converts only where the axis already counts working minutes
            return hours * 60 if exact else None
        return float(clock.finish_on(axis, round(hours / factor)))

    def report(info: ProgressInfo) -> None:
        progress(replace(info, incumbent_working=working(info.incumbent), bound_working=working(info.bound)))

    return report


def working_objective(
    problem: LevelingProblem, starts: list[int], finish: dt.datetime, clock: WorkingClock, by_lateness: bool
) -> float:
    """The plan's objective in working minutes: to its finish, or priority-weighted minutes late."""
    if not by_lateness:
        return float(clock.at(finish))
    axis, late = problem.axis, 0
    for i, job in enumerate(problem.jobs):
        if job.deadline is not None:
            end = job.end(starts[i]) or starts[i]
            late += job.weight * max(0, clock.finish_on(axis, end) - clock.finish_on(axis, job.deadline))
    return late / NORMAL_PRIORITY


def working_bound(
    problem: LevelingProblem, bound: int, clock: WorkingClock, by_lateness: bool
) -> float | None:
    """The bound in working minutes: a finish converts through its date, a weighted sum only 1:1."""
    if not by_lateness:
        return float(clock.finish_on(problem.axis, bound))
    return bound * problem.axis.unit / NORMAL_PRIORITY if clock.exact(problem.axis) else None
