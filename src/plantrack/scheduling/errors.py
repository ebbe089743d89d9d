"""Typed errors and problem reports shared by every layer, each error saying which kind of failure it is."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from plantrack.i18n import N_, _, language


class Failure(StrEnum):
    """What kind of failure an error is; the command line turns each into its documented exit code."""

    INVALID_INPUT = "invalid-input"
    USAGE = "usage"
    BUSY = "busy"
    STORAGE = "storage"
    UNSCHEDULABLE = "unschedulable"


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


def format_quantity(value: float) -> str:
    """A quantity as short as it goes (`2`, `1.5`; `1,5` in French), for units and capacities in messages."""
    text = f"{value:g}"
    return text if language() == "en" else text.replace(".", ",")


def format_fixed(value: float, digits: int) -> str:
    """A figure with `digits` decimals, no grouping: `3.14` (`3,14` in French), for gaps and seconds."""
    text = f"{value:.{digits}f}"
    return text if language() == "en" else text.replace(".", ",")


#: The word a rendered problem starts with; the value in `--json` stays the English identifier.
SEVERITY_LABELS = {Severity.ERROR: N_("error"), Severity.WARNING: N_("warning")}


@dataclass(frozen=True, slots=True, kw_only=True)
class Problem:
    """One finding about the input: a stable code, a sentence, the items concerned and where they are."""

    code: str
    message: str
    ids: tuple[str, ...] = ()
    severity: Severity = Severity.ERROR
    location: str | None = None
    # the form field or command argument the problem is about (set by the operations; never printed)
    field: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": str(self.severity),
            "message": self.message,
            "ids": list(self.ids),
            "location": self.location,
        }

    def render(self) -> str:
        where = f"{self.location}: " if self.location else ""
        return f"{where}{_(SEVERITY_LABELS[self.severity])} [{self.code}] {self.message}"

    def located(self, location: str | None) -> Problem:
        """The same problem with a source location, unless it already has one."""
        if self.location or not location:
            return self
        return replace(self, location=location)

    def about(self, field: str | None) -> Problem:
        """The same problem tied to a form field, unless it already names one."""
        if self.field or not field:
            return self
        return replace(self, field=field)


class PlantrackError(Exception):
    """Base of every error a user may see; says which kind of failure it is."""

    failure: Failure = Failure.INVALID_INPUT

    def problems(self) -> list[Problem]:
        return [Problem(code=self.code(), message=str(self))]

    def code(self) -> str:
        return "error"


class ModelError(PlantrackError, ValueError):
    """A single object violates one of its own invariants (raised from `__post_init__`)."""

    def __init__(self, code: str, message: str, ids: Iterable[str] = ()) -> None:
        super().__init__(message)
        self.problem = Problem(code=code, message=message, ids=tuple(ids))

    def problems(self) -> list[Problem]:
        return [self.problem]

    def code(self) -> str:
        return self.problem.code


class InvalidInput(PlantrackError):
    """The input has one or more errors; all of them are reported at once."""

    failure = Failure.INVALID_INPUT

    def __init__(self, problems: Iterable[Problem]) -> None:
        self._problems = list(problems)
        super().__init__("; ".join(p.render() for p in self._problems) or _("invalid input"))

    def problems(self) -> list[Problem]:
        return list(self._problems)

    def code(self) -> str:
        return self._problems[0].code if self._problems else "invalid-input"


class Unschedulable(InvalidInput):
    """The input is valid but no schedule satisfies it (e.g. a window too short, an infeasible leveling)."""

    failure = Failure.UNSCHEDULABLE


def errors_only(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity is Severity.ERROR]
