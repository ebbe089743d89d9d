"""The plant as a live view reads it: its portfolio, the members behind it, and what went missing.

A view keeps the plant open while others edit it: each read names the projects whose file is gone
and those taken out of the plant since the previous read, so the view says so instead of failing.
The plant is a file or on the team server (store/plant_store.py): the view never learns which.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from plantrack.i18n import _
from plantrack.operations.plant import PROGRAM, PlantAt, open_plant
from plantrack.operations.plant_report import Portfolio, portfolio
from plantrack.scheduling.errors import Problem
from plantrack.scheduling.model import PlantProject
from plantrack.store.plant_changes import PlantChanges as PlantChanges  # what a view of a plant holds
from plantrack.store.plant_member import PlantMemberWorkspace
from plantrack.store.plant_store import PlantStore, plant_store

#: The code of the problem naming a project taken out of the plant since the previous read.
REMOVED = "plant-project-removed"


@dataclass(frozen=True, slots=True)
class PlantView:
    """A plant's portfolio, the store it was read from, and each member it lists."""

    store: PlantStore
    portfolio: Portfolio
    listed: tuple[str, ...]  # every workspace the plant lists, as it lists them
    problems: tuple[Problem, ...]  # members gone, not resolving, or removed since the previous read


def read_plant_view(
    where: PlantAt, *, today: dt.date, before: Sequence[str] = (), names: dict[str, str] | None = None
) -> PlantView:
    """The plant at `where` now; `before`: the workspaces the previous read showed (named by `names`),
    so a project taken out of the plant since is named. A member that no longer resolves against the
    plant is left out of the figures, named in the portfolio and its problems; InvalidInput as
    `open_plant` raises it for the plant itself."""
    store = plant_store(where, program=PROGRAM)
    opened = open_plant(store, keep_unresolved=True)
    members = [
        (PlantProject(workspace=m.workspace, priority=m.priority), replace(m.state, project=m.project))
        for m in opened.members
    ]
    result = portfolio(opened.plant, members, today=today, unresolved=opened.unresolved)
    listed = {p.workspace for p in opened.plant.projects}
    removed = [
        Problem(
            code=REMOVED,
            message=_("project {name} ({workspace}) is no longer in plant {plant}").format(
                name=(names or {}).get(w, w), workspace=w, plant=opened.plant.name
            ),
            ids=(w,),
        )
        for w in before
        if w not in listed
    ]
    broken = [p for u in opened.unresolved for p in u.problems]
    # every member listed, the ones left out too: a fix to one of them is a change to re-read
    every = tuple(p.workspace for p in opened.plant.projects)
    return PlantView(store, result, every, (*opened.missing, *broken, *removed))


def watch_plant(where: PlantAt) -> PlantChanges:
    """What tells a long-lived view that the plant at `where` or a member was written: its files'
    modification times, or the server's change notices received by a worker thread (no query on the
    view's thread). Closed by the view when it ends."""
    return plant_store(where, program=PROGRAM).watch()


@dataclass(frozen=True, slots=True)
class MemberOpened:
    """A member of the plant opened for editing: its workspace as the plant sees it, and where its
    files (exports) go: beside its file, or in `here` named after the project on a server."""

    workspace: Any
    path: Path


def open_member(where: PlantAt, listed: str, *, here: Path = Path()) -> MemberOpened | None:
    """The member the plant at `where` lists as `listed`, its project resolved against the plant's
    shared part; None when it is no longer listed, gone, or does not resolve (a re-read of the view
    names why)."""
    from plantrack.scheduling.errors import PlantrackError

    store = plant_store(where, program=PROGRAM)
    try:
        plant = store.read()
        if listed not in {p.workspace for p in plant.projects}:
            return None
        shared = PlantMemberWorkspace(store.open_member(listed), plant)
        shared.read()  # gone, refused or no longer resolving: said by the portfolio, not a crash
    except PlantrackError:
        return None
    file = store.member_file(listed)
    return MemberOpened(shared, file if file is not None else here / (Path(listed).name or "plantrack"))
