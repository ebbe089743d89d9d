"""The tracking data every scenario shares: the status date, the actuals recorded by then and a baseline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from plantrack.scheduling.model import Project, TaskActual
from plantrack.scheduling.tracking.records import Baseline
from plantrack.store.tracking_codec import actuals_at, find_baseline
from plantrack.store.workspace import WorkspaceState


@dataclass(frozen=True, slots=True)
class Tracking:
    """What was recorded up to the status date; a scenario differs only in what is still to come."""

    status_date: dt.datetime | None = None
    actuals: Mapping[str, TaskActual] = field(default_factory=dict)
    baseline: Baseline | None = None

    def actuals_for(self, project: Project) -> dict[str, TaskActual]:
        """The actuals of the tasks `project` still has (a scenario may have removed some)."""
        ids = {t.id for t in project.tasks}
        return {k: v for k, v in self.actuals.items() if k in ids}


def tracking_of(
    state: WorkspaceState, *, baseline: str | None = None, status_date: dt.datetime | None = None
) -> Tracking:
    """The workspace's tracking data as `forecast(state)` uses it: the latest status date (or
    `status_date`), its actuals, and the named baseline (default: the latest; None when none is saved)."""
    status, actuals = actuals_at(state, status_date)
    return Tracking(status_date=status, actuals=actuals, baseline=find_baseline(state, baseline))
