"""A plant stored like a workspace: round trip, one plant per project, nothing written on refusal."""

from __future__ import annotations

from pathlib import Path

import pytest

from plantrack.scheduling.errors import InvalidInput
from plantrack.scheduling.model import Plant, PlantProject, Resource
from plantrack.store.errors import WorkspaceUnreadable
from plantrack.store.plant import plant_path, read_plant, write_plant


def _plant(name: str, *workspaces: str) -> Plant:
    return Plant(
        name=name,
        resources=(Resource(id="elec", capacity=2),),
        projects=tuple(PlantProject(workspace=w, priority=i + 1) for i, w in enumerate(workspaces)),
    )


def test_a_plant_round_trips(tmp_path: Path) -> None:
    path = plant_path(tmp_path, "plant1")
    plant = _plant("Plant 1", "a.plantrack.json", "b.plantrack.json")
    write_plant(path, plant)
    assert read_plant(path) == plant
    assert path.name == "plant1.plant.json"
    assert not list(tmp_path.glob("*.tmp")) and not list(tmp_path.glob("*.lock"))


def test_two_plants_cannot_claim_one_project(tmp_path: Path) -> None:
    write_plant(plant_path(tmp_path, "one"), _plant("One", "a.plantrack.json"))
    second = plant_path(tmp_path, "two")
    with pytest.raises(InvalidInput) as caught:
        write_plant(second, _plant("Two", "b.plantrack.json", "./a.plantrack.json"))
    [problem] = caught.value.problems()
    assert problem.code == "plant-claimed" and "One" in problem.message
    assert not second.exists()


def test_a_damaged_or_missing_plant_is_unreadable(tmp_path: Path) -> None:
    path = plant_path(tmp_path, "p")
    with pytest.raises(WorkspaceUnreadable):
        read_plant(path)
    path.write_text('{"tasks": []}', encoding="utf-8")
    with pytest.raises(WorkspaceUnreadable):
        read_plant(path)


def test_a_removed_project_is_named_and_the_others_kept(tmp_path: Path) -> None:
    from plantrack.store.plant import member_paths

    (tmp_path / "a.plantrack.json").write_text("{}", encoding="utf-8")
    path = plant_path(tmp_path, "p")
    plant = _plant("P", "a.plantrack.json", "gone.plantrack.json")
    present, problems = member_paths(path, plant)
    assert present == [(tmp_path / "a.plantrack.json", 1)]
    assert [(p.code, p.ids) for p in problems] == [("plant-project-missing", ("gone.plantrack.json",))]
