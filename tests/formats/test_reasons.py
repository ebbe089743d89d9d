"""The libraries' own reasons (tomllib, Expat, the OS) in the run's language; English keeps their words."""

from __future__ import annotations

import tomllib

import pytest

from plantrack.formats.reasons import os_reason
from plantrack.formats.toml.syntax_words import toml_error
from plantrack.formats.xml_safe import expat_reason
from plantrack.i18n import set_language

BROKEN_TOML = (
    "a = ",
    "[x\na=1",
    'a="x',
    "a = 2027-13-01",
    "[[t]]\n[t]",
    "a = {b=1, b=2}",
    "x = @",
    "a = 1 b",
)


def _tomllib_message(text: str) -> str:
    with pytest.raises(tomllib.TOMLDecodeError) as caught:
        tomllib.loads(text)
    return str(caught.value)


@pytest.mark.parametrize("text", BROKEN_TOML)
def test_english_keeps_tomllib_words(text: str) -> None:
    message = _tomllib_message(text)
    assert toml_error(message) == message


@pytest.mark.parametrize("text", BROKEN_TOML)
def test_french_gives_every_tomllib_reason_in_french(text: str, french: None) -> None:
    message = _tomllib_message(text)
    shown = toml_error(message)
    assert shown != message
    for english in ("Invalid", "Expected", "Cannot", "Unterminated", "Duplicate", "(at line", "document"):
        assert english not in shown, shown


def test_the_place_is_kept_in_french(french: None) -> None:
    assert toml_error("Invalid value (at line 3, column 9)") == "valeur non valable (ligne 3, colonne 9)"
    assert toml_error("Unterminated string (at end of document)") == "chaîne non terminée (en fin de fichier)"


def test_an_unforeseen_reason_is_kept_as_written(french: None) -> None:
    assert toml_error("Something new (at line 2, column 1)") == "Something new (ligne 2, colonne 1)"


def test_expat_reasons_by_code() -> None:
    set_language("fr")
    try:
        assert expat_reason(7) == "balise fermante différente de la balise ouverte"
        assert expat_reason(10) == "illegal parameter entity reference"  # refused before it arises
        assert expat_reason(99) == "erreur XML 99"
    finally:
        set_language("en")
    assert expat_reason(7) == "mismatched tag"  # English: Expat's own words


def test_os_reasons(french: None) -> None:
    assert os_reason(FileNotFoundError(2, "No such file or directory")) == "fichier introuvable"
    assert os_reason(PermissionError(13, "Permission denied")) == "accès refusé"
    assert os_reason(OSError(5, "Input/output error")) == "Input/output error"
