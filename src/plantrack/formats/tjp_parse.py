"""Recursive-descent parser for the TaskJuggler subset plantrack reads; the rest is skipped and named."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from pathlib import Path

from plantrack.formats.tjp_lexer import Kind, TjDate, TjpError, Token, parse_date
from plantrack.formats.tjp_nodes import (
    Dependency,
    Header,
    Hours,
    Interval,
    Leave,
    ResourceNode,
    TaskNode,
    TjDuration,
    TjpFile,
)
from plantrack.formats.tjp_stream import Stream

#: Minutes of calendar time per unit; a month is 30 days and a year 365, as in TaskJuggler.
CALENDAR_MINUTES = {"min": 1, "h": 60, "d": 1440, "w": 7 * 1440, "m": 30 * 1440, "y": 365 * 1440}
_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_LEAVE_KINDS = ("project", "annual", "special", "sick", "unpaid", "holiday", "unemployed")
#: Deeper nesting is damage, and would exhaust Python's recursion.
MAX_NESTING = 200


class Parser:
    def __init__(self, path: Path) -> None:
        self.stream = Stream(path)
        self.skipped: list[tuple[str, str]] = []
        self.task_ids: set[str] = set()
        self.resource_ids: set[str] = set()
        self.depth = 0
        self.scenario: str | None = None
        self.hours_in_header: list[Hours] = []

    # -- tokens ---------------------------------------------------------------------------------
    def peek(self) -> Token:
        return self.stream.peek()

    def next(self) -> Token:
        return self.stream.next()

    def fail(self, tok: Token, message: str, code: str = "tjp-syntax") -> TjpError:
        shown = "the end of the file" if tok.kind is Kind.END else repr(tok.text[:40])
        return TjpError(code, f"{message}, found {shown}", tok.where)

    def expect(self, kind: Kind, what: str) -> Token:
        tok = self.next()
        if tok.kind is not kind:
            raise self.fail(tok, f"expected {what}")
        return tok

    def punct(self, text: str) -> bool:
        tok = self.peek()
        if tok.kind is Kind.PUNCT and tok.text == text:
            self.next()
            return True
        return False

    def same_line(self, text: str) -> bool:
        """Consume punctuation `text` when it continues the current statement."""
        tok = self.peek()
        return tok.kind is Kind.PUNCT and tok.text == text and not tok.nl and self.punct(text)

    def number(self, what: str) -> float:
        tok = self.expect(Kind.NUMBER, what)
        return float(tok.text)

    def date(self) -> TjDate:
        tok = self.expect(Kind.DATE, "a date such as 2002-01-16")
        return parse_date(tok.text, tok.where)

    def duration(self) -> TjDuration:
        tok = self.next()
        if tok.kind is Kind.NUMBER and float(tok.text) == 0:
            return TjDuration(0.0, "d", tok.where)
        if tok.kind is not Kind.DURATION:
            raise self.fail(tok, "expected a length such as 5d, 4h, 2w (units min, h, d, w, m, y)")
        head = tok.text.rstrip("abcdefghijklmnopqrstuvwxyz")
        return TjDuration(float(head), tok.text[len(head) :], tok.where)

    # -- skipping -------------------------------------------------------------------------------
    def skip(self, what: str, first: Token) -> None:
        """Skip one statement we do not read (its arguments and blocks), remembering what and where."""
        self.skipped.append((what, first.where))
        previous = first
        while True:
            tok = self.peek()
            if tok.kind is Kind.END or (tok.kind is Kind.PUNCT and tok.text == "}"):
                return
            block = tok.kind is Kind.PUNCT and tok.text == "{"
            if tok.nl and not block and not (previous.kind is Kind.PUNCT and previous.text == ","):
                return
            if block:
                self.skip_block()
                previous = Token(Kind.PUNCT, "}", tok.file, tok.line, False)
            else:
                previous = self.next()

    def skip_block(self) -> None:
        opening = self.next()
        depth = 1
        while depth:
            tok = self.next()
            if tok.kind is Kind.END:
                raise TjpError("tjp-syntax", "block opened with { is never closed", opening.where)
            if tok.kind is Kind.PUNCT:
                depth += {"{": 1, "}": -1}.get(tok.text, 0)

    def block(self, handle: Callable[[Token], None]) -> None:
        """`{ statement* }` where each statement starts with a keyword given to `handle`."""
        if not (self.peek().kind is Kind.PUNCT and self.peek().text == "{"):
            return
        opening = self.next()
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise TjpError("tjp-nesting", f"blocks nest deeper than {MAX_NESTING} levels", opening.where)
        while True:
            tok = self.peek()
            if tok.kind is Kind.END:
                raise TjpError("tjp-syntax", "block opened with { is never closed", opening.where)
            if self.punct("}"):
                break
            if tok.kind is not Kind.ID:
                raise self.fail(tok, "expected a keyword")
            handle(self.next())
        self.depth -= 1

    def attribute(self, tok: Token) -> str | None:
        """The keyword of an attribute, None when it belongs to another scenario (then skipped)."""
        scenario, _, keyword = tok.text.rpartition(":")
        if scenario and scenario != self.scenario:
            self.skip(f"{tok.text} (scenario {scenario})", tok)
            return None
        return keyword

    # -- top level ------------------------------------------------------------------------------
    def parse(self) -> TjpFile:
        first = self.next()
        if first.kind is not Kind.ID or first.text != "project":
            raise self.fail(first, "a TaskJuggler file starts with `project`", "tjp-project")
        result = TjpFile(header=self.header(first))
        while (tok := self.next()).kind is not Kind.END:
            if tok.kind is not Kind.ID:
                raise self.fail(tok, "expected a keyword such as task or resource")
            if tok.text == "task":
                result.tasks.append(self.task(tok, None))
            elif tok.text == "resource":
                result.resources.append(self.resource(tok, None))
            elif tok.text in ("leaves", "vacation"):
                result.leaves += self.leaves(tok)
            elif tok.text == "workinghours":
                result.hours.append(self.hours(tok))
            elif tok.text == "rate":
                result.rate = self.number("a daily rate")
            else:
                self.skip(tok.text, tok)
        result.skipped = self.skipped + [(what, tok.where) for what, tok in self.stream.skipped]
        return result

    def header(self, first: Token) -> Header:
        ident = self.next() if self.peek().kind is Kind.ID else None
        name = self.expect(Kind.STRING, "the project name in quotes").text
        if self.peek().kind is Kind.STRING:
            self.next()  # version
        start = self.date()
        end: TjDate | None = None
        span: TjDuration | None = None
        if self.punct("+"):
            span = self.duration()
        else:
            self.punct("-")
            end = self.date()
        header = Header(ident.text if ident else "", name, start, end, span, first.where)
        self.stream.builtins["projectstart"] = _date_text(start)
        if end is None and span is not None and span.value * CALENDAR_MINUTES[span.unit] < 200 * 525_600:
            last = start.when + dt.timedelta(minutes=span.value * CALENDAR_MINUTES[span.unit])
            end = TjDate(when=last, offset=start.offset)
        if end is not None:
            self.stream.builtins["projectend"] = _date_text(end)

        def handle(tok: Token) -> None:
            key = tok.text
            if key == "timezone":
                header.timezone = self.expect(Kind.STRING, "a time zone name").text
            elif key == "now":
                header.now = self.date()
                self.stream.builtins["now"] = _date_text(header.now)
            elif key == "currency":
                header.currency = self.expect(Kind.STRING, "a currency").text
            elif key == "dailyworkinghours":
                header.daily_hours = self.number("hours per day")
            elif key == "yearlyworkingdays":
                header.yearly_days = self.number("working days per year")
            elif key == "timingresolution":
                self.duration()  # plantrack schedules to the minute, finer than any resolution
            elif key == "workinghours":
                self.hours_in_header.append(self.hours(tok))
            elif key == "scenario" and header.scenario is None:
                header.scenario = self.scenario = self.expect(Kind.ID, "a scenario id").text
                self.skip("scenario", tok)
            else:
                self.skip(key, tok)

        self.block(handle)
        return header

    # -- resources ------------------------------------------------------------------------------
    def resource(self, first: Token, parent: ResourceNode | None) -> ResourceNode:
        ident = self.expect(Kind.ID, "a resource id")
        if ident.text in self.resource_ids or "." in ident.text or "!" in ident.text:
            raise TjpError("tjp-id", f"resource id {ident.text!r} is repeated or not a plain id", ident.where)
        self.resource_ids.add(ident.text)
        name = self.expect(Kind.STRING, "the resource name in quotes").text
        node = ResourceNode(ident.text, name, first.where, parent)

        def handle(tok: Token) -> None:
            key = self.attribute(tok)
            if key is None:
                return
            if key == "resource":
                node.children.append(self.resource(tok, node))
            elif key == "efficiency":
                node.efficiency = self.number("an efficiency such as 1.0")
            elif key == "rate":
                node.rate = self.number("a daily rate")
            elif key in ("leaves", "vacation"):
                node.leaves += self.leaves(tok)
            elif key == "workinghours":
                node.hours.append(self.hours(tok))
            else:
                self.skip(key, tok)

        self.block(handle)
        return node

    # -- tasks ----------------------------------------------------------------------------------
    def task(self, first: Token, parent: TaskNode | None) -> TaskNode:
        ident = self.expect(Kind.ID, "a task id")
        if "." in ident.text or "!" in ident.text or ":" in ident.text:
            raise TjpError("tjp-id", f"task id {ident.text!r} must be a plain id", ident.where)
        full = f"{parent.full_id}.{ident.text}" if parent else ident.text
        if full in self.task_ids:
            raise TjpError("tjp-id", f"task {full} is defined twice", ident.where)
        self.task_ids.add(full)
        name = self.next().text if self.peek().kind is Kind.STRING else ident.text
        node = TaskNode(ident.text, full, name, first.where, parent)

        def handle(tok: Token) -> None:
            key = self.attribute(tok)
            if key is None:
                return
            if key == "task":
                node.children.append(self.task(tok, node))
            elif key in ("duration", "length", "effort"):
                setattr(node, key, self.duration())
            elif key == "milestone":
                node.milestone = True
            elif key in ("start", "end"):
                setattr(node, key, self.date())
            elif key in ("depends", "precedes"):
                node.dependencies += self.dependencies(key == "precedes")
            elif key == "allocate":
                node.allocate += self.allocations()
            elif key == "complete":
                node.complete = self.number("a completion in percent")
            elif key == "priority":
                node.priority = int(self.number("a priority 1-1000"))
            elif key == "note":
                node.note = self.expect(Kind.STRING, "the note in quotes").text
            elif key == "scheduling":
                node.alap = self.expect(Kind.ID, "asap or alap").text == "alap"
                if node.alap:
                    self.skipped.append(("scheduling alap (scheduled as soon as possible)", tok.where))
            else:
                self.skip(key, tok)

        self.block(handle)
        return node

    def dependencies(self, precedes: bool) -> list[Dependency]:
        out: list[Dependency] = []
        while True:
            ref = self.expect(Kind.ID, "a task id")
            flags: dict[str, bool] = {"onstart": False, "onend": False}
            gaps: dict[str, TjDuration | None] = {"gapduration": None, "gaplength": None}
            if not self.peek().nl:
                self.block(partial(self._dependency_option, flags=flags, gaps=gaps, precedes=precedes))
            out.append(
                Dependency(
                    ref.text,
                    precedes,
                    flags["onstart"],
                    flags["onend"],
                    gaps["gapduration"],
                    gaps["gaplength"],
                    ref.where,
                )
            )
            if not self.punct(","):
                return out

    def _dependency_option(
        self, tok: Token, flags: dict[str, bool], gaps: dict[str, TjDuration | None], precedes: bool
    ) -> None:
        if tok.text in flags:
            flags[tok.text] = True
        elif tok.text in gaps:
            gaps[tok.text] = self.duration()
        else:
            self.skip(f"{'precedes' if precedes else 'depends'} {tok.text}", tok)

    def allocations(self) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        while True:
            ref = self.expect(Kind.ID, "a resource id")
            out.append((ref.text, ref.where))
            if self.peek().kind is Kind.PUNCT and self.peek().text == "{" and not self.peek().nl:
                self.skip(f"allocate {ref.text} options", self.peek())
            if not self.punct(","):
                return out

    # -- calendars ------------------------------------------------------------------------------
    def leaves(self, first: Token) -> list[Leave]:
        """`leaves holiday "Good Friday" 2002-03-29, annual 2002-02-01 - 2002-02-05` and TJ2 `vacation`."""
        out: list[Leave] = []
        while True:
            kind = "holiday"
            if first.text == "leaves":
                tok = self.expect(Kind.ID, f"a leave type ({', '.join(_LEAVE_KINDS)})")
                if tok.text not in _LEAVE_KINDS:
                    raise self.fail(tok, f"expected a leave type ({', '.join(_LEAVE_KINDS)})")
                kind = tok.text
            reason = self.next().text if self.peek().kind is Kind.STRING else ""
            out.append(Leave(kind, reason, self.interval(), first.where))
            if not self.punct(","):
                return out

    def interval(self) -> Interval:
        start = self.date()
        if self.same_line("-"):
            return Interval(start, end=self.date())
        if self.same_line("+"):
            return Interval(start, length=self.duration())
        return Interval(start)

    def hours(self, first: Token) -> Hours:
        days: list[int] = []
        while True:
            lo = self._weekday()
            hi = self._weekday() if self.same_line("-") else lo
            days += [d % 7 for d in range(lo, hi + 1 if hi >= lo else hi + 8)]
            tok = self.peek()
            if not (tok.kind is Kind.PUNCT and tok.text == ","):
                break
            self.next()
        if self.peek().kind is Kind.ID and self.peek().text == "off":
            self.next()
            return Hours(tuple(sorted(set(days))), (), first.where)
        ranges: list[tuple[int, int]] = []
        while True:
            a = self._time()
            self.punct("-")
            b = self._time()
            if b <= a:
                raise TjpError("tjp-hours", "working hours must end after they start", first.where)
            ranges.append((a, b))
            if not self.punct(","):
                break
        return Hours(tuple(sorted(set(days))), tuple(ranges), first.where)

    def _weekday(self) -> int:
        tok = self.expect(Kind.ID, "a weekday (mon ... sun)")
        if tok.text.lower() not in _DAYS:
            raise self.fail(tok, "expected a weekday (mon ... sun)")
        return _DAYS.index(tok.text.lower())

    def _time(self) -> int:
        tok = self.next()
        if tok.kind is Kind.NUMBER and tok.text.isdigit() and len(tok.text) <= 2:
            text = f"{tok.text}:00"
        elif tok.kind is Kind.TIME:
            text = tok.text
        else:
            raise self.fail(tok, "expected a time of day such as 9:00")
        hours, minutes = (int(p) for p in text.split(":"))
        if hours > 24 or minutes > 59 or hours * 60 + minutes > 1440:
            raise self.fail(tok, "expected a time of day from 0:00 to 24:00")
        return hours * 60 + minutes


def _date_text(value: TjDate) -> str:
    text = value.when.strftime("%Y-%m-%d-%H:%M")
    if value.offset is not None:
        sign = "+" if value.offset >= 0 else "-"
        text += f"-{sign}{abs(value.offset) // 60:02d}{abs(value.offset) % 60:02d}"
    return text


def parse_tjp(path: Path) -> TjpFile:
    """Parse a `.tjp` (and the files it includes); TjpError names file:line for malformed input."""
    parser = Parser(path)
    result = parser.parse()
    result.hours = parser.hours_in_header + result.hours
    return result
