"""`level(project)`: the shortest feasible plan under resource limits, with a proven bound."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager, nullcontext
from typing import TypeVar

from plantrack.scheduling.errors import InvalidInput, Problem, Severity
from plantrack.scheduling.leveling import decodable
from plantrack.scheduling.leveling.bounds import EarlyPass, early_pass, resource_free_bound
from plantrack.scheduling.leveling.build import build_problem
from plantrack.scheduling.leveling.explain import explain_infeasible, precheck
from plantrack.scheduling.leveling.heuristic import from_problem, serial_sgs, solve_heuristic
from plantrack.scheduling.leveling.incumbent import Running
from plantrack.scheduling.leveling.options import CpOptions
from plantrack.scheduling.leveling.outcome import LevelingRun, leveled_result, with_moves
from plantrack.scheduling.leveling.problem import LevelingProblem
from plantrack.scheduling.leveling.result import (
    NORMAL_PRIORITY,
    LevelingResult,
    Method,
    Objective,
    ProgressInfo,
    Reason,
    Status,
    relative_gap,
)
from plantrack.scheduling.leveling.search_race import search_beside
from plantrack.scheduling.leveling.solver import solve_cp
from plantrack.scheduling.leveling.working import (
    WorkingClock,
    in_working_time,
)
from plantrack.scheduling.model import Project
from plantrack.scheduling.validate import validate

E = TypeVar("E", Objective, Method)


def level(
    project: Project,
    *,
    objective: Objective = Objective.FINISH,
    time_limit: float = 5.0,
    workers: int = 0,
    seed: int = 0,
    method: Method = Method.CP,
    reference: Mapping[str, int] | None = None,
    progress: Callable[[ProgressInfo], None] | None = None,
    options: CpOptions | None = None,
) -> LevelingResult:
    """Level `project`: every resource within capacity, every link, date and window respected.

    `reference` maps task ids to starts (minutes from the project start on the leveling axis) of a
    current plan or baseline: a second stage keeps tasks as close to it as the first objective allows.
    `workers=0` uses every core (`CpOptions.workers_per_core` CP-SAT workers on each); one worker and
    the same seed give the same plan: the limit then counts CP-SAT's deterministic work (see
    `solver.DETERMINISTIC_PER_SECOND`), so a loaded machine takes longer instead of stopping elsewhere.
    Raises Unschedulable (exit 5) explaining why when no plan exists.
    """
    goal, how = _member(Objective, objective, "objective"), _member(Method, method, "method")
    if not time_limit > 0:
        raise _usage("time-limit", "the time limit must be above 0 seconds")
    began = time.perf_counter()
    check_levelable(project)
    by_lateness = goal is Objective.LATENESS
    problem = build_problem(project, hard_deadlines=not by_lateness)
    early = early_pass(problem)
    precheck(project, problem, early)
    opts = options or CpOptions()
    clock = WorkingClock(project)
    index = problem.index()
    ref = {index[k]: v // problem.axis.unit for k, v in (reference or {}).items() if k in index}
    # the genetic search starts first, on its own thread: it runs while the warm start and the model
    # are built in Python, and then beside CP-SAT
    beside: AbstractContextManager[Running | None] = (
        search_beside(
            problem,
            early,
            by_lateness=by_lateness,
            reference=bool(ref),
            workers=workers,
            seed=seed,
            time_limit=time_limit - (time.perf_counter() - began),
            options=opts,
        )
        if how is Method.CP
        else nullcontext(None)
    )
    with beside as search:
        # a short limit leaves the heuristic fewer passes (deterministic: the limit decides, not the clock)
        passes = None if how is Method.HEURISTIC else max(4, min(60, round(20 * time_limit)))
        if search is not None and not opts.proves_first(len(problem.jobs)):
            # the priority rules and one random pass (fallback, bound check, hint): the search does the rest
            passes = 4
        work = 3000
        if how is Method.CP and opts.heuristic_work_per_s > 0:
            # a longer warm start in proportion to the limit (counted in SGS steps, not on the clock)
            work = max(work, round(opts.heuristic_work_per_s * time_limit))
            passes = max(4, work // max(len(problem.jobs), 1))
        if _compiled_start(problem, opts, how, by_lateness):
            # the same four passes decoded by the search's compiled kernels: the Python passes would
            # take seconds on large plans (and the core the searches need)
            from plantrack.scheduling.leveling.genetic import warm_start  # numba, loaded once

            # as many passes as `solve_heuristic` makes of the same `work`
            heuristic = warm_start(
                problem, passes=min(passes or 60, max(4, work // len(problem.jobs))), seed=seed
            )
        else:
            heuristic = solve_heuristic(problem, seed=seed, by_lateness=by_lateness, passes=passes, work=work)
        unit_hours = problem.axis.unit / 60
        factor = unit_hours / NORMAL_PRIORITY if by_lateness else unit_hours
        run = LevelingRun(began=began, factor=factor, time_limit=time_limit, clock=clock)
        progress = in_working_time(progress, problem, clock, factor, by_lateness)
        low = _lower_bound(problem, early, by_lateness)
        proven = heuristic is not None and (heuristic.lateness if by_lateness else heuristic.makespan) <= low
        if how is Method.HEURISTIC or (proven and not ref and opts.shortcut):
            # a heuristic plan at the lower bound is optimal: CP-SAT could only prove it again
            if heuristic is None:
                raise explain_infeasible(problem)
            value = heuristic.lateness if by_lateness else heuristic.makespan
            status = Status.OPTIMAL if value <= low else Status.FEASIBLE
            if progress is not None:
                elapsed = time.perf_counter() - began
                gap = relative_gap(value, low)
                progress(ProgressInfo(incumbent=value * factor, bound=low * factor, gap=gap, elapsed=elapsed))
            why = Reason.REQUESTED if how is Method.HEURISTIC else Reason.AT_BOUND
            return leveled_result(
                problem, early, heuristic.start, status, goal, Method.HEURISTIC, value, low, run, why
            )
        # one worker counts the limit in deterministic work (the same plan on every run), so the time
        # the warm start took on the clock is not taken from it
        remaining = time_limit if workers == 1 else max(time_limit - (time.perf_counter() - began), 0.05)
        outcome = solve_cp(
            problem,
            early,
            by_lateness=by_lateness,
            time_limit=remaining,
            workers=workers,
            seed=seed,
            hint=_hint(problem, heuristic.start if heuristic is not None else None, search),
            reference=ref or None,
            progress=progress,
            factor=factor,
            options=opts,
            search=search,
        )
        if outcome.status is Status.INFEASIBLE:
            raise explain_infeasible(problem)
        if outcome.starts is None or outcome.objective is None:
            if heuristic is None:
                return leveled_result(
                    problem, early, None, Status.UNKNOWN, goal, how, 0, low, run, Reason.NO_PLAN
                )
            value = heuristic.lateness if by_lateness else heuristic.makespan
            return leveled_result(
                problem,
                early,
                heuristic.start,
                Status.OPTIMAL if value <= low else Status.FEASIBLE,  # the bound alone may prove it
                goal,
                Method.HEURISTIC,
                value,
                low,
                run,
                Reason.CP_NO_PLAN,
            )
        starts = outcome.starts if ref else _left_justify(problem, outcome.starts)
        result = leveled_result(
            problem,
            early,
            starts,
            outcome.status,
            goal,
            how,
            outcome.objective,
            max(low, outcome.bound),
            run,
            Reason.PROVEN if outcome.status is Status.OPTIMAL else Reason.TIME_LIMIT,
            floor=ref,
        )
        if outcome.deviation is not None:
            # the left shift only moves tasks towards their reference: count the moves it leaves
            unit = problem.axis.unit
            moves = sum(abs(result.tasks[problem.jobs[i].id].start_minute - r * unit) for i, r in ref.items())
            result = with_moves(result, moves)
        return result


def _compiled_start(problem: LevelingProblem, opts: CpOptions, how: Method, by_lateness: bool) -> bool:
    """Whether the warm start's passes run in the compiled kernels (large plans they can decode)."""
    return (
        how is Method.CP
        and not by_lateness
        and len(problem.jobs) >= opts.compiled_warm_start_jobs
        and decodable.applicable(problem, any_size=True)
    )


