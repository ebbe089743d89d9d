"""iCalendar (RFC 5545) export: milestones, each owner's tasks and open actions, so people see their dates
in their own calendar.

Times are the plant's wall clock, so they are written as floating local times; milestones and action due
dates are all-day events. UIDs derive from the project name and the item id, so a re-export updates the
events a calendar already holds instead of duplicating them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
from dataclasses import dataclass

from plantrack.i18n import N_, _
from plantrack.scheduling.cpm import Schedule
from plantrack.scheduling.errors import InvalidInput, Problem
from plantrack.scheduling.model import Project, clean_text
from plantrack.scheduling.tracking.actions import ActionState

PRODID = "-//plantrack//plantrack export ics//EN"
#: Words of the event descriptions for the item kinds and action statuses (the stored codes stay codes)
_WORDS = {
    "milestone": N_("milestone"),
    "task": N_("task"),
    "action": N_("action"),
    "open": N_("open"),
    "in-progress": N_("in-progress"),
    "done": N_("done"),
    "cancelled": N_("cancelled"),
}


def _word(code: str) -> str:
    marked = _WORDS.get(code)
    return code if marked is None else _(marked)


def require_icalendar() -> None:
    """InvalidInput naming the extra to install when the icalendar package is missing."""
    if importlib.util.find_spec("icalendar") is None:
        raise InvalidInput(
            [
                Problem(
                    code="extra-missing",
                    message=_("iCalendar export needs the icalendar package: pip install 'plantrack[ics]'"),
                )
            ]
        )


@dataclass(frozen=True, slots=True)
class Entry:
    """One calendar item before it is written: what, when, for whom."""

    uid: str
    summary: str
    start: dt.datetime | dt.date
    end: dt.datetime | dt.date
    description: str
    category: str


def _text(value: str) -> str:
    # control characters would reach calendar apps (and terminals printing them); tabs read as spaces
    return clean_text(value).replace("\t", " ").strip()


def _matches(wanted: str | None, *names: str) -> bool:
    return wanted is None or any(n.casefold() == wanted for n in names if n)


def calendar_entries(
    project: Project, schedule: Schedule, actions: list[ActionState], *, owner: str | None = None
) -> list[Entry]:
    """Milestones (everyone's), then tasks that have an owner or resources, then open actions."""
    salt = hashlib.sha256(project.name.encode("utf-8")).hexdigest()[:12]
    wanted = owner.casefold().strip() if owner else None
    resources = project.resource_map()
    people: dict[str, list[str]] = {}
    for a in project.assignments:
        res = resources.get(a.resource)
        people.setdefault(a.task, []).extend([a.resource, res.name if res else ""])
    entries: list[Entry] = []
    for task in project.tasks:
        planned = schedule.task(task.id)
        names = [task.owner, *people.get(task.id, [])]
        who = ", ".join(dict.fromkeys(n for n in [task.owner, *people.get(task.id, [])[1::2]] if n))
        title = _text(task.name or task.id)
        if planned.milestone:
            day = planned.early_start_at.date()
            kind, start, end = "milestone", day, day + dt.timedelta(days=1)
        elif planned.summary or not any(names) or not _matches(wanted, *names):
            continue
        else:
            kind, start, end = "task", planned.early_start_at, planned.early_finish_at
        entries.append(
            Entry(
                uid=f"{kind}-{task.id}-{salt}@plantrack",
                summary=title if kind == "task" else f"\u25c6 {title}",
                start=start,
                end=end,
                description=_text(f"{project.name} · {_word(kind)} {task.id}" + (f" · {who}" if who else "")),
                category=kind,
            )
        )
    for state in actions:
        action = state.action
        if action.status.closed or not _matches(wanted, action.owner):
            continue
        day = action.due.date()
        about = _(" (task {task})").format(task=action.task) if action.task else ""
        entries.append(
            Entry(
                uid=f"action-{action.id}-{salt}@plantrack",
                summary=_text(_("Action {id}: {title}").format(id=action.id, title=action.title)),
                start=day,
                end=day + dt.timedelta(days=1),
                description=_text(
                    _("{project} · owner {owner}{about} · {status}").format(
                        project=project.name,
                        owner=action.owner,
                        about=about,
                        status=_word(action.status.value),
                    )
                ),
                category="action",
            )
        )
    return entries


def dumps_ics(
    project: Project,
    schedule: Schedule,
    actions: list[ActionState],
    *,
    stamp: dt.datetime,
    owner: str | None = None,
) -> tuple[bytes, int]:
    """The calendar file's bytes and its number of events; `stamp` (UTC) is when the export was made."""
    require_icalendar()
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", _text(project.name + (f" · {owner}" if owner else "")))
    entries = calendar_entries(project, schedule, actions, owner=owner)
    for entry in entries:
        event = icalendar.Event()
        event.add("uid", entry.uid)
        event.add("dtstamp", stamp.astimezone(dt.UTC))
        event.add("summary", entry.summary)
        event.add("dtstart", entry.start)
        event.add("dtend", entry.end)
        event.add("description", entry.description)
        # calendar applications show and filter by the category: in the reader's words, like the summary
        event.add("categories", [_word(entry.category)])
        event.add("transp", "TRANSPARENT")  # a plan date is not a meeting: never block free/busy time
        cal.add_component(event)
    return cal.to_ical(), len(entries)
