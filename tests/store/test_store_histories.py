"""Typed tracking histories and the stored plan in the workspace file: round trips, damaged entries,
unknown sections kept as they are, unchanged histories not encoded again, the older plan layout."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from conftest import fingerprint, stored_demo_state
from plantrack.scheduling.errors import Failure
from plantrack.scheduling.tracking.meeting import MeetingRecord
from plantrack.scheduling.tracking.records import (
    Action,
    ActionStatus,
    ActionUpdate,
    Decision,
    GateDecision,
    ProgressRecord,
)
from plantrack.store import WorkspaceState, create_workspace, open_workspace
from plantrack.store import histories as histories_module
from plantrack.store.histories import TrackingDataError
from plantrack.store.plan import PlannedTask, StoredPlan
from plantrack.store.sealed import read_sealed
from plantrack.store.storage import parse_tables
from plantrack.store.tracking_codec import (
    actions,
    add_action,
    add_action_update,
    add_gate_decision,
    add_meeting_record,
    remove_action,
    replace_action,
)
from plantrack.store.workspace import decode_state

DAY = dt.datetime(2027, 3, 1, 8)


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    stored_demo_state(tmp_path)
    return tmp_path / "demo.plantrack.json"


def _with_every_kind(state: WorkspaceState) -> None:
    task = state.project.tasks[0].id
    add_gate_decision(state, GateDecision(task=task, decision=Decision.VALIDATED, by="M. Durand", date=DAY))
    add_action(state, Action(id="Z1", title="Torque check", owner="Léa", due=DAY, created=DAY))
    add_action_update(state, ActionUpdate(action="Z1", date=DAY, status=ActionStatus.DONE))
    add_meeting_record(state, MeetingRecord(status_date=DAY, attendees=("Léa", "Paul"), notes=("ok",)))


def test_every_history_round_trips_typed_through_the_file(demo: Path) -> None:
    plan = StoredPlan(
        start=DAY,
        finish=DAY + dt.timedelta(days=30),
        status_date=DAY,
        leveled=True,
        tasks=(PlannedTask(id="a", start=DAY, finish=DAY, delay_minutes=90, delayed_by="fitters"),),
    )
    with open_workspace(demo).update() as state:
        _with_every_kind(state)
        state.schedule = plan
        written = dataclasses.replace(state)
    back = open_workspace(demo).read()
    assert back.schedule == plan
    for name in ("baselines", "progress", "gates", "actions", "meetings"):
        assert getattr(back, name) == getattr(written, name), name
        assert getattr(back, name), name  # the demo and the edit above gave each one a record
    assert isinstance(back.progress[0], ProgressRecord) and isinstance(back.actions[-1], ActionUpdate)
    # the sealed fast path and the strict path decode the same state
    raw = demo.read_bytes()
    assert read_sealed(raw, 1, f"plantrack {_version()}") is not None
    parsed = parse_tables(demo, raw)
    strict = decode_state(demo, parsed.tables, back.revision)
    assert strict == back


def _version() -> str:
    from plantrack import __version__

    return __version__


def test_action_edits_replace_the_tuple_keep_the_order_and_the_updates(demo: Path) -> None:
    with open_workspace(demo).update() as state:
        _with_every_kind(state)
    with open_workspace(demo).update() as state:
        old = state.actions
        edited = Action(id="Z1", title="Torque check, both sides", owner="Léa", due=DAY, created=DAY)
        assert replace_action(state, edited)
        assert old is not state.actions  # a new tuple: a snapshot taken before still holds the old one
        assert state.actions.index(edited) == old.index(next(a for a in old if getattr(a, "id", "") == "Z1"))
    created, updates = actions(open_workspace(demo).read())
    assert created[-1].title == "Torque check, both sides" and updates[-1].action == "Z1"
    with open_workspace(demo).update() as state:
        assert remove_action(state, "Z1") and not remove_action(state, "Z1")
    created, updates = actions(open_workspace(demo).read())
    assert "Z1" not in {a.id for a in created} | {u.action for u in updates}


def _spoil(path: Path, table: str, number: str, change: dict[str, Any], drop: str = "") -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    entry = doc[table][number]
    entry.update(change)
    entry.pop(drop, None)
    path.write_text(json.dumps(doc, indent=1), encoding="utf-8")


@pytest.mark.parametrize(
    ("table", "number", "change", "drop", "index", "says"),
    [
        ("progress", "3", {"percent_complete": "half"}, "", 2, "percent_complete"),
        ("progress", "1", {}, "task", 0, "task"),
        ("baselines", "1", {"bac": None}, "", 0, "bac"),
        ("actions", "2", {"kind": "memo"}, "", 1, "'memo'"),
    ],
)
def test_a_damaged_history_entry_names_the_file_the_section_and_the_entry(
    demo: Path, table: str, number: str, change: dict[str, Any], drop: str, index: int, says: str
) -> None:
    _spoil(demo, table, number, change, drop)
    before = fingerprint(demo)
    for attempt in (lambda: open_workspace(demo).read(), lambda: open_workspace(demo).update().__enter__()):
        with pytest.raises(TrackingDataError) as caught:
            attempt()
        error = caught.value
        assert (error.section, error.index) == (table, index)
        message = str(error)
        assert str(demo) in message and f"section {table!r}, entry {index}" in message and says in message
        assert error.code() == "tracking-data-invalid" and error.failure is Failure.STORAGE
        assert error.problems()[0].location == str(demo)
    assert fingerprint(demo) == before


def test_the_cli_reports_a_damaged_history_without_a_traceback(
    demo: Path, cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _spoil(demo, "progress", "2", {"status_date": "next week"})
    before = fingerprint(demo)
    result = cli("schedule", "-w", str(demo))
    assert result.code != 0 and "Traceback" not in result.err
    assert "demo.plantrack.json" in result.err and "'progress', entry 1" in result.err
    assert "next week" in result.err
    assert fingerprint(demo) == before


def test_history_names_are_not_free_sections(demo: Path) -> None:
    before = fingerprint(demo)
    with pytest.raises(ValueError, match="reserved"), open_workspace(demo).update() as state:
        state.sections["progress"] = [{"task": "x"}]
    assert fingerprint(demo) == before


def test_a_section_of_a_newer_plantrack_is_kept_byte_for_byte(demo: Path) -> None:
    doc = json.loads(demo.read_text(encoding="utf-8"))
    doc["scenarios_x"] = {"1": {"name": "Plan B", "b": [1.5, None, {"z": "é"}], "a": 1}}
    demo.write_text(json.dumps(doc, indent=2, ensure_ascii=False), encoding="utf-8")
    with open_workspace(demo).update() as state:
        _with_every_kind(state)  # changes every history: the file is written in our layout
    kept = open_workspace(demo).read().sections["scenarios_x"]
    assert kept == [{"name": "Plan B", "b": [1.5, None, {"z": "é"}], "a": 1}]
    first = demo.read_bytes()
    span = first[first.index(b'"scenarios_x"') :]
    with open_workspace(demo).update() as state:
        state.project = dataclasses.replace(state.project, name="Line 3 (v2)")
    second = demo.read_bytes()
    assert span[: span.index(b"\n  }") + 4] in second


def test_unchanged_histories_are_not_encoded_again(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    encoded: list[str] = []
    real = histories_module.encode_history

    def spy(name: str, records: tuple[Any, ...]) -> list[dict[str, Any]]:
        encoded.append(name)
        return real(name, records)

    from plantrack.store import saving

    monkeypatch.setattr(saving, "encode_history", spy)
    with open_workspace(demo).update() as state:
        state.project = dataclasses.replace(state.project, name="Line 3 (v2)")
        add_gate_decision(
            state, GateDecision(task=state.project.tasks[0].id, decision=Decision.VALIDATED, by="P", date=DAY)
        )
    # the gates changed; the progress, baselines and actions are written back from the file's text
    assert set(encoded) == {"gates", "meetings"}  # meetings: empty, so there is no text to reuse
    back = open_workspace(demo).read()
    assert back.project.name == "Line 3 (v2)" and len(back.gates) == 1 and len(back.progress) == 6


def _legacy_document() -> dict[str, Any]:
    """The `schedule --json` document an earlier version stored as the current plan (leveled)."""
    row = {
        "id": "A",
        "name": "Dismantle",
        "start": "2027-01-04T08:00",
        "finish": "2027-01-05T17:00",
        "early_start": "2027-01-04T08:00",
        "early_finish": "2027-01-05T17:00",
        "late_start": "2027-01-04T08:00",
        "late_finish": "2027-01-05T17:00",
        "total_float_hours": 0.0,
        "free_float_hours": 0.0,
        "critical": True,
        "driving_predecessor": None,
        "leveling_delay_hours": 2.0,
        "leveling_delayed_by": "fitters",
        "leveling_start_delay_axis_minutes": 120,
        "leveling_start_delay_working_hours": 2.0,
    }
    return {
        "project": {"start": "2027-01-04T08:00", "finish": "2027-01-08T17:00", "duration_hours": 40.0},
        "tasks": [row, {**row, "id": "B", "start": "garbled"}],
        "critical_path": [["A"]],
        "status_date": "2027-01-05T12:00",
        "leveling": {"status": "optimal", "reason_text": "la solution est optimale"},
    }


def test_a_plan_stored_by_an_earlier_version_opens_as_a_typed_plan(demo: Path) -> None:
    doc = json.loads(demo.read_text(encoding="utf-8"))
    doc["schedule"] = {"1": _legacy_document()}
    demo.write_text(json.dumps(doc, indent=2), encoding="utf-8")
    plan = open_workspace(demo).read().schedule
    assert plan == StoredPlan(
        start=dt.datetime(2027, 1, 4, 8),
        finish=dt.datetime(2027, 1, 8, 17),
        status_date=dt.datetime(2027, 1, 5, 12),
        leveled=True,
        tasks=(
            PlannedTask(
                id="A",
                start=dt.datetime(2027, 1, 4, 8),
                finish=dt.datetime(2027, 1, 5, 17),
                delay_minutes=120,
                delayed_by="fitters",
            ),
        ),  # B's start does not read: no reference for it, as `--stable` did before
    )
    # an update changing nothing leaves the old layout as it is; one changing the plan writes the new one
    before = fingerprint(demo)
    with open_workspace(demo).update():
        pass
    assert fingerprint(demo) == before
    with open_workspace(demo).update() as state:
        state.schedule = dataclasses.replace(plan, leveled=False)
    stored = json.loads(demo.read_text(encoding="utf-8"))["schedule"]["1"]
    assert set(stored) == {"start", "finish", "status_date", "leveled", "tasks"}
    # what an earlier version reads back from it for `--stable`: each task's id and ISO start
    assert [(r["id"], dt.datetime.fromisoformat(r["start"])) for r in stored["tasks"]] == [
        ("A", dt.datetime(2027, 1, 4, 8))
    ]


def test_a_damaged_stored_plan_names_the_spot(demo: Path) -> None:
    from plantrack.store import WorkspaceUnreadable

    with open_workspace(demo).update() as state:
        state.schedule = StoredPlan(start=DAY, finish=DAY)
    doc = json.loads(demo.read_text(encoding="utf-8"))
    doc["schedule"]["1"]["finish"] = 17
    demo.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(WorkspaceUnreadable, match=r"schedule\.finish"):
        open_workspace(demo).read()


def test_a_created_workspace_writes_no_table_for_an_empty_history(tmp_path: Path) -> None:
    state = stored_demo_state(tmp_path)
    path = tmp_path / "copy.plantrack.json"
    create_workspace(path, WorkspaceState(project=state.project, progress=state.progress))
    tables = set(json.loads(path.read_text(encoding="utf-8")))
    assert "progress" in tables and not tables & {"baselines", "gates", "actions", "meetings"}
