"""`level_plant(members)`: every project's remaining work leveled together against the shared capacities.

Hard rules first (links, capacities, calendars, windows, dates and deadlines as for one project), then
the priority-weighted sum of the projects' finishes (a project of priority 3 finishing a day later
costs three of priority 1), then stability against the stored plans. The certificate is the one of a
single project: the objective, a proven lower bound, the gap.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from plantrack.i18n import _
from plantrack.scheduling.errors import InvalidInput, Problem, Unschedulable
from plantrack.scheduling.leveling.bounds import EarlyPass, early_pass
from plantrack.scheduling.leveling.build import build_problem
from plantrack.scheduling.leveling.explain import explain_infeasible, precheck
from plantrack.scheduling.leveling.heuristic import solve_heuristic
from plantrack.scheduling.leveling.leftshift import left_shift
from plantrack.scheduling.leveling.level import check_levelable
from plantrack.scheduling.leveling.outcome import LevelingRun, leveled_result
from plantrack.scheduling.leveling.plant.infeasible import in_plant_words, plant_infeasible
from plantrack.scheduling.leveling.plant.joint import JointPlan, joint_id, joint_plan, split_id
from plantrack.scheduling.leveling.plant.members import PlantMember
from plantrack.scheduling.leveling.plant.neighbourhood import (
    improve_by_projects,
    projects_in_turn,
    steady_by_projects,
)
from plantrack.scheduling.leveling.plant.stored import stored_plan
from plantrack.scheduling.leveling.plant.weighted import (
    FIRST_STAGE_SHARE,
    MIN_SOLVE_SECONDS,
    Groups,
    integer_weights,
    priority_plan,
    solve_weighted,
)
from plantrack.scheduling.leveling.problem import LevelingProblem
from plantrack.scheduling.leveling.result import (
    NORMAL_PRIORITY,
    LeveledTask,
    LevelingResult,
    Method,
    Objective,
    Reason,
    Status,
    relative_gap,
)
from plantrack.scheduling.leveling.working import WorkingClock

#: Plans above this many tasks are searched a few projects at a time (neighbourhood.py).
FULL_MODEL_JOBS = 1500
#: Share of the time limit the projects leveled one at a time may take (a start for the search).
IN_TURN_SHARE = 0.3
#: Share of the time left the lower bound's linear programme may take, and its seconds at most.
BOUND_SHARE = 0.15
BOUND_SECONDS = 10.0
#: Seconds per task kept from the search for the plan's dates, causes and holders.
POST_SECONDS_PER_JOB = 4e-4


@dataclass(frozen=True, slots=True, kw_only=True)
class ProjectLeveling:
    """One project's part of the plant's plan."""

    key: str
    name: str
    priority: float
    finish: dt.datetime | None  # None: nothing left to do
    unleveled_finish: dt.datetime | None  # the finish without resource limits (links and dates only)
    tasks: dict[str, LeveledTask] = field(default_factory=dict)  # by the project's own task ids

    def starts(self) -> dict[str, dt.datetime]:
        return {tid: t.start for tid, t in self.tasks.items()}


@dataclass(frozen=True, slots=True, kw_only=True)
class PlantLevelingResult:
    """The plant's plan and its certificate.

    `objective` and `bound` are priority-weighted hours on the leveling axis from the plant's earliest
    project start (finish), or priority-weighted hours late (lateness); `gap` is (objective - bound) /
    objective. `joint` holds every task under its joint id (`#n/T1`, see `joint.py`), with the delay
    causes and the tasks that held the resource.
    """

    status: Status
    objective_kind: Objective
    objective: float
    bound: float
    gap: float
    time_s: float
    time_limit: float
    method: Method
    reason: Reason
    projects: tuple[ProjectLeveling, ...]
    joint: LevelingResult
    stability_moves: int | None = None  # axis minutes moved from the stored plans, when asked
    resource_names: dict[str, str] = field(default_factory=dict)  # by id, for the explanations
    project_names: tuple[str, ...] = ()  # by member index, as joint ids number them


def level_plant(
    members: Sequence[PlantMember],
    *,
    objective: Objective = Objective.FINISH,
    time_limit: float = 10.0,
    workers: int = 0,
    seed: int = 0,
    stable: bool = False,
) -> PlantLevelingResult:
    """Level the plant: Unschedulable (`plant-infeasible`, naming projects, windows and capacities)
    when no plan exists, InvalidInput for ids the projects disagree on."""
    began = time.perf_counter()
    if not time_limit > 0:
        message = _("the time limit must be above 0 seconds")
        raise InvalidInput([Problem(code="time-limit", message=message)])
    plan = joint_plan(members)
    by_lateness = objective is Objective.LATENESS
    try:
        check_levelable(plan.project)
        problem = build_problem(plan.project, hard_deadlines=not by_lateness)
    except InvalidInput as bad:
        # a cycle or an unknown id inside one project: named by its project, not by joint ids
        raise type(bad)(in_plant_words(plan, bad.problems())) from None
    early = early_pass(problem)
    try:
        precheck(plan.project, problem, early)
    except Unschedulable as failed:
        raise plant_infeasible(plan, problem, failed) from None
    groups = member_groups(plan, problem)
    reference = _reference(plan, problem) if stable else {}
    # the time the plan's dates, causes and holders take after the search (measured: 1.4 to 4 s for
    # 10,000 tasks on 2 busy cores), kept from the search so that the whole run stays within the limit
    reserve = min(0.3 * time_limit, 0.2 + POST_SECONDS_PER_JOB * len(problem.jobs))
    # the passes stop where the search would have to begin, past that once one plan is known
    hint = best_known(
        problem, groups, [m.priority for m in members], by_lateness, seed, until=began + time_limit - reserve
    )
    # one-at-a-time leveling's own plan is a start too: the plant never does worse than a pool of
    # separate files (it takes part of the time left; each project alone is often proven in a moment)
    in_turn = IN_TURN_SHARE * _left(began, time_limit - reserve)
    alone = None
    if in_turn >= MIN_SOLVE_SECONDS:  # else its heuristic passes alone would overrun a tiny limit
        alone, _stuck = projects_in_turn(
            problem,
            groups,
            priority_order([m.priority for m in members]),
            by_lateness=by_lateness,
            time_limit=in_turn,
            workers=workers,
            seed=seed,
        )
    if alone is not None and (
        hint is None or groups.value(problem, alone, by_lateness) < groups.value(problem, hint, by_lateness)
    ):
        hint = alone
    # the stored plans, when they still meet every rule and are as good: the search starts there, so
    # that a plant leveled again keeps its tasks where they were unless moving them gains something
    kept = stored_plan(problem, reference) if reference else None
    if kept is not None and (
        hint is None or groups.value(problem, kept, by_lateness) <= groups.value(problem, hint, by_lateness)
    ):
        hint = kept
    # the bound's linear programme takes a share of what is left, then CP-SAT has the rest (none: the
    # best plan known stands)
    low = groups.bound(
        problem,
        early,
        by_lateness,
        seconds=min(BOUND_SECONDS, BOUND_SHARE * _left(began, time_limit - reserve)),
    )
    left = _left(began, time_limit - reserve)
    starts: list[int] | None
    if left < MIN_SOLVE_SECONDS:
        # no time left for a search: building its model would only overrun the limit
        starts, status, reason = hint, Status.FEASIBLE, Reason.CP_NO_PLAN
    elif len(problem.jobs) > FULL_MODEL_JOBS and hint is not None:
        # one model of every task finds nothing better than its warm start in time: a few projects
        # at a time instead (neighbourhood.py); the bound is the one computed without a search
        # with stored plans, a share of the time then moves the projects back towards them, a few
        # at a time, the objective kept (what the joint model's second stage does on smaller plans)
        search = left * (FIRST_STAGE_SHARE if reference else 1.0)
        starts = improve_by_projects(
            problem, groups, hint, by_lateness=by_lateness, time_limit=search, workers=workers, seed=seed
        )
        if reference:
            starts = steady_by_projects(
                problem,
                groups,
                starts,
                reference,
                by_lateness=by_lateness,
                time_limit=_left(began, time_limit - reserve),
                workers=workers,
                seed=seed,
            )
        status, reason = Status.FEASIBLE, Reason.TIME_LIMIT
    else:
        outcome = solve_weighted(
            problem,
            early,
            groups,
            by_lateness=by_lateness,
            time_limit=left,
            workers=workers,
            seed=seed,
            hint=hint,
            reference=reference or None,
            floor=low,
        )
        if outcome.status is Status.INFEASIBLE:
            raise plant_infeasible(plan, problem, explain_infeasible(problem))
        starts, status, reason = outcome.starts, outcome.status, Reason.PROVEN
        low = max(low, outcome.bound)
        if starts is None or (
            hint is not None
            and not reference
            and groups.value(problem, hint, by_lateness) < (outcome.value or 0)
        ):
            # CP-SAT found nothing (or nothing better) within the limit: the priority plan stands
            starts, status, reason = hint, Status.FEASIBLE, Reason.CP_NO_PLAN
        elif status is not Status.OPTIMAL:
            reason = Reason.TIME_LIMIT
    run = LevelingRun(
        began=began, factor=problem.axis.unit / 60, time_limit=time_limit, clock=WorkingClock(plan.project)
    )
    if starts is None:
        joint = leveled_result(
            problem, early, None, Status.UNKNOWN, objective, Method.CP, 0, 0, run, Reason.NO_PLAN
        )
        return _outcome(plan, problem, early, groups, joint, None, low, by_lateness, run, Reason.NO_PLAN)
    shifted = left_shift(problem, starts, floor=reference or None).starts
    value = groups.value(problem, shifted, by_lateness)
    if value <= low:
        status = Status.OPTIMAL
    method = Method.HEURISTIC if reason is Reason.CP_NO_PLAN else Method.CP
    joint = leveled_result(
        problem, early, shifted, status, objective, method, value, low, run, reason, floor=reference
    )
    result = _outcome(plan, problem, early, groups, joint, shifted, low, by_lateness, run, reason)
    if not reference:
        return result  # moves are counted whenever stored plans were given, searched for or not
    unit = problem.axis.unit
    moves = sum(abs(shifted[i] - r) * unit for i, r in reference.items())
    return _with_moves(result, moves)


def _left(began: float, budget: float) -> float:
    """Seconds left of `budget` counted from `began` (perf_counter), never below 0."""
    return max(budget - (time.perf_counter() - began), 0.0)


def member_groups(plan: JointPlan, problem: LevelingProblem) -> Groups:
    """Each member's jobs in the joint problem, and its whole priority weight."""
    members: list[list[int]] = [[] for _ in plan.members]
    for i, job in enumerate(problem.jobs):
        members[split_id(job.id)[0]].append(i)
    weights, _scale = integer_weights([m.priority for m in plan.members])
    return Groups(members=members, weights=weights)


