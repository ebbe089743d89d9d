"""Safe XML reading for imported files: no DTD, no entities, bounded size, depth and element count.

MSPDI, GanttProject and Planner files never need a DOCTYPE, so any DOCTYPE is refused outright (this
closes XXE, billion laughs and quadratic blowup whatever Expat version Python was built with).
Namespaces are dropped from tags so readers can say `Task` rather than `{http://...}Task`.
"""

from __future__ import annotations

import importlib
import io
import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from plantrack.formats.reasons import os_reason
from plantrack.i18n import N_, _
from plantrack.scheduling.errors import InvalidInput, Problem

MAX_BYTES = 100 * 1024 * 1024
#: MSPDI nests about eight levels deep, GanttProject one level per outline level.
MAX_DEPTH = 256
MAX_ELEMENTS = 5_000_000

_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
#: Expat's reasons a damaged file can give (its numbered error codes), in the language of the run; the
#: codes of DTD and entity processing are refused before they arise, the rest keep Expat's own words.
_EXPAT_REASONS = {
    1: N_("out of memory"),
    2: N_("syntax error"),
    3: N_("no element found"),
    4: N_("not well-formed (invalid token)"),
    5: N_("unclosed token"),
    6: N_("partial character"),
    7: N_("mismatched tag"),
    8: N_("duplicate attribute"),
    9: N_("junk after document element"),
    11: N_("undefined entity"),
    14: N_("reference to invalid character number"),
    17: N_("XML or text declaration not at start of entity"),
    18: N_("unknown encoding"),
    19: N_("encoding specified in XML declaration is incorrect"),
    20: N_("unclosed CDATA section"),
    27: N_("unbound prefix"),
    28: N_("must not undeclare prefix"),
    30: N_("XML declaration not well-formed"),
    31: N_("text declaration not well-formed"),
    38: N_("reserved prefix (xml) must not be undeclared or bound to another namespace name"),
    39: N_("reserved prefix (xmlns) must not be declared or undeclared"),
    40: N_("prefix must not be bound to one of the reserved namespace names"),
}


def expat_reason(code: int | None) -> str:
    """Why Expat refused a file, from its error code, in the language of the run."""
    reason = _EXPAT_REASONS.get(code or 0)
    if reason is not None:
        return _(reason)
    from xml.parsers.expat import errors

    # a code no damaged plan file gives (DTDs are refused first): Expat's own words, else its number
    return errors.messages.get(code or 0) or _("XML error {code}").format(code=code)


def _defused() -> Any:
    # defusedxml ships no type information; the module is used through a few well-known calls
    return importlib.import_module("defusedxml.ElementTree")


def _fail(path: Path, code: str, message: str, line: int | None = None) -> InvalidInput:
    where = f"{path.name}:{line}" if line else path.name
    return InvalidInput([Problem(code=code, message=message, location=where)])


def _doctype_line(raw: bytes) -> int:
    """Line of the DOCTYPE, also when the file is declared in UTF-16."""
    for encoding in ("utf-8", "utf-16"):
        text = raw.decode(encoding, "ignore")
        index = text.upper().find("<!DOCTYPE")
        if index >= 0:
            return text.count("\n", 0, index) + 1
    match = _DOCTYPE.search(raw)
    return raw.count(b"\n", 0, match.start()) + 1 if match else 1


def read_limited(path: Path, *, max_bytes: int = MAX_BYTES) -> bytes:
    """The file's bytes, refusing files over the size limit before reading them."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise _fail(
                path,
                "file-too-large",
                _("file too large ({size} MB > {limit} MB limit)").format(
                    size=f"{size / 1e6:.0f}", limit=f"{max_bytes / 1e6:.0f}"
                ),
            )
        return path.read_bytes()
    except OSError as exc:
        raise _fail(
            path,
            "file-unreadable",
            _("cannot read {file}: {reason}").format(file=path.name, reason=os_reason(exc)),
        ) from None


def parse_xml(
    path: Path,
    *,
    kind: str,
    data: bytes | None = None,
    max_bytes: int = MAX_BYTES,
    max_depth: int = MAX_DEPTH,
    max_elements: int = MAX_ELEMENTS,
) -> ET.Element:
    """Parse `path` (or `data`, named after `path`) safely; InvalidInput with the line on any problem."""
    raw = read_limited(path, max_bytes=max_bytes) if data is None else data
    if len(raw) > max_bytes:
        raise _fail(
            path,
            "file-too-large",
            _("file too large ({size} MB > limit)").format(size=f"{len(raw) / 1e6:.0f}"),
        )
    defused = _defused()
    common = importlib.import_module("defusedxml.common")
    depth = 0
    count = 0
    root: ET.Element | None = None
    try:
        events = defused.iterparse(io.BytesIO(raw), events=("start", "end"), forbid_dtd=True)
        for event, element in events:
            if event == "start":
                depth += 1
                count += 1
                if root is None:
                    root = element
                if depth > max_depth:
                    raise _fail(
                        path,
                        "xml-too-deep",
                        _("{kind} file nests elements over {depth} levels deep").format(
                            kind=kind, depth=max_depth
                        ),
                    )
                if count > max_elements:
                    raise _fail(
                        path,
                        "xml-too-large",
                        _("{kind} file has over {count} elements").format(kind=kind, count=max_elements),
                    )
                tag = element.tag
                if isinstance(tag, str) and tag.startswith("{"):
                    element.tag = tag.rpartition("}")[2]
            else:
                depth -= 1
    except common.DTDForbidden:
        line = _doctype_line(raw)
        raise _fail(
            path,
            "xml-doctype",
            _("{kind} files must not contain a DOCTYPE (line {line})").format(kind=kind, line=line),
            line,
        ) from None
    except (common.EntitiesForbidden, common.ExternalReferenceForbidden, common.NotSupportedError):
        raise _fail(
            path, "xml-entities", _("{kind} files must not declare or use entities").format(kind=kind)
        ) from None
    except ET.ParseError as exc:
        line, column = getattr(exc, "position", (0, 0))
        reason = expat_reason(getattr(exc, "code", None))
        raise _fail(
            path,
            "xml-malformed",
            _("not well-formed XML: {reason} (line {line}, column {column})").format(
                reason=reason, line=line, column=column
            ),
            line,
        ) from None
    # an encoding Python does not know, or one Expat cannot take (UTF-7 tricks, multi-byte encodings)
    except (ValueError, LookupError):
        raise _fail(
            path,
            "xml-malformed",
            _("cannot read {file} as XML: {reason}").format(
                file=path.name, reason=_("its declared encoding is not supported")
            ),
        ) from None
    if root is None:
        raise _fail(path, "xml-malformed", _("{file} is empty").format(file=path.name))
    return root


def child(element: ET.Element, tag: str) -> ET.Element | None:
    return element.find(tag)


def text(element: ET.Element, tag: str) -> str | None:
    """Stripped text of the first child `tag`, or None when absent or empty."""
    found = element.find(tag)
    if found is None or found.text is None:
        return None
    value = found.text.strip()
    return value or None


def int_of(element: ET.Element, tag: str, default: int | None = None) -> int | None:
    """The child's whole number; `default` when absent or unreadable (`1e400`, `NaN` and `inf` included)."""
    number = float_of(element, tag)
    return int(number) if number is not None else default


def float_of(element: ET.Element, tag: str, default: float | None = None) -> float | None:
    """The child's number; `default` when absent or unreadable (`1e400`, `NaN` and `inf` included)."""
    value = text(element, tag)
    if value is None:
        return default
    try:
        number = float(value)
    except ValueError:
        return default
    return number if math.isfinite(number) else default
