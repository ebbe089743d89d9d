"""Saving several workspaces as one: an edit that fails writes nothing; a damaged journal is named."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from builders import hours, plan, task
from plantrack.store import WorkspaceState, WorkspaceUnreadable, create_workspace, open_workspace
from plantrack.store.group_save import journal_path, recover, save_group


def _two(tmp_path: Path) -> list[Path]:
    paths = [tmp_path / "a.plantrack.json", tmp_path / "b.plantrack.json"]
    for path in paths:
        create_workspace(path, WorkspaceState(project=plan([task("T1", hours(8))], name=path.stem)))
    return paths


def test_every_workspace_is_saved_with_its_revision_bumped(tmp_path: Path) -> None:
    paths = _two(tmp_path)

    def rename(n: int, state: WorkspaceState) -> None:
        state.project = replace(state.project, name=f"renamed {n}")

    save_group(tmp_path / "g.plant.json", [open_workspace(p) for p in paths], rename)
    states = [open_workspace(p).read() for p in paths]
    assert [s.project.name for s in states] == ["renamed 0", "renamed 1"]
    assert [s.revision for s in states] == [1, 1]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.plantrack.json", "b.plantrack.json"]


def test_an_edit_that_fails_on_the_second_workspace_writes_nothing(tmp_path: Path) -> None:
    paths = _two(tmp_path)
    before = [p.read_bytes() for p in paths]

    def edit(n: int, state: WorkspaceState) -> None:
        if n == 1:
            raise ValueError("refused")
        state.project = replace(state.project, name="changed")

    with pytest.raises(ValueError):
        save_group(tmp_path / "g.plant.json", [open_workspace(p) for p in paths], edit)
    assert [p.read_bytes() for p in paths] == before


def test_a_damaged_journal_is_reported_naming_it(tmp_path: Path) -> None:
    paths = _two(tmp_path)
    anchor = tmp_path / "g.plant.json"
    journal_path(anchor).write_text("{not json", encoding="utf-8")
    with pytest.raises(WorkspaceUnreadable) as caught:
        recover(anchor, paths)
    assert journal_path(anchor).name in str(caught.value)
