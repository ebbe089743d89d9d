"""Patterson `.rcp` files (RCPLIB RG30/RG300 sets) as projects on a 24/7 calendar, one period = one hour.

The format is a stream of whole numbers: activity and resource counts, the capacities, then per activity
its duration, one requirement per resource, a successor count and the successors (1-based). Activities 1
and n are the dummy start and finish. Line breaks carry no meaning, so rows may wrap.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from plantrack.formats.psplib import MAX_FILE_BYTES
from plantrack.formats.psplib import _build as build_psplib_project
from plantrack.formats.reasons import os_reason
from plantrack.i18n import _
from plantrack.scheduling.errors import InvalidInput, Problem
from plantrack.scheduling.model import Project

#: Beyond any published instance (RG300 has 302): a bigger count is a damaged file, not a plan.
MAX_ACTIVITIES = 100_000
MAX_RESOURCES = 1_000
#: Durations and requirements above this are damage, not data (one period is one hour: 100 years).
MAX_VALUE = 876_000


@dataclass
class _Numbers:
    """The file's whole numbers with their line numbers; every complaint names file:line."""

    name: str
    values: list[tuple[int, int]]  # (value, line)
    pos: int = 0

    def fail(self, line: int, code: str, message: str) -> InvalidInput:
        return InvalidInput([Problem(code=code, message=message, location=f"{self.name}:{line}")])

    def line(self) -> int:
        if self.pos < len(self.values):
            return self.values[self.pos][1]
        return self.values[-1][1] if self.values else 1

    def take(self, what: str, low: int = 0, high: int = MAX_VALUE) -> int:
        if self.pos >= len(self.values):
            raise self.fail(
                self.line(), "rcp-truncated", _("file ends where {what} was expected").format(what=what)
            )
        value, line = self.values[self.pos]
        if not low <= value <= high:
            raise self.fail(
                line,
                "rcp-number",
                _("{what} is {value}; expected {low} to {high}").format(
                    what=what, value=value, low=low, high=high
                ),
            )
        self.pos += 1
        return value


def _numbers(path: Path) -> _Numbers:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(
            [
                Problem(
                    code="file-unreadable",
                    message=_("cannot read {file}: {reason}").format(file=path.name, reason=os_reason(exc)),
                )
            ]
        ) from None
    if len(raw) > MAX_FILE_BYTES:
        raise InvalidInput(
            [Problem(code="file-too-large", message=_("{file} is over 16 MiB").format(file=path.name))]
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            [
                Problem(
                    code="rcp-encoding",
                    message=_("{file} is not a text file (byte {byte})").format(
                        file=path.name, byte=exc.start
                    ),
                )
            ]
        ) from None
    values: list[tuple[int, int]] = []
    for line_no, line in enumerate(text.splitlines(), start=1):
        for token in line.split():
            # ASCII digits only: int() would also take '١٢' or '1_000', which no instance holds
            if not (token.isascii() and token.isdigit()) or len(token) > 9:
                raise InvalidInput(
                    [
                        Problem(
                            code="rcp-number",
                            message=_("{token} is not a whole number of at most 9 digits").format(
                                token=repr(token[:20])
                            ),
                            location=f"{path.name}:{line_no}",
                        )
                    ]
                )
            values.append((int(token), line_no))
    return _Numbers(name=path.name, values=values)


def load_rcp(path: Path) -> Project:
    """Read an RCPLIB `.rcp` instance; InvalidInput (exit 1) names file:line for anything malformed."""
    numbers = _numbers(path)
    n_acts = numbers.take(_("the number of activities"), 2, MAX_ACTIVITIES)
    n_res = numbers.take(_("the number of resources"), 0, MAX_RESOURCES)
    capacities = [
        numbers.take(_("the capacity of resource {number}").format(number=k + 1), 1) for k in range(n_res)
    ]
    durations: dict[int, int] = {}
    requests: dict[int, list[int]] = {}
    successors: dict[int, list[int]] = {}
    for act in range(1, n_acts + 1):
        durations[act] = numbers.take(_("the duration of activity {activity}").format(activity=act))
        requests[act] = [
            numbers.take(_("requirement {number} of activity {activity}").format(number=k + 1, activity=act))
            for k in range(n_res)
        ]
        count = numbers.take(
            _("the successor count of activity {activity}").format(activity=act), 0, n_acts - 1
        )
        line = numbers.line()
        succ = [
            numbers.take(
                _("successor {number} of activity {activity}").format(number=i + 1, activity=act), 1, n_acts
            )
            for i in range(count)
        ]
        if act in succ or len(set(succ)) != len(succ):
            raise numbers.fail(
                line,
                "rcp-successor",
                _("activity {activity} lists itself or a successor twice").format(activity=act),
            )
        successors[act] = succ
    if numbers.pos < len(numbers.values):
        value, line = numbers.values[numbers.pos]
        raise numbers.fail(
            line,
            "rcp-trailing",
            _("{value} follows the last of the {count} activities").format(value=value, count=n_acts),
        )
    for act in range(1, n_acts + 1):
        over = [k + 1 for k, r in enumerate(requests[act]) if r > capacities[k]]
        if over:
            raise InvalidInput(
                [
                    Problem(
                        code="rcp-capacity",
                        message=_(
                            "activity {activity} needs more of resource {resource} than its capacity"
                        ).format(activity=act, resource=over[0]),
                        ids=(str(act),),
                        location=path.name,
                    )
                ]
            )
    return build_psplib_project(path, successors, durations, requests, capacities)
