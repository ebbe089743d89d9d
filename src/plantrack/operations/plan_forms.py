"""The plan's forms (task, link, assignment): their fields, and what was typed read back as an edit's input.

Each field is (name, label, placeholder); the edits they feed and their checks are `form_edits`.
"""

from __future__ import annotations

import dataclasses

from plantrack.operations.form_edits import TaskFields

#: (field, label, placeholder) of the task form
TASK_FIELDS = (
    ("id", "Id", "install (no spaces)"),
    ("name", "Name", "Install station"),
    ("duration", "Duration", "3d, 4h, 2w or elapsed 5ed (empty: from the estimate)"),
    ("optimistic", "Optimistic", "three-point estimate: 2d (all three or none)"),
    ("likely", "Most likely", "e.g. 3d"),
    ("pessimistic", "Pessimistic", "e.g. 5d"),
    ("parent", "Phase", "id of the phase it belongs to"),
    ("after", "Predecessors", "a, b SS+2d, c FF-1h (type FS unless written)"),
    ("resources", "Resources", "alice, press:0.5 (1 unit unless written)"),
    ("owner", "Owner", "who is responsible"),
    ("calendar", "Calendar", "its own calendar"),
    ("window", "Window", "shutdown window it must fit in"),
    ("deadline", "Deadline", "2027-05-20"),
    ("constraints", "Constraints", "snet 2027-03-15, fnlt 2027-04-30, mso 2027-04-05T08:00"),
    ("cost", "Fixed cost", "1200"),
    ("notes", "Notes", "free text"),
)


def to_task_fields(typed: dict[str, str]) -> TaskFields:
    text = {f.name: typed.get(f.name, "") for f in dataclasses.fields(TaskFields) if f.name != "milestone"}
    return TaskFields(**{**text, "id": text["id"].strip()}, milestone=bool(typed.get("milestone")))


LINK_FIELDS = (
    ("predecessor", "From", "predecessor task id"),
    ("successor", "To", "successor task id"),
    ("type", "Type", "FS, SS, FF or SF"),
    ("lag", "Lag", "2d, or -1d for a lead"),
)

ASSIGN_FIELDS = (
    ("task", "Task", "task id"),
    ("resource", "Resource", "resource id"),
    ("units", "Units", "1, 0.5, 2 (0 removes the assignment)"),
)
