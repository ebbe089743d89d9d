"""Tracking figures for the TUI screens: variance against a baseline, and resource load against capacity.

Both are computed by the engine (`tracking.analysis.analyse` with the CPM as rescheduler, the CPM dates
and assignments); this module only gathers the inputs and words the results.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from plantrack.scheduling.cpm import cpm
from plantrack.scheduling.model import Project
from plantrack.scheduling.tracking.analysis import Analysis
from plantrack.store import WorkspaceState
from plantrack.store.tracking_analysis import analysis
from plantrack.store.tracking_codec import baselines


def baseline_names(state: WorkspaceState) -> list[str]:
    return [b.name for b in baselines(state)]


def deviation(state: WorkspaceState, baseline_name: str | None = None) -> Analysis:
    """Variance of the forecast against a baseline (default: the latest) at the latest status date."""
    return analysis(state, baseline_name)


def days(minutes: int, per_day: int) -> str:
    """Signed working days, e.g. `+2d`, `-0.5d`, `0d`."""
    value = round(minutes / per_day, 1)
    return f"{value:+g}d" if value else "0d"


@dataclass(frozen=True, slots=True, kw_only=True)
class ResourceLoad:
    """Units booked per period against the capacity (each period a week or a day)."""

    id: str
    name: str
    capacity: float
    periods: tuple[tuple[dt.date, float], ...]  # (period start, highest units booked at once)
    tasks: tuple[str, ...]

    @property
    def overloaded(self) -> bool:
        return any(units > self.capacity + 1e-9 for _, units in self.periods)


def resource_loads(project: Project, *, period_days: int = 7) -> list[ResourceLoad]:
    """Peak concurrent units per resource in each period, on the unleveled CPM plan.

    The peak is the highest sum of units of tasks running at one instant (a sweep over task starts
    and finishes), so two half-time assignments side by side never count as an overload.
    """
    schedule = cpm(project)
    dates = {t.id: (t.early_start_at, t.early_finish_at) for t in schedule.tasks}
    summaries = project.summary_ids()
    origin = project.origin.date() - dt.timedelta(days=project.origin.weekday())
    booked = [
        (a.resource, *dates[a.task], a.units, a.task)
        for a in project.assignments
        if a.task in dates and a.task not in summaries and dates[a.task][1] > dates[a.task][0]
    ]
    out: list[ResourceLoad] = []
    if not booked:
        return [
            ResourceLoad(id=r.id, name=r.name, capacity=r.capacity, periods=(), tasks=())
            for r in project.resources
        ]
    # one time range for every resource, so the weeks line up from one row to the next
    first = min(b[1] for b in booked).date()
    last = max(b[2] for b in booked).date()
    begin = origin + dt.timedelta(days=((first - origin).days // period_days) * period_days)
    for res in project.resources:
        spans = [(a, b, units, task) for r, a, b, units, task in booked if r == res.id]
        periods: list[tuple[dt.date, float]] = []
        start = begin
        while start <= last:
            lo = dt.datetime.combine(start, dt.time())
            hi = lo + dt.timedelta(days=period_days)
            events: list[tuple[dt.datetime, float]] = []
            for a, b, units, _ in spans:
                if a < hi and b > lo:
                    events.append((max(a, lo), units))
                    events.append((min(b, hi), -units))
            peak = level = 0.0
            for _, delta in sorted(events, key=lambda e: (e[0], e[1])):  # finishes before starts at a tie
                level += delta
                peak = max(peak, level)
            periods.append((start, round(peak, 6)))
            start += dt.timedelta(days=period_days)
        out.append(
            ResourceLoad(
                id=res.id,
                name=res.name,
                capacity=res.capacity,
                periods=tuple(periods),
                tasks=tuple(dict.fromkeys(s[3] for s in spans)),
            )
        )
    return out
