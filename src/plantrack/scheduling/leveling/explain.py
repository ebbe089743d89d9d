"""Why no plan exists, in the trade's words: pre-checks first, then CP-SAT assumptions for the rest."""

from __future__ import annotations

import datetime as dt

from ortools.sat.python import cp_model

from plantrack.scheduling.errors import Problem, Unschedulable
from plantrack.scheduling.leveling.bounds import EarlyPass
from plantrack.scheduling.leveling.cpmodel import LevelingModel
from plantrack.scheduling.leveling.problem import LevelingProblem
from plantrack.scheduling.leveling.wording import working_text
from plantrack.scheduling.leveling.working import WorkingClock
from plantrack.scheduling.model import Project

EXPLAIN_TIME_LIMIT = 10.0


def _units(value: float) -> str:
    return f"{value:g}"


def _length(job_id: str, minutes: int, project: Project) -> str:
    """A task's length as written: working time in the project's days, or elapsed hours (`ed`, `eh`)."""
    task = project.task_map().get(job_id)
    planned = task.planned_duration() if task is not None else None
    if planned is not None and planned.elapsed:
        return f"{minutes / 60:g} elapsed hours"
    return working_text(minutes, project.minutes_per_day)


def _date(instant: dt.datetime) -> str:
    return (
        instant.date().isoformat() if instant.time() == dt.time() else instant.isoformat(timespec="minutes")
    )


def _chain(early: EarlyPass, problem: LevelingProblem, last: int) -> list[int]:
    chain = [last]
    while (prev := early.driver[chain[-1]]) is not None and prev not in chain:
        chain.append(prev)
    return chain[::-1]


def precheck(project: Project, problem: LevelingProblem, early: EarlyPass) -> None:
    """Raise Unschedulable naming every item that cannot work whatever the order of the tasks."""
    found: list[Problem] = []
    names = {t.id: t.name or t.id for t in project.tasks}
    for job in problem.jobs:
        for k, units in sorted(job.demands.items()):
            if units > problem.capacities[k]:
                scale = problem.scales[k]
                found.append(
                    Problem(
                        code="capacity-exceeded",
                        message=f"task {job.id} needs {_units(units / scale)} of {problem.resource_ids[k]} "
                        f"but capacity is {_units(problem.capacities[k] / scale)}",
                        ids=(job.id, problem.resource_ids[k]),
                    )
                )
        no_room = job.windows is not None and all(hi < lo for lo, hi in job.windows)
        if no_room or (job.window_id is not None and job.table is not None and not job.table):
            found.append(
                Problem(
                    code="window-too-short",
                    message=f"no period of window {job.window_id} is long enough for {job.id} "
                    f"({_length(job.id, job.minutes, project)})",
                    ids=(job.id, job.window_id or ""),
                )
            )
    if found:
        raise Unschedulable(found)
    if early.stuck is not None:
        job = problem.jobs[early.stuck]
        chain = " → ".join(problem.jobs[i].id for i in _chain(early, problem, early.stuck))
        raise Unschedulable(
            [
                Problem(
                    code="dates-conflict",
                    message=f"task {job.id} ({names.get(job.id, job.id)}) has no possible start: its dates "
                    f"or window leave no room after the chain {chain}",
                    ids=(job.id,),
                )
            ]
        )
    for i, job in enumerate(problem.jobs):
        if job.latest_finish is not None and early.end[i] > job.latest_finish:
            found.append(_unreachable(project, problem, early, i))
    if found:
        raise Unschedulable(found)


def _unreachable(project: Project, problem: LevelingProblem, early: EarlyPass, i: int) -> Problem:
    job = problem.jobs[i]
    chain = _chain(early, problem, i)
    head = chain[0]
    # working time of the project calendar, whatever the axis counts (elapsed minutes when calendars differ)
    axis = problem.axis
    need = WorkingClock(project).between(
        axis.start_instant(early.start[head]), axis.finish_instant(early.end[i])
    )
    limit = problem.axis.finish_instant(job.latest_finish or 0)
    what = (
        "deadline"
        if job.deadline is not None and job.deadline == job.latest_finish
        else "finish-no-later-than"
    )
    path = " → ".join(problem.jobs[c].id for c in chain)
    return Problem(
        code="deadline-unreachable",
        message=f"{what} of {job.id} ({_date(limit)}) is unreachable: the chain {path} needs "
        f"{working_text(need, project.minutes_per_day)} from {_date(axis.start_instant(early.start[head]))}",
        ids=tuple(problem.jobs[c].id for c in chain),
    )


def explain_infeasible(problem: LevelingProblem) -> Unschedulable:
    """CP-SAT assumptions: switchable dates and windows; the core names the rules that clash.

    When that model does find a plan, the failure was the caller's search (the heuristic, or a plan
    longer than the horizon): the message says so instead of blaming the dates.
    """
    horizon = problem.horizon
    zero = [0] * len(problem.jobs)
    model = LevelingModel(problem, zero, [horizon] * len(problem.jobs), horizon, soft_dates=True)
    literals: dict[str, cp_model.IntVar] = {}
    model.add_precedences()
    model.add_resources()
    model.add_dates(literals)
    model.add_windows(literals)
    model.add_finish()
    model.assume(literals)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = EXPLAIN_TIME_LIMIT
    solver.parameters.num_workers = 1  # assumption cores need the single-thread search
    status = solver.solve(model.model)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        message = (
            "the serial heuristic found no plan that meets every date and window; "
            "the cp method (the default) searches further"
        )
        return Unschedulable([Problem(code="heuristic-failed", message=message)])
    core: list[str] = []
    if status == cp_model.INFEASIBLE:
        index_to_name = {lit.index: name for name, lit in literals.items()}
        core = sorted(index_to_name[i] for i in solver.sufficient_assumptions_for_infeasibility())
    limited = [r for r, busy in zip(problem.resource_ids, problem.busy, strict=True) if busy]
    if not core:
        absent = f" (absences of {', '.join(limited)})" if limited else ""
        message = f"the resource capacities{absent} leave no room for the tasks within the plan horizon"
        return Unschedulable([Problem(code="leveling-infeasible", message=message)])
    rules = "; ".join(_rule(name, problem) for name in core)
    ids = tuple(sorted({name.split(":", 1)[1] for name in core}))
    resources = ", ".join(problem.resource_ids) or "no resource"
    message = f"these dates cannot all hold with the capacities of {resources}: {rules}"
    return Unschedulable([Problem(code="leveling-infeasible", message=message, ids=ids)])


def _rule(name: str, problem: LevelingProblem) -> str:
    kind, job_id = name.split(":", 1)
    job = problem.jobs[problem.index()[job_id]]
    if kind == "finish-by":
        return f"{job_id} finishes by {_date(problem.axis.finish_instant(job.latest_finish or 0))}"
    if kind == "must-start-on":
        return f"{job_id} must start on {_date(problem.axis.start_instant(job.fixed_start or 0))}"
    if kind == "start-no-earlier-than":
        return f"{job_id} starts no earlier than {_date(problem.axis.start_instant(job.release))}"
    return f"{job_id} fits inside a period of window {job.window_id}"
