"""Every command has help text with an example, and usage errors exit with code 2."""

from __future__ import annotations

import argparse
from collections.abc import Iterator

import pytest

from plantrack.cli import build_parser, main


def _leaf_parsers(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    yield path, parser
    for action in subs:
        for name, child in action.choices.items():
            yield from _leaf_parsers(child, (*path, name))


PARSERS = list(_leaf_parsers(build_parser()))


def test_there_are_commands() -> None:
    assert len(PARSERS) > 1


@pytest.mark.parametrize("path,parser", PARSERS, ids=[" ".join(p) or "plantrack" for p, _ in PARSERS])
def test_every_command_shows_an_example(path: tuple[str, ...], parser: argparse.ArgumentParser) -> None:
    text = parser.format_help()
    assert "Example:" in text, f"`plantrack {' '.join(path)} --help` has no example"
    assert "plantrack" in text.split("Example:", 1)[1]


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["no-such-command"]) == 2
    assert main(["--help"]) == 0
    capsys.readouterr()
