"""What a French run shows: Babel's figures, a French command-line frame, and `--json` free of locale."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from english_afterwards import english_afterwards  # noqa: F401  (autouse)

from conftest import SRC, Result, cli_env
from plantrack.i18n import catalog, set_language
from plantrack.i18n.formats import (
    format_day,
    format_day_long,
    format_moment,
    format_money,
    format_number,
    format_percent,
    format_week,
)

Cli = Callable[..., Result]
NNBSP, NBSP = "\u202f", "\u00a0"
DAY = dt.date(2027, 8, 25)


def test_french_figures_checked_by_hand() -> None:
    set_language("fr")
    assert format_money(1234.56, "EUR") == f"1{NNBSP}234,56{NBSP}€"
    assert format_money(220464.333, "EUR") == f"220{NNBSP}464,33{NBSP}€"
    assert format_day(DAY) == "25/08/2027"
    assert format_day_long(DAY) == "mer. 25 août 2027"
    assert format_moment(dt.datetime(2027, 8, 25, 14, 0)) == "25/08/2027 14:00"
    assert format_week(DAY) == "S34"
    assert format_number(1234.5, 1) == f"1{NNBSP}234,5"
    assert format_percent(3.8) == f"3,8{NNBSP}%"


def test_english_figures_are_unchanged() -> None:
    set_language("en")
    assert format_money(1234.56, "EUR") == "1,234.56 EUR"
    assert format_day(DAY) == "2027-08-25"
    assert format_day_long(DAY) == "Wed 2027-08-25"
    assert format_moment(dt.datetime(2027, 8, 25, 14, 0)) == "2027-08-25 14:00"
    assert format_week(DAY) == "W34"
    assert format_number(1234.5, 1) == "1,234.5"
    assert format_percent(3.8) == "3.8%"


def test_a_moment_reads_in_the_language_of_the_moment_and_its_own_offset() -> None:
    # instants are remembered once formatted: the language must be part of what is remembered, and two
    # equal instants written with different offsets must each keep their own clock time
    moment = dt.datetime(2027, 8, 25, 14, 0)
    for lang, text in (("en", "2027-08-25 14:00"), ("fr", "25/08/2027 14:00"), ("en", "2027-08-25 14:00")):
        set_language(lang)
        assert format_moment(moment) == text
    paris = dt.datetime(2027, 8, 25, 10, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    utc = dt.datetime(2027, 8, 25, 8, tzinfo=dt.UTC)
    assert paris == utc
    assert (format_moment(paris), format_moment(utc)) == ("2027-08-25 10:00", "2027-08-25 08:00")


#: The sources of the command-line frame, whose every message must be French in French.
FRAME = (
    "cli.py",
    "commands/base.py",
    "commands/parsers.py",
    "commands/exit_codes.py",
    "scheduling/errors.py",
    "i18n/argparse_words.py",
)


def _frame_messages() -> list[str]:
    """The frame's English messages that French changes, cut at their placeholders."""
    _, entries = catalog.read_po(catalog.po_path("fr"))
    found = []
    for name in FRAME:
        for key in catalog.extract_file(SRC / "plantrack" / name):
            entry = entries[key]
            if entry.msgstr != entry.msgid:
                parts = re.split(r"\{[^{}]*\}|%\(\w+\)\w|%\w", key[1])
                # a fragment like ": " or " and " says nothing about the message it came from
                found += [part for part in parts if len(part.strip(" :()")) >= 4]
    return found


def _english_left(text: str, messages: list[str]) -> list[str]:
    return [m for m in messages if re.search(r"(?<!\w)" + re.escape(m.strip()) + r"(?!\w)", text)]


def test_the_frame_has_messages_to_check() -> None:
    messages = _frame_messages()
    assert "show this help message and exit" in messages and "Track" in messages and len(messages) > 40
    assert _english_left("usage: plantrack\nTrack:", messages)  # the check can fail


@pytest.mark.parametrize(
    "args", [["--lang", "fr", "--help"], ["--lang", "fr"], ["--lang", "fr", "task", "-h"]]
)
def test_the_french_frame_has_no_english_message(cli: Cli, args: list[str]) -> None:
    result = cli(*args)
    assert result.code == 0
    assert _english_left(result.out, _frame_messages()) == []
    assert "Démarrer" in result.out or "utilisation" in result.out


def test_a_usage_error_in_french(cli: Cli) -> None:
    result = cli("--lang", "fr", "schedule", "--no-such-option")
    assert result.code == 2
    assert f"erreur{NBSP}: arguments non reconnus{NBSP}: --no-such-option" in result.err
    assert _english_left(result.err, _frame_messages()) == []


def test_json_output_is_the_same_in_both_languages(cli: Cli, tmp_path: Path) -> None:
    assert cli("demo").code == 0
    english = cli("--lang", "en", "schedule", "--json")
    french = cli("--lang", "fr", "schedule", "--json")
    assert english.code == french.code == 0
    assert english.out == french.out and '"start": "2027-' in english.out


def test_babel_is_not_imported_to_show_the_help() -> None:
    code = (
        "import sys; from plantrack.cli import main\n"
        "try: main(['--lang', 'fr', '--help'])\n"
        "except SystemExit: pass\n"
        "sys.stderr.write(str(sorted(m for m in sys.modules if m.startswith('babel'))))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], env=cli_env(), capture_output=True, text=True, timeout=60
    )
    assert proc.stderr == "[]"
