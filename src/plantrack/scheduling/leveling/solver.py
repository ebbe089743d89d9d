"""Build and solve the CP-SAT model: status, objective, bound and the leveled starts."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from plantrack.scheduling.leveling import lns
from plantrack.scheduling.leveling.bounds import EarlyPass, latest_starts, resource_free_bound
from plantrack.scheduling.leveling.cpmodel import LevelingModel
from plantrack.scheduling.leveling.incumbent import CP_SAT, Incumbent, Running
from plantrack.scheduling.leveling.options import CpOptions
from plantrack.scheduling.leveling.problem import LevelingProblem
from plantrack.scheduling.leveling.result import ProgressInfo, Status, relative_gap
from plantrack.scheduling.leveling.sat import cp_model
from plantrack.scheduling.leveling.stall import BoundStall

#: Share of the time limit given to the first stage when a stability stage follows.
FIRST_STAGE_SHARE = 0.6
#: With LNS the opening full solve gets LNS_OPENING of the time, LNS then LNS_SHARE of the rest,
#: a closing full solve the remainder.
LNS_OPENING = 0.2
LNS_SHARE = 0.7


@dataclass(frozen=True, slots=True, kw_only=True)
class CpOutcome:
    status: Status
    starts: list[int] | None
    objective: int | None
    bound: int
    time_s: float
    deviation: int | None = None


class _Progress(cp_model.CpSolverSolutionCallback):
    """Reports each incumbent (when `report` is set) and posts it to `shared` (the LNS thread's)."""

    def __init__(
        self,
        report: Callable[[ProgressInfo], None] | None,
        factor: float,
        shared: tuple[Incumbent, list[cp_model.IntVar]] | None = None,
    ) -> None:
        super().__init__()
        self.report = report
        self.factor = factor
        self.shared = shared
        self.incumbent: float | None = None
        self.floor = 0.0  # a bound known before the solve (reported units): the line never shows less

    def on_solution_callback(self) -> None:
        value = self.objective_value * self.factor
        # a searcher beside may already hold a better plan (posted through `found`)
        self.incumbent = value if self.incumbent is None else min(self.incumbent, value)
        if self.shared is not None:
            incumbent, starts = self.shared
            incumbent.post(round(self.objective_value), [self.value(v) for v in starts], CP_SAT)
            if incumbent.on_better is not None:
                return  # a shorter plan was reported through `found`; the bound has its own callback
        self.send(self.best_objective_bound * self.factor, self.wall_time)

    def found(self, value: float, bound: float, elapsed: float) -> None:
        """A shorter plan from a searcher beside CP-SAT."""
        self.incumbent = value if self.incumbent is None else min(self.incumbent, value)
        self.send(bound, elapsed)

    def send(self, bound: float, elapsed: float) -> None:
        if self.report is None:
            return
        bound = max(bound, self.floor)
        gap = None if self.incumbent is None else relative_gap(self.incumbent, bound)
        self.report(ProgressInfo(incumbent=self.incumbent, bound=bound, gap=gap, elapsed=elapsed))


#: With one worker the limit counts CP-SAT's deterministic work, at this many units per second of
#: limit: what a one-core search does in about a second on PSPLIB instances here (0.15-0.5 measured,
#: BENCHMARKS.md), so the wall time can differ from the limit by about a factor of two either way.
DETERMINISTIC_PER_SECOND = 0.2
#: The clock stops it only at this multiple of the limit (plus a second), a backstop.
ONE_WORKER_BACKSTOP = 4.0


def _solver(
    time_limit: float, workers: int, seed: int, options: CpOptions, *, steady: bool = False
) -> cp_model.CpSolver:
    """A solver for `time_limit` seconds; `steady` (the user asked for one worker): deterministic."""
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(time_limit, 0.01)
    solver.parameters.random_seed = seed
    if steady:
        # one worker and a seed give the same plan on every run: a clock limit would stop the search
        # wherever the machine's load left it, the deterministic limit after the same work
        solver.parameters.max_deterministic_time = max(time_limit, 0.01) * DETERMINISTIC_PER_SECOND
        solver.parameters.max_time_in_seconds = ONE_WORKER_BACKSTOP * max(time_limit, 0.01) + 1.0
    cores = workers or os.cpu_count() or 1
    if cores > 1 and options.workers_per_core > 1:
        # CP-SAT's LNS workers find the plans (BENCHMARKS.md): several per core, one full search
        # (the proofs) per two cores
        solver.parameters.num_workers = cores * options.workers_per_core
        solver.parameters.num_full_subsolvers = max(1, cores // 2)
    elif workers > 0:
        solver.parameters.num_workers = workers
    for name, value in options.parameters.items():
        if isinstance(value, list | tuple):  # repeated fields (subsolver names) are extended, not set
            getattr(solver.parameters, name).extend(value)
        else:
            setattr(solver.parameters, name, value)
    return solver


def _spent(solver: cp_model.CpSolver, workers: int) -> float:
    """The seconds of limit a solve used: its deterministic time with one worker, else the clock's."""
    if workers == 1:
        return solver.response_proto.deterministic_time / DETERMINISTIC_PER_SECOND
    return solver.wall_time


_STATUS = {
    cp_model.OPTIMAL: Status.OPTIMAL,
    cp_model.FEASIBLE: Status.FEASIBLE,
    cp_model.INFEASIBLE: Status.INFEASIBLE,
}


def _lns_then_close(
    problem: LevelingProblem,
    early: EarlyPass,
    model: LevelingModel,
    starts: list[int],
    value: int,
    bound: int,
    remaining: float,
    workers: int,
    seed: int,
    options: CpOptions,
) -> tuple[list[int], int, int]:
    """LNS from the incumbent, then a closing full solve hinted with the result (bound and proof)."""
    began = time.perf_counter()
    starts = lns.improve(problem, early, starts, time_limit=remaining * LNS_SHARE, seed=seed, bound=bound)
    value = max(problem.jobs[i].end(s) or s for i, s in enumerate(starts))
    if value <= bound:
        return starts, value, bound
    model.hint(starts, replace=True)
    model.cap_finish(value)
    closing = _solver(max(remaining - (time.perf_counter() - began), 0.05), workers, seed, options)
    if closing.solve(model.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        bound = max(bound, round(closing.best_objective_bound))
        if round(closing.objective_value) <= value:
            starts, value = model.starts(closing), round(closing.objective_value)
    return starts, value, bound


def _lns_thread(
    problem: LevelingProblem,
    early: EarlyPass,
    hint: list[int],
    shared: Incumbent,
    bound: int,
    limit: float,
    seed: int,
) -> threading.Thread:
    """Our LNS on its own thread beside the full solve (CP-SAT releases the GIL while it searches);
    both post incumbents to `shared`, and a plan at the resource-free lower bound `bound` stops the
    full solve (through `shared.stop()`)."""

    def run() -> None:
        found = lns.improve(problem, early, hint, time_limit=limit, seed=seed + 1, bound=bound, shared=shared)
        if max(j.end(s) or s for j, s in zip(problem.jobs, found, strict=True)) <= bound:
            shared.stop()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def _full_model(
    problem: LevelingProblem,
    early: EarlyPass,
    horizon: int,
    hint: list[int] | None,
    *,
    by_lateness: bool,
    options: CpOptions,
) -> tuple[LevelingModel, cp_model.LinearExprT]:
    """The full solve's model and its objective: start domains from the CPM passes, every rule, the
    experimental levers asked for, and the warm start as hint."""
    experimental = options.experimental
    if options.tight_domains:
        earliest, late = early.start, latest_starts(problem, early, horizon)
    else:
        earliest, late = [j.release for j in problem.jobs], [horizon] * len(problem.jobs)
    model = LevelingModel(problem, earliest, late, horizon)
    model.add_precedences()
    model.add_resources(finish_interval=experimental.finish_interval and not by_lateness)
    if experimental.disjunctive:
        model.add_disjunctive()
    if experimental.energy_bound and all(j.fixed_length for j in problem.jobs):
        model.add_energy_bound()
    model.add_dates()
    model.add_finish()
    goal = model.minimize_lateness() if by_lateness else model.minimize_finish()
    if hint is not None and options.hint:
        model.hint(hint)
    return model, goal


def solve_cp(
    problem: LevelingProblem,
    early: EarlyPass,
    *,
    by_lateness: bool,
    time_limit: float,
    workers: int,
    seed: int,
    hint: list[int] | None,
    reference: dict[int, int] | None,
    progress: Callable[[ProgressInfo], None] | None,
    factor: float,
    options: CpOptions,
    search: Running | None = None,
) -> CpOutcome:
    """`factor` converts objective units to reported units (hours) for the progress line; `search` is
    the genetic searches already running beside (see `search_race.search_beside`)."""
    small = options.proves_first(len(problem.jobs))
    if small:
        options = replace(options, workers_per_core=1)
    horizon = problem.horizon
    if hint is not None and options.cut_horizon and not by_lateness:
        horizon = min(horizon, max(problem.jobs[i].end(s) or s for i, s in enumerate(hint)))
    built = time.perf_counter()
    model, goal = _full_model(problem, early, horizon, hint, by_lateness=by_lateness, options=options)
    if workers != 1:
        # the clock limit counts from the call: building a model of thousands of tasks takes a part of it
        time_limit = max(time_limit - (time.perf_counter() - built), 0.05)
    experimental = options.experimental
    first_limit = time_limit * (FIRST_STAGE_SHARE if reference else 1.0)
    fixed = all(j.fixed_length for j in problem.jobs)
    use_lns = experimental.lns and not by_lateness and not reference and fixed
    cores = workers or os.cpu_count() or 1
    free_bound = resource_free_bound(problem, early) if fixed and not by_lateness else 0
    beside = cores > 1 and hint is not None and not by_lateness and not reference
    side = (
        search[0]
        if search is not None
        else Incumbent()
        if beside and experimental.lns_thread and fixed
        else None
    )
    solver = _solver(
        first_limit * (LNS_OPENING if use_lns else 1.0),
        cores - 1 if side is not None and search is None else workers,  # our LNS thread takes a core
        seed,
        options,
        steady=workers == 1,
    )
    if search is not None and not small:
        # on large plans the genetic searches take the cores and find the plans (BENCHMARKS.md), CP-SAT
        # keeps one full search (the bound); on small plans its full searches keep the cores (the proofs)
        solver.parameters.num_workers = options.genetic_cp_workers
        solver.parameters.num_full_subsolvers = 1
    callback = (
        _Progress(progress, factor, (side, model.start) if side else None)
        if progress is not None or side is not None
        else None
    )
    if callback is not None:
        callback.floor = free_bound * factor
    opened = time.perf_counter()

    # beside the searches on a large plan, the proof is given up once its bound stalls (stall.py)
    stall = (
        BoundStall(options.cp_stall_s, solver.stop_search)
        if search is not None and not small and options.cp_stall_s > 0
        else None
    )

    def on_bound(value: float) -> None:
        if stall is not None:
            stall.rose()
        if side is not None:
            side.bound = max(side.bound, round(value))
        if callback is not None:
            callback.send(value * factor, time.perf_counter() - opened)

    if callback is not None or side is not None:
        solver.best_bound_callback = on_bound
    threads = []
    if side is not None:
        side.on_stop = solver.stop_search
    if search is not None:
        if callback is not None and callback.report is not None:
            progress_line = callback

            def on_better(value: int) -> None:
                bound = search[0].bound * factor
                progress_line.found(value * factor, bound, time.perf_counter() - opened)

            search[0].on_better = on_better
        if search[0].done:  # the search met the bound while the model was built
            solver.stop_search()
        threads = search[1]
    elif side is not None:
        assert hint is not None
        threads = [_lns_thread(problem, early, hint, side, free_bound, first_limit, seed)]
    if stall is not None:
        stall.start()
    code = solver.solve(model.model, callback)
    if stall is not None:
        stall.close()
    if side is not None:
        if stall is None or not stall.stalled:
            side.done = True  # else the searches run on to their own limit, or until one meets the bound
        for thread in threads:
            thread.join()
        if not side.done:
            side.done = True
    status = _STATUS.get(code, Status.UNKNOWN)
    elapsed = solver.wall_time
    if status is Status.INFEASIBLE or (status is Status.UNKNOWN and (hint is None or not (use_lns or side))):
        return CpOutcome(status=status, starts=None, objective=None, bound=0, time_s=elapsed)
    bound = round(solver.best_objective_bound)
    if status is Status.UNKNOWN:
        assert hint is not None
        starts, value = hint, max(problem.jobs[i].end(s) or s for i, s in enumerate(hint))
    else:
        starts, value = model.starts(solver), round(solver.objective_value)
    if side is not None:
        theirs = side.best()
        if theirs is not None and theirs[0] < value:
            value, starts = theirs[0], theirs[1]
        bound = max(bound, side.bound, free_bound)
        status = Status.OPTIMAL if value <= bound else Status.FEASIBLE
        elapsed = time.perf_counter() - opened
    if use_lns and value > bound:
        starts, value, bound = _lns_then_close(
            problem, early, model, starts, value, bound, time_limit - elapsed, workers, seed, options
        )
        if callback is not None:
            callback.incumbent = value * factor
            callback.send(bound * factor, time.perf_counter() - opened)
        status = Status.OPTIMAL if value <= bound else Status.FEASIBLE
        elapsed = time.perf_counter() - opened
    if not reference:
        return CpOutcome(
            status=status, starts=starts, objective=value, bound=min(bound, value), time_s=elapsed
        )
    # second, lexicographic stage: keep the first objective, move tasks as little as possible
    model.keep(goal, value)
    model.hint(starts, replace=True)
    model.minimize_deviation(reference)
    second = _solver(
        max(time_limit - _spent(solver, workers), 0.05), workers, seed, options, steady=workers == 1
    )
    if second.solve(model.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        starts = model.starts(second)
        deviation = round(second.objective_value)
    else:
        deviation = sum(abs(starts[i] - r) for i, r in reference.items())
    return CpOutcome(
        status=status,
        starts=starts,
        objective=value,
        bound=bound,
        time_s=elapsed + second.wall_time,
        deviation=deviation,
    )
