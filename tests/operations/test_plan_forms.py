"""What the task form typed, read back as the fields of a task edit."""

from __future__ import annotations

import dataclasses

from plantrack.operations.form_edits import TaskFields
from plantrack.operations.plan_forms import TASK_FIELDS, to_task_fields


def test_every_task_field_is_on_the_form() -> None:
    names = {f.name for f in dataclasses.fields(TaskFields)} - {"milestone"}
    assert {name for name, _, _ in TASK_FIELDS} == names


def test_typed_text_is_read_back_with_the_id_trimmed_and_the_checkbox_as_a_flag() -> None:
    fields = to_task_fields({"id": "  install ", "name": "Install", "duration": "3d", "milestone": "1"})
    assert fields.id == "install"
    assert fields.name == "Install"
    assert fields.duration == "3d"
    assert fields.milestone is True
    assert to_task_fields({"id": "x"}).milestone is False
