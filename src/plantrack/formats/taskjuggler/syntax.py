"""TaskJuggler syntax helpers: token tests, blocks, skipping what is not read, and calendar phrases."""

from __future__ import annotations

from collections.abc import Callable

from plantrack.formats.taskjuggler.lexer import Kind, TjDate, TjpError, Token, parse_date
from plantrack.formats.taskjuggler.nodes import Hours, Interval, Leave, TjDuration
from plantrack.formats.taskjuggler.stream import Stream
from plantrack.i18n import _

_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_LEAVE_KINDS = ("project", "annual", "special", "sick", "unpaid", "holiday", "unemployed")
#: Deeper nesting is damage, and would exhaust Python's recursion.
MAX_NESTING = 200


class Syntax:
    """Reads tokens from a stream; every complaint is a TjpError at the token's file:line."""

    def __init__(self, stream: Stream) -> None:
        self.stream = stream
        self.skipped: list[tuple[str, str]] = []
        self.depth = 0
        self.scenario: str | None = None

    # -- tokens ---------------------------------------------------------------------------------
    def peek(self) -> Token:
        return self.stream.peek()

    def next(self) -> Token:
        return self.stream.next()

    def fail(self, tok: Token, message: str, code: str = "tjp-syntax") -> TjpError:
        shown = _("the end of the file") if tok.kind is Kind.END else repr(tok.text[:40])
        return TjpError(code, _("{message}, found {found}").format(message=message, found=shown), tok.where)

    def expect(self, kind: Kind, what: str) -> Token:
        tok = self.next()
        if tok.kind is not kind:
            raise self.fail(tok, _("expected {what}").format(what=what))
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
        tok = self.expect(Kind.DATE, _("a date such as 2002-01-16"))
        return parse_date(tok.text, tok.where)

    def duration(self) -> TjDuration:
        tok = self.next()
        if tok.kind is Kind.NUMBER and float(tok.text) == 0:
            return TjDuration(0.0, "d", tok.where)
        if tok.kind is not Kind.DURATION:
            raise self.fail(tok, _("expected a length such as 5d, 4h, 2w (units min, h, d, w, m, y)"))
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
                raise TjpError("tjp-syntax", _("block opened with { is never closed"), opening.where)
            if tok.kind is Kind.PUNCT:
                depth += {"{": 1, "}": -1}.get(tok.text, 0)

    def block(self, handle: Callable[[Token], None]) -> None:
        """`{ statement* }` where each statement starts with a keyword given to `handle`."""
        if not (self.peek().kind is Kind.PUNCT and self.peek().text == "{"):
            return
        opening = self.next()
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise TjpError(
                "tjp-nesting",
                _("blocks nest deeper than {depth} levels").format(depth=MAX_NESTING),
                opening.where,
            )
        while True:
            tok = self.peek()
            if tok.kind is Kind.END:
                raise TjpError("tjp-syntax", _("block opened with { is never closed"), opening.where)
            if self.punct("}"):
                break
            if tok.kind is not Kind.ID:
                raise self.fail(tok, _("expected a keyword"))
            handle(self.next())
        self.depth -= 1

    def attribute(self, tok: Token) -> str | None:
        """The keyword of an attribute, None when it belongs to another scenario (then skipped)."""
        scenario, _colon, keyword = tok.text.rpartition(":")
        if scenario and scenario != self.scenario:
            self.skip(
                _("{attribute} (scenario {scenario})").format(attribute=tok.text, scenario=scenario), tok
            )
            return None
        return keyword

    # -- calendars ------------------------------------------------------------------------------
    def leaves(self, first: Token) -> list[Leave]:
        """`leaves holiday "Good Friday" 2002-03-29, annual 2002-02-01 - 2002-02-05` and TJ2 `vacation`."""
        out: list[Leave] = []
        while True:
            kind = "holiday"
            if first.text == "leaves":
                tok = self.expect(Kind.ID, _("a leave type ({kinds})").format(kinds=", ".join(_LEAVE_KINDS)))
                if tok.text not in _LEAVE_KINDS:
                    raise self.fail(
                        tok, _("expected a leave type ({kinds})").format(kinds=", ".join(_LEAVE_KINDS))
                    )
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
                raise TjpError("tjp-hours", _("working hours must end after they start"), first.where)
            ranges.append((a, b))
            if not self.punct(","):
                break
        return Hours(tuple(sorted(set(days))), tuple(ranges), first.where)

    def _weekday(self) -> int:
        tok = self.expect(Kind.ID, _("a weekday (mon ... sun)"))
        if tok.text.lower() not in _DAYS:
            raise self.fail(tok, _("expected a weekday (mon ... sun)"))
        return _DAYS.index(tok.text.lower())

    def _time(self) -> int:
        tok = self.next()
        if tok.kind is Kind.NUMBER and tok.text.isdigit() and len(tok.text) <= 2:
            text = f"{tok.text}:00"
        elif tok.kind is Kind.TIME:
            text = tok.text
        else:
            raise self.fail(tok, _("expected a time of day such as 9:00"))
        hours, minutes = (int(p) for p in text.split(":"))
        if hours > 24 or minutes > 59 or hours * 60 + minutes > 1440:
            raise self.fail(tok, _("expected a time of day from 0:00 to 24:00"))
        return hours * 60 + minutes
