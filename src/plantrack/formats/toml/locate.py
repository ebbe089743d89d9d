"""Line numbers for the items of a TOML document, which `tomllib` does not give: a light scan of the text.

The scan runs on text that `tomllib` has already accepted, so it only needs to follow the grammar far
enough to tell a table header or a key from the inside of a string, an array or an inline table.
Paths are tuples: `("calendars", "plant", "off")`, and `("tasks", 3, "after")` for the fourth `[[tasks]]`.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field

Path = tuple[str | int, ...]

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_TOML_ERROR_LINE = re.compile(r"\(at line (\d+), column (\d+)\)")


@dataclass
class TomlLocator:
    """Where each table header, key and array item starts (1-based lines) in one TOML text."""

    source: str
    lines: dict[Path, int] = field(default_factory=dict)
    items: dict[Path, list[int]] = field(default_factory=dict)

    @classmethod
    def scan(cls, text: str, source: str) -> TomlLocator:
        locator = cls(source=source)
        _Scanner(text, locator).run()
        return locator

    def line(self, path: Path) -> int | None:
        """The line of `path`, else of its longest recorded prefix (an inline table's own key)."""
        for end in range(len(path), 0, -1):
            found = self.lines.get(path[:end])
            if found is not None:
                return found
        return None

    def item_line(self, path: Path, index: int) -> int | None:
        """The line of the `index`-th `{ ... }` in the array at `path`, else the array's own line."""
        found = self.items.get(path, [])
        if 0 <= index < len(found):
            return found[index]
        return self.line(path)

    def at(self, line: int | None) -> str:
        return f"{self.source}:{line}" if line is not None else self.source

    def where(self, path: Path, index: int | None = None) -> str:
        """`file:line` of a path (or of one item of the array at that path)."""
        return self.at(self.line(path) if index is None else self.item_line(path, index))


def syntax_error_line(message: str, text: str) -> int:
    """The line a `tomllib.TOMLDecodeError` message points at ("at end of document": the last line)."""
    match = _TOML_ERROR_LINE.search(message)
    if match:
        return int(match.group(1))
    return max(1, text.count("\n") + (0 if text.endswith("\n") else 1))


class _Scanner:
    """A single pass over the text, character by character, that never moves backwards."""

    def __init__(self, text: str, out: TomlLocator) -> None:
        self.text = text
        self.pos = 0
        self.lineno = 1
        self.out = out
        self.table: Path = ()
        self.array_tables: dict[tuple[str, ...], int] = {}

    def run(self) -> None:
        text = self.text
        while self.pos < len(text):
            self._skip_blanks()
            if self.pos >= len(text):
                break
            ch = text[self.pos]
            if ch == "\n":
                self._newline()
            elif ch == "#":
                self._skip_comment()
            elif ch == "[":
                self._header()
            else:
                self._key_value()

    # -- low-level moves

    def _newline(self) -> None:
        self.pos += 1
        self.lineno += 1

    def _skip_blanks(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in " \t\r":
            self.pos += 1

    def _skip_comment(self) -> None:
        end = self.text.find("\n", self.pos)
        self.pos = len(self.text) if end < 0 else end

    def _skip_to_line_end(self) -> None:
        """Skip what is left of the line (a comment, or text the scan does not follow)."""
        self._skip_comment()

    def _string(self) -> str:
        """Read a string starting at pos (any of the four kinds); return its raw inner text."""
        text = self.text
        for quote in ('"""', "'''"):
            if text.startswith(quote, self.pos):
                start = self.pos + 3
                end = start
                while True:
                    end = text.find(quote, end)
                    if end < 0:
                        end = len(text)
                        break
                    if quote == '"""' and _escaped(text, end):
                        end += 1
                        continue
                    # a run of quotes such as """" ends with the last three
                    while text.startswith(quote[0], end + 3):
                        end += 1
                    break
                self.lineno += text.count("\n", self.pos, end)
                self.pos = min(len(text), end + 3)
                return text[start:end]
        quote = text[self.pos]
        start = self.pos + 1
        end = start
        while end < len(text) and text[end] != quote and text[end] != "\n":
            if quote == '"' and text[end] == "\\":
                end += 1
            end += 1
        self.pos = min(len(text), end + 1)
        return text[start:end]

    def _key_parts(self, stop: str) -> list[str] | None:
        """A dotted key up to (not including) one of the `stop` characters; None if it is not one."""
        parts: list[str] = []
        text = self.text
        while self.pos < len(text):
            self._skip_blanks()
            if self.pos >= len(text):
                return None
            ch = text[self.pos]
            if ch in "\"'":
                raw = self._string()
                parts.append(_unescape(raw) if ch == '"' else raw)
            else:
                match = _BARE_KEY.match(text, self.pos)
                if match is None:
                    return None
                parts.append(match.group(0))
                self.pos = match.end()
            self._skip_blanks()
            if self.pos < len(text) and text[self.pos] == ".":
                self.pos += 1
                continue
            if self.pos < len(text) and text[self.pos] in stop:
                return parts
            return None
        return None

    # -- grammar

    def _header(self) -> None:
        line = self.lineno
        is_array = self.text.startswith("[[", self.pos)
        self.pos += 2 if is_array else 1
        parts = self._key_parts("]")
        if parts is None:
            self._skip_to_line_end()
            return
        self.pos += 2 if is_array else 1
        key = tuple(parts)
        if is_array:
            index = self.array_tables.get(key, -1) + 1
            self.array_tables[key] = index
            # a sub-array of a new element starts over
            for other in list(self.array_tables):
                if len(other) > len(key) and other[: len(key)] == key:
                    del self.array_tables[other]
            self.table = (*key, index)
        else:
            self.table = self._resolve(key)
        self.out.lines.setdefault(self.table, line)
        self._skip_to_line_end()

    def _resolve(self, key: tuple[str, ...]) -> Path:
        """`[tasks.x]` after `[[tasks]]` names a table inside the last element of the array."""
        resolved: list[str | int] = []
        for end in range(1, len(key) + 1):
            resolved.append(key[end - 1])
            index = self.array_tables.get(key[:end])
            if index is not None and end < len(key):
                resolved.append(index)
        return tuple(resolved)

    def _key_value(self) -> None:
        line = self.lineno
        parts = self._key_parts("=")
        if parts is None:
            self._skip_to_line_end()
            return
        self.pos += 1
        path: Path = (*self.table, *parts)
        self.out.lines.setdefault(path, line)
        self._value(path)
        self._skip_to_line_end()

    def _value(self, path: Path) -> None:
        """Skip one value; record the line of each inline table directly inside a top-level array."""
        text = self.text
        stack: list[str] = []
        items: list[int] = []
        while self.pos < len(text):
            ch = text[self.pos]
            if ch in "\"'":
                self._string()
                continue
            if ch == "\n":
                if not stack:
                    break
                self._newline()
                continue
            if ch == "#":
                self._skip_comment()
                continue
            if ch in "[{":
                if ch == "{" and stack == ["["]:
                    items.append(self.lineno)
                stack.append(ch)
            elif ch in "]}":
                if stack:
                    stack.pop()
                if not stack:
                    self.pos += 1
                    break
            self.pos += 1
        if items:
            self.out.items[path] = items


def _escaped(text: str, index: int) -> bool:
    """Whether the character at `index` is preceded by an odd number of backslashes."""
    count = 0
    while index - count - 1 >= 0 and text[index - count - 1] == "\\":
        count += 1
    return count % 2 == 1


def _unescape(raw: str) -> str:
    """A quoted key's value, decoded by tomllib itself so escapes match exactly."""
    try:
        return str(next(iter(tomllib.loads(f'"{raw}" = 0'))))
    except (tomllib.TOMLDecodeError, StopIteration):
        return raw
