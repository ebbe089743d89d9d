"""Resource and shutdown-window forms as edits on a fresh workspace state; errors name the form field.

Values are checked as `plantrack resource add` checks them (the model's own rules, then the plan's
validation in `Session.apply`); a window's periods are typed as the CLI's `FROM..TO` spans.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from plantrack.i18n import N_, _
from plantrack.operations import shared_edits
from plantrack.operations.form_edits import Edit
from plantrack.scheduling.dates import DateError, read_when
from plantrack.scheduling.errors import InvalidInput, ModelError, Problem
from plantrack.scheduling.model import Period, Project, Resource, ResourceKind, Window, clean_text
from plantrack.store import WorkspaceState

RESOURCE_FIELDS = (
    ("id", N_("Id"), N_("electricians (no spaces)")),
    ("name", N_("Name"), N_("Electricians")),
    ("kind", N_("Kind"), N_("person, team, machine or contractor")),
    ("capacity", N_("Capacity"), N_("units available at once, e.g. 2")),
    ("rate", N_("Rate"), N_("cost per working hour")),
    ("calendar", N_("Calendar"), N_("calendar id (empty: the project's)")),
)
WINDOW_FIELDS = (
    ("id", N_("Id"), N_("summer (no spaces)")),
    ("name", N_("Name"), N_("Summer shutdown")),
    ("periods", N_("Periods"), N_("2027-08-02..2027-08-20, 2027-12-24T06:00..2027-12-27T06:00")),
)
KINDS = tuple(k.value for k in ResourceKind)


def _fail(field: str, code: str, message: str, *ids: str) -> InvalidInput:
    return InvalidInput([Problem(code=code, message=message, ids=ids, location=field)])


def _located(change: Callable[[], Project]) -> Project:
    """The operation's result; its refusals located at the form field they name."""
    try:
        return change()
    except InvalidInput as exc:
        raise InvalidInput([p.located(p.field) for p in exc.problems()]) from None


def _number(typed: dict[str, str], field: str, default: float) -> float:
    text = typed.get(field, "").strip()
    if not text:
        return default
    try:
        return float(text)
    except ValueError:
        raise _fail(
            field,
            "number-invalid",
            _("{field} {text} must be a number such as 2 or 0.5").format(field=field, text=repr(text)),
        ) from None


def resource_values(resource: Resource) -> dict[str, str]:
    return {
        "id": resource.id,
        "name": resource.name,
        "kind": str(resource.kind),
        "capacity": f"{resource.capacity:g}",
        "rate": f"{resource.rate:g}",
        "calendar": resource.calendar or "",
    }


def save_resource(typed: dict[str, str], editing: str | None = None) -> Edit:
    """Add a resource, or change the one with id `editing` (its id, absences and assignments kept)."""

    def edit(state: WorkspaceState) -> None:
        project = state.project
        resources = project.resource_map()
        ident = editing if editing is not None else typed.get("id", "").strip()
        current = resources.get(ident) if editing is not None else None
        if editing is not None and current is None:
            raise _fail(
                "id", "resource-unknown", _("resource {id} is no longer in the plan").format(id=ident), ident
            )
        if editing is None and ident in resources:
            raise _fail("id", "id-duplicate", _("resource {id} already exists").format(id=ident), ident)
        kind = typed.get("kind", "").strip().lower() or "person"
        if kind not in KINDS:
            raise _fail(
                "kind",
                "kind-invalid",
                _("kind {kind} is not one of {kinds}").format(kind=repr(kind), kinds=", ".join(KINDS)),
            )
        calendar = typed.get("calendar", "").strip() or None
        if calendar is not None and calendar not in {c.id for c in project.calendars}:
            raise _fail(
                "calendar",
                "calendar-unknown",
                _("no calendar {id} in the plan").format(id=repr(calendar)),
                calendar,
            )
        name = clean_text(typed.get("name", "")).strip()
        capacity, rate = _number(typed, "capacity", 1.0), _number(typed, "rate", 0.0)
        try:
            new = Resource(
                id=ident,
                name=name,
                kind=ResourceKind(kind),
                capacity=capacity,
                rate=rate,
                calendar=calendar,
                absences=current.absences if current is not None else (),
            )
        except ModelError as exc:
            field = {"capacity-invalid": "capacity", "rate-negative": "rate"}.get(exc.problem.code)
            field = field or ("id" if exc.problem.code.startswith("id") else "name")
            raise InvalidInput([exc.problem.located(field)]) from exc
        change = shared_edits.replace if current is not None else shared_edits.add
        state.project = _located(lambda: change(project, "resource", new))

    return edit


def _span(text: str) -> Period:
    """`2027-03-01..2027-03-05` (whole days, end included) or `2027-04-16T17:00..2027-04-19T06:00`."""
    start_text, sep, end_text = text.strip().partition("..")
    if not sep:
        raise _fail(
            "periods",
            "period-invalid",
            _("period {text} must be written FROM..TO").format(text=repr(text.strip())),
        )
    try:
        start = read_when(start_text)
        # a date as end means "to the end of that day" (midnight), as the command line and the file read it
        end = read_when(end_text, end=True)
    except DateError as exc:
        raise _fail(
            "periods", "date-invalid", _("period {text}: {error}").format(text=repr(text.strip()), error=exc)
        ) from None
    try:
        return Period(start=start, end=end)
    except ModelError as exc:
        raise InvalidInput([exc.problem.located("periods")]) from exc


def window_values(window: Window) -> dict[str, str]:
    def end_text(p: Period) -> str:
        whole = p.start.time() == dt.time() and p.end.time() == dt.time()
        return (
            (p.end - dt.timedelta(days=1)).date().isoformat()
            if whole
            else p.end.isoformat(timespec="minutes")
        )

    def start_text(p: Period) -> str:
        whole = p.start.time() == dt.time() and p.end.time() == dt.time()
        return p.start.date().isoformat() if whole else p.start.isoformat(timespec="minutes")

    periods = ", ".join(f"{start_text(p)}..{end_text(p)}" for p in window.periods)
    return {"id": window.id, "name": window.name, "periods": periods}


def save_window(typed: dict[str, str], editing: str | None = None) -> Edit:
    """Add a shutdown window, or replace the name and periods of the one with id `editing`."""

    def edit(state: WorkspaceState) -> None:
        project = state.project
        windows = project.window_map()
        ident = editing if editing is not None else typed.get("id", "").strip()
        if editing is not None and ident not in windows:
            raise _fail(
                "id", "window-unknown", _("window {id} is no longer in the plan").format(id=ident), ident
            )
        if editing is None and ident in windows:
            raise _fail("id", "id-duplicate", _("window {id} already exists").format(id=ident), ident)
        spans = [s for s in typed.get("periods", "").split(",") if s.strip()]
        if not spans:
            raise _fail(
                "periods",
                "window-empty",
                _("window {id} needs at least one period FROM..TO").format(id=ident or "?"),
            )
        periods = tuple(sorted((_span(s) for s in spans), key=lambda p: p.start))
        try:
            new = Window(id=ident, name=clean_text(typed.get("name", "")).strip(), periods=periods)
        except ModelError as exc:
            raise InvalidInput([exc.problem.located("id")]) from exc
        change = shared_edits.replace if editing is not None else shared_edits.add
        state.project = _located(lambda: change(project, "window", new))

    return edit
