"""Why no plan exists, in the trade's words: pre-checks first, then CP-SAT assumptions for the rest."""

from __future__ import annotations

import datetime as dt

from plantrack.i18n import N_, _, language
from plantrack.i18n.formats import format_day, format_moment
from plantrack.scheduling.errors import Problem, Unschedulable, format_quantity
from plantrack.scheduling.leveling.bounds import EarlyPass
from plantrack.scheduling.leveling.cpmodel import LevelingModel
from plantrack.scheduling.leveling.problem import LevelingProblem
from plantrack.scheduling.leveling.sat import cp_model
from plantrack.scheduling.leveling.wording import working_text
from plantrack.scheduling.leveling.working import WorkingClock
from plantrack.scheduling.model import Project

EXPLAIN_TIME_LIMIT = 10.0


def _units(value: float) -> str:
    return format_quantity(value)


def _length(job_id: str, minutes: int, project: Project) -> str:
    """A task's length as written: working time in the project's days, or elapsed hours (`ed`, `eh`)."""
    task = project.task_map().get(job_id)
    planned = task.planned_duration() if task is not None else None
    if planned is not None and planned.elapsed:
        return _("{n} elapsed hours").format(n=format_quantity(minutes / 60))
    return working_text(minutes, project.minutes_per_day)


def _date(instant: dt.datetime) -> str:
    if instant.time() == dt.time():
        return format_day(instant.date())
    return instant.isoformat(timespec="minutes") if language() == "en" else format_moment(instant)


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
                        message=_(
                            "task {task} needs {units} of {resource} but capacity is {capacity}"
                        ).format(
                            task=job.id,
                            units=_units(units / scale),
                            resource=problem.resource_ids[k],
                            capacity=_units(problem.capacities[k] / scale),
                        ),
                        ids=(job.id, problem.resource_ids[k]),
                    )
                )
        no_room = job.windows is not None and all(hi < lo for lo, hi in job.windows)
        if no_room or (job.window_id is not None and job.table is not None and not job.table):
            found.append(
                Problem(
                    code="window-too-short",
                    message=_("no period of window {window} is long enough for {task} ({length})").format(
                        window=job.window_id, task=job.id, length=_length(job.id, job.minutes, project)
                    ),
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
                    message=_(
                        "task {task} ({name}) has no possible start: its dates "
                        "or window leave no room after the chain {chain}"
                    ).format(task=job.id, name=names.get(job.id, job.id), chain=chain),
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
        N_("deadline of {task} ({date}) is unreachable: the chain {chain} needs {amount} from {start}")
        if job.deadline is not None and job.deadline == job.latest_finish
        else N_(
            "finish-no-later-than of {task} ({date}) is unreachable: "
            "the chain {chain} needs {amount} from {start}"
        )
    )
    path = " → ".join(problem.jobs[c].id for c in chain)
    return Problem(
        code="deadline-unreachable",
        message=_(what).format(
            task=job.id,
            date=_date(limit),
            chain=path,
            amount=working_text(need, project.minutes_per_day),
            start=_date(axis.start_instant(early.start[head])),
        ),
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
        message = _(
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
        message = (
            _(
                "the resource capacities (absences of {resources}) leave no room for the tasks "
                "within the plan horizon"
            ).format(resources=", ".join(limited))
            if limited
            else _("the resource capacities leave no room for the tasks within the plan horizon")
        )
        return Unschedulable([Problem(code="leveling-infeasible", message=message)])
    rules = "; ".join(_rule(name, problem) for name in core)
    ids = tuple(sorted({name.split(":", 1)[1] for name in core}))
    resources = ", ".join(problem.resource_ids) or _("no resource")
    message = _("these dates cannot all hold with the capacities of {resources}: {rules}").format(
        resources=resources, rules=rules
    )
    return Unschedulable([Problem(code="leveling-infeasible", message=message, ids=ids)])


def _rule(name: str, problem: LevelingProblem) -> str:
    kind, job_id = name.split(":", 1)
    job = problem.jobs[problem.index()[job_id]]
    if kind == "finish-by":
        return _("{task} finishes by {date}").format(
            task=job_id, date=_date(problem.axis.finish_instant(job.latest_finish or 0))
        )
    if kind == "must-start-on":
        return _("{task} must start on {date}").format(
            task=job_id, date=_date(problem.axis.start_instant(job.fixed_start or 0))
        )
    if kind == "start-no-earlier-than":
        return _("{task} starts no earlier than {date}").format(
            task=job_id, date=_date(problem.axis.start_instant(job.release))
        )
    return _("{task} fits inside a period of window {window}").format(task=job_id, window=job.window_id)
