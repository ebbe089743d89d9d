"""Sealed workspace files: a digest in meta marks a file as this store wrote it, so a load may decode it fast.

Every save lays the file out canonically (tables sorted by name, one document per line) and puts the
SHA-256 of the file *without its meta entry* in `meta.digest`. A file whose digest still matches was
written by this store byte for byte: no duplicate keys, no unknown or missing fields, every value of
its model type. Such a file skips the strict parse (Python code for each of a million objects) and its
project tables are decoded straight into model objects by msgspec's typed decoder, in C; the model's
own checks still run (`__post_init__`). Anything else — edited by hand, written by another tool, an
older schema, a value the fast decoder refuses — returns None and takes the strict, located path.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

import msgspec

from plantrack.scheduling.model import Project
from plantrack.store import codec
from plantrack.store.scenarios import SCENARIOS
from plantrack.store.storage import no_duplicate_keys
from plantrack.store.tables import ParsedFile, encode

META = "meta"
DIGEST = "digest"
_ENTRY = b'\n  "'  # the start of a top-level entry in the canonical layout (documents are indented 4+)
_META_ENTRY = b'\n  "meta": '


Chunk = bytes | memoryview


def seal(entries: Iterable[tuple[str, str | Chunk]], meta: dict[str, Any]) -> list[Chunk]:
    """The file, as chunks to write in order, from (table name, value text) pairs, with `meta` (plus
    the digest) as its meta table. The digest covers the file exactly as it reads with the meta entry
    cut out (see `_unsealed`). Texts already in bytes (a table reused from the file) are not copied.
    """
    before: list[Chunk] = []
    after: list[Chunk] = []
    for name, text in sorted(entries, key=lambda entry: entry[0]):
        if name == META:
            continue
        side = before if name < META else after
        if side:
            side.append(b",\n")
        side.append(f"  {encode(name)}: ".encode())
        side.append(text.encode() if isinstance(text, str) else text)
    digest = hashlib.sha256(b"{\n")
    for part in (*before, b",\n" if before and after else b"", *after, b"\n}\n"):
        digest.update(part)
    meta_doc = encode({**meta, DIGEST: digest.hexdigest()})
    meta_entry = f'  "meta": {{\n    "1": {meta_doc}\n  }}'.encode()
    return [
        b"{\n",
        *before,
        b",\n" if before else b"",
        meta_entry,
        b",\n" if after else b"",
        *after,
        b"\n}\n",
    ]


def _unsealed(raw: bytes) -> tuple[dict[str, Any], bool] | None:
    """The meta document of a canonically laid out file and whether its digest matches, else None."""
    at = raw.find(_META_ENTRY)
    if at < 1:
        return None
    end = raw.find(b"\n  }", at + 1)
    if end < 0:
        return None
    end += 4
    try:
        table = json.loads(raw[at + len(_META_ENTRY) : end], object_pairs_hook=no_duplicate_keys)
    except (ValueError, RecursionError):  # meta lies outside the digest: parse it strictly
        return None
    meta = table.get("1") if isinstance(table, dict) and len(table) == 1 else None
    if not isinstance(meta, dict) or not isinstance(meta.get(DIGEST), str):
        return None
    view = memoryview(raw)
    if raw[at - 1 : at] == b",":  # meta after other tables: cut ",\n  "meta": {...}"
        head, tail = view[: at - 1], view[end:]
    elif raw[end : end + 2] == b",\n":  # meta first: cut '  "meta": {...},\n'
        head, tail = view[: at + 1], view[end + 2 :]
    else:  # meta alone
        head, tail = view[: at + 1], view[end:]
    digest = hashlib.sha256(head)
    digest.update(tail)
    return meta, meta.get(DIGEST) == digest.hexdigest()


def sealed_meta(raw: bytes) -> dict[str, Any] | None:
    """The meta document when `raw` is a sealed file whose digest matches, else None."""
    found = _unsealed(raw)
    return found[0] if found is not None and found[1] else None


@dataclass(frozen=True)
class Sealed:
    """A sealed file, decoded: the project, the other tables as JSON values, and where each table lies."""

    project: Project
    parsed: ParsedFile  # tables: meta, project, schedule and sections as JSON; collections decoded


def spans_of(raw: bytes) -> dict[str, tuple[int, int]] | None:
    """Where each top-level table's value lies in a canonically laid out file's bytes, else None."""
    if not (raw.startswith(b"{\n") and raw.endswith(b"\n}\n")):
        return None
    spans: dict[str, tuple[int, int]] = {}
    at = raw.find(_ENTRY)
    while at >= 0:
        key_end = raw.find(b'": ', at + 4)
        if key_end < 0:
            return None
        try:
            name = json.loads(raw[at + 3 : key_end + 1])
        except ValueError:
            return None
        start = key_end + 3
        following = raw.find(_ENTRY, start)
        stop = following - 1 if following >= 0 else len(raw) - 3
        if not isinstance(name, str) or name in spans or (following >= 0 and raw[stop : stop + 1] != b","):
            return None
        spans[name] = (start, stop)
        at = following
    return spans


@cache
def _typed(cls: type) -> msgspec.json.Decoder[dict[str, Any]]:
    return msgspec.json.Decoder(dict[str, cls])  # type: ignore[valid-type]


_PLAIN = msgspec.json.Decoder()


def _in_order(table: dict[str, Any]) -> list[Any] | None:
    """The documents of a table whose ids run 1, 2, 3... in file order (as saves write them)."""
    if list(table) != [str(number) for number in range(1, len(table) + 1)]:
        return None
    return list(table.values())


def read_sealed(raw: bytes, schema: int, written_by: str) -> Sealed | None:
    """Decode a sealed file of the current `schema` fast, or None to take the strict path.

    Only a file this very version wrote: another version's model may hold fields this one does not
    know, which msgspec would drop without a word where the strict path refuses them.
    """
    meta = sealed_meta(raw)
    if meta is None or meta.get("schema_version") != schema or meta.get("written_by") != written_by:
        return None
    spans = spans_of(raw)
    if spans is None or META not in spans or "project" not in spans:
        return None
    view = memoryview(raw)
    hints = codec.collection_types()
    tables: dict[str, Any] = {}
    collections: dict[str, tuple[Any, ...]] = {}
    try:
        for name, (start, stop) in spans.items():
            source = view[start:stop]
            if name == SCENARIOS:  # decoded scenario by scenario, when used (store/scenarios.py)
                tables[name] = source
            elif name in hints:
                decoded = _typed(hints[name]).decode(source)
                rows = _in_order(decoded)
                if rows is None:
                    return None
                collections[name] = tuple(rows)
                tables[name] = decoded
            else:
                tables[name] = _PLAIN.decode(source)
        head = _in_order(tables["project"])
        if head is None or len(head) != 1 or set(collections) != set(hints):
            return None
        scalars = codec.decode_project({**head[0], **{name: [] for name in hints}})
        project = dataclasses.replace(scalars, **collections)  # type: ignore[arg-type]
    except (msgspec.ValidationError, msgspec.DecodeError, codec.CodecError, ValueError, TypeError):
        return None
    return Sealed(project, ParsedFile(tables, "", spans, raw))
