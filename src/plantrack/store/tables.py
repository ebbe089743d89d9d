"""The workspace file as text: tables parsed one by one with their spans, and each table's canonical text.

Knowing where each table's text lies in the file lets a save reuse the bytes of the tables it did not
change (the project's 100k tasks when only the stored plan changed) and tell whether a table changed
by comparing its new canonical text with the old span, without serialising the old data twice.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from json import encoder as json_encoder
from typing import Any

import msgspec

#: A document longer than this on one line is written one field per line instead.
LONG_DOCUMENT = 2000
#: A document with more fields than this is encoded field by field first (it will be long anyway).
_MANY_FIELDS = 64

# json's C encoder with the same layout: the reference for values msgspec cannot write exactly
_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
_FAST = msgspec.json.Encoder(order="sorted")
_CHECK = msgspec.json.Decoder()


def _make_strict() -> Callable[[Any], str]:
    # JSONEncoder.encode builds a new C encoder on every call; 300k documents would pay that 300k times
    make = getattr(json_encoder, "c_make_encoder", None)
    basestring = getattr(json_encoder, "c_encode_basestring", None)
    if make is None or basestring is None:  # pragma: no cover - CPython always has the C encoder
        return _ENCODER.encode
    c_encode = make(None, _ENCODER.default, basestring, None, ":", ",", True, False, False)

    def strict(value: Any) -> str:
        if isinstance(value, str):
            return _ENCODER.encode(value)
        return "".join(c_encode(value, 0))

    return strict


_strict = _make_strict()


def encode(value: Any) -> str:
    """Compact JSON, keys sorted, text as UTF-8: what the file holds for `value`.

    msgspec encodes about ten times faster than json's C encoder (0.08 s against 0.7 s for a 100k-task
    plan), but writes NaN and infinities as null and a set, a datetime or a Decimal as something else
    without a word. So its text is decoded again and must give back a value equal to `value`; if not,
    json's encoder writes it, raising ValueError / TypeError for what JSON cannot hold, as before.
    """
    try:
        data = _FAST.encode(value)
        if _CHECK.decode(data) == value:
            return data.decode()
    except (msgspec.EncodeError, msgspec.DecodeError, TypeError, ValueError, OverflowError, RecursionError):
        pass
    return _strict(value)


def id_order(doc_id: Any) -> tuple[int, int, str]:
    """TinyDB ids ("1", "2", ... "10") in numeric order, anything else after them."""
    text = str(doc_id)
    return (0, int(text), "") if text.isdigit() and text.isascii() else (1, 0, text)


def quick_encode(value: Any) -> str:
    """`encode` without reading msgspec's text back: for telling whether a value equals the file's text
    (equal text means the file already holds an exact copy; nothing is written from this)."""
    try:
        return _FAST.encode(value).decode()
    except (msgspec.EncodeError, TypeError, ValueError, OverflowError, RecursionError):
        return _strict(value)


def document_text(doc: Any, encode: Callable[[Any], str] = encode) -> str:
    """One document on one line, or one field per line when that line would be long."""
    # a long document is encoded whole, then again field by field: cheap with msgspec, and checking
    # every document's fields for a long list first cost more than that on 300k small documents
    if isinstance(doc, dict) and len(doc) > _MANY_FIELDS and all(type(k) is str for k in doc):
        fields = [(encode(k), encode(doc[k])) for k in sorted(doc)]
        if sum(len(k) + len(v) + 2 for k, v in fields) <= LONG_DOCUMENT:
            return "{" + ",".join(f"{k}:{v}" for k, v in fields) + "}"
        return "{\n" + ",\n".join(f"      {k}: {v}" for k, v in fields) + "\n    }"
    text: str = encode(doc)
    if len(text) <= LONG_DOCUMENT or not isinstance(doc, dict):
        return text
    fields_text = [f"      {encode(k)}: {encode(doc[k])}" for k in sorted(doc)]
    return "{\n" + ",\n".join(fields_text) + "\n    }"


def checked_table_text(table: Any, quick: str) -> str:
    """`table_text(table)` given its quick text: that text itself when it reads back equal to the
    table (one check for the whole table instead of one per document), else the checked encoding."""
    try:
        if _CHECK.decode(quick) == table:
            return quick
    except (msgspec.DecodeError, RecursionError):
        pass
    return table_text(table)


def table_text(table: Any, *, quick: bool = False) -> str:
    """The canonical text of one table's value: one document per line in id order, keys sorted.

    `quick` skips the read-back check (see `quick_encode`): only to compare with the file's text.
    """
    enc = quick_encode if quick else encode
    if not isinstance(table, dict) or not table:
        return enc(table)
    ids = sorted(table, key=id_order)
    lines = [f"    {enc(doc_id)}: {document_text(table[doc_id], enc)}" for doc_id in ids]
    return "{\n" + ",\n".join(lines) + "\n  }"


def join_tables(texts: dict[str, str]) -> bytes:
    """The whole file from each table's value text, tables sorted by name."""
    if not texts:
        return b"{\n}\n"
    body = ",\n".join(f"  {encode(name)}: {texts[name]}" for name in sorted(texts))
    return ("{\n" + body + "\n}\n").encode("utf-8")


