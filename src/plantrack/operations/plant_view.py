"""The plant as a live view reads it: its portfolio, the member files behind it, and what went missing.

A view keeps the plant open while others edit it: each read names the projects whose file is gone
and those taken out of the plant since the previous read, so the view says so instead of failing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from plantrack.i18n import _
from plantrack.operations.plant import open_plant
from plantrack.operations.plant_report import Portfolio, portfolio
from plantrack.scheduling.errors import Problem
from plantrack.scheduling.model import PlantProject


@dataclass(frozen=True, slots=True)
class PlantView:
    """A plant's portfolio with each member's file (by workspace as the plant lists it)."""

    path: Path
    portfolio: Portfolio
    files: dict[str, Path]
    problems: tuple[Problem, ...]  # members gone, not resolving, or removed since the previous read


def read_plant_view(
    path: Path, *, today: dt.date, before: Sequence[str] = (), names: dict[str, str] | None = None
) -> PlantView:
    """The plant at `path` now; `before`: the workspaces the previous read showed (named by `names`),
    so a project taken out of the plant since is named. A member that no longer resolves against the
    plant is left out of the figures, named in the portfolio and its problems; InvalidInput as
    `open_plant` raises it for the plant itself."""
    opened = open_plant(path, keep_unresolved=True)
    members = [
        (PlantProject(workspace=m.workspace, priority=m.priority), replace(m.state, project=m.project))
        for m in opened.members
    ]
    result = portfolio(opened.plant, members, today=today, unresolved=opened.unresolved)
    listed = {p.workspace for p in opened.plant.projects}
    removed = [
        Problem(
            code="plant-project-removed",
            message=_("project {name} ({workspace}) is no longer in plant {plant}").format(
                name=(names or {}).get(w, w), workspace=w, plant=opened.plant.name
            ),
            ids=(w,),
        )
        for w in before
        if w not in listed
    ]
    # the files of the members left out too: a fix to one of them is a change to re-read
    files = {m.workspace: m.path for m in opened.members if m.path is not None} | {
        u.workspace: u.path for u in opened.unresolved if u.path is not None
    }
    broken = [p for u in opened.unresolved for p in u.problems]
    return PlantView(path, result, files, (*opened.missing, *broken, *removed))


def signature(view: PlantView) -> tuple[tuple[str, float], ...]:
    """When the plant file and its members were last written (-1 for a file gone): a change means re-read."""
    stamps = []
    for file in (view.path, *view.files.values()):
        try:
            stamps.append((str(file), file.stat().st_mtime))
        except OSError:
            stamps.append((str(file), -1.0))
    return tuple(stamps)
