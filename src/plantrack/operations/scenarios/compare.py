"""Scenarios side by side with the current plan: every one computed the same way, then set against it.

`compare_scenarios` computes the current plan and each scenario with `plan_figures` (the same status
date and actuals, the same leveling, the same Monte Carlo runs and seed), then, per scenario: the
finish moved in working days of the current plan's project calendar, the cost and extra hours against
the current plan, the tasks that joined or left the critical path, and the tasks whose finish moved
most with the reason (see `Reason`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from plantrack.i18n import _
from plantrack.operations.scenarios.diff import PlanDiff, diff_json, plan_diff
from plantrack.operations.scenarios.figures import PlanFigures, plan_figures
from plantrack.operations.scenarios.tracking import Tracking
from plantrack.scheduling.cpm import Schedule
from plantrack.scheduling.errors import InvalidInput, PlantrackError, Problem
from plantrack.scheduling.model import Project, Window, clean_text
from plantrack.scheduling.tracking.worktime import CalendarWorkTime

#: how many moved tasks each scenario lists
MOVED_TASKS = 10


class ReasonKind(StrEnum):
    OWN_CHANGE = "own-change"  # the scenario changes the task itself (fields: which)
    DRIVER_CHANGED = "driver-changed"  # another predecessor now sets its start
    DRIVER_MOVED = "driver-moved"  # the same predecessor sets its start, and it moved
    WINDOW = "window"  # a window period or a closure holds it, not its links
    OTHER = "other"  # the status date, a constraint or leveling


@dataclass(frozen=True, slots=True)
class Reason:
    kind: ReasonKind
    fields: tuple[str, ...] = ()
    driver_before: str | None = None
    driver_after: str | None = None
    window: str | None = None


@dataclass(frozen=True, slots=True)
class MovedTask:
    id: str
    name: str
    start_before: dt.datetime
    start_after: dt.datetime
    finish_before: dt.datetime
    finish_after: dt.datetime
    shift_minutes: int  # finish moved, working minutes of the task's calendar in the scenario
    shift_days: float  # in days of that calendar
    reason: Reason


@dataclass(frozen=True, slots=True)
class ScenarioComparison:
    name: str
    figures: PlanFigures
    diff: PlanDiff
    finish_shift_days: float  # against the current plan, working days of its project calendar
    cost_delta: float
    extra_hours_delta: float
    over_hours_delta: float
    critical_joined: tuple[str, ...]
    critical_left: tuple[str, ...]
    moved: tuple[MovedTask, ...]


@dataclass(frozen=True, slots=True)
class Comparison:
    status_date: dt.datetime | None
    baseline: str | None
    leveled: bool
    runs: int
    seed: int
    before: str | None  # window id
    currency: str
    current: PlanFigures
    scenarios: tuple[ScenarioComparison, ...]


def _refuse(code: str, message: str, ids: tuple[str, ...] = ()) -> InvalidInput:
    return InvalidInput([Problem(code=code, message=message, ids=ids)])


def _before_window(before: str, plans: Sequence[tuple[str, Project]]) -> dict[str, Window]:
    """Each plan's `before` window (its own, else the current plan's); an error if no plan has it."""
    found = {name: p.window_map().get(before) for name, p in plans}
    fallback = found[plans[0][0]] or next((w for w in found.values() if w is not None), None)
    if fallback is None:
        raise _refuse(
            "window-unknown",
            _("no window {window} in the plans compared").format(window=repr(before)),
            (before,),
        )
    return {name: w or fallback for name, w in found.items()}


def _figures(name: str, project: Project, tracking: Tracking, **options: Any) -> PlanFigures:
    try:
        return plan_figures(project, tracking, **options)
    except PlantrackError as exc:
        # name the plan at fault: the same message may hold for several scenarios
        where = _("scenario {name}").format(name=clean_text(name)) if name else _("current plan")
        problems = [p.located(where) for p in exc.problems()]
        raise type(exc)(problems) if isinstance(exc, InvalidInput) else InvalidInput(problems) from exc


def _reason(task: str, diff: PlanDiff, before: Schedule, after: Schedule) -> Reason:
    changed = diff.task_changes().get(task)
    if changed is not None:  # a task of both plans: changed, never added or removed
        return Reason(ReasonKind.OWN_CHANGE, fields=changed.field_names())
    old, new = before.task(task), after.task(task)
    if new.waits is not None and new.waits != old.waits:
        return Reason(ReasonKind.WINDOW, window=new.waits.window)
    if old.driving_predecessor != new.driving_predecessor:
        return Reason(
            ReasonKind.DRIVER_CHANGED,
            driver_before=old.driving_predecessor,
            driver_after=new.driving_predecessor,
        )
    if new.driving_predecessor is not None:
        return Reason(
            ReasonKind.DRIVER_MOVED,
            driver_before=old.driving_predecessor,
            driver_after=new.driving_predecessor,
        )
    return Reason(ReasonKind.OTHER)


def moved_tasks(
    current: PlanFigures, scenario: PlanFigures, diff: PlanDiff, limit: int = MOVED_TASKS
) -> tuple[MovedTask, ...]:
    """The leaf tasks of both plans whose finish moved most (in days of their own calendar), with why."""
    before, after = current.schedule, scenario.schedule
    worktime = CalendarWorkTime(scenario.project)
    ids = {t.id for t in before.tasks}
    rows = []
    for new in after.tasks:
        if new.summary or new.id not in ids:
            continue
        old = before.task(new.id)
        if old.early_finish == new.early_finish and old.early_start == new.early_start:
            continue
        shift = worktime.minutes(new.id, old.early_finish_at, new.early_finish_at)
        if shift == 0 and old.early_start == new.early_start:
            continue
        days = shift / worktime.day_minutes(new.id)
        rows.append(
            MovedTask(
                id=new.id,
                name=new.name,
                start_before=old.early_start_at,
                start_after=new.early_start_at,
                finish_before=old.early_finish_at,
                finish_after=new.early_finish_at,
                shift_minutes=shift,
                shift_days=days,
                reason=_reason(new.id, diff, before, after),
            )
        )
    rows.sort(key=lambda m: (-abs(m.shift_days), m.id))
    return tuple(rows[:limit])


def compare_scenarios(
    current: Project,
    scenarios: Sequence[tuple[str, Project]],
    tracking: Tracking,
    *,
    level: bool = False,
    level_time: float = 5.0,
    runs: int = 1000,
    seed: int = 0,
    before: str | None = None,
    moved: int = MOVED_TASKS,
) -> Comparison:
    """The current plan and each named scenario computed alike and compared (see the module docstring).

    Raises InvalidInput for no scenario, a name given twice, an unknown `before` window, or a plan that
    cannot be scheduled (its problems located at the scenario's name).
    """
    if not scenarios:
        raise _refuse(
            "scenario-none", _("no scenario to compare: create one with `plantrack scenario new NAME`")
        )
    names = [name for name, _p in scenarios]
    if any(not name.strip() for name in names):
        raise _refuse("scenario-name", _("a scenario name must not be empty"))
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise _refuse(
            "scenario-duplicate",
            _("scenario {name} is given twice").format(name=repr(twice[0])),
            tuple(twice),
        )
    plans = [("", current), *scenarios]
    windows = _before_window(before, plans) if before is not None else {}
    options: dict[str, Any] = {"level": level, "level_time": level_time, "runs": runs, "seed": seed}
    base = _figures("", current, tracking, before=windows.get(""), **options)
    calendar = CalendarWorkTime(current)
    day = calendar.day_minutes(None)
    rows = []
    for name, project in scenarios:
        figures = _figures(name, project, tracking, before=windows.get(name), **options)
        diff = plan_diff(current, project)
        critical = set(figures.critical)
        was = set(base.critical)
        rows.append(
            ScenarioComparison(
                name=name,
                figures=figures,
                diff=diff,
                finish_shift_days=calendar.minutes(None, base.finish, figures.finish) / day,
                cost_delta=figures.cost - base.cost,
                extra_hours_delta=figures.extra_hours - base.extra_hours,
                over_hours_delta=figures.over_hours - base.over_hours,
                critical_joined=tuple(t for t in figures.critical if t not in was),
                critical_left=tuple(t for t in base.critical if t not in critical),
                moved=moved_tasks(base, figures, diff, moved),
            )
        )
    baseline = tracking.baseline
    return Comparison(
        status_date=tracking.status_date,
        baseline=None if baseline is None else baseline.name,
        leveled=level,
        runs=runs,
        seed=seed,
        before=before,
        currency=current.currency,
        current=base,
        scenarios=tuple(rows),
    )


# ---------------------------------------------------------------- JSON


def _iso(value: dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def figures_json(f: PlanFigures) -> dict[str, Any]:
    """One plan's figures, locale-free."""
    return {
        "finish": _iso(f.finish),
        "slip_minutes": f.slip_minutes,
        "slip_days": f.slip_days,
        "p50": _iso(f.p50),
        "p80": _iso(f.p80),
        "due": _iso(f.due),
        "ready": _iso(f.ready),
        "probability": f.probability,
        "deadlines": [
            {"task": d.task, "due": _iso(d.due), "finish": _iso(d.finish), "probability": d.probability}
            for d in f.deadlines
        ],
        "critical_path": list(f.critical),
        "cost": f.cost,
        "work_hours": f.work_hours,
        "overtime_hours": f.overtime_hours,
        "contractor_hours": f.contractor_hours,
        "extra_hours": f.extra_hours,
        "overallocated_hours": f.over_hours,
        "leveled": f.leveled,
        "resources": [
            {
                "id": r.id,
                "name": r.name,
                "kind": r.kind.value,
                "capacity": r.capacity,
                "peak_units": r.peak_units,
                "work_hours": r.work_hours,
                "overtime_hours": r.overtime_hours,
                "overallocated_hours": r.over_hours,
                "overallocated_days": r.over_days,
            }
            for r in f.resources
        ],
        "windows": [{"id": w.id, "hours": w.hours, "missed": list(w.missed)} for w in f.windows],
    }


def _moved_json(m: MovedTask) -> dict[str, Any]:
    r = m.reason
    return {
        "id": m.id,
        "start_before": _iso(m.start_before),
        "start_after": _iso(m.start_after),
        "finish_before": _iso(m.finish_before),
        "finish_after": _iso(m.finish_after),
        "shift_minutes": m.shift_minutes,
        "shift_days": m.shift_days,
        "reason": {
            "kind": r.kind.value,
            "fields": list(r.fields),
            "driver_before": r.driver_before,
            "driver_after": r.driver_after,
            "window": r.window,
        },
    }


def comparison_json(comparison: Comparison) -> dict[str, Any]:
    """The comparison as JSON: English keys, ISO dates, plain numbers."""
    return {
        "status_date": _iso(comparison.status_date),
        "baseline": comparison.baseline,
        "leveled": comparison.leveled,
        "simulation": {"runs": comparison.runs, "seed": comparison.seed},
        "before": comparison.before,
        "currency": comparison.currency,
        "current": figures_json(comparison.current),
        "scenarios": [
            {
                "name": s.name,
                **figures_json(s.figures),
                "finish_shift_days": s.finish_shift_days,
                "cost_delta": s.cost_delta,
                "extra_hours_delta": s.extra_hours_delta,
                "overallocated_hours_delta": s.over_hours_delta,
                "critical_joined": list(s.critical_joined),
                "critical_left": list(s.critical_left),
                "moved": [_moved_json(m) for m in s.moved],
                "diff": diff_json(s.diff, s.figures.project),
            }
            for s in comparison.scenarios
        ],
    }