@dataclass(frozen=True)
class ParsedFile:
    """A workspace file's top-level tables and, when it is an object of tables, where each table's text lies.

    Spans index `text`, or `raw` (the file's bytes) when that is set: a sealed file is never decoded
    to one big string.
    """

    tables: dict[str, Any]
    text: str
    spans: dict[str, tuple[int, int]]
    raw: bytes | None = None

    def table_source(self, name: str) -> str | None:
        span = self.spans.get(name)
        if span is None:
            return None
        if self.raw is not None:
            return self.raw[span[0] : span[1]].decode("utf-8")
        return self.text[span[0] : span[1]]

    def table_bytes(self, name: str) -> bytes | memoryview | None:
        """The table's text as UTF-8, without copying it when the file's bytes are at hand."""
        span = self.spans.get(name)
        if span is None:
            return None
        if self.raw is not None:
            return memoryview(self.raw)[span[0] : span[1]]
        return self.text[span[0] : span[1]].encode("utf-8")


class NotTables(ValueError):
    """The text is not a plain object of tables; the caller parses it whole to report why."""


_WS = json.decoder.WHITESPACE.match  # type: ignore[attr-defined]
_scanstring = json.decoder.scanstring  # type: ignore[attr-defined]


def walk_tables(text: str, decoder: json.JSONDecoder, duplicate: type[Exception]) -> ParsedFile:
    """Parse the top-level object table by table with `decoder`, recording each value's span.

    Raises NotTables (or the decoder's errors) on anything else; `duplicate(key)` for a repeated table.
    """
    pos = _WS(text, 0).end()
    if text[pos : pos + 1] != "{":
        raise NotTables("top level")
    pos = _WS(text, pos + 1).end()
    tables: dict[str, Any] = {}
    spans: dict[str, tuple[int, int]] = {}
    if text[pos : pos + 1] == "}":
        pos = _WS(text, pos + 1).end()
    else:
        while True:
            if text[pos : pos + 1] != '"':
                raise NotTables("key")
            key, pos = _scanstring(text, pos + 1)
            pos = _WS(text, pos).end()
            if text[pos : pos + 1] != ":":
                raise NotTables("colon")
            start = _WS(text, pos + 1).end()
            value, end = decoder.raw_decode(text, start)
            if key in tables:
                raise duplicate(key)
            tables[key] = value
            spans[key] = (start, end)
            pos = _WS(text, end).end()
            separator = text[pos : pos + 1]
            pos = _WS(text, pos + 1).end()
            if separator == "}":
                break
            if separator != ",":
                raise NotTables("separator")
    if pos != len(text):
        raise NotTables("extra data")
    return ParsedFile(tables, text, spans)


def same_table(old_source: str | None, new_text: str) -> bool:
    """Whether a table whose file text was `old_source` now has the canonical text `new_text`.

    Equal texts mean equal data. Otherwise the old text may only be laid out differently (edited by
    hand): compare canonical texts. Duplicate keys were refused when the file was read.
    """
    if old_source is None:
        return False
    if old_source == new_text:
        return True
    return table_text(json.loads(old_source)) == new_text
