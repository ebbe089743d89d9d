"""TaskJuggler token stream: `include` of files beside the project and `macro` definitions and calls."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from plantrack.formats.reasons import os_reason
from plantrack.formats.taskjuggler.lexer import Kind, Lexer, TjpError, Token
from plantrack.i18n import _
from plantrack.i18n.formats import format_number

MAX_FILE_BYTES = 16 * 1024 * 1024
#: Nested includes and macro calls deeper than this are a loop, not a plan.
MAX_DEPTH = 40
#: Tokens a file may hold, includes spliced in.
MAX_TOKENS = 2_000_000
#: Macro calls plus the tokens they expand to: real files use a few thousand; a macro that calls
#: another twice per level doubles at each of its levels and would not stop in a lifetime.
MAX_EXPANDED = 100_000
_ARG = re.compile(r"\$\{(\d+)\}")


def read_text(path: Path, shown: str, where: str | None = None) -> str:
    """A source file's text; TjpError naming it when unreadable, too large or not UTF-8."""
    location = where or shown
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise TjpError(
            "file-unreadable",
            _("cannot read {file}: {reason}").format(file=shown, reason=os_reason(exc)),
            location,
        ) from None
    if len(raw) > MAX_FILE_BYTES:
        raise TjpError("file-too-large", _("{file} is over 16 MiB").format(file=shown), location)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TjpError(
            "tjp-encoding",
            _("{file} is not UTF-8 text (byte {byte})").format(file=shown, byte=exc.start),
            location,
        ) from None


@dataclass
class _Frame:
    tokens: list[Token]
    pos: int = 0
    file: Path | None = None  # set for an included file, to spot include loops


@dataclass
class Stream:
    """Tokens of the project file with includes spliced in and macros expanded, read one at a time."""

    root: Path
    frames: list[_Frame] = field(default_factory=list)
    macros: dict[str, str] = field(default_factory=dict)
    builtins: dict[str, str] = field(default_factory=dict)  # projectstart, projectend, now
    skipped: list[tuple[str, Token]] = field(default_factory=list)  # unsupported constructs met here
    produced: int = 0
    expanded: int = 0

    def __post_init__(self) -> None:
        text = read_text(self.root, self.root.name)
        self.frames.append(_Frame(Lexer(text, self.root.name).tokens(), file=self.root.resolve()))

    def peek(self) -> Token:
        while True:
            frame = self.frames[-1]
            tok = frame.tokens[frame.pos]
            if tok.kind is Kind.END and len(self.frames) > 1:
                self.frames.pop()
                continue
            if tok.kind is Kind.MACRO:
                frame.pos += 1
                self._expand(tok)
                continue
            if tok.kind is Kind.ID and tok.text in ("include", "macro") and self._directive(frame, tok):
                continue
            return tok

    def next(self) -> Token:
        tok = self.peek()
        frame = self.frames[-1]
        if tok.kind is not Kind.END:
            frame.pos += 1
            self.produced += 1
            if self.produced > MAX_TOKENS:
                raise TjpError("tjp-too-large", _("the file expands to over 2 million tokens"), tok.where)
        return tok

    def _push(self, tokens: list[Token], file: Path | None, where: str) -> None:
        if len(self.frames) >= MAX_DEPTH:
            raise TjpError(
                "tjp-nesting",
                _("includes or macros nest deeper than {depth} levels").format(depth=MAX_DEPTH),
                where,
            )
        self.frames.append(_Frame(tokens, file=file))

    def _directive(self, frame: _Frame, tok: Token) -> bool:
        """`macro NAME [body]` and `include "file"`: handled here, True when one was consumed."""
        after = frame.tokens[frame.pos + 1 : frame.pos + 3]
        if tok.text == "macro":
            if len(after) == 2 and after[0].kind is Kind.ID and after[1].kind is Kind.BODY:
                self.macros[after[0].text] = after[1].text
                frame.pos += 3
                return True
            raise TjpError("tjp-macro", _("expected: macro NAME [ text ]"), tok.where)
        if not after or after[0].kind is not Kind.STRING:
            raise TjpError("tjp-include", _('expected: include "file.tji"'), tok.where)
        frame.pos += 2
        options = frame.tokens[frame.pos]
        if options.kind is Kind.PUNCT and options.text == "{" and not options.nl:
            self.skipped.append((_("include options"), options))
            depth = 0
            while frame.tokens[frame.pos].kind is not Kind.END:
                text = frame.tokens[frame.pos].text if frame.tokens[frame.pos].kind is Kind.PUNCT else ""
                depth += {"{": 1, "}": -1}.get(text, 0)
                frame.pos += 1
                if depth == 0:
                    break
        self._include(after[0].text, tok)
        return True

    def _include(self, name: str, tok: Token) -> None:
        base = self.root.resolve().parent
        current = next((f.file for f in reversed(self.frames) if f.file is not None), None)
        folder = current.parent if current is not None else base
        target = (folder / name).resolve()
        if not target.is_relative_to(base):
            raise TjpError(
                "tjp-include",
                _("include {name} is outside the project's folder; copy it beside").format(name=repr(name)),
                tok.where,
            )
        if any(f.file == target for f in self.frames):
            raise TjpError(
                "tjp-include", _("include {name} includes itself").format(name=repr(name)), tok.where
            )
        if not target.is_file():
            raise TjpError(
                "tjp-include", _("included file {name} does not exist").format(name=repr(name)), tok.where
            )
        shown = target.relative_to(base).as_posix()
        text = read_text(target, shown, tok.where)
        tokens = Lexer(text, shown).tokens()
        self._push(tokens, target, tok.where)

    def _expand(self, tok: Token) -> None:
        """`${name}` or `${name "arg" ...}`: the body lexed in place, `${1}` replaced by the arguments."""
        parts = Lexer(tok.text, tok.file, tok.line).tokens()[:-1]
        optional = bool(parts) and parts[0].kind is Kind.PUNCT and parts[0].text == "?"
        if optional:
            parts = parts[1:]
        if not parts or parts[0].kind is not Kind.ID:
            raise TjpError(
                "tjp-macro", _("cannot read macro call {call}").format(call="${" + tok.text + "}"), tok.where
            )
        name = parts[0].text
        args = [p.text for p in parts[1:]]
        if name in self.builtins:
            body = self.builtins[name]
        elif name in self.macros:
            body = _ARG.sub(lambda m: _arg(args, m.group(1)), self.macros[name])
        elif optional:
            return
        else:
            raise TjpError(
                "tjp-macro",
                _("macro {name} is not defined before its use").format(name=repr(name)),
                tok.where,
            )
        tokens = Lexer(body, tok.file, tok.line).tokens()[:-1]
        self.expanded += 1 + len(tokens)
        if self.expanded > MAX_EXPANDED:
            raise TjpError(
                "tjp-too-large",
                _("macros expand to over {count} tokens").format(count=format_number(MAX_EXPANDED)),
                tok.where,
            )
        # the expansion stands where the call stood: it starts a statement only if the call did
        tokens = [
            Token(t.kind, t.text, tok.file, tok.line, (t.nl and i > 0) or (i == 0 and tok.nl))
            for i, t in enumerate(tokens)
        ]
        self._push([*tokens, Token(Kind.END, "", tok.file, tok.line, True)], None, tok.where)


def _arg(args: list[str], number: str) -> str:
    index = int(number) - 1 if len(number) < 4 else -1
    return args[index] if 0 <= index < len(args) else ""
