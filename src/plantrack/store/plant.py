"""A plant stored like a workspace: `NAME.plant.json`, written atomically under the workspace lock.

The file holds the plant's shared part and its member workspaces (paths relative to the plant file)
with their priorities. A project belongs to one plant at most: adding one another plant of the same
folder already lists is refused, naming both plants.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from plantrack.i18n import _
from plantrack.scheduling.errors import InvalidInput, Problem
from plantrack.scheduling.model import Plant
from plantrack.store.codec import CodecError, decode, encode
from plantrack.store.errors import WorkspaceUnreadable
from plantrack.store.lock import workspace_lock
from plantrack.store.storage import atomic_write, parse, read_bytes

PLANT_SUFFIX = ".plant.json"
SCHEMA_VERSION = 1


def plant_path(folder: Path, name: str) -> Path:
    return folder / f"{name}{PLANT_SUFFIX}"


def read_plant(path: Path) -> Plant:
    """The plant stored at `path` (WorkspaceUnreadable when it is missing or damaged)."""
    document = parse(path, read_bytes(path))
    if not isinstance(document, dict) or "plant" not in document:
        raise WorkspaceUnreadable(path, _("it is not a plant file"))
    try:
        plant: Plant = decode(Plant, document["plant"], "plant")
    except (CodecError, ValueError) as exc:
        raise WorkspaceUnreadable(path, str(exc)) from None
    return plant


def _payload(plant: Plant) -> bytes:
    document: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "plant": encode(Plant, plant)}
    return (json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def claims(path: Path, plant: Plant) -> list[Problem]:
    """Each project of `plant` that another plant file of the same folder already lists."""
    folder = path.parent
    mine = {(folder / p.workspace).resolve(): p.workspace for p in plant.projects}
    problems = []
    for other in sorted(folder.glob(f"*{PLANT_SUFFIX}")):
        if other.resolve() == path.resolve():
            continue
        try:
            listed = read_plant(other)
        except WorkspaceUnreadable:
            continue  # a damaged neighbour is reported when it is opened, not here
        for project in listed.projects:
            workspace = mine.get((folder / project.workspace).resolve())
            if workspace is not None:
                message = _("project {workspace} already belongs to plant {other} ({file})").format(
                    workspace=workspace, other=listed.name, file=other.name
                )
                problems.append(Problem(code="plant-claimed", message=message, ids=(workspace,)))
    return problems


def write_plant(path: Path, plant: Plant, *, timeout: float = 10.0) -> None:
    """Store `plant` at `path` atomically under its lock; nothing is written when a project is claimed."""
    with workspace_lock(path, timeout=timeout):
        problems = claims(path, plant)
        if problems:
            raise InvalidInput(problems)
        atomic_write(path, _payload(plant))


def member_paths(path: Path, plant: Plant) -> tuple[list[tuple[Path, int]], list[Problem]]:
    """Each member workspace's path and priority, and a problem for each one no longer there.

    A project removed after the plant was stored (or while a view had it open) is named, not fatal:
    the callers decide whether the rest of the plant is still worth showing.
    """
    present: list[tuple[Path, int]] = []
    problems = []
    for project in plant.projects:
        member = path.parent / project.workspace
        if member.is_file():
            present.append((member, project.priority))
        else:
            message = _("project {workspace} of plant {plant} is gone: {file} does not exist").format(
                workspace=project.workspace, plant=plant.name, file=member.name
            )
            problems.append(Problem(code="plant-project-missing", message=message, ids=(project.workspace,)))
    return present, problems
