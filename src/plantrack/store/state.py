"""The workspace state: what one workspace file holds, shared by loading (workspace) and saving."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from plantrack.scheduling.model import Project
from plantrack.scheduling.tracking.meeting import MeetingRecord
from plantrack.scheduling.tracking.records import Action, ActionUpdate, Baseline, GateDecision, ProgressRecord
from plantrack.store.plan import StoredPlan
from plantrack.store.scenarios import Scenarios

#: An entry of the actions history: an action as registered, or a later update of one.
ActionEntry = Action | ActionUpdate


@dataclass
class WorkspaceState:
    """Everything one workspace file holds, as the store hands it out and takes it back."""

    project: Project
    schedule: StoredPlan | None = None  # the current plan, as the last `schedule` computed it
    #: sections this version does not know (added by a newer plantrack): kept as they are
    sections: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    scenarios: Scenarios = field(default_factory=Scenarios)  # variants of the plan, see store/scenarios.py
    revision: int = 0  # set by the store: +1 per commit; changes made by callers are ignored
    # the tracking histories, append-only, decoded once when the file is read (store/histories.py);
    # tuples: an edit replaces the tuple, so a snapshot (undo) keeps the old one without copying it
    baselines: tuple[Baseline, ...] = ()
    progress: tuple[ProgressRecord, ...] = ()
    gates: tuple[GateDecision, ...] = ()
    actions: tuple[ActionEntry, ...] = ()
    meetings: tuple[MeetingRecord, ...] = ()


#: The typed histories: each is a table of the same name in the file and a field of WorkspaceState.
HISTORIES = ("baselines", "progress", "gates", "actions", "meetings")
