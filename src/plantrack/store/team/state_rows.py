"""A workspace state's histories, stored plan, kept sections and scenario headers as table rows (encode).

Histories keep their entry order in `seq`. The actions history holds actions and their updates in one
sequence: both tables share that numbering, so merging them by `seq` gives the entries back in order.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from plantrack.scheduling.tracking.meeting import MeetingRecord
from plantrack.scheduling.tracking.records import Action, ActionUpdate, Baseline, GateDecision, ProgressRecord
from plantrack.store.plan import StoredPlan
from plantrack.store.state import WorkspaceState
from plantrack.store.team.rows import Row, Table

#: What separates a project's id from a scenario's position in the id of the scenario's plan row;
#: a control character, which no project id holds (push refuses one), so the two never collide.
SCENARIO_SEPARATOR = "\x1f"

#: The state's tables beside the plan's, parents first (COPY order), with the columns written.
STATE_TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table("baselines", ("project", "name", "seq", "saved_at", "note", "project_start",
                            "project_finish", "bac"), ("seq",)),
        Table("baseline_tasks", ("project", "baseline", "position", "task", "name", "start_at", "finish_at",
                                 "duration_minutes", "work_minutes", "cost", "fixed_cost", "milestone",
                                 "summary", "critical"), ("baseline", "position")),
        Table("progress_records", ("project", "seq", "task", "status_date", "actual_start", "actual_finish",
                                   "percent_complete", "remaining_minutes", "hours", "cost", "cause",
                                   "note"), ("seq",)),
        Table("gate_decisions", ("project", "seq", "task", "decision", "decided_by", "decided_at", "note"),
              ("seq",)),
        Table("actions", ("project", "id", "seq", "title", "owner", "due", "created", "task", "nature",
                          "ease", "impact", "status", "pdca"), ("seq",)),
        Table("action_updates", ("project", "seq", "action", "updated_at", "status", "pdca", "note"),
              ("seq",)),
        Table("meetings", ("project", "seq", "status_date", "next_meeting"), ("seq",)),
        Table("meeting_items", ("project", "meeting", "kind", "position", "text"),
              ("meeting", "kind", "position")),
        Table("schedules", ("project", "revision", "start_at", "finish_at", "status_date", "leveled"),
              ("project",)),
        Table("schedule_tasks", ("project", "position", "task", "start_at", "finish_at",
                                 "leveling_delay_minutes", "delayed_by"), ("position",)),
        Table("sections", ("project", "name", "position", "document"), ("name", "position")),
        Table("scenarios", ("project", "position", "name", "note", "created_by", "created_at", "plan"),
              ("position",)),
        Table("scenario_scores", ("project", "scenario", "criterion", "score"), ("scenario", "criterion")),
    )
}  # fmt: skip

#: The tables that hold a stored plan (a project's, or a scenario's under its plan row's id).
SCHEDULE_TABLES = ("schedules", "schedule_tasks")
#: A meeting's lists, by the `kind` their rows carry.
MEETING_LISTS = {"attendee": "attendees", "agenda": "agenda", "note": "notes"}


def scenario_key(key: str, position: int) -> str:
    """The id of the plan row of scenario number `position` of project `key`."""
    return f"{key}{SCENARIO_SEPARATOR}{position}"


def _value(enum: Any) -> str | None:
    return None if enum is None else str(enum)


def schedule_rows(key: str, plan: StoredPlan | None, revision: int) -> dict[str, list[Row]]:
    """The stored plan's rows (none when the plan was never scheduled)."""
    if plan is None:
        return {"schedules": [], "schedule_tasks": []}
    return {
        "schedules": [(key, revision, plan.start, plan.finish, plan.status_date, plan.leveled)],
        "schedule_tasks": [
            (key, i, t.id, t.start, t.finish, t.delay_minutes, t.delayed_by) for i, t in enumerate(plan.tasks)
        ],
    }


