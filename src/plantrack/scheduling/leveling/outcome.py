"""A leveled plan as users get it: left-shifted, its tasks' dates and delays, and what caused each delay."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, replace

from plantrack.scheduling.leveling.bounds import EarlyPass, first_start
from plantrack.scheduling.leveling.holders import Bookings
from plantrack.scheduling.leveling.leftshift import left_shift, plan_value
from plantrack.scheduling.leveling.problem import LevelingProblem, min_start_after
from plantrack.scheduling.leveling.result import (
    LeveledTask,
    LevelingResult,
    Method,
    Objective,
    Reason,
    Status,
    relative_gap,
)
from plantrack.scheduling.leveling.working import WorkingClock, working_bound, working_objective


class _Causes:
    """For each delayed task, the resource that kept it from starting where its predecessors allowed."""

    def __init__(self, problem: LevelingProblem, starts: list[int]) -> None:
        self.problem = problem
        self.starts = starts
        self.preds = problem.predecessors()
        self.free: list[list[int]] = []  # capacity left per resource and step in the leveled plan
        for k in range(len(problem.capacities)):
            row = problem.capacity_profile(k)
            for n, job in enumerate(problem.jobs):
                units = job.demands.get(k, 0)
                for t in (
                    range(starts[n], min(job.end(starts[n]) or starts[n], problem.horizon)) if units else ()
                ):
                    row[t] -= units
            self.free.append(row)
        self.pushed: list[str | None] = [None] * len(problem.jobs)

    def cause(self, i: int) -> str | None:
        job, starts = self.problem.jobs[i], self.starts
        lo_start, lo_end = 0, -(10**12)
        blocker: int | None = None
        for p in self.preds[i]:
            s_lo, e_lo = min_start_after(
                p, starts[p.pred], self.problem.jobs[p.pred].end(starts[p.pred]) or 0
            )
            if max(s_lo, e_lo - job.duration) >= starts[i]:
                blocker = p.pred
            lo_start, lo_end = max(lo_start, s_lo), max(lo_end, e_lo)
        free = first_start(job, lo_start, lo_end)
        if free is None or free >= starts[i]:
            # a predecessor (itself delayed) set this start: the cause is what delayed it
            self.pushed[i] = self.pushed[blocker] if blocker is not None else None
            return self.pushed[i]
        own_end = job.end(starts[i]) or starts[i]
        worst, worst_over = None, 0
        for k, units in job.demands.items():
            row = self.free[k]
            for t in range(free, min(job.end(free) or free, self.problem.horizon)):
                mine = units if starts[i] <= t < own_end else 0
                over = units - (row[t] + mine)
                if over > worst_over:
                    worst, worst_over = self.problem.resource_ids[k], over
        self.pushed[i] = worst
        return worst


@dataclass(frozen=True, slots=True)
class LevelingRun:
    """What every outcome of one leveling run shares: its clock, the axis factor, the limit asked for."""

    began: float
    factor: float  # axis points -> hours on the axis (weighted normal-priority hours for lateness)
    time_limit: float
    clock: WorkingClock


def leveled_result(
    problem: LevelingProblem,
    early: EarlyPass,
    starts: list[int] | None,
    status: Status,
    goal: Objective,
    method: Method,
    value: int,
    bound: int,
    run: LevelingRun,
    reason: Reason,
    *,
    floor: Mapping[int, int] | None = None,
) -> LevelingResult:
    """The result of a plan, left-shifted first (no task idle before it for no reason, see
    `leftshift.py`) so that its dates, delays and causes describe the plan users get; `floor` is the
    stability reference, below which no task is shifted."""
    axis, clock = problem.axis, run.clock
    tasks: dict[str, LeveledTask] = {}
    finish = axis.start_instant(0)
    by_lateness = goal is Objective.LATENESS
    moved: tuple[str, ...] = ()
    if starts is not None:
        shifted = left_shift(problem, starts, floor=floor)
        starts, moved = shifted.starts, tuple(problem.jobs[i].id for i in shifted.moved)
        value = min(value, plan_value(problem, starts, by_lateness))
        causes = _Causes(problem, starts)
        bookings = Bookings(problem, starts)
        for i in problem.topological_order():
            job = problem.jobs[i]
            end = job.end(starts[i]) or starts[i]
            delay = axis.minutes(starts[i]) - axis.minutes(early.start[i])
            delay_working = clock.between(axis.start_instant(early.start[i]), axis.start_instant(starts[i]))
            delayed_by = causes.cause(i) if delay > 0 else None
            # a milestone sits where the work before it ends (Friday 17:00, not Monday 08:00)
            begin = axis.start_instant(starts[i]) if end > starts[i] else axis.finish_instant(end)
            tasks[job.id] = LeveledTask(
                id=job.id,
                start=begin,
                finish=axis.finish_instant(end) if end > starts[i] else begin,
                start_minute=axis.minutes(starts[i]),
                finish_minute=axis.minutes(end),
                delay_minutes=delay,
                delay_working_minutes=delay_working,
                delayed_by=delayed_by,
                held_by=(
                    ()
                    if delayed_by is None
                    else bookings.holders(delayed_by, early.start[i], starts[i], besides=i)
                ),
            )
        finish = max((t.finish for t in tasks.values()), default=finish)
        tasks = {j.id: tasks[j.id] for j in problem.jobs}
    bound = min(bound, value) if starts is not None else bound
    return LevelingResult(
        status=status,
        objective_kind=goal,
        objective=value * run.factor,
        bound=bound * run.factor,
        gap=relative_gap(value, bound) if starts is not None else 1.0,
        time_s=time.perf_counter() - run.began,
        method=method,
        finish=finish,
        reason=reason,
        time_limit=run.time_limit,
        jobs=len(problem.jobs),
        resources=len(problem.resource_ids),
        minutes_per_day=clock.minutes_per_day,
        objective_working=(
            None if starts is None else working_objective(problem, starts, finish, clock, by_lateness)
        ),
        bound_working=working_bound(problem, bound, clock, by_lateness),
        axis_is_working=clock.exact(axis),
        tasks=tasks,
        left_shifted=moved,
    )


def with_moves(result: LevelingResult, minutes: int) -> LevelingResult:
    return replace(result, stability_moves=minutes)
