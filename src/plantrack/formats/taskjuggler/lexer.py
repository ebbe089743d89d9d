"""TaskJuggler tokenizer: ids, both string quotes, `-8<-` blocks, comments, dates, times and durations."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from plantrack.i18n import _
from plantrack.scheduling.errors import InvalidInput, Problem


class TjpError(InvalidInput):
    """A TaskJuggler file the importer cannot read; it names file:line (exit code 1, nothing written)."""

    def __init__(self, code: str, message: str, location: str) -> None:
        super().__init__([Problem(code=code, message=message, location=location)])


class Kind(StrEnum):
    ID = "id"
    STRING = "string"
    NUMBER = "number"
    DATE = "date"
    TIME = "time"
    DURATION = "duration"
    MACRO = "macro"  # ${name args}
    BODY = "body"  # [ ... ] of a macro definition, raw text
    PUNCT = "punct"
    END = "end"


@dataclass(frozen=True, slots=True)
class Token:
    kind: Kind
    text: str
    file: str
    line: int
    nl: bool  # a line break comes before this token: TaskJuggler statements end at line ends

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True, slots=True)
class TjDate:
    """A date as written: wall-clock time and, when the file gives one, its UTC offset in minutes."""

    when: dt.datetime
    offset: int | None


# a date with optional time, seconds and UTC offset: 2002-01-16, 2007-11-09-00:00-+0000
_DATE = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})(?:-(\d{1,2}):(\d{2})(?::(\d{2}))?)?(?:-([+-])(\d{2}):?(\d{2}))?(?![\w:])"
)
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?![\w:])")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_UNIT = re.compile(r"(min|h|d|w|m|y)(?!\w)")
_ID = re.compile(r"!*[^\W\d]\w*(?:\.[^\W\d]?\w*)*(?::[^\W\d]\w*)?")
MAX_MACRO_BODY = 1 << 20


def parse_date(text: str, where: str) -> TjDate:
    """`2002-01-16`, `2002-01-16-09:00`, `2007-12-16-01:00:00-+0100` -> TjDate; TjpError if impossible."""
    match = _DATE.fullmatch(text)
    if match is None:
        raise TjpError(
            "tjp-date",
            _("{text} is not a date such as 2002-01-16 or 2002-01-16-09:00").format(text=repr(text)),
            where,
        )
    year, month, day, hour, minute, second, sign, off_h, off_m = match.groups()
    try:
        when = dt.datetime(int(year), int(month), int(day))
        clock = dt.timedelta(hours=int(hour or 0), minutes=int(minute or 0), seconds=int(second or 0))
        if clock > dt.timedelta(hours=24) or int(minute or 0) > 59 or int(second or 0) > 59:
            raise ValueError  # a time of day out of range: the same error as an impossible date
        when += clock  # 24:00 is the next midnight, as TaskJuggler allows
    except (ValueError, OverflowError):
        raise TjpError("tjp-date", _("{text} is not a valid date").format(text=repr(text)), where) from None
    offset = None
    if sign:
        offset = (int(off_h) * 60 + int(off_m)) * (1 if sign == "+" else -1)
        if abs(offset) > 14 * 60:
            raise TjpError(
                "tjp-date", _("{text} has a UTC offset beyond 14 hours").format(text=repr(text)), where
            )
    return TjDate(when=when, offset=offset)


class Lexer:
    """Turns one file's text into tokens; errors (unterminated strings and comments) name file:line."""

    def __init__(self, text: str, file: str, first_line: int = 1) -> None:
        self.text = text
        self.file = file
        self.pos = 0
        self.line = first_line

    def fail(self, code: str, message: str, line: int | None = None) -> TjpError:
        return TjpError(code, message, f"{self.file}:{line or self.line}")

    def tokens(self) -> list[Token]:
        out: list[Token] = []
        nl = True
        while True:
            nl = self._skip_blank() or nl
            if self.pos >= len(self.text):
                out.append(Token(Kind.END, "", self.file, self.line, True))
                return out
            out.append(self._next(nl))
            nl = False

    def _skip_blank(self) -> bool:
        """Skip whitespace and comments; True when a line break was crossed."""
        text, crossed = self.text, False
        while self.pos < len(text):
            ch = text[self.pos]
            if ch == "\n":
                self.line += 1
                crossed = True
                self.pos += 1
            elif ch.isspace():
                self.pos += 1
            elif ch == "#" or text.startswith("//", self.pos):
                end = text.find("\n", self.pos)
                self.pos = len(text) if end < 0 else end
            elif text.startswith("/*", self.pos):
                end = text.find("*/", self.pos + 2)
                if end < 0:
                    raise self.fail("tjp-comment", _("comment opened with /* is never closed"))
                chunk = text[self.pos : end + 2]
                self.line += chunk.count("\n")
                crossed = crossed or "\n" in chunk
                self.pos = end + 2
            else:
                break
        return crossed

    def _token(self, kind: Kind, text: str, line: int, nl: bool) -> Token:
        return Token(kind, text, self.file, line, nl)

    def _next(self, nl: bool) -> Token:
        text, start, line = self.text, self.pos, self.line
        ch = text[start]
        if ch in "\"'":
            return self._token(Kind.STRING, self._quoted(ch), line, nl)
        if text.startswith("-8<-", start):
            return self._token(Kind.STRING, self._scissors(), line, nl)
        if text.startswith("${", start):
            return self._token(Kind.MACRO, self._balanced("{", "}", start + 2, _("macro call ${")), line, nl)
        if ch == "[":
            body = self._balanced("[", "]", start + 1, _("macro body ["))
            return self._token(Kind.BODY, body, line, nl)
        if ch.isdigit():
            for pattern, kind in ((_DATE, Kind.DATE), (_TIME, Kind.TIME)):
                match = pattern.match(text, start)
                if match:
                    self.pos = match.end()
                    return self._token(kind, match.group(), line, nl)
            number = _NUMBER.match(text, start)
            assert number is not None  # a digit starts a number
            self.pos = number.end()
            unit = _UNIT.match(text, self.pos)
            if unit:
                self.pos = unit.end()
                return self._token(Kind.DURATION, text[start : self.pos], line, nl)
            return self._token(Kind.NUMBER, number.group(), line, nl)
        ident = _ID.match(text, start)
        if ident and (ch != "!" or ident.end() > start + 1):
            self.pos = ident.end()
            return self._token(Kind.ID, ident.group(), line, nl)
        self.pos += 1
        return self._token(Kind.PUNCT, ch, line, nl)

    def _quoted(self, quote: str) -> str:
        text, line = self.text, self.line
        out: list[str] = []
        i = self.pos + 1
        while i < len(text):
            ch = text[i]
            if ch == "\\" and i + 1 < len(text):
                out.append(text[i + 1])
                i += 2
                continue
            if ch == quote:
                self.line += text.count("\n", self.pos, i)
                self.pos = i + 1
                return "".join(out)
            out.append(ch)
            i += 1
        raise self.fail(
            "tjp-string", _("string opened with {quote} is never closed").format(quote=quote), line
        )

    def _scissors(self) -> str:
        """A `-8<-` ... `->8-` block: the lines between, less the first line's indentation."""
        text, line = self.text, self.line
        end = text.find("->8-", self.pos + 4)
        if end < 0:
            raise self.fail("tjp-string", _("text opened with -8<- is never closed with ->8-"), line)
        raw = text[self.pos + 4 : end]
        self.line += text.count("\n", self.pos, end + 4)
        self.pos = end + 4
        lines = raw.split("\n")
        if lines and not lines[0].strip():
            lines = lines[1:]
        indent = len(lines[0]) - len(lines[0].lstrip()) if lines else 0
        return "\n".join(ln[indent:] if ln[:indent].isspace() else ln.lstrip() for ln in lines).rstrip()

    def _balanced(self, opening: str, closing: str, begin: int, what: str) -> str:
        text, line, depth = self.text, self.line, 1
        i = begin
        while i < len(text) and i - begin <= MAX_MACRO_BODY:
            ch = text[i]
            if ch == opening:
                depth += 1
            elif ch == closing:
                depth -= 1
                if depth == 0:
                    self.line += text.count("\n", self.pos, i)
                    self.pos = i + 1
                    return text[begin:i]
            i += 1
        raise self.fail(
            "tjp-unclosed",
            _("{what} is never closed with {closing}").format(what=what, closing=closing),
            line,
        )
