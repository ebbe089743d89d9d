"""The plan's forms (task, link, assignment): their fields, and what was typed read back as an edit's input.

Each field is (name, label, placeholder); the edits they feed and their checks are `form_edits`.
"""

from __future__ import annotations

import dataclasses

from plantrack.i18n import N_
from plantrack.operations.form_edits import TaskFields

#: (field, label, placeholder) of the task form
TASK_FIELDS = (
    ("id", N_("Id"), N_("install (no spaces)")),
    ("name", N_("Name"), N_("Install station")),
    ("duration", N_("Duration"), N_("3d, 4h, 2w or elapsed 5ed (empty: from the estimate)")),
    ("optimistic", N_("Optimistic"), N_("three-point estimate: 2d (all three or none)")),
    ("likely", N_("Most likely"), N_("e.g. 3d")),
    ("pessimistic", N_("Pessimistic"), N_("e.g. 5d")),
    ("parent", N_("Phase"), N_("id of the phase it belongs to")),
    ("after", N_("Predecessors"), N_("a, b SS+2d, c FF-1h (type FS unless written)")),
    ("resources", N_("Resources"), N_("alice, press:0.5 (1 unit unless written)")),
    ("owner", N_("Owner"), N_("who is responsible")),
    ("calendar", N_("Calendar"), N_("its own calendar")),
    ("window", N_("Window"), N_("shutdown window it must fit in")),
    ("deadline", N_("Deadline"), N_("2027-05-20")),
    ("constraints", N_("Constraints"), N_("snet 2027-03-15, fnlt 2027-04-30, mso 2027-04-05T08:00")),
    ("cost", N_("Fixed cost"), N_("1200")),
    ("notes", N_("Notes"), N_("free text")),
)


def to_task_fields(typed: dict[str, str]) -> TaskFields:
    text = {f.name: typed.get(f.name, "") for f in dataclasses.fields(TaskFields) if f.name != "milestone"}
    return TaskFields(**{**text, "id": text["id"].strip()}, milestone=bool(typed.get("milestone")))


LINK_FIELDS = (
    ("predecessor", N_("From"), N_("predecessor task id")),
    ("successor", N_("To"), N_("successor task id")),
    ("type", N_("Type"), N_("FS, SS, FF or SF")),
    ("lag", N_("Lag"), N_("2d, or -1d for a lead")),
)

ASSIGN_FIELDS = (
    ("task", N_("Task"), N_("task id")),
    ("resource", N_("Resource"), N_("resource id")),
    ("units", N_("Units"), N_("1, 0.5, 2 (0 removes the assignment)")),
)