def priority_order(priorities: Sequence[float]) -> list[int]:
    """Members by priority, highest first; equal priorities in the plant's order."""
    return sorted(range(len(priorities)), key=lambda g: (-priorities[g], g))


def best_known(
    problem: LevelingProblem,
    groups: Groups,
    priorities: Sequence[float],
    by_lateness: bool,
    seed: int,
    until: float | None = None,
) -> list[int] | None:
    """The better of the priority plan (projects one after the other) and the single-project heuristic's
    shortest plan, by the plant's objective: CP-SAT's hint, and what the plant keeps when CP-SAT finds
    nothing better. Past `until` (a `time.perf_counter()` instant) no further pass starts once a plan
    is known: a plan needs one greedy pass, the others only improve it."""
    # the projects in priority order (one at a time), and in Smith's order (least work per weight
    # first: what minimises a weighted sum of finishes on one machine)
    work = [
        sum(problem.jobs[i].duration * max(problem.jobs[i].demands.values(), default=0) for i in jobs)
        for jobs in groups.members
    ]
    smith = sorted(range(len(priorities)), key=lambda g: (work[g] / max(groups.weights[g], 1), g))
    passes: list[Callable[[], list[int] | None]] = [
        lambda: priority_plan(problem, groups, priority_order(priorities)),
        lambda: priority_plan(problem, groups, smith),
        lambda: _heuristic_plan(problem, by_lateness, seed, until),
    ]
    plans: list[list[int]] = []
    for run in passes:
        if plans and until is not None and time.perf_counter() >= until:
            break
        found = run()
        if found is not None:
            plans.append(found)
    return min(plans, key=lambda p: groups.value(problem, p, by_lateness)) if plans else None


