"""The stored plan holds no words: running `schedule` in French, then in English, does not rewrite it."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Result, fingerprint, stored_demo_state
from plantrack.store import open_workspace

LEVEL = ("--level", "--workers", "1", "--seed", "3", "--time-limit", "3")


@pytest.mark.parametrize("options", [(), LEVEL, (*LEVEL, "--stable")], ids=["plain", "level", "stable"])
def test_schedule_in_french_then_english_leaves_the_workspace_as_it_was(
    cli: Callable[..., Result], tmp_path: Path, options: tuple[str, ...]
) -> None:
    stored_demo_state(tmp_path)
    path = tmp_path / "demo.plantrack.json"
    first = cli("schedule", "--lang", "fr", "-w", str(path), *options)
    assert first.code == 0, first.err
    before, revision = fingerprint(path), open_workspace(path).read().revision
    second = cli("schedule", "--lang", "en", "-w", str(path), *options)
    assert second.code == 0, second.err
    assert first.out != second.out  # each run spoke its own language
    assert fingerprint(path) == before
    assert open_workspace(path).read().revision == revision
    # and the stored plan has no words in it: ids, dates, numbers and flags only
    stored = json.loads(path.read_text(encoding="utf-8"))["schedule"]["1"]
    assert set(stored) == {"start", "finish", "status_date", "leveled", "tasks"}
    assert stored["leveled"] is bool(options)
    assert all(
        set(row) == {"id", "start", "finish", "delay_minutes", "delayed_by"} for row in stored["tasks"]
    )


def test_the_json_document_is_the_same_in_both_languages(cli: Callable[..., Result], tmp_path: Path) -> None:
    stored_demo_state(tmp_path)
    path = str(tmp_path / "demo.plantrack.json")
    french = json.loads(cli("schedule", "--lang", "fr", "--json", "-w", path).out)
    english = json.loads(cli("schedule", "--lang", "en", "--json", "-w", path).out)
    assert french == english


def test_the_stored_leveling_figures_are_the_printed_ones(cli: Callable[..., Result], tmp_path: Path) -> None:
    stored_demo_state(tmp_path)
    path = tmp_path / "demo.plantrack.json"
    doc = json.loads(cli("schedule", "--json", "-w", str(path), *LEVEL).out)
    plan = open_workspace(path).read().schedule
    assert plan is not None and plan.leveled
    assert plan.status_date == dt.datetime.fromisoformat(doc["status_date"])
    stored = {t.id: t for t in plan.tasks}
    rows = [row for row in doc["tasks"] if "leveling_start_delay_axis_minutes" in row]
    assert any(row["leveling_start_delay_axis_minutes"] > 0 for row in rows)  # the demo needs leveling
    for row in rows:
        task = stored[row["id"]]
        assert task.delay_minutes == row["leveling_start_delay_axis_minutes"], row["id"]
        if row["leveling_delayed_by"] is not None:
            assert task.delayed_by == row["leveling_delayed_by"], row["id"]
        assert (task.start, task.finish) == (
            dt.datetime.fromisoformat(row["start"]),
            dt.datetime.fromisoformat(row["finish"]),
        )
