"""What happened to a task by the status date: the actuals rescheduling starts from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from plantrack.i18n import _
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.errors import ModelError


@dataclass(frozen=True, slots=True, kw_only=True)
class TaskActual:
    """What happened to a task by the status date: the input of rescheduling.

    A finished task has `actual_finish`; a task in progress has `actual_start` and either an explicit
    `remaining` working time from the status date or, failing that, the planned duration scaled by
    `percent_complete`.
    """

    task: str
    actual_start: dt.datetime | None = None
    actual_finish: dt.datetime | None = None
    remaining: Duration | None = None
    percent_complete: float = 0.0

    def __post_init__(self) -> None:
        if not 0 <= self.percent_complete <= 100:
            raise ModelError(
                "actuals-invalid",
                _("task {task}: percent complete {percent} is not within 0-100").format(
                    task=self.task, percent=self.percent_complete
                ),
                [self.task],
            )
        if (
            self.actual_start is not None
            and self.actual_finish is not None
            and self.actual_finish < self.actual_start
        ):
            raise ModelError(
                "actuals-invalid",
                _("task {task}: actual finish is before actual start").format(task=self.task),
                [self.task],
            )
        if self.remaining is not None and self.remaining.minutes < 0:
            raise ModelError(
                "actuals-invalid",
                _("task {task}: remaining work is negative").format(task=self.task),
                [self.task],
            )