def _heuristic_plan(
    problem: LevelingProblem, by_lateness: bool, seed: int, until: float | None
) -> list[int] | None:
    heuristic = solve_heuristic(problem, seed=seed, by_lateness=by_lateness, passes=4, work=3000, until=until)
    return heuristic.start if heuristic is not None else None


def _reference(plan: JointPlan, problem: LevelingProblem) -> dict[int, int]:
    """The stored plans' starts as axis points of the joint problem (the stability reference)."""
    index = problem.index()
    out: dict[int, int] = {}
    for n, member in enumerate(plan.members):
        for tid, when in (member.stored_starts or {}).items():
            i = index.get(joint_id(n, tid))
            if i is not None:
                out[i] = problem.axis.point_at_or_after(when)
    return out


def _outcome(
    plan: JointPlan,
    problem: LevelingProblem,
    early: EarlyPass,
    groups: Groups,
    joint: LevelingResult,
    starts: list[int] | None,
    bound: int,
    by_lateness: bool,
    run: LevelingRun,
    reason: Reason,
) -> PlantLevelingResult:
    _weights, scale = integer_weights([m.priority for m in plan.members])
    axis = problem.axis
    # lateness is counted in normal-priority hours, as for one project
    factor = axis.unit / 60 / scale / (NORMAL_PRIORITY if by_lateness else 1)
    value = groups.value(problem, starts, by_lateness) if starts is not None else None
    projects = []
    by_member: list[dict[str, LeveledTask]] = [{} for _ in plan.members]
    for job_id, t in joint.tasks.items():
        n, task_id = split_id(job_id)
        by_member[n][task_id] = t
    for n, member in enumerate(plan.members):
        jobs = groups.members[n]
        tasks = by_member[n]
        own_tasks = {tid: _own(t, tid) for tid, t in tasks.items()}
        projects.append(
            ProjectLeveling(
                key=member.ident,
                name=member.project.name,
                priority=member.priority,
                finish=max((t.finish for t in tasks.values()), default=None),
                unleveled_finish=axis.finish_instant(max(early.end[i] for i in jobs)) if jobs else None,
                tasks=own_tasks,
            )
        )
    return PlantLevelingResult(
        status=joint.status if starts is not None else Status.UNKNOWN,
        objective_kind=joint.objective_kind,
        objective=(value or 0) * factor,
        bound=bound * factor,
        gap=relative_gap(value, min(bound, value)) if value is not None else 1.0,
        time_s=time.perf_counter() - run.began,
        time_limit=run.time_limit,
        method=joint.method,
        reason=reason,
        projects=tuple(projects),
        joint=joint,
        resource_names={r.id: r.name or r.id for r in plan.project.resources},
        project_names=tuple(plan.names()),
    )


def _own(task: LeveledTask, task_id: str) -> LeveledTask:
    """A joint task under its project's own id (the tasks it waited for keep their joint ids)."""
    return replace(task, id=task_id)


def _with_moves(result: PlantLevelingResult, moves: int) -> PlantLevelingResult:
    return replace(result, stability_moves=moves)
