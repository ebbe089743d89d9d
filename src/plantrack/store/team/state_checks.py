"""What the server refuses, found before connecting: a bad project id, NUL in a text, duplicates the
tables keep unique. Each refusal names the item, and nothing is written."""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Iterator
from typing import Any

from plantrack.i18n import N_, _
from plantrack.scheduling.tracking.records import Action, ActionUpdate
from plantrack.store.state import WorkspaceState
from plantrack.store.team.errors import BadProjectId, StateRefused, UnstorableText
from plantrack.store.team.rows import texts_with_nul

MAX_PROJECT_ID = 200

_LABELS = {
    "baselines": N_("baseline {id}"),
    "progress": N_("the progress of task {id}"),
    "gates": N_("the gate decision on {id}"),
    "actions": N_("action {id}"),
    "meetings": N_("the meeting of {id}"),
}


def check_project_id(address: str, key: str) -> None:
    """BadProjectId unless `key` can be a project's id (scenario plans use control characters)."""
    if not key or len(key) > MAX_PROJECT_ID or any(ord(c) < 32 or c == "\x7f" for c in key):
        raise BadProjectId(address, key)


def _texts(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, tuple):
        for item in value:
            yield from _texts(item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _texts(getattr(value, f.name))


def _ident(name: str, record: Any) -> str:
    if name == "baselines":
        return str(record.name)
    if name == "actions":
        return str(record.id if isinstance(record, Action) else record.action)
    if name == "meetings":
        return str(record.status_date.isoformat(sep=" "))
    return str(record.task)


def _with_nul(state: WorkspaceState) -> Iterator[str]:
    yield from texts_with_nul(state.project)
    for name in _LABELS:
        for record in getattr(state, name):
            if any("\x00" in text for text in _texts(record)):
                yield _(_LABELS[name]).format(id=repr(_ident(name, record)))
    for scenario in state.scenarios:
        texts = (scenario.name, scenario.note, scenario.created_by, *scenario.scores)
        if any("\x00" in text for text in texts):
            yield _("scenario {name}").format(name=repr(scenario.name))
        for item in texts_with_nul(scenario.project):
            yield _("scenario {name}: {item}").format(name=repr(scenario.name), item=item)
    for section in state.sections:
        if "\x00" in section:
            yield _("section {name}").format(name=repr(section))


def _duplicates(state: WorkspaceState) -> Iterator[str]:
    seen: set[str] = set()
    for baseline in state.baselines:
        if baseline.name in seen:
            yield _("two baselines are named {name}").format(name=repr(baseline.name))
        seen.add(baseline.name)
    actions: set[str] = set()
    for entry in state.actions:
        if isinstance(entry, Action):
            if entry.id in actions:
                yield _("two actions have the id {id}").format(id=repr(entry.id))
            actions.add(entry.id)
    for entry in state.actions:
        if isinstance(entry, ActionUpdate) and entry.action not in actions:
            yield _("an update of action {id}, which is not registered").format(id=repr(entry.action))
    plans = [("", state.schedule)] + [(s.name, s.schedule) for s in state.scenarios]
    for owner, plan in plans:
        ids = [t.id for t in plan.tasks] if plan is not None else []
        if len(set(ids)) != len(ids):
            where = _("scenario {name}").format(name=repr(owner)) if owner else _("the project")
            yield _("{where}: the stored schedule lists a task twice").format(where=where)
    for section, documents in state.sections.items():
        try:
            json.dumps(documents, allow_nan=False)
        except (TypeError, ValueError):
            yield _("section {name} holds a value JSON cannot write (not a number, or infinite)").format(
                name=repr(section)
            )
    for scenario in state.scenarios:
        if scenario.created_at.tzinfo is not None:
            # the column is the plant's wall-clock time, like every instant of plantrack
            yield _("scenario {name}: its creation time holds a time zone").format(name=repr(scenario.name))
        for criterion, score in scenario.scores.items():
            if not math.isfinite(score):
                yield _("scenario {name}: score {criterion} is not a number").format(
                    name=repr(scenario.name), criterion=repr(criterion)
                )


def check_storable(address: str, state: WorkspaceState) -> None:
    """UnstorableText or StateRefused naming the first item the server's tables cannot hold."""
    for item in _with_nul(state):
        raise UnstorableText(address, item)
    for detail in _duplicates(state):
        raise StateRefused(address, detail)
