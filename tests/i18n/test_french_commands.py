"""The planning commands in French: help, messages, table headers and counts, on the demo workspace."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from english_afterwards import english_afterwards  # noqa: F401  (autouse)

from conftest import SRC, Result
from plantrack.i18n import catalog

Cli = Callable[..., Result]
NBSP = "\u00a0"

#: The command modules translated here; their English messages must not show in French.
MODULES = (
    "tasks.py",
    "links.py",
    "resources.py",
    "schedule.py",
    "calendar.py",
    "calendar_edit.py",
    "windows.py",
    "project.py",
    "export_html.py",
    "pert.py",
    "editing.py",
    "interop.py",
    "overallocation.py",
    "tui.py",
)

#: English words our texts use: none may be left in a French help once identifiers are taken out.
ENGLISH_WORDS = (
    "the", "and", "of", "to", "with", "for", "or", "its", "it", "is", "task", "tasks", "link", "links",
    "resource", "resources", "calendar", "calendars", "window", "windows", "start", "finish", "show",
    "list", "add", "remove", "print", "default", "write", "file", "name", "days", "working", "project",
)  # fmt: skip

#: Every command of these modules, by its words on the command line.
HELPS = (
    ("task",), ("task", "add"), ("task", "edit"), ("task", "rm"), ("task", "list"),
    ("link",), ("link", "add"), ("link", "rm"), ("link", "list"),
    ("resource",), ("resource", "add"), ("resource", "edit"), ("resource", "rm"), ("resource", "list"),
    ("assign",), ("calendar",), ("calendar", "show"), ("calendar", "add"), ("calendar", "edit"),
    ("calendar", "rm"), ("calendar", "off"), ("calendar", "list"),
    ("window",), ("window", "add"), ("window", "edit"), ("window", "rm"), ("window", "list"),
    ("new",), ("import",), ("validate",), ("demo",), ("pert",), ("tui",),
    ("export", "toml"), ("export", "mspdi"), ("export", "csv"), ("export", "xlsx"), ("export", "ics"),
    ("export", "html"),
)  # fmt: skip


def _messages(modules: tuple[str, ...] = MODULES) -> list[str]:
    """The English messages of these modules that French changes, cut at their placeholders."""
    _, entries = catalog.read_po(catalog.po_path("fr"))
    found: set[str] = set()
    for name in modules:
        for key in catalog.extract_file(SRC / "plantrack" / "commands" / name):
            entry = entries[key]
            if entry.msgstr == entry.msgid:
                continue
            ids = [entry.msgid] if isinstance(entry.msgid, str) else list(entry.msgid)
            for msgid in ids:
                parts = re.split(r"\{[^{}]*\}", msgid)
                # a fragment like ": " or " to " says nothing about the message it came from
                found.update(p.strip() for p in parts if len(p.strip(" :;,.()-→×")) >= 4)
    return sorted(found)


def _english_left(text: str, messages: list[str]) -> list[str]:
    return [m for m in messages if re.search(r"(?<!\w)" + re.escape(m) + r"(?!\w)", text)]


def _prose(help_text: str) -> str:
    """A help without its identifiers: the usage lines, the examples (command lines), options, metavars
    and choices are the program's words, the same in every language."""
    text = re.sub(r"^utilisation\s*:.*?(?=\n\n|\Z)", "", help_text, flags=re.S | re.M)
    text = re.sub(r"^ +plantrack .*$", "", text, flags=re.M)
    text = re.sub(r"^ {2,4}[a-z][\w-]*(?= {2,}|$)", "", text, flags=re.M)  # subcommands, arguments
    text = re.sub(r"^  \..*$", "", text, flags=re.M)  # `import`'s formats, named by the formats module
    text = re.sub(r"\S+=\S+", " ", text)  # values as typed: fri=default, --lag=-1d
    text = re.sub(r"--?[a-z][\w-]*(=\S+)?", " ", text)
    text = re.sub(r"\{[^}]*\}", " ", text)
    text = re.sub(r"\b[A-Z][A-Z_.]+\b", " ", text)  # metavars: DATE, FROM..TO, WORKSPACE
    text = text.replace("MS Project", " ")  # a product's name
    return re.sub(r"'[^']*'|`[^`]*`", " ", text)  # quoted values: 'Summer shutdown', `plantrack …`


def _english_words(text: str) -> list[str]:
    return sorted({w for w in ENGLISH_WORDS if re.search(rf"(?<![\w'’-]){w}(?![\w'’-])", text, re.I)})


@pytest.fixture
def demo(cli: Cli, tmp_path: Path) -> Cli:
    assert cli("demo", "--no-tui").code == 0

    def run(*args: str) -> Result:
        return cli("--lang", "fr", *args)

    return run


def test_the_checks_can_fail() -> None:
    messages = _messages()
    assert "list the tasks" in messages and "Critical path:" in messages and len(messages) > 150
    assert "list the tasks" in _english_left("usage\n  list the tasks\n", messages)
    prose = _prose("utilisation : plantrack task list\n\n  --start DATE  the first day of the task list\n")
    assert "--start" not in prose and "DATE" not in prose
    assert _english_words(prose) == ["list", "of", "task", "the"]
    assert _english_words("la liste des tâches, l'ajout") == []


@pytest.mark.parametrize("words", HELPS, ids=" ".join)
def test_every_help_is_french(cli: Cli, words: tuple[str, ...]) -> None:
    result = cli("--lang", "fr", *words, "--help")
    assert result.code == 0, result.err
    assert "utilisation" in result.out and "Exemple" in result.out
    prose = _prose(result.out)
    assert _english_left(prose, _messages()) == []
    assert _english_words(prose) == []


def test_the_schedule_help_is_french(cli: Cli) -> None:
    """The leveling options are translated with their own module: here the schedule's own texts."""
    result = cli("--lang", "fr", "schedule", "--help")
    assert result.code == 0
    assert "Calcule les dates au plus tôt et au plus tard" in result.out
    assert _english_left(_prose(result.out), _messages(("schedule.py",))) == []
