"""Earned value at a status date: PV spread over the baseline's working time, EV, AC and the indices.

Formulas (PMI practice standard for earned value; Lipke's earned schedule):
SV = EV - PV, CV = EV - AC, SPI = EV / PV, CPI = EV / AC, EAC(cpi) = BAC / CPI,
EAC(cpi-spi) = AC + (BAC - EV) / (CPI x SPI), EAC(budget-rate) = AC + BAC - EV, ETC = EAC - AC,
VAC = BAC - EAC, TCPI = (BAC - EV) / (BAC - AC); ES = the time at which PV reached today's EV,
SPI(t) = ES / AT, forecast finish = start + PD / SPI(t) in working time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from plantrack.scheduling.model import Project
from plantrack.scheduling.tracking.baseline import blended_rate
from plantrack.scheduling.tracking.plan import WorkTime
from plantrack.scheduling.tracking.progress import TaskProgress, percent_complete
from plantrack.scheduling.tracking.records import Baseline, BaselineTask

#: EV within this share of BAC of a PV value counts as equal (float sums of task values)
_EPSILON = 1e-9


@dataclass(frozen=True, slots=True, kw_only=True)
class TaskValue:
    id: str
    bac: float
    pv: float
    ev: float
    ac: float
    percent: float


@dataclass(frozen=True, slots=True, kw_only=True)
class EarnedValue:
    """Project indicators; a ratio is None when its denominator is zero (nothing planned or spent yet)."""

    status_date: dt.datetime
    bac: float
    pv: float
    ev: float
    ac: float
    sv: float
    cv: float
    spi: float | None
    cpi: float | None
    eac: float
    eac_method: str  # "cpi", or "budget-rate" while nothing has been spent
    eac_alternatives: dict[str, float]
    etc: float
    vac: float
    tcpi: float | None
    percent_complete: float  # EV / BAC
    es_minutes: int  # earned schedule, working minutes from the baseline start
    at_minutes: int  # actual time, working minutes from the baseline start to the status date
    spi_t: float | None
    es_forecast_finish: dt.datetime | None
    tasks: tuple[TaskValue, ...]


def _ratio(num: float, den: float) -> float | None:
    return num / den if abs(den) > _EPSILON else None


def planned_fraction(bt: BaselineTask, worktime: WorkTime, when: dt.datetime) -> float:
    """Share of a task's budget planned by `when`: linear over its baseline working time."""
    if when >= bt.finish:
        return 1.0
    if when <= bt.start or bt.duration_minutes <= 0:
        return 0.0
    done = worktime.minutes(None if bt.summary else bt.id, bt.start, when)
    return min(1.0, max(0.0, done / bt.duration_minutes))


def _own_cost(bt: BaselineTask) -> float:
    """A phase's own budget is its fixed cost; its children carry the rest."""
    return bt.fixed_cost if bt.summary else bt.cost


def planned_value(baseline: Baseline, worktime: WorkTime, when: dt.datetime) -> float:
    return sum(_own_cost(bt) * planned_fraction(bt, worktime, when) for bt in baseline.tasks)


def _descendant_leaves(project: Project) -> dict[str, list[str]]:
    children = project.children()
    out: dict[str, list[str]] = {}

    def leaves(task_id: str) -> list[str]:
        if task_id not in out:
            found: list[str] = []
            for child in children.get(task_id, []):
                found.extend(leaves(child) if child in children else [child])
            out[task_id] = found
        return out[task_id]

    for parent in children:
        leaves(parent)
    return out


def _earned_schedule(baseline: Baseline, worktime: WorkTime, ev: float) -> dt.datetime:
    """The earliest instant at which the baseline had planned `ev`: bisection on minutes (PV is monotone)."""
    target = ev - _EPSILON * max(1.0, baseline.bac)
    lo, hi = 0, int((baseline.project_finish - baseline.project_start).total_seconds() // 60)
    if target <= 0:
        return baseline.project_start
    while lo < hi:
        mid = (lo + hi) // 2
        if planned_value(baseline, worktime, baseline.project_start + dt.timedelta(minutes=mid)) >= target:
            hi = mid
        else:
            lo = mid + 1
    return baseline.project_start + dt.timedelta(minutes=lo)


def earned_value(
    project: Project,
    baseline: Baseline,
    states: Mapping[str, TaskProgress],
    worktime: WorkTime,
    status_date: dt.datetime,
) -> EarnedValue:
    tasks_by_id = project.task_map()
    leaves_of = _descendant_leaves(project)
    pct: dict[str, float] = {}
    for bt in baseline.tasks:
        if not bt.summary:
            state = states.get(bt.id)
            pct[bt.id] = 0.0 if state is None else percent_complete(state, worktime, status_date)
    values: list[TaskValue] = []
    for bt in baseline.tasks:
        own = _own_cost(bt)
        if bt.summary:
            # a phase earns its fixed cost as its tasks earn theirs (cost-weighted, else plain average)
            leaves = [baseline.task_map()[i] for i in leaves_of.get(bt.id, []) if i in pct]
            weight = sum(leaf.cost for leaf in leaves)
            if weight > 0:
                percent = sum(leaf.cost * pct[leaf.id] for leaf in leaves) / weight
            else:
                percent = sum(pct[leaf.id] for leaf in leaves) / len(leaves) if leaves else 0.0
            ev = own * percent / 100
            ac = ev
        else:
            percent = pct[bt.id]
            ev = own * percent / 100
            state = states.get(bt.id)
            task = tasks_by_id.get(bt.id)
            if state is not None and state.cost is not None:
                ac = state.cost
            elif state is not None and state.hours is not None and task is not None:
                ac = state.hours * blended_rate(project, task) + bt.fixed_cost * percent / 100
            else:
                # no hours nor cost reported: the work done is taken at its budgeted cost
                ac = ev
        pv = own * planned_fraction(bt, worktime, status_date)
        values.append(TaskValue(id=bt.id, bac=own, pv=pv, ev=ev, ac=ac, percent=percent))
    bac = baseline.bac
    pv = sum(v.pv for v in values)
    ev = sum(v.ev for v in values)
    ac = sum(v.ac for v in values)
    spi, cpi = _ratio(ev, pv), _ratio(ev, ac)
    alternatives = {"budget-rate": ac + bac - ev}
    if cpi:
        alternatives["cpi"] = bac / cpi
        if spi:
            alternatives["cpi-spi"] = ac + (bac - ev) / (cpi * spi)
    method = "cpi" if "cpi" in alternatives else "budget-rate"
    eac = alternatives[method]
    es_at = _earned_schedule(baseline, worktime, ev)
    es = max(0, worktime.minutes(None, baseline.project_start, es_at))
    at = max(0, worktime.minutes(None, baseline.project_start, status_date))
    spi_t = _ratio(es, at)
    forecast = None
    if spi_t:
        planned = max(0, worktime.minutes(None, baseline.project_start, baseline.project_finish))
        forecast = worktime.add(None, baseline.project_start, round(planned / spi_t))
    return EarnedValue(
        status_date=status_date,
        bac=bac,
        pv=pv,
        ev=ev,
        ac=ac,
        sv=ev - pv,
        cv=ev - ac,
        spi=spi,
        cpi=cpi,
        eac=eac,
        eac_method=method,
        eac_alternatives=alternatives,
        etc=eac - ac,
        vac=bac - eac,
        tcpi=_ratio(bac - ev, bac - ac),
        percent_complete=100.0 * ev / bac if bac > _EPSILON else 0.0,
        es_minutes=es,
        at_minutes=at,
        spi_t=spi_t,
        es_forecast_finish=forecast,
        tasks=tuple(values),
    )
