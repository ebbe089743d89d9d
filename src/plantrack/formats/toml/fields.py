"""Typed, located reading of the keys of one TOML table: every mistake becomes a Problem, never an exception.

Dates: a TOML date means 00:00 of that day for a start-like key and the end of that day (00:00 of the
next) for an end-like key (`to`, `deadline`, `finish_no_later_than`, the project `finish`); a TOML
local date-time is taken as written, in plant wall-clock time.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from plantrack.formats.toml.locate import Path, TomlLocator
from plantrack.i18n import N_, _
from plantrack.scheduling.dates import DateError, read_iso
from plantrack.scheduling.duration import Duration, parse_duration
from plantrack.scheduling.errors import ModelError, Problem, Severity
from plantrack.scheduling.model import Period, clean_text

MIN_YEAR, MAX_YEAR = 1900, 2200
ONE_DAY = dt.timedelta(days=1)


@dataclass
class Collector:
    """The problems of one file, plus the items whose text had control characters removed."""

    locator: TomlLocator
    problems: list[Problem] = field(default_factory=list)
    sanitised: list[tuple[str, str]] = field(default_factory=list)  # (id, location)
    minutes_per_day: int = 480
    minutes_per_week: int = 2400

    def add(self, code: str, message: str, ids: tuple[str, ...], location: str) -> None:
        self.problems.append(Problem(code=code, message=message, ids=ids, location=location))


@dataclass
class Section:
    """One table (or one inline table inside an array) of the file, read key by key.

    `ok` turns False at the first error so the caller knows not to build the object from it.
    """

    out: Collector
    data: Mapping[str, Any]
    path: Path
    label: str  # how messages name the owner: "task install", "calendar plant"
    ids: tuple[str, ...]
    index: int | None = None  # set for the index-th inline table of the array at `path`
    ok: bool = True

    def where(self, key: str | None = None) -> str:
        loc = self.out.locator
        if self.index is not None:
            return loc.where(self.path, self.index)
        return loc.where((*self.path, key) if key and key in self.data else self.path)

    def fail(self, code: str, message: str, key: str | None = None) -> None:
        self.ok = False
        self.out.add(
            code, _("{owner}: {problem}").format(owner=self.label, problem=message), self.ids, self.where(key)
        )

    def model_error(self, exc: ModelError, key: str | None = None) -> None:
        """A dataclass invariant broken: report it with this section's ids and location."""
        problem = exc.problem
        message = (
            problem.message
            if problem.ids
            else _("{owner}: {problem}").format(owner=self.label, problem=problem.message)
        )
        self.ok = False
        self.out.add(problem.code, message, problem.ids or self.ids, self.where(key))

    def check_keys(self, allowed: tuple[str, ...]) -> None:
        for key in self.data:
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1)
                message = (
                    _("unknown key {key} (did you mean {close}?)").format(key=repr(key), close=repr(close[0]))
                    if close
                    else _("unknown key {key} (known keys: {keys})").format(
                        key=repr(key), keys=", ".join(allowed)
                    )
                )
                self.fail("key-unknown", message, key)

    def has(self, key: str) -> bool:
        return key in self.data

    def _typed(self, key: str, kinds: tuple[type, ...], wanted: str) -> Any:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            self.fail(
                "type-invalid",
                _("{key} must be {wanted}, not {value}").format(
                    key=repr(key), wanted=_(wanted), value=_describe(value)
                ),
                key,
            )
            return None
        return value

    def text(self, key: str, *, required: bool = False, default: str = "") -> str:
        value = self._typed(key, (str,), N_("a string"))
        if value is None:
            if required and key not in self.data:
                self.fail("key-missing", _("{key} is required").format(key=repr(key)), None)
            return default
        cleaned = clean_text(value)
        if cleaned != unicodedata.normalize("NFC", value):
            self.out.sanitised.append((self.ids[0] if self.ids else self.label, self.where(key)))
        return cleaned

    def ident(self, key: str, *, required: bool = False) -> str | None:
        """A reference to another item (a task, resource, calendar or window id), NFC-normalised."""
        value = self._typed(key, (str,), N_("an id (a string)"))
        if value is None:
            if required and key not in self.data:
                self.fail("key-missing", _("{key} is required").format(key=repr(key)), None)
            return None
        return unicodedata.normalize("NFC", value)

    def idents(self, key: str) -> list[str]:
        value = self._typed(key, (list,), N_("a list of ids"))
        if value is None:
            return []
        out: list[str] = []
        for item in value:
            if not isinstance(item, str):
                self.fail(
                    "type-invalid",
                    _("{key} must list ids as strings, not {value}").format(
                        key=repr(key), value=_describe(item)
                    ),
                    key,
                )
            else:
                out.append(unicodedata.normalize("NFC", item))
        return out

    def flag(self, key: str) -> bool:
        return bool(self._typed(key, (bool,), N_("true or false")))

    def number(self, key: str, default: float) -> float:
        value = self._typed(key, (int, float), N_("a number"))
        if value is None:
            return default
        if not math.isfinite(value):
            self.fail(
                "number-invalid",
                _("{key} must be a finite number, not {value}").format(key=repr(key), value=value),
                key,
            )
            return default
        return float(value)

    def integer(self, key: str, default: int) -> int:
        value = self._typed(key, (int,), N_("a whole number"))
        return default if value is None else int(value)

    def when(self, key: str, *, end: bool = False, required: bool = False) -> dt.datetime | None:
        """A date or local date-time; a date is the day's start, or its end when `end` is set."""
        if key not in self.data:
            if required:
                self.fail("key-missing", _("{key} is required").format(key=repr(key)), None)
            return None
        value = self.data[key]
        is_date = False
        if isinstance(value, str):
            # the forms typed on the command line: ISO, or day first as the French write (01/05/2027 is
            # 1 May) whatever the language
            try:
                value, is_date = read_iso(value)
            except DateError as exc:
                code = "date-out-of-range" if exc.out_of_range else "date-invalid"
                self.fail(code, _("{key}: {reason}").format(key=repr(key), reason=exc), key)
                return None
        if isinstance(value, dt.datetime):
            if value.tzinfo is not None:
                self.fail(
                    "date-invalid",
                    _(
                        "{key} = {value} has a UTC offset: write plant local time without one, "
                        "e.g. 2027-03-15T08:00:00"
                    ).format(key=repr(key), value=value.isoformat()),
                    key,
                )
                return None
            result = value
        elif isinstance(value, dt.date):
            is_date = True
            result = dt.datetime.combine(value, dt.time())
        else:
            self.fail(
                "date-invalid",
                _(
                    "{key} must be a date such as 2027-03-15, 15/03/2027 or 2027-03-15T08:00:00, not {value}"
                ).format(key=repr(key), value=_describe(value)),
                key,
            )
            return None
        if not MIN_YEAR <= result.year <= MAX_YEAR:
            self.fail(
                "date-out-of-range",
                _("{key} = {date} is outside {low}-{high}").format(
                    key=repr(key), date=result.date().isoformat(), low=MIN_YEAR, high=MAX_YEAR
                ),
                key,
            )
            return None
        return result + ONE_DAY if is_date and end else result

    def duration(self, key: str, *, allow_negative: bool = False) -> Duration | None:
        if key not in self.data:
            return None
        try:
            return parse_duration(
                self.data[key],
                minutes_per_day=self.out.minutes_per_day,
                minutes_per_week=self.out.minutes_per_week,
                allow_negative=allow_negative,
            )
        except ModelError as exc:
            self.fail(
                exc.problem.code, _("{key}: {reason}").format(key=repr(key), reason=exc.problem.message), key
            )
            return None

    def table(self, key: str, label: str) -> Section | None:
        value = self._typed(key, (dict,), N_("a table such as { key = value }"))
        if value is None:
            return None
        return Section(self.out, value, (*self.path, key), f"{self.label} {label}", self.ids)

    def items(self, key: str) -> list[Section]:
        """The inline tables of an array such as `off = [{ from = ..., to = ... }, ...]`."""
        value = self._typed(key, (list,), N_("a list of tables such as [{ ... }, { ... }]"))
        if value is None:
            return []
        out: list[Section] = []
        for index, item in enumerate(value):
            if not isinstance(item, dict):
                self.fail(
                    "type-invalid",
                    _("{key} item {index} must be a table, not {value}").format(
                        key=repr(key), index=index + 1, value=_describe(item)
                    ),
                )
                continue
            out.append(
                Section(
                    self.out, item, (*self.path, key), f"{self.label} {key}[{index + 1}]", self.ids, index
                )
            )
        return out


