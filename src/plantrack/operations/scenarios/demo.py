"""The demo's two scenarios, built from the demo plan: a supplier three weeks late, and the answer to it.

- "supplier three weeks late": the station's build (`lead-time`, a supplier lead time in calendar
  days) takes three weeks more: 21 calendar days added to each point of its three-point estimate.
  Delivered too late for the weekend stops the installation is bound to, the installation tasks
  miss their windows (the comparison lists them).
- "install in two weekend stops": the same late delivery, with the installation re-planned in two
  later weekend line stops, each two weeks after the one it replaces.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from plantrack.i18n import N_, _
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.model import Estimate, Period, Project, Task, Window

SUPPLIER_LATE = N_("supplier three weeks late")
TWO_WEEKEND_STOPS = N_("install in two weekend stops")
#: the task whose lead time slips, and by how much (calendar time: the supplier works every day)
LEAD_TIME_TASK = "lead-time"
SUPPLIER_DELAY = Duration(minutes=21 * 24 * 60, elapsed=True)
#: the installation's windows, and how much later the re-planned stops are
INSTALL_WINDOWS = ("stop-1", "stop-2")
STOPS_LATER = dt.timedelta(weeks=2)


def _longer(task: Task, extra: Duration) -> Task:
    """`task` lasting `extra` more: added to its duration, or to each point of its estimate."""
    if task.estimate is not None:
        e = task.estimate
        grown = Estimate(
            optimistic=Duration(minutes=e.optimistic.minutes + extra.minutes, elapsed=e.optimistic.elapsed),
            likely=Duration(minutes=e.likely.minutes + extra.minutes, elapsed=e.likely.elapsed),
            pessimistic=Duration(
                minutes=e.pessimistic.minutes + extra.minutes, elapsed=e.pessimistic.elapsed
            ),
        )
        return dataclasses.replace(task, estimate=grown)
    if task.duration is None:
        raise ValueError(f"task {task.id} has no duration to lengthen")
    return dataclasses.replace(
        task, duration=Duration(minutes=task.duration.minutes + extra.minutes, elapsed=task.duration.elapsed)
    )


def lengthened(project: Project, task_id: str, extra: Duration) -> Project:
    """`project` with one task lasting `extra` more."""
    if task_id not in project.task_map():
        raise ValueError(f"no task {task_id} in the plan")
    return dataclasses.replace(
        project, tasks=tuple(_longer(t, extra) if t.id == task_id else t for t in project.tasks)
    )


def _shifted(window: Window, by: dt.timedelta) -> Window:
    periods = tuple(Period(start=p.start + by, end=p.end + by, reason=p.reason) for p in window.periods)
    return dataclasses.replace(window, periods=periods)


def supplier_late(demo: Project) -> Project:
    """The demo plan with the supplier's lead time three weeks (21 calendar days) longer."""
    return lengthened(demo, LEAD_TIME_TASK, SUPPLIER_DELAY)


def two_weekend_stops(demo: Project) -> Project:
    """The late supplier, the installation moved to two weekend stops each two weeks later."""
    late = supplier_late(demo)
    windows = tuple(_shifted(w, STOPS_LATER) if w.id in INSTALL_WINDOWS else w for w in late.windows)
    return dataclasses.replace(late, windows=windows)


def demo_scenarios(demo: Project) -> list[tuple[str, Project]]:
    """The demo's scenarios, named in the language in use (once created, a name is data)."""
    return [(_(SUPPLIER_LATE), supplier_late(demo)), (_(TWO_WEEKEND_STOPS), two_weekend_stops(demo))]
