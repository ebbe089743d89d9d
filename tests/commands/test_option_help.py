"""Every option of the editing families says what it is for; `import --help` lists every format."""

from __future__ import annotations

import argparse

import pytest

from plantrack.cli import build_parser
from plantrack.formats.detect import FORMATS

FAMILIES = ("link", "resource", "assign", "gate", "calendar", "window", "baseline")


def _parsers() -> list[tuple[str, argparse.ArgumentParser]]:
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    found = []
    for family in FAMILIES:
        parser = sub.choices[family]
        nested = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if nested:
            found += [(f"{family} {name}", child) for name, child in nested[0].choices.items()]
        else:
            found.append((family, parser))
    return found


@pytest.mark.parametrize("name,parser", _parsers(), ids=[n for n, _ in _parsers()])
def test_every_option_has_help(name: str, parser: argparse.ArgumentParser) -> None:
    bare = [
        a.dest
        for a in parser._actions
        if not isinstance(a, argparse._SubParsersAction) and not a.help and a.help is not argparse.SUPPRESS
    ]
    assert bare == [], f"`plantrack {name}`: no help for {bare}"


def test_import_help_lists_every_format() -> None:
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    text = sub.choices["import"].format_help()
    for fmt in FORMATS:
        for ext in fmt.extensions:
            assert ext in text
        assert fmt.description in text
