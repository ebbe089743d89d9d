"""A stored plant of two projects sharing one electrician crew, for the plant leveling tests."""

from __future__ import annotations

from pathlib import Path

from builders import hours, plan, resource, task, use
from plantrack.scheduling.model import Plant, PlantProject
from plantrack.store import WorkspaceState, create_workspace
from plantrack.store.plant import write_plant


def stored_plant(folder: Path, *, press_priority: int = 1, line_priority: int = 3) -> Path:
    """`plant1.plant.json` with `press.plantrack.json` and `line.plantrack.json`; both use the plant's
    `elec` (one electrician) without defining it."""
    press = plan(
        [task("A1", hours(8)), task("A2", hours(8))],
        [("A1", "A2")],
        assignments=[use("A1", "elec"), use("A2", "elec")],
        name="Press 4 retrofit",
    )
    line = plan(
        [task("B1", hours(8)), task("B2", hours(4))],
        [("B1", "B2")],
        assignments=[use("B1", "elec"), use("B2", "elec")],
        name="Line 3",
    )
    create_workspace(folder / "press.plantrack.json", WorkspaceState(project=press))
    create_workspace(folder / "line.plantrack.json", WorkspaceState(project=line))
    plant = Plant(
        name="Plant 1",
        resources=(resource("elec", 1, name="Maintenance electricians"),),
        projects=(
            PlantProject(workspace="press.plantrack.json", priority=press_priority),
            PlantProject(workspace="line.plantrack.json", priority=line_priority),
        ),
    )
    path = folder / "plant1.plant.json"
    write_plant(path, plant)
    return path