def _hint(problem: LevelingProblem, start: list[int] | None, search: Running | None) -> list[int] | None:
    """The warm start, or the genetic search's plan if it is already shorter."""
    theirs = search[0].best() if search is not None else None
    if theirs is None:
        return start
    if start is None or theirs[0] < max(j.end(s) or s for j, s in zip(problem.jobs, start, strict=True)):
        return theirs[1]
    return start


def _member(kind: type[E], value: object, what: str) -> E:
    """`value` itself when it is one of `kind`'s members; text is turned into members by the faces
    (the command line's `--objective`), so a string here is refused rather than read."""
    if isinstance(value, kind):
        return value
    allowed = " or ".join(f"{kind.__name__}.{v.name}" for v in kind)
    raise _usage(f"{what}-invalid", f"{what} must be {allowed}, not {value!r}")


def check_levelable(project: Project) -> None:
    """Unknown ids, cycles, bad references: InvalidInput naming them. Units above a capacity are left
    to the leveler's own pre-check, which explains them in leveling terms (exit 5)."""
    errors = [p for p in validate(project) if p.severity is Severity.ERROR]
    errors = [p for p in errors if p.code != "assignment-over-capacity"]
    if errors:
        raise InvalidInput(errors)


def _usage(code: str, message: str) -> InvalidInput:
    return InvalidInput([Problem(code=code, message=message)])


def _lower_bound(problem: LevelingProblem, early: EarlyPass, by_lateness: bool) -> int:
    """Critical path (finish) or the lateness the critical path alone forces, both ignoring resources."""
    if by_lateness:
        return sum(
            j.weight * max(0, early.end[i] - j.deadline)
            for i, j in enumerate(problem.jobs)
            if j.deadline is not None
        )
    if all(j.fixed_length for j in problem.jobs):
        return resource_free_bound(problem, early)
    return max(early.end, default=0)


def _left_justify(problem: LevelingProblem, starts: list[int]) -> list[int]:
    """Shift every task as early as the plan's order allows: no idle delay a user could not explain."""
    if any(not j.fixed_length for j in problem.jobs):
        return starts
    shifted = serial_sgs(from_problem(problem), [float(s) for s in starts])
    if shifted is None or any(a > b for a, b in zip(shifted, starts, strict=True)):
        return starts
    return shifted


def reference_minutes(project: Project, starts: Mapping[str, dt.datetime]) -> dict[str, int]:
    """Starts of a current plan or baseline as `level(reference=...)` takes them (minutes on the axis)."""
    axis = build_problem(project).axis
    return {tid: axis.minutes(axis.point_at_or_after(when)) for tid, when in starts.items()}
