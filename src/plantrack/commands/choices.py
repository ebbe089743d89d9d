"""Coded options: an option that stores a code, read in any language and listed in the run's words."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from typing import Any

from plantrack.i18n import _, pgettext

Reader = Callable[[str], str]


def cause_word(code: str) -> str:
    """A delay cause (5M) as the run's language writes it on the command line; `cause_code` reads it back
    (French keeps `machine`, the word a user types, where the reports write `matériel`)."""
    words = {
        "man": pgettext("choice", "man"),
        "machine": pgettext("choice", "machine"),
        "method": pgettext("choice", "method"),
        "material": pgettext("choice", "material"),
        "milieu": pgettext("choice", "milieu"),
        "other": pgettext("choice", "other"),
    }
    return words.get(code, code)


def decision_word(code: str) -> str:
    """A gate decision as the run's language writes it on the command line; `decision_code` reads it back."""
    words = {
        "validated": pgettext("choice", "validated"),
        "rejected": pgettext("choice", "rejected"),
        "deferred": pgettext("choice", "deferred"),
    }
    return words.get(code, code)


def choice_words(codes: Sequence[str], label: Callable[[str], str]) -> str:
    """A usage's list of choices in the run's language: `{validée,refusée,reportée}`."""
    return "{" + ",".join(label(code) for code in codes) + "}"


def shown_word(code: str, label: Callable[[str], str], read: Reader | None) -> str:
    """`code` as the run's language writes it when `read` takes that word back to `code`; else the code
    itself (a code is read in every language)."""
    word = label(code)
    if read is None or word == code:
        return word
    try:
        return word if read(word) == code else code
    except (TypeError, ValueError, argparse.ArgumentTypeError):
        return code


def _every_language_reader(codes: Sequence[str], label: Callable[[str], str]) -> Reader:
    """A reader of the codes and of their words in every language, gathered on first use, not at every
    start; an unknown word comes back folded."""
    from plantrack.i18n import LANGUAGES, speaking
    from plantrack.scheduling.words import fold

    known: dict[str, str] = {}

    def read(text: str) -> str:
        if not known:
            known.update({fold(code): code for code in codes})
            for spoken in LANGUAGES:
                with speaking(spoken):
                    known.update({fold(label(code)): code for code in codes})
        return known.get(fold(text), fold(text))

    return read


def coded_choice(
    parser: argparse.ArgumentParser,
    *flags: str,
    codes: Sequence[str],
    label: Callable[[str], str],
    read: Reader | None = None,
    **kwargs: Any,
) -> argparse.Action:
    """An option that stores one of `codes`, typed as the code or as a word `read` takes to it (by default
    the code's word in any language: `--status réalisée` is `done`; case, accents and hyphens aside), its
    usage and its error listing the words of the run's language. Any language's word is read: the options
    are parsed before a workspace's own language is known."""
    reader = read or _every_language_reader(codes, label)

    def parse(text: str) -> str:
        code = reader(text)
        if code not in codes:
            words = [shown_word(c, label, read) for c in codes]
            raise argparse.ArgumentTypeError(
                _("invalid choice: {value} (choose from {choices})").format(
                    value=repr(text), choices=", ".join(repr(w) for w in words)
                )
            )
        return code

    parse.__name__ = "choice"  # argparse names the type in its own errors
    shown = choice_words(codes, lambda code: shown_word(code, label, read))
    return parser.add_argument(*flags, type=parse, metavar=shown, **kwargs)
