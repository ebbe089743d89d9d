"""The language plantrack speaks: gettext catalogs chosen once per run, and the marker functions.

Every user-visible string goes through `_()` (or `ngettext` for counts). Strings built at import time
(tables of labels, help texts kept in constants) are marked with `N_()` and translated where shown,
because the language is chosen after the modules are imported.
"""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

#: Languages with a catalog; English is the source language and needs none.
LANGUAGES: tuple[str, ...] = ("en", "fr")
DEFAULT_LANGUAGE = "en"
DOMAIN = "plantrack"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"

_translations: _gettext.NullTranslations = _gettext.NullTranslations()
_language = DEFAULT_LANGUAGE


class CatalogMissing(Exception):
    """The catalog of a known language could not be read; the caller falls back to English."""


def set_language(language: str) -> None:
    """Switch every later `_()` to `language` (one of `LANGUAGES`); English needs no catalog.

    Raises `CatalogMissing` (leaving English in place) when the compiled catalog is absent or broken,
    so the caller can warn once and go on in English.
    """
    global _translations, _language
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    if language == DEFAULT_LANGUAGE:
        _translations, _language = _gettext.NullTranslations(), language
        return
    try:
        found = _gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[language])
    # absent, unreadable or corrupt .mo: gettext's parser fails in many ways on a damaged file
    # (OSError, struct.error, UnicodeDecodeError, IndexError, a bad plural formula), none for the user
    except Exception as exc:
        _translations, _language = _gettext.NullTranslations(), DEFAULT_LANGUAGE
        raise CatalogMissing(str(exc)) from exc
    _translations, _language = found, language


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Speak `language` inside the block (e.g. to know a word in every language), then the run's again.
    A missing catalog leaves English in the block."""
    global _translations, _language
    before = (_translations, _language)
    try:
        with suppress(CatalogMissing):
            set_language(language)
        yield
    finally:
        _translations, _language = before


def language() -> str:
    """The language in use: `en` or `fr`."""
    return _language


def _(message: str) -> str:
    """`message` in the current language."""
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for `n`, in the current language (French: 0 and 1 are singular)."""
    return _translations.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """`message` in the current language, told apart from the same English word used elsewhere."""
    return _translations.pgettext(context, message)


def N_(message: str) -> str:
    """Mark `message` for extraction without translating it now (it is translated where shown)."""
    return message


def Nn_(singular: str, plural: str) -> tuple[str, str]:
    """Mark a plural pair for extraction without translating it now (`ngettext(*pair, n)` where shown)."""
    return singular, plural
