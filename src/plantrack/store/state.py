"""The workspace state: what one workspace file holds, shared by loading (workspace) and saving."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from plantrack.scheduling.model import Project
from plantrack.store.scenarios import Scenarios


@dataclass
class WorkspaceState:
    """Everything one workspace file holds, as the store hands it out and takes it back."""

    project: Project
    schedule: dict[str, Any] | None = None
    sections: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    scenarios: Scenarios = field(default_factory=Scenarios)  # variants of the plan, see store/scenarios.py
    revision: int = 0  # set by the store: +1 per commit; changes made by callers are ignored
