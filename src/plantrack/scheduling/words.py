"""Typed words read in English or French: delay causes, gate decisions, yes/no, each to its stored code."""

from __future__ import annotations

import unicodedata

#: Folded spelling -> the code `Cause` stores (5M: main-d'œuvre, matière, matériel/machine, méthode, milieu).
_CAUSES: dict[str, str] = {
    "man": "man",
    "machine": "machine",
    "method": "method",
    "material": "material",
    "milieu": "milieu",
    "other": "other",
    "main d'oeuvre": "man",
    "matiere": "material",
    "materiel": "machine",
    "methode": "method",
    "autre": "other",
}
#: Folded spelling -> the code `Decision` stores (go / no-go / postponed: validé / refusé / reporté).
_DECISIONS: dict[str, str] = {
    "validated": "validated",
    "rejected": "rejected",
    "deferred": "deferred",
    **dict.fromkeys(("valide", "validee"), "validated"),
    **dict.fromkeys(("refuse", "refusee"), "rejected"),
    **dict.fromkeys(("reporte", "reportee"), "deferred"),
}
_YES = frozenset({"yes", "y", "true", "1", "oui", "o", "vrai"})
_NO = frozenset({"no", "n", "false", "0", "non", "faux"})


def fold(text: str) -> str:
    """`Main-d’Œuvre` -> `main d'oeuvre`: case, accents, ligature, hyphens and curly apostrophes dropped,
    so every way a keyboard writes the word reads the same."""
    text = text.strip().lower().replace("œ", "oe").replace("’", "'").replace("-", " ")
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def cause_code(text: str) -> str:
    """The stored code of a delay cause written in English or French; unknown words come back folded,
    so the caller's "not one of" error shows them."""
    folded = fold(text)
    return _CAUSES.get(folded, folded)


def decision_code(text: str) -> str:
    """The stored code of a gate decision (`validé` -> `validated`); unknown words come back folded."""
    folded = fold(text)
    return _DECISIONS.get(folded, folded)


def yes_no(text: str) -> bool | None:
    """True for yes/oui, False for no/non (and an empty cell), None for anything else."""
    folded = fold(text)
    if folded in _YES:
        return True
    if folded in _NO or not folded:
        return False
    return None
