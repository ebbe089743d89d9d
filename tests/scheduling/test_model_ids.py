"""Identifiers: no spaces or control characters, checked by a one-call fast path and a per-character rule."""

from __future__ import annotations

import sys
import unicodedata

import pytest

from builders import task
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.errors import ModelError


def _refused_per_character(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch) == "Cc"


def test_the_fast_path_never_lets_a_refused_character_through() -> None:
    # every code point the fast path accepts ("printable and not a space") is accepted by the full rule
    leaks = [
        hex(cp)
        for cp in range(sys.maxunicode + 1)
        if (ch := chr(cp)).isprintable() and ch != " " and _refused_per_character(ch)
    ]
    assert leaks == []


@pytest.mark.parametrize(
    "ident", ["a b", "a\tb", "a\u00a0b", "a\u2028b", "x\x00", "x\x1f", "x\x85", "a\u3000b"]
)
def test_ids_with_spaces_or_control_characters_are_refused(ident: str) -> None:
    with pytest.raises(ModelError, match="spaces or control characters"):
        task(ident, Duration(minutes=60))


@pytest.mark.parametrize("ident", ["T1", "pose-écran", "作业1", "a\u200bb", "\U0001f527"])
def test_other_ids_are_accepted(ident: str) -> None:
    assert task(ident, Duration(minutes=60)).id == ident