def read_periods(section: Section, key: str) -> tuple[Period, ...]:
    """`[{ from = ..., to = ..., reason = "..." }, ...]`: a date `to` includes that whole day."""
    out = []
    for item in section.items(key):
        item.check_keys(("from", "to", "reason"))
        start = item.when("from", required=True)
        end = item.when("to", end=True, required=True)
        reason = item.text("reason")
        if start is None or end is None or not item.ok:
            section.ok = False
            continue
        try:
            out.append(Period(start=start, end=end, reason=reason))
        except ModelError as exc:
            shown = {k: _shown(item.data[k]) for k in ("from", "to")}
            item.fail(
                exc.problem.code,
                _("the period ends ({end}) before it starts ({start})").format(
                    end=shown["to"], start=shown["from"]
                ),
            )
            section.ok = False
    return tuple(out)


def _shown(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _describe(value: Any) -> str:
    kinds = {
        bool: N_("a boolean"),
        int: N_("an integer"),
        float: N_("a number"),
        str: N_("a string"),
        list: N_("a list"),
        dict: N_("a table"),
    }
    kind = _(kinds[type(value)]) if type(value) in kinds else type(value).__name__
    shown = repr(value)
    return f"{kind} {shown[:40]}{'…' if len(shown) > 40 else ''}"


def severity_warning(code: str, message: str, ids: tuple[str, ...], location: str) -> Problem:
    return Problem(code=code, message=message, ids=ids, severity=Severity.WARNING, location=location)
