"""The figures of one plan (the current one or a scenario), all computed the same way for a comparison.

- **Schedule**: `cpm` at the shared status date with the shared actuals, as `forecast(state)` does. A
  task bound to a shutdown window it can no longer fit in makes `cpm` refuse the plan; here the
  comparison still wants figures, so such a task is released from its window (it then runs when its
  links allow, on its calendar) and listed in `windows_missed`, until the plan schedules.
- **Leveling** (optional): `level_current`, as `plantrack schedule --level`, with a time limit.
- **Risk**: `monte_carlo` with the comparison's runs and seed: P50/P80 of the finish, the chance of
  meeting the project's finish date or of being ready before a window (every predecessor of the
  window's tasks finished before the window's first period starts), and of each task's deadline.
- **Cost**: the plan's own budget, as a baseline saved from it would have it (`make_baseline`'s BAC):
  resource rates x work of each task plus fixed costs (`plan_cost`).
- **Hours**: from the working intervals of each assigned task (its own calendar), times the units:
  contractor hours (resources of kind contractor), overtime (work outside the resource's own
  calendar, e.g. a day-shift mechanic on a weekend stop), hours inside each window's periods, and
  over-allocated hours: the time integral of the units booked above those available (capacity,
  none during an absence), the instants `scheduling/load.py` flags as over-allocated; the same sweep
  gives each resource's peak units and its over-allocated days, as `resource_loads` counts them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from plantrack.operations.scenarios.tracking import Tracking
from plantrack.scheduling.calendar import DAY, CalendarCache, to_minute
from plantrack.scheduling.cpm import Schedule, cpm
from plantrack.scheduling.errors import Unschedulable
from plantrack.scheduling.model import Assignment, Link, Project, ResourceKind, Task, TaskActual, Window
from plantrack.scheduling.risk.montecarlo import monte_carlo
from plantrack.scheduling.tracking.worktime import CalendarWorkTime

READY_ID = "ready-before-window"
EPS = 1e-9


@dataclass(frozen=True, slots=True)
class DeadlineOdds:
    task: str
    name: str
    due: dt.datetime
    finish: dt.datetime  # the task's finish in the schedule
    probability: float  # share of runs finishing by `due`


@dataclass(frozen=True, slots=True)
class ResourceFigures:
    id: str
    name: str
    kind: ResourceKind
    capacity: float  # units
    peak_units: float  # most units booked at one instant
    work_hours: float
    overtime_hours: float
    over_hours: float  # unit-hours booked above the units available
    over_days: int  # days with an over-allocated instant


@dataclass(frozen=True, slots=True)
class WindowFigures:
    id: str
    name: str
    hours: float  # resource hours worked inside the window's periods
    missed: tuple[str, ...]  # tasks bound to the window that fit in none of its periods


@dataclass(frozen=True, slots=True)
class PlanFigures:
    """One plan computed at the shared status date; dates are instants, hours resource-hours."""

    project: Project = field(repr=False, compare=False)  # the plan computed (leveled when asked)
    schedule: Schedule = field(repr=False, compare=False)
    finish: dt.datetime
    slip_minutes: int | None  # finish against the baseline's, working minutes (None: no baseline)
    slip_days: float | None
    p50: dt.datetime
    p80: dt.datetime
    p80_minutes: float  # working minutes from the project start on the project calendar
    due: dt.datetime | None  # the project's finish date, or the start of the `before` window
    ready: dt.datetime | None  # with a `before` window: when its tasks' predecessors are done
    probability: float | None  # share of runs meeting `due`
    deadlines: tuple[DeadlineOdds, ...]
    critical: tuple[str, ...]  # critical leaf tasks, file order
    cost: float
    work_hours: float
    contractor_hours: float
    overtime_hours: float
    over_hours: float
    resources: tuple[ResourceFigures, ...]
    windows: tuple[WindowFigures, ...]
    leveled: bool

    @property
    def extra_hours(self) -> float:
        """Hours beyond the in-house regular time: overtime plus contractor hours."""
        return self.overtime_hours + self.contractor_hours

    @property
    def windows_missed(self) -> tuple[tuple[str, str], ...]:
        return tuple((task, w.id) for w in self.windows for task in w.missed)


def schedule_releasing_windows(
    project: Project, status_date: dt.datetime | None, actuals: Mapping[str, TaskActual]
) -> tuple[Project, Schedule, dict[str, str]]:
    """`cpm`, releasing each task that misses its window from it until the plan schedules.

    Returns the plan actually scheduled, its schedule and the released tasks (task -> window). Any
    other refusal (a window too short, a cycle) is raised as it is.
    """
    released: dict[str, str] = {}
    while True:
        try:
            return project, cpm(project, status_date=status_date, actuals=actuals), released
        except Unschedulable as exc:
            missed = [p.ids[0] for p in exc.problems() if p.code == "window-missed" and p.ids]
            tasks = project.task_map()
            if not missed or any(tasks.get(t) is None or tasks[t].window is None for t in missed):
                raise
            for tid in missed:
                released[tid] = tasks[tid].window or ""
            gone = set(missed)
            project = dataclasses.replace(
                project,
                tasks=tuple(
                    dataclasses.replace(t, window=None) if t.id in gone else t for t in project.tasks
                ),
            )


def with_ready_milestone(project: Project, bound: set[str], due: dt.datetime) -> tuple[Project, list[str]]:
    """`project` plus a milestone due at `due` after every predecessor of the `bound` tasks (a window's,
    those bound to it not counted), and those predecessors; no milestone when they have none."""
    preds = list(dict.fromkeys(lk.predecessor for lk in project.links if lk.successor in bound))
    preds = [p for p in preds if p not in bound]
    if not preds:
        return project, []
    ident = READY_ID
    taken = {t.id for t in project.tasks}
    while ident in taken:
        ident += "-"
    milestone = Task(id=ident, name=ident, milestone=True, deadline=due)
    links = tuple(Link(predecessor=p, successor=ident) for p in preds)
    return dataclasses.replace(
        project, tasks=(*project.tasks, milestone), links=(*project.links, *links)
    ), preds


def plan_cost(project: Project, schedule: Schedule, worktime: CalendarWorkTime) -> float:
    """The budget a baseline saved from `schedule` would have (`make_baseline`'s BAC): each leaf's fixed
    cost and its work at its resources' rates, plus the phases' own fixed costs.

    Work follows `resource_work`: units x the working duration, or the effort shared by the units. It is
    worked out here over each task's own assignments, as `resource_work` scans the whole plan's for each
    task (n^2 on a large plan); tests check the total against `make_baseline`.
    """
    summaries = project.summary_ids()
    rates = {r.id: r.rate for r in project.resources}
    mine: dict[str, list[Assignment]] = {}
    for a in project.assignments:
        mine.setdefault(a.task, []).append(a)
    total = 0.0
    for task in project.tasks:
        total += task.fixed_cost
        assigned = mine.get(task.id)
        if task.id in summaries or task.milestone or not assigned:
            continue
        if task.effort is not None:
            units = sum(a.units for a in assigned)
            total += (
                sum(rates.get(a.resource, 0.0) * task.effort.minutes * a.units / units for a in assigned) / 60
            )
            continue
        row = schedule.task(task.id)
        duration = max(0, worktime.minutes(task.id, row.early_start_at, row.early_finish_at))
        total += sum(rates.get(a.resource, 0.0) * a.units * duration for a in assigned) / 60
    return total


def _bookings(
    project: Project, schedule: Schedule, cache: CalendarCache
) -> list[tuple[str, float, list[tuple[int, int]]]]:
    """(resource, units, working intervals) of every assignment, on its task's own calendar."""
    tasks = project.task_map()
    resources = project.resource_map()
    assigned: dict[str, list[str]] = {}
    for a in project.assignments:
        assigned.setdefault(a.task, []).append(a.resource)
    found: dict[str, list[tuple[int, int]]] = {}
    out = []
    for a in project.assignments:
        row = schedule.task(a.task)
        if row.summary or row.milestone or row.early_finish <= row.early_start or a.resource not in resources:
            continue
        if a.task not in found:
            work = cache.for_task(tasks[a.task], assigned[a.task])
            found[a.task] = work.intervals(row.early_start, row.early_finish)
        out.append((a.resource, a.units, found[a.task]))
    return out


def _overlap(intervals: Iterable[tuple[int, int]], spans: list[tuple[int, int]]) -> int:
    return sum(max(0, min(b, d) - max(a, c)) for a, b in intervals for c, d in spans)


@dataclass(slots=True)
class _Sweep:
    peak: float = 0.0  # most units booked at one instant
    excess: float = 0.0  # unit-minutes booked above the units available
    days: set[int] = field(default_factory=set)  # days (from the origin) with an over-allocated instant


def _sweep(
    spans: Iterable[tuple[float, list[tuple[int, int]]]], capacity: float, absences: list[tuple[int, int]]
) -> _Sweep:
    """Booked and available units over every instant where either changes (work, absences)."""
    events: dict[int, list[float]] = {}  # minute -> [change of booked, change of available]
    for units, intervals in spans:
        for a, b in intervals:
            events.setdefault(a, [0.0, 0.0])[0] += units
            events.setdefault(b, [0.0, 0.0])[0] -= units
    for a, b in absences:
        events.setdefault(a, [0.0, 0.0])[1] -= capacity
        events.setdefault(b, [0.0, 0.0])[1] += capacity
    out = _Sweep()
    booked, available, previous = 0.0, capacity, 0
    for t in sorted(events):
        over = booked - available
        if over > EPS and booked > EPS:
            out.excess += over * (t - previous)
            out.days.update(range(previous // DAY, (t - 1) // DAY + 1))
        d_booked, d_available = events[t]
        booked += d_booked
        available += d_available
        out.peak = max(out.peak, booked)
        previous = t
    return out


def _hours(
    project: Project, schedule: Schedule, missed: Mapping[str, str]
) -> tuple[list[ResourceFigures], list[WindowFigures]]:
    cache = CalendarCache(project)
    origin = project.origin
    bookings = _bookings(project, schedule, cache)
    resources = []
    for res in project.resources:
        mine = [(units, intervals) for rid, units, intervals in bookings if rid == res.id]
        own = cache.get(res.calendar or project.calendar)
        work = sum(units * (b - a) for units, intervals in mine for a, b in intervals)
        regular = sum(units * own.working_between(a, b) for units, intervals in mine for a, b in intervals)
        absences = [(to_minute(origin, p.start), to_minute(origin, p.end)) for p in res.absences]
        swept = _sweep(mine, res.capacity, absences)
        resources.append(
            ResourceFigures(
                id=res.id,
                name=res.name,
                kind=res.kind,
                capacity=res.capacity,
                peak_units=swept.peak,
                work_hours=work / 60,
                overtime_hours=(work - regular) / 60,
                over_hours=swept.excess / 60,
                over_days=len(swept.days),
            )
        )
    windows = []
    for window in project.windows:
        spans = [(to_minute(origin, p.start), to_minute(origin, p.end)) for p in window.periods]
        inside = sum(units * _overlap(intervals, spans) for _rid, units, intervals in bookings)
        gone = tuple(t for t, w in missed.items() if w == window.id)
        windows.append(WindowFigures(id=window.id, name=window.name, hours=inside / 60, missed=gone))
    return resources, windows


def plan_figures(
    project: Project,
    tracking: Tracking,
    *,
    level: bool = False,
    level_time: float = 5.0,
    runs: int = 1000,
    seed: int = 0,
    before: Window | None = None,
) -> PlanFigures:
    """Every figure of `project` at the shared status date (see the module's docstring)."""
    status = tracking.status_date
    actuals = tracking.actuals_for(project)
    # the tasks the plan binds to the window, even those that will be released from it for missing it
    bound = set() if before is None else {t.id for t in project.tasks if t.window == before.id}
    project, schedule, missed = schedule_releasing_windows(project, status, actuals)
    leveled = False
    if level:
        # imported here: the leveler loads the CP-SAT solver (a second at start), needed only to level
        from plantrack.scheduling.leveling.current import level_current

        done = level_current(project, status_date=status, actuals=actuals, time_limit=level_time, seed=seed)
        if done.project is not None and done.schedule is not None:
            project, schedule, leveled = done.project, done.schedule, True
    due, ready, simulated = project.finish, None, project
    if before is not None:
        due = min(p.start for p in before.periods)
        simulated, preds = with_ready_milestone(project, bound, due)
        ready = max((schedule.task(p).early_finish_at for p in preds), default=schedule.finish_at)
    mc = monte_carlo(simulated, runs=runs, seed=seed, due=due, status_date=status, actuals=actuals)
    odds = mc.project
    probability = odds.probability
    if before is not None and simulated is not project:
        ready_odds = next(o for o in mc.targets if o.id == simulated.tasks[-1].id)
        probability = ready_odds.probability
    worktime = CalendarWorkTime(project)
    slip_minutes = slip_days = None
    baseline = tracking.baseline
    if baseline is not None:
        last = max(
            (t for t in schedule.tasks if not t.summary), key=lambda t: (t.early_finish, t.id), default=None
        )
        which = None if last is None else last.id
        # as `variance` counts it: on the calendar of the task that now finishes the project
        slip_minutes = worktime.minutes(which, baseline.project_finish, schedule.finish_at)
        slip_days = slip_minutes / worktime.day_minutes(which)
    cost = plan_cost(project, schedule, worktime)
    resources, windows = _hours(project, schedule, missed)
    kinds = {r.id: r.kind for r in project.resources}
    ids = {t.id for t in project.tasks}
    deadlines = tuple(
        DeadlineOdds(
            task=o.id,
            name=o.name,
            due=o.due,
            finish=schedule.task(o.id).early_finish_at,
            probability=o.probability,
        )
        for o in mc.targets
        if o.id is not None and o.due is not None and o.probability is not None and o.id in ids
    )
    return PlanFigures(
        project=project,
        schedule=schedule,
        finish=schedule.finish_at,
        slip_minutes=slip_minutes,
        slip_days=slip_days,
        p50=odds.percentiles[50],
        p80=odds.percentiles[80],
        p80_minutes=odds.percentile_minutes[80],
        due=due,
        ready=ready,
        probability=probability,
        deadlines=deadlines,
        critical=tuple(t.id for t in schedule.tasks if t.critical and not t.summary),
        cost=cost,
        work_hours=sum(r.work_hours for r in resources),
        contractor_hours=sum(r.work_hours for r in resources if kinds[r.id] is ResourceKind.CONTRACTOR),
        overtime_hours=sum(r.overtime_hours for r in resources if kinds[r.id] is not ResourceKind.CONTRACTOR),
        over_hours=sum(r.over_hours for r in resources),
        resources=tuple(resources),
        windows=tuple(windows),
        leveled=leveled,
    )
