"""Why Python's CSV reader stopped, in the run's language: shared by the task table and TaskJuggler's CSV
report readers (so neither imports the other)."""

from __future__ import annotations

import csv

from plantrack.i18n import _


def csv_reason(exc: csv.Error) -> str:
    """Why Python's CSV reader stopped, in the language of the run (its own words when unforeseen)."""
    text = str(exc)
    if text.startswith("field larger than field limit"):
        return _("a cell is longer than {limit} characters").format(limit=csv.field_size_limit())
    if "NUL" in text:
        return _("the line holds a NUL character: this is no text file")
    if "new-line character seen in unquoted field" in text:
        return _("a line break in a cell that is not between quotes")
    if "unexpected end of data" in text:
        return _("the file ends inside a quoted cell")
    return text
