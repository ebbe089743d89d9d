"""The project: a whole plan, holding its calendars, resources, tasks, links, assignments and windows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from plantrack.i18n import LANGUAGES, N_, _
from plantrack.scheduling.errors import ModelError
from plantrack.scheduling.model.resources import Assignment, Resource
from plantrack.scheduling.model.tasks import Link, Task
from plantrack.scheduling.model.text import check_name
from plantrack.scheduling.model.working_time import Calendar, Window


@dataclass(frozen=True, slots=True, kw_only=True)
class Project:
    """A whole plan. `start` is the project start instant; `finish`, when set, anchors the backward pass."""

    name: str
    start: dt.datetime
    calendar: str = "standard"
    finish: dt.datetime | None = None
    currency: str = "EUR"
    status_date: dt.datetime | None = None
    minutes_per_day: int = 480
    minutes_per_week: int = 2400
    calendars: tuple[Calendar, ...] = field(default=())
    resources: tuple[Resource, ...] = ()
    tasks: tuple[Task, ...] = ()
    links: tuple[Link, ...] = ()
    assignments: tuple[Assignment, ...] = ()
    windows: tuple[Window, ...] = ()
    # the language reports and messages about this plan are written in (`fr`), unless a run
    # chooses otherwise (`--lang`, $PLANTRACK_LANG); None: the reader's locale decides
    language: str | None = None

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ModelError("project-name", _("project name must not be empty"))
        if self.language is not None and self.language not in LANGUAGES:
            raise ModelError(
                "language-unknown",
                _("project language {language} is not one of {languages}").format(
                    language=repr(self.language), languages=", ".join(LANGUAGES)
                ),
            )
        check_name("project", "project", self.name)
        for label, when in (
            (N_("project start {date} is outside 1900-2200"), self.start),
            (N_("project finish {date} is outside 1900-2200"), self.finish),
            (N_("project status date {date} is outside 1900-2200"), self.status_date),
        ):
            if when is not None and not (1900 <= when.year <= 2200):
                raise ModelError("date-out-of-range", _(label).format(date=f"{when:%Y-%m-%d}"))
        if self.finish is not None and self.finish <= self.start:
            raise ModelError("project-finish-before-start", _("project finish is before its start"))
        if self.minutes_per_day <= 0 or self.minutes_per_week <= 0:
            raise ModelError("day-length-invalid", _("minutes per day and per week must be positive"))

    @property
    def origin(self) -> dt.datetime:
        """Midnight of the project start day: minute 0 of the scheduler's time axis."""
        return dt.datetime.combine(self.start.date(), dt.time())

    def task_map(self) -> dict[str, Task]:
        return {t.id: t for t in self.tasks}

    def resource_map(self) -> dict[str, Resource]:
        return {r.id: r for r in self.resources}

    def calendar_map(self) -> dict[str, Calendar]:
        return {c.id: c for c in self.calendars}

    def window_map(self) -> dict[str, Window]:
        return {w.id: w for w in self.windows}

    def children(self) -> dict[str, list[str]]:
        """Parent id -> child ids in file order."""
        out: dict[str, list[str]] = {}
        for t in self.tasks:
            if t.parent is not None:
                out.setdefault(t.parent, []).append(t.id)
        return out

    def summary_ids(self) -> set[str]:
        return {t.parent for t in self.tasks if t.parent is not None}
