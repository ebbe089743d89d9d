"""The text rules of every name and note in a plan: ids, name lengths, and `clean_text`.

`clean_text` lives in the core, below every layer that takes user text: the core cleans what it
records itself (a baseline's note), the file importers and the plan edits clean names and notes before
they build a `Task`, and every face (the TUI, the HTML and minutes exports) strips what an older or
hand-edited file may still hold with the same function, adding only its own rule (one terminal line,
HTML escaping).
"""

from __future__ import annotations

import unicodedata

from plantrack.i18n import N_, _
from plantrack.scheduling.errors import ModelError

MAX_NAME_LENGTH = 200
MAX_NOTES_LENGTH = 64 * 1024


def clean_text(text: str) -> str:
    """Remove C0/C1 control characters and bidi overrides, keep everything else (NFC-normalised).

    Names end up in terminals and HTML: escape sequences there retitle or wipe the screen.
    """
    kept = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat == "Cc" and ch not in "\t\n":
            continue
        if ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f":
            continue
        kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept))


def is_clean(text: str) -> bool:
    return clean_text(text) == unicodedata.normalize("NFC", text)


#: The kind of object a message names, by the kind given to the checks ("task id must not be empty").
_KIND_WORDS = {
    "task": N_("task"),
    "resource": N_("resource"),
    "calendar": N_("calendar"),
    "window": N_("window"),
    "project": N_("project"),
    "plant": N_("plant"),
}


def _kind(kind: str) -> str:
    return _(_KIND_WORDS[kind]) if kind in _KIND_WORDS else kind


def check_id(kind: str, value: str) -> None:
    if not value or not value.strip():
        raise ModelError("id-empty", _("{kind} id must not be empty").format(kind=_kind(kind)))
    # printable text holds no control character and no space other than " " (the common case: one C call)
    printable = value.isprintable() and " " not in value
    if not printable and any(ch.isspace() or unicodedata.category(ch) == "Cc" for ch in value):
        raise ModelError(
            "id-invalid",
            _("{kind} id {id} must not contain spaces or control characters").format(
                kind=_kind(kind), id=repr(value)
            ),
            [value],
        )
    if len(value) > MAX_NAME_LENGTH:
        raise ModelError(
            "name-too-long",
            _("{kind} id is {length} characters long").format(kind=_kind(kind), length=len(value)),
            [value],
        )


def check_name(kind: str, ident: str, name: str) -> None:
    if len(name) > MAX_NAME_LENGTH:
        raise ModelError(
            "name-too-long",
            _("{kind} {id} has a name of {length} characters (limit {limit})").format(
                kind=_kind(kind), id=ident, length=len(name), limit=MAX_NAME_LENGTH
            ),
            [ident],
        )
