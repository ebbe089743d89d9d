"""Words of stored codes in English or French: causes, decisions, statuses, yes/no, read and shown."""

from __future__ import annotations

import unicodedata

from plantrack.i18n import N_, _

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


#: The 5M causes and the other stored codes, shown translated (the faces) and read back (the CLI's
#: choices); the stored codes never change
_CODES: dict[str, str] = {
    "man": N_("man"),
    "machine": N_("machine"),
    "method": N_("method"),
    "material": N_("material"),
    "milieu": N_("milieu"),
    "other": N_("other"),
    "unspecified": N_("unspecified"),
    "validated": N_("validated"),
    "rejected": N_("rejected"),
    "deferred": N_("deferred"),
    "pending": N_("pending"),
    "passed": N_("passed"),
    "failed": N_("failed"),
    "open": N_("open"),
    "in-progress": N_("in-progress"),
    "done": N_("done"),
    "cancelled": N_("cancelled"),
    "plan": N_("plan"),
    "do": N_("do"),
    "check": N_("check"),
    "act": N_("act"),
}


def code_label(code: object) -> str:
    """A stored code (cause, decision, gate or action status, PDCA step) in words; unknown codes as is."""
    text = str(code)
    marked = _CODES.get(text)
    return text if marked is None else _(marked)
