"""What the Gantt shows, as plain data: one `TaskRow` per task, the outline and the shared backdrop."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from plantrack.scheduling.errors import Problem
from plantrack.scheduling.model import clean_text
from plantrack.tui.plan.gantt_layout import Backdrop, Bar
from plantrack.tui.plan.outline import Outline


def display_text(text: str) -> str:
    """User text made safe for one terminal line: control characters removed, line breaks flattened.

    `clean_text` (control characters out, NFC) lives in `scheduling.model` because the model itself
    cleans names and notes on input, and every face (this one, the HTML and minutes exports, the file
    formats) strips what an older or hand-edited file may still hold with the same function. Each face
    adds only its own rule here: the TUI flattens to one line; Textual then gets it as plain text.
    """
    return " ".join(clean_text(text).replace("\t", " ").splitlines())


@dataclass(frozen=True, slots=True, kw_only=True)
class TaskRow:
    """One task as the Gantt and the detail line show it (every figure computed by the engine)."""

    id: str
    name: str
    bar: Bar
    start: dt.datetime
    finish: dt.datetime
    float_text: str = ""
    critical: bool = False
    late: bool = False
    owner: str = ""
    driving: str | None = None  # the predecessor that sets this task's early start
    resources: str = ""
    milestone: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanView:
    """A whole plan ready to paint; `problems` is set when the plan could not be scheduled."""

    title: str
    rows: dict[str, TaskRow]
    outline: Outline
    backdrop: Backdrop
    first: dt.datetime
    last: dt.datetime
    status_date: dt.datetime | None = None
    today: dt.datetime | None = None
    summary: str = ""  # e.g. "finish 2027-05-20 · 42 tasks · 12 critical"
    problems: tuple[Problem, ...] = field(default=())
