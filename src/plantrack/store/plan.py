"""The stored current plan: each task's dates and leveling figures as ids and numbers, no words.

`plantrack schedule` keeps the plan it computed so that `schedule --level --stable` can keep tasks near
it. It holds no text in any language (the `--json` document, with its warnings and explanations, is
built from the schedule when it is printed): running commands in French, then in English, leaves an
unchanged plan's file as it is.

Schema: the table `schedule` holds one document, as before. Files written before this layout hold the
`schedule --json` document there; it is read into a StoredPlan (`legacy_plan`) and written in the new
layout by the next save that changes the plan, so no schema bump is needed. An older plantrack reading
the new layout finds what it read from the old one: `tasks` rows with an `id` and an ISO `start`.
"""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plantrack.i18n import _
from plantrack.store.codec import CodecError, decode, fast_convert
from plantrack.store.errors import WorkspaceUnreadable

if typing.TYPE_CHECKING:
    from plantrack.scheduling.cpm import Schedule
    from plantrack.scheduling.leveling.result import LeveledTask


@dataclass(frozen=True, slots=True, kw_only=True)
class PlannedTask:
    """One task of the stored plan."""

    id: str
    start: dt.datetime
    finish: dt.datetime
    #: leveled start minus the start without resource limits, in the leveler's minutes (0: not delayed)
    delay_minutes: int = 0
    delayed_by: str | None = None  # the resource id whose capacity pushed the task back


@dataclass(frozen=True, slots=True, kw_only=True)
class StoredPlan:
    """The current plan as the last `schedule` computed it (leveled: by that run's `--level`)."""

    start: dt.datetime
    finish: dt.datetime
    status_date: dt.datetime | None = None
    leveled: bool = False
    tasks: tuple[PlannedTask, ...] = ()

    def starts(self) -> dict[str, dt.datetime]:
        """Each task's planned start: the reference `--stable` keeps tasks close to."""
        return {t.id: t.start for t in self.tasks}


def stored_plan(
    origin: dt.datetime,
    span: tuple[int, int],
    tasks: list[tuple[str, int, int]],
    *,
    status_date: dt.datetime | None = None,
    leveling: Mapping[str, tuple[int, str | None]] | None = None,
) -> StoredPlan:
    """The plan from minute offsets after `origin`: the project's (start, finish) and each task's
    (id, start, finish); `leveling` gives a leveled task's (delay minutes, resource id)."""
    seen: dict[int, dt.datetime] = {}  # a large plan has far fewer distinct instants than dates

    def moment(minute: int) -> dt.datetime:
        found = seen.get(minute)
        if found is None:
            found = seen[minute] = origin + dt.timedelta(minutes=minute)
        return found

    levels = leveling or {}
    planned = []
    for tid, start, finish in tasks:
        delay, by = levels.get(tid, (0, None))
        planned.append(
            PlannedTask(
                id=tid, start=moment(start), finish=moment(finish), delay_minutes=delay, delayed_by=by
            )
        )
    return StoredPlan(
        start=moment(span[0]),
        finish=moment(span[1]),
        status_date=status_date,
        leveled=leveling is not None,
        tasks=tuple(planned),
    )


def plan_of_schedule(
    schedule: Schedule,
    *,
    status_date: dt.datetime | None = None,
    leveled: Mapping[str, LeveledTask] | None = None,
) -> StoredPlan:
    """The plan a computed schedule stores, with each leveled task's delay and the resource it waited for
    when the schedule is a leveled one."""
    levels = None if leveled is None else {tid: (t.delay_minutes, t.delayed_by) for tid, t in leveled.items()}
    return stored_plan(
        schedule.origin,
        (schedule.start, schedule.finish),
        [(t.id, t.early_start, t.early_finish) for t in schedule.tasks],
        status_date=status_date,
        leveling=levels,
    )


def read_plan(path: Path, document: dict[str, Any], *, sealed: bool = False) -> StoredPlan | None:
    """The stored plan in the `schedule` table's document, in either layout; WorkspaceUnreadable names
    a bad spot. `sealed`: a file this version wrote, unchanged since (msgspec decodes it, in C)."""
    if is_legacy(document):
        return legacy_plan(document)
    fast = fast_convert(document, StoredPlan) if sealed else None
    if fast is not None:
        return typing.cast(StoredPlan, fast)
    try:
        return typing.cast(StoredPlan, decode(StoredPlan, document))
    except CodecError as exc:
        raise WorkspaceUnreadable(
            path,
            _("invalid content at {where}: {detail}").format(
                where="schedule" + (f".{exc.where}" if exc.where else ""), detail=exc.detail
            ),
        ) from None


def is_legacy(document: Any) -> bool:
    """Whether a stored plan document is the `schedule --json` document older versions kept."""
    return isinstance(document, dict) and "project" in document


def _moment(value: Any) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(str(value))
    except ValueError:
        return None


def legacy_plan(document: dict[str, Any]) -> StoredPlan | None:
    """The StoredPlan in an older version's document; None when its project span does not read (the
    plan is derived data: the next `schedule` makes it again). Rows without a readable id and dates
    are left out, as `--stable` used to skip them."""
    head = document.get("project")
    start = _moment(head.get("start")) if isinstance(head, dict) else None
    finish = _moment(head.get("finish")) if isinstance(head, dict) else None
    if start is None or finish is None:
        return None
    rows = document.get("tasks")
    tasks = []
    for row in rows if isinstance(rows, list) else []:
        if not isinstance(row, dict) or not isinstance(row.get("id"), str):
            continue
        row_start, row_finish = _moment(row.get("start")), _moment(row.get("finish"))
        if row_start is None or row_finish is None:
            continue
        delay = row.get("leveling_start_delay_axis_minutes")
        by = row.get("leveling_delayed_by")
        tasks.append(
            PlannedTask(
                id=row["id"],
                start=row_start,
                finish=row_finish,
                delay_minutes=delay if type(delay) is int else 0,
                delayed_by=by if isinstance(by, str) else None,
            )
        )
    status = document.get("status_date")
    return StoredPlan(
        start=start,
        finish=finish,
        status_date=_moment(status) if status is not None else None,
        leveled="leveling" in document,
        tasks=tuple(tasks),
    )
