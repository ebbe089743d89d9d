"""Helpers shared by the editing commands: validation before commit, sanitising, tables and JSON listings."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Callable
from typing import Any

from plantrack.commands.base import Context
from plantrack.i18n import N_, _
from plantrack.scheduling.errors import InvalidInput, ModelError, Problem, Severity, errors_only
from plantrack.scheduling.model import Period, Project, clean_text


def commit_project(ctx: Context, project: Project) -> Project:
    """Validate the whole edited plan; refuse it (nothing written) if it has errors, warn otherwise."""
    from plantrack.scheduling.validate import validate

    problems = validate(project)
    errors = errors_only(problems)
    if errors:
        raise InvalidInput(errors)
    ctx.warn([p for p in problems if p.severity is Severity.WARNING])
    return project


def sanitised(ctx: Context, text: str, ident: str) -> str:
    """User text with control characters removed (terminal and HTML safety), warning when it changed."""
    cleaned = clean_text(text)
    if cleaned != unicodedata.normalize("NFC", text):
        ctx.warn(
            [
                Problem(
                    code="name-sanitised",
                    message=_("control characters removed from the text of {ident}").format(ident=ident),
                    ids=(ident,),
                    severity=Severity.WARNING,
                )
            ]
        )
    return cleaned


def split_ids(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]


def parse_span(text: str, ident: str) -> Period:
    """`2027-03-01..2027-03-05` (whole days, end included) or `2027-04-16T17:00..2027-04-19T06:00`."""
    start_text, sep, end_text = text.partition("..")
    if not sep:
        raise ModelError(
            "period-invalid", _("period {text!r} must be written FROM..TO").format(text=text), [ident]
        )
    from plantrack.scheduling.dates import DateError, read_when

    try:
        start = read_when(start_text)
        # a date as end means "to the end of that day" (midnight), as a period's `to` in the file:
        # a period is calendar time off, not a task's working day
        end = read_when(end_text, end=True)
    except DateError as exc:
        raise ModelError(
            "date-invalid", _("period {text!r}: {error}").format(text=text, error=exc), [ident]
        ) from None
    return Period(start=start, end=end)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return _("yes") if value else ""
    if isinstance(value, float):
        return f"{value:g}"
    return clean_text(str(value))


def table(rows: list[dict[str, Any]], columns: list[tuple[str, str]], *, max_width: int = 40) -> str:
    """A plain-text table: user text is printed as data (control characters already removed)."""
    cells = [[_cell(row.get(key)) for key, _title in columns] for row in rows]
    cells = [[c if len(c) <= max_width else c[: max_width - 1] + "…" for c in line] for line in cells]
    headers = [title for _key, title in columns]
    widths = [max([len(h), *(len(line[i]) for line in cells)]) for i, h in enumerate(headers)]
    out = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    out.append("  ".join("-" * w for w in widths))
    out.extend("  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip() for line in cells)
    return "\n".join(out)


def listing(ctx: Context, rows: list[dict[str, Any]], *, columns: list[tuple[str, str]]) -> None:
    if ctx.json:
        ctx.print_json(rows)
    elif rows:
        ctx.print(table(rows, columns))
    else:
        ctx.print(_("(none)"))


#: "no task 'x'" by kind of thing looked up (the kind is part of the problem code, not translated)
_UNKNOWN = {
    "task": N_("no task {ident!r}"),
    "calendar": N_("no calendar {ident!r}"),
    "resource": N_("no resource {ident!r}"),
    "window": N_("no window {ident!r}"),
}


def not_found(kind: str, ident: str, known: list[str]) -> InvalidInput:
    """An unknown id, with the closest known ones as a hint."""
    close = difflib.get_close_matches(ident, known, n=3)
    message = _(_UNKNOWN[kind]).format(ident=ident)
    if close:
        message += " " + _("(did you mean {ids}?)").format(ids=", ".join(close))
    return InvalidInput([Problem(code=f"{kind}-unknown", message=message, ids=(ident,))])


def read_state(ctx: Context) -> Any:
    """The workspace's current state, read without the lock (saves are atomic replacements)."""
    return ctx.open_workspace().read()


def open_for_update(ctx: Context) -> Any:
    """The locked read-modify-write of the workspace: a refused change (exception) writes nothing."""
    return ctx.open_workspace().update()


def edit_plan(ctx: Context, change: Callable[[Project], Project], done: str) -> int:
    """One plan edit in one locked update: `change` gets the plan, its result is checked
    (`commit_project`) and stored, then `done` is printed."""
    with open_for_update(ctx) as state:
        state.project = commit_project(ctx, change(state.project))
    ctx.print(done)
    return 0
