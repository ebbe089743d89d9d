"""Views of the tracking data for any face: variance against a baseline, and resource load against capacity.

Both are computed by the engine (`tracking.analysis.analyse` with the CPM as rescheduler, and
`scheduling.load` on the CPM dates); this module only gathers the inputs and words the results.
"""

from __future__ import annotations

from enum import StrEnum

from plantrack.i18n import _, language
from plantrack.operations.analysis import analysis
from plantrack.scheduling import load
from plantrack.scheduling.cpm import cpm
from plantrack.scheduling.load import PeriodLoad, ResourceLoad
from plantrack.scheduling.model import Project
from plantrack.scheduling.tracking.analysis import Analysis
from plantrack.scheduling.tracking.variance import TaskVariance
from plantrack.store import WorkspaceState
from plantrack.store.tracking_codec import baselines


def baseline_names(state: WorkspaceState) -> list[str]:
    return [b.name for b in baselines(state)]


def deviation(state: WorkspaceState, baseline_name: str | None = None) -> Analysis:
    """Variance of the forecast against a baseline (default: the latest) at the latest status date."""
    return analysis(state, baseline_name)


def _decimal(text: str) -> str:
    """A number written with `:g`, with the language's decimal mark."""
    return text if language() == "en" else text.replace(".", ",")


def days(minutes: int, per_day: int, *, zero: str = "0") -> str:
    """Signed days of `per_day` minutes, e.g. `+2d`, `-0.5d`, `0d`; `zero` is how no change is written
    (the Gantt's summary writes a slip of nothing `+0d`, so that it reads as a slip)."""
    value = round(minutes / per_day, 1)
    return _("{days}d").format(days=_decimal(f"{value:+g}" if value else zero))


def slip_days(row: TaskVariance) -> str:
    """A task's finish slip in days of its own calendar (`variance.SLIP_UNIT`)."""
    return days(row.finish_variance_minutes, row.day_minutes)


def resource_loads(project: Project) -> tuple[ResourceLoad, ...]:
    """Load against capacity per resource on the plan as `cpm` schedules it (counted by `scheduling.load`)."""
    return load.resource_loads(project, cpm(project))


BARS = " ▁▂▃▄▅▆▇█"
OVER = "▲"


class WeekState(StrEnum):
    """How a week of a resource looks in the load strip."""

    IDLE = "idle"
    OK = "ok"
    BEYOND = "beyond"  # more hours of work than the resource's calendar gives (overtime, a crew's weekend)
    OVER = "over"  # more units booked at some instant than the resource has


def week_state(week: PeriodLoad) -> WeekState:
    if week.over:
        return WeekState.OVER
    if week.load_hours > week.capacity_hours + 1e-9:
        return WeekState.BEYOND
    return WeekState.OK if week.load_hours > 0 else WeekState.IDLE


def week_glyph(week: PeriodLoad) -> str:
    """▲ over-allocated, · idle, else a bar as high as the share of the week's capacity hours used."""
    state = week_state(week)
    if state is WeekState.OVER:
        return OVER
    if state is WeekState.IDLE:
        return "·"
    if state is WeekState.BEYOND:
        return BARS[-1]
    return BARS[max(1, round(8 * week.load_hours / week.capacity_hours))]


def hours(value: float) -> str:
    return _("{hours} h").format(hours=_decimal(f"{round(value, 1):g}"))


def busiest_week(res: ResourceLoad) -> str:
    """The worst week: over-allocated first, then beyond the calendar's hours, then the most hours."""
    busy = [w for w in res.weeks if w.load_hours > 0]
    if not busy:
        return ""
    rank = (WeekState.OK, WeekState.BEYOND, WeekState.OVER)
    worst = max(busy, key=lambda w: (rank.index(week_state(w)), w.load_hours))
    return _("{week}: {load} of {capacity}").format(
        week=worst.start.strftime(_("%G-W%V")),
        load=hours(worst.load_hours),
        capacity=hours(worst.capacity_hours),
    )