def action_rows(key: str, seq: int, entry: object) -> dict[str, list[Row]]:
    """The row of entry `seq` of the actions history: an action, or an update of one."""
    if isinstance(entry, Action):
        a = entry
        return {"actions": [(key, a.id, seq, a.title, a.owner, a.due, a.created, a.task, a.nature,
                             _value(a.ease), _value(a.impact), str(a.status), str(a.pdca))]}  # fmt: skip
    if isinstance(entry, ActionUpdate):
        u = entry
        return {"action_updates": [(key, seq, u.action, u.date, _value(u.status), _value(u.pdca), u.note)]}
    raise TypeError(f"the actions history holds Action or ActionUpdate, not {type(entry).__name__}")


def baseline_rows(key: str, seq: int, b: Baseline) -> dict[str, list[Row]]:
    """A baseline's row and its tasks' rows."""
    return {
        "baselines": [(key, b.name, seq, b.saved_at, b.note, b.project_start, b.project_finish, b.bac)],
        "baseline_tasks": [
            (key, b.name, i, t.id, t.name, t.start, t.finish, t.duration_minutes, t.work_minutes, t.cost,
             t.fixed_cost, t.milestone, t.summary, t.critical)
            for i, t in enumerate(b.tasks)
        ],
    }  # fmt: skip


def progress_rows(key: str, seq: int, p: ProgressRecord) -> dict[str, list[Row]]:
    return {
        "progress_records": [
            (key, seq, p.task, p.status_date, p.actual_start, p.actual_finish, p.percent_complete,
             p.remaining_minutes, p.hours, p.cost, _value(p.cause), p.note)
        ]
    }  # fmt: skip


def gate_rows(key: str, seq: int, g: GateDecision) -> dict[str, list[Row]]:
    return {"gate_decisions": [(key, seq, g.task, str(g.decision), g.by, g.date, g.note)]}


def meeting_rows(key: str, seq: int, m: MeetingRecord) -> dict[str, list[Row]]:
    """A meeting's row and the rows of its lists (attendees, agenda, notes)."""
    items: list[Row] = []
    for kind, attribute in MEETING_LISTS.items():
        items += [(key, seq, kind, i, text) for i, text in enumerate(getattr(m, attribute))]
    return {"meetings": [(key, seq, m.status_date, m.next_meeting)], "meeting_items": items}


#: Each typed history of the state and how one of its entries becomes rows (entry `seq` of it).
HISTORY_ROWS: dict[str, Callable[[str, int, Any], dict[str, list[Row]]]] = {
    "baselines": baseline_rows,
    "progress": progress_rows,
    "gates": gate_rows,
    "actions": action_rows,
    "meetings": meeting_rows,
}


def section_rows(key: str, sections: dict[str, list[dict[str, Any]]]) -> list[Row]:
    """The kept sections' documents, one row each."""
    # json.dumps escapes control characters (NUL too): the `json` column keeps them as written
    return [
        (key, name, i, json.dumps(doc, ensure_ascii=False, allow_nan=False))
        for name, documents in sections.items()
        for i, doc in enumerate(documents)
    ]


def history_rows(key: str, state: WorkspaceState) -> dict[str, list[Row]]:
    """The rows of the state's histories and kept sections (scenarios and stored plan apart)."""
    out: dict[str, list[Row]] = {name: [] for name in STATE_TABLES}
    for history, rows_of in HISTORY_ROWS.items():
        for seq, entry in enumerate(getattr(state, history)):
            for table, rows in rows_of(key, seq, entry).items():
                out[table] += rows
    out["sections"] = section_rows(key, state.sections)
    return out


def scenario_rows(key: str, state: WorkspaceState) -> dict[str, list[Row]]:
    """The scenarios' headers and scores (their plans are written as plans of their own rows)."""
    heads: list[Row] = []
    scores: list[Row] = []
    for i, s in enumerate(state.scenarios):
        heads.append((key, i, s.name, s.note, s.created_by, s.created_at, scenario_key(key, i)))
        scores += [(key, i, criterion, score) for criterion, score in sorted(s.scores.items())]
    return {"scenarios": heads, "scenario_scores": scores}
