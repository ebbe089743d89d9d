"""What an import from another tool yields: the plan, its baselines and progress, and what was not mapped."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from plantrack.i18n import Nn_, ngettext
from plantrack.scheduling.errors import InvalidInput, Problem, Severity
from plantrack.scheduling.model import MAX_NAME_LENGTH, MAX_NOTES_LENGTH, Project, clean_text
from plantrack.scheduling.tracking.records import Baseline, BaselineTask, ProgressRecord

if TYPE_CHECKING:
    from plantrack.store import WorkspaceState

#: The count of names cut, by what they name.
_NAME_CUT = {
    "task": Nn_("{n} task name cut to {limit} characters", "{n} task names cut to {limit} characters"),
    "resource": Nn_(
        "{n} resource name cut to {limit} characters", "{n} resource names cut to {limit} characters"
    ),
    "project": Nn_(
        "{n} project name cut to {limit} characters", "{n} project names cut to {limit} characters"
    ),
}


@dataclass
class Report:
    """Collects warnings (counted by kind, so 900 alike read as one line) and errors for one file."""

    source: str
    problems: list[Problem] = field(default_factory=list)
    counts: Counter[tuple[str, str | tuple[str, str], tuple[tuple[str, Any], ...]]] = field(
        default_factory=Counter
    )

    def warn(self, code: str, message: str, ids: tuple[str, ...] = ()) -> None:
        self.problems.append(
            Problem(code=code, message=message, ids=ids, severity=Severity.WARNING, location=self.source)
        )

    def count(self, code: str, template: str | tuple[str, str], **values: Any) -> None:
        """One more item of a kind; `template` has `{n}` for the final count, e.g. '{n} notes cut'.

        A pair marked with `Nn_` (singular, plural) is translated and chosen for the final count, and
        formatted with `n` and `values`; a plain string is the older English form with `{s}`/`{ies}`.
        """
        self.counts[(code, template, tuple(sorted(values.items())))] += 1

    def error(self, code: str, message: str, ids: tuple[str, ...] = ()) -> None:
        self.problems.append(Problem(code=code, message=message, ids=ids, location=self.source))

    def finish(self) -> list[Problem]:
        """The warnings, counted ones included; InvalidInput when there is any error."""
        for (code, template, values), n in sorted(self.counts.items(), key=lambda item: repr(item[0])):
            if isinstance(template, tuple):
                self.warn(code, ngettext(*template, n).format(n=n, **dict(values)))
            else:
                self.warn(code, template.format(n=n, s="" if n == 1 else "s", ies="y" if n == 1 else "ies"))
        self.counts.clear()
        if any(p.severity is Severity.ERROR for p in self.problems):
            raise InvalidInput(self.problems)
        return list(self.problems)

    def name(self, raw: str | None, what: str, ident: str) -> str:
        """A display name made safe: control characters removed, cut to the model's limit (counted)."""
        value = clean_text(raw or "").strip()
        if raw and value != raw.strip():
            self.count(
                "name-sanitised",
                Nn_("control characters removed from {n} name", "control characters removed from {n} names"),
            )
        if len(value) > MAX_NAME_LENGTH:
            self.count("name-cut", _NAME_CUT.get(what, _NAME_CUT["task"]), limit=MAX_NAME_LENGTH)
            value = value[:MAX_NAME_LENGTH]
        return value

    def notes(self, raw: str | None) -> str:
        value = clean_text(raw or "")
        if len(value) > MAX_NOTES_LENGTH:
            self.count(
                "notes-cut",
                Nn_("{n} note cut to {limit} characters", "{n} notes cut to {limit} characters"),
                limit=MAX_NOTES_LENGTH,
            )
            value = value[:MAX_NOTES_LENGTH]
        return value


@dataclass
class ImportedPlan:
    """A plan read from another tool, with the tracking data the file carried."""

    project: Project
    warnings: list[Problem]
    baselines: list[Baseline] = field(default_factory=list)
    progress: list[ProgressRecord] = field(default_factory=list)


_ID_CHARS = re.compile(r"[^\w.-]+")


def safe_id(raw: str, fallback: str) -> str:
    """An id usable by plantrack (no spaces or control characters), else `fallback`."""
    value = _ID_CHARS.sub("-", clean_text(raw)).strip("-")[:60]
    return value or fallback


def make_baseline(
    name: str, saved_at: dt.datetime, tasks: list[BaselineTask], note: str = ""
) -> Baseline | None:
    """A baseline from per-task entries: project span and budget (BAC) from its non-summary tasks."""
    if not tasks:
        return None
    leaves = [t for t in tasks if not t.summary]
    return Baseline(
        name=name,
        saved_at=saved_at,
        note=note,
        project_start=min(t.start for t in tasks),
        project_finish=max(t.finish for t in tasks),
        bac=sum(t.cost for t in leaves),
        tasks=tuple(tasks),
    )


def load_plan(path: Path) -> ImportedPlan | None:
    """The full import (baselines and progress included) for formats that carry them, else None.

    `plantrack import` stores `project` through `formats.detect`; this gives the tracking part too.
    """
    from plantrack.formats.detect import detect_format

    fmt = detect_format(path)
    readers = {
        "mspdi": "plantrack.formats.mspdi.read:read_mspdi",
        "gan": "plantrack.formats.gan:read_gan",
        "planner": "plantrack.formats.planner:read_planner",
        "csv": "plantrack.formats.csv_tasks:read_csv",
        "xlsx": "plantrack.formats.xlsx:read_xlsx",
        "mpp": "plantrack.formats.mpp:read_mpp",
        "tjp": "plantrack.formats.taskjuggler.project:read_tjp",
    }
    target = readers.get(fmt.name)
    if target is None:
        return None
    import importlib

    module, _, function = target.partition(":")
    plan: ImportedPlan = getattr(importlib.import_module(module), function)(path)
    return plan


def store_tracking(state: WorkspaceState, plan: ImportedPlan) -> tuple[int, int]:
    """Add the plan's baselines (replacing same-named ones) and progress to the workspace state."""
    from plantrack.store.tracking_codec import add_progress, save_baseline

    names = {b.name for b in plan.baselines}
    state.baselines = tuple(b for b in state.baselines if b.name not in names)
    for baseline in plan.baselines:
        save_baseline(state, baseline)
    add_progress(state, plan.progress)
    return len(plan.baselines), len(plan.progress)
