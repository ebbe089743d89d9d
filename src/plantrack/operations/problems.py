"""Refusals raised by the operations: a stable code, a sentence, the ids and the field concerned."""

from __future__ import annotations

import difflib

from plantrack.i18n import N_, _
from plantrack.scheduling.errors import InvalidInput, ModelError, Problem


def refuse(field: str | None, code: str, message: str, *ids: str) -> InvalidInput:
    """One refusal naming the form field (or command argument) it is about."""
    return InvalidInput([Problem(code=code, message=message, ids=ids, field=field)])


#: The kinds of ids `unknown` names, marked for translation.
KIND_WORDS = (N_("task"), N_("resource"), N_("calendar"), N_("window"))


def unknown(kind: str, ident: str, known: list[str], field: str | None = None) -> InvalidInput:
    """An unknown id, with the closest known ones as a hint."""
    close = difflib.get_close_matches(ident, known, n=3)
    hint = _(" (did you mean {ids}?)").format(ids=", ".join(close)) if close else ""
    message = _("no {kind} {id}{hint}").format(kind=_(kind), id=repr(ident), hint=hint)
    return refuse(field, f"{kind}-unknown", message, ident)


def from_model(field: str | None, exc: ModelError) -> InvalidInput:
    """A model rule broken by a value: the same problem, tied to the field that carried the value."""
    return InvalidInput([exc.problem.about(field)])
