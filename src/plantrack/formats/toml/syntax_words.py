"""`tomllib`'s syntax errors in the language of the run: its fixed reasons marked here, the place kept."""

from __future__ import annotations

import re

from plantrack.i18n import N_, _

#: The reasons `tomllib` gives (Python 3.11+), word for word.
_REASONS = {
    "Invalid statement": N_("Invalid statement"),
    "Cannot overwrite a value": N_("Cannot overwrite a value"),
    "Expected ']' at the end of a table declaration": N_("Expected ']' at the end of a table declaration"),
    "Expected ']]' at the end of an array declaration": N_(
        "Expected ']]' at the end of an array declaration"
    ),
    "Expected '=' after a key in a key/value pair": N_("Expected '=' after a key in a key/value pair"),
    "Invalid initial character for a key part": N_("Invalid initial character for a key part"),
    "Unclosed array": N_("Unclosed array"),
    "Unclosed inline table": N_("Unclosed inline table"),
    "Unescaped '\\' in a string": N_("Unescaped '\\' in a string"),
    "Invalid hex value": N_("Invalid hex value"),
    "Escaped character is not a Unicode scalar value": N_("Escaped character is not a Unicode scalar value"),
    "Unterminated string": N_("Unterminated string"),
    "Invalid date or datetime": N_("Invalid date or datetime"),
    "Invalid value": N_("Invalid value"),
    "Expected newline or end of document after a statement": N_(
        "Expected newline or end of document after a statement"
    ),
}
#: The reasons that name a key or a character: (pattern, message with `{name}`).
_NAMED = (
    (re.compile(r"Cannot declare (.*) twice"), N_("Cannot declare {name} twice")),
    (re.compile(r"Cannot mutate immutable namespace (.*)"), N_("Cannot mutate immutable namespace {name}")),
    (re.compile(r"Cannot redefine namespace (.*)"), N_("Cannot redefine namespace {name}")),
    (re.compile(r"Duplicate inline table key (.*)"), N_("Duplicate inline table key {name}")),
    (re.compile(r"Illegal character (.*)"), N_("Illegal character {name}")),
    (re.compile(r"Found invalid character (.*)"), N_("Found invalid character {name}")),
    (re.compile(r"Expected (.*)"), N_("Expected {name}")),
)
_PLACE = re.compile(
    r"^(?P<reason>.*) \(at (?:line (?P<line>\d+), column (?P<column>\d+)|end of document)\)$", re.S
)


def _reason(text: str) -> str:
    fixed = _REASONS.get(text)
    if fixed is not None:
        return _(fixed)
    for pattern, message in _NAMED:
        found = pattern.fullmatch(text)
        if found:
            return _(message).format(name=found.group(1))
    return text


def toml_error(message: str) -> str:
    """`Invalid value (at line 3, column 9)` in the run's language (English: as `tomllib` wrote it)."""
    found = _PLACE.match(message)
    if found is None:
        return _reason(message)
    reason = _reason(found["reason"])
    if found["line"] is None:
        return _("{reason} (at end of document)").format(reason=reason)
    return _("{reason} (at line {line}, column {column})").format(
        reason=reason, line=found["line"], column=found["column"]
    )
