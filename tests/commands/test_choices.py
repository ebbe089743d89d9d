"""Coded options: every word shown reads back as its code; a word its reader does not take shows the code."""

from __future__ import annotations

import argparse

import pytest

from plantrack.commands.choices import cause_word, coded_choice, decision_word, shown_word
from plantrack.scheduling.words import cause_code, decision_code


def test_every_word_shown_reads_back_as_its_code(french: None) -> None:
    for codes, label, convert in (
        (("man", "machine", "method", "material", "milieu", "other"), cause_word, cause_code),
        (("validated", "rejected", "deferred"), decision_word, decision_code),
    ):
        for code in codes:
            assert convert(shown_word(code, label, convert)) == code


def test_a_word_the_option_does_not_read_shows_its_code(french: None) -> None:
    # the label writes `validé`, but this option reads only the code: its usage shows the code
    assert shown_word("validated", decision_word, lambda text: text) == "validated"


def test_a_coded_option_reads_the_words_of_either_language_and_stores_the_code(french: None) -> None:
    parser = argparse.ArgumentParser(prog="x", exit_on_error=False)
    coded_choice(parser, "--cause", codes=("man", "machine"), label=cause_word, read=cause_code)
    assert parser.parse_args(["--cause", "Main-d'Œuvre"]).cause == "man"
    assert parser.parse_args(["--cause", "matériel"]).cause == "machine"
    with pytest.raises(argparse.ArgumentError, match=r"\(choisir parmi \"main-d'œuvre\", 'machine'\)"):
        parser.parse_args(["--cause", "hasard"])
