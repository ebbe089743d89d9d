"""The TUI session on a plant member: the plant's crew and stops as its own, stored without them."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from plantrack.operations.session import Session
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.errors import InvalidInput
from plantrack.scheduling.model import Assignment, Plant, PlantProject, Project, Resource, Task, Window
from plantrack.scheduling.model import Period as Span
from plantrack.store import WorkspaceState, create_workspace, open_workspace
from plantrack.store.plant import plant_path, write_plant

TODAY = dt.date(2027, 3, 15)


@pytest.fixture
def member(tmp_path: Path) -> Path:
    path = tmp_path / "vision.plantrack.json"
    project = Project(
        name="Vision",
        start=dt.datetime(2027, 3, 15, 8),
        tasks=(Task(id="mount", name="Mount", duration=Duration(minutes=480), window="stop-1"),),
        assignments=(Assignment(task="mount", resource="elec"),),
    )
    create_workspace(path, WorkspaceState(project=project))
    stop = Span(start=dt.datetime(2027, 3, 19, 20), end=dt.datetime(2027, 3, 22, 6))
    plant = Plant(
        name="Plant 1",
        resources=(Resource(id="elec", capacity=2),),
        windows=(Window(id="stop-1", periods=(stop,)),),
        projects=(PlantProject(workspace=path.name),),
    )
    write_plant(plant_path(tmp_path, "plant1"), plant)
    return path


def test_a_member_is_edited_with_the_plant_items_and_stored_without_them(member: Path) -> None:
    session = Session(member, today=TODAY)
    assert [r.id for r in session.state.project.resources] == ["elec"]

    def rename(state: WorkspaceState) -> None:
        [task] = state.project.tasks
        state.project = dataclasses.replace(
            state.project, tasks=(dataclasses.replace(task, name="Mount it"),)
        )

    session.apply("rename", rename)
    stored = open_workspace(member).read().project
    assert stored.tasks[0].name == "Mount it" and stored.resources == () and stored.windows == ()
    assert [r.id for r in session.state.project.resources] == ["elec"]  # the screen keeps the plant's view
    assert session.undo() == "rename"
    assert open_workspace(member).read().project.tasks[0].name == "Mount"

    def more_electricians(state: WorkspaceState) -> None:
        elec = dataclasses.replace(state.project.resources[0], capacity=3)
        state.project = dataclasses.replace(state.project, resources=(elec,))

    revision = open_workspace(member).read().revision
    with pytest.raises(InvalidInput) as caught:
        session.apply("capacity", more_electricians)
    assert [p.code for p in caught.value.problems()] == ["plant-item-changed"]
    assert open_workspace(member).read().revision == revision
