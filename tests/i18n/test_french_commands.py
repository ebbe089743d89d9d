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
    "importing.py",
    "counts.py",
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

#: Single English words that French writes the same in other places (a resource of kind "machine" is
#: "matériel", but "une machine" is French prose too).
FRENCH_TOO = frozenset({"machine", "phase"})

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
            strs = [entry.msgstr] if isinstance(entry.msgstr, str) else list(entry.msgstr)
            for msgid in ids:
                parts = re.split(r"\{[^{}]*\}", msgid)
                # a fragment like ": " or " to " says nothing about the message it came from, and one
                # the French keeps ("{n} phase", "machine") is French as well
                found.update(
                    p.strip()
                    for p in parts
                    if len(p.strip(" :;,.()-→×")) >= 4
                    and not any(p.strip() in text for text in strs)
                    and p.strip().lower() not in FRENCH_TOO
                )
    return sorted(found)


def _english_left(text: str, messages: list[str]) -> list[str]:
    return [m for m in messages if re.search(r"(?<!\w)" + re.escape(m) + r"(?!\w)", text)]


def _prose(help_text: str) -> str:
    """A help without its identifiers: the usage lines, the examples (command lines), options, metavars
    and choices are the program's words, the same in every language."""
    text = help_text.replace("MS Project", " ")  # a product's name
    text = re.sub(r"^utilisation\s*:.*?(?=\n\n|\Z)", "", text, flags=re.S | re.M)
    text = re.sub(r"^ +plantrack .*$", "", text, flags=re.M)
    text = re.sub(r"^ {2,4}[a-z][\w-]*(?= {2,}|$)", "", text, flags=re.M)  # subcommands, arguments
    text = re.sub(r"^  \..*$", "", text, flags=re.M)  # `import`'s formats, named by the formats module
    text = re.sub(r"\S+=\S+", " ", text)  # values as typed: fri=default, --lag=-1d
    text = re.sub(r"--?[a-z][\w-]*(=\S+)?", " ", text)
    text = re.sub(r"\{[^}]*\}", " ", text)
    text = re.sub(r"\b[A-Z][A-Z_.]+\b", " ", text)  # metavars: DATE, FROM..TO, WORKSPACE
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


def _frame(out: str) -> str:
    """What a listing says besides the user's text: the lines before its table and its header row."""
    lines = out.splitlines()
    if "------" not in out:
        return out
    rule = next(i for i, line in enumerate(lines) if line.startswith("---"))
    return "\n".join(lines[:rule])


@pytest.mark.parametrize(
    "args",
    [
        ("task", "list"),
        ("link", "list"),
        ("resource", "list"),
        ("calendar", "show", "--from", "2027-04-26", "--days", "7"),
        ("calendar", "list"),
        ("window", "list"),
    ],
    ids=" ".join,
)
def test_listings_are_french(demo: Cli, args: tuple[str, ...]) -> None:
    result = demo(*args)
    assert result.code == 0, result.err
    frame = _frame(result.out)
    assert _english_left(frame, _messages()) == []
    assert _english_words(_prose(frame.replace("ID", ""))) == []


def test_the_schedule_in_french(demo: Cli) -> None:
    result = demo("schedule")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].split() == ["ID", "NOM", "DÉBUT", "FIN", "MARGE", "h", "CRIT"]
    assert lines[0].index("FIN") > lines[0].index("DÉBUT") + len("04/01/2027 08:00")
    assert re.match(r"define +Definition .* +04/01/2027 08:00 +04/02/2027 17:00 +0$", lines[1])
    summary = lines[lines.index("") + 1 :]
    assert summary[0] == f"Projet{NBSP}: 04/01/2027 08:00 → 25/08/2027 15:40 (1190,67 heures ouvrées)"
    assert summary[-1].startswith(f"Chemin critique{NBSP}: g4-safety → cmk")
    said = "\n".join([lines[0], *(line for line in summary if " waits " not in line)])
    assert _english_left(said, _messages()) == []
    assert f"est en surutilisation{NBSP}: 2 requis pour une capacité de 1 le 10/03/2027 08:00" in result.err
    assert f"au-delà de la capacité le 05/03/2027{NBSP};" in result.err
    # problem codes are identifiers: `[resource-overallocated]` stays
    assert _english_left(re.sub(r"\[[\w-]+\]", "", result.err), _messages()) == []


def test_pert_in_french(demo: Cli) -> None:
    result = demo("pert", "--runs", "200")
    assert result.code == 0, result.err
    said = [
        line for line in result.out.splitlines() if line.startswith("ID ") or not re.match(r"[\w-]+  ", line)
    ]
    assert said[0] == "Analyse des risques de Screwing station retrofit, line 3, début le 04/01/2027 08:00"
    assert (
        "Jalons et échéances" in said and "PERT (approximation normale le long de la chaîne critique)" in said
    )
    assert any(
        line.split() == ["ID", "NOM", "ÉTAT", "PROBABLE", "H", "ÉC.", "TYPE", "H", "CRITIQUE", "SENSIBILITÉ"]
        for line in said
    )
    assert _english_left("\n".join(said), _messages()) == []


def test_messages_and_counts_in_french(cli: Cli, tmp_path: Path) -> None:
    demo = cli("--lang", "fr", "demo", "--no-tui")
    assert demo.code == 0, demo.err
    assert demo.out.splitlines()[0] == "line3-retrofit.plantrack.json créé"
    counts = "36 tâches, 6 phases, 10 jalons, 51 liens, 9 ressources, 2 calendriers, 2 fenêtres d’arrêt"
    assert demo.out.splitlines()[2] == counts
    assert demo.out.splitlines()[3] == "début lun. 4 janvier 2027, fin calculée mer. 25 août 2027 15:40"
    assert _english_left(demo.out, _messages()) == []
    added = cli("--lang", "fr", "task", "add", "train", "--duration", "2d", "--after", "closed")
    assert (added.code, added.out) == (0, "tâche train ajoutée\n")
    html = cli("--lang", "fr", "export", "html", "-o", "copil.html")
    assert html.code == 0, html.err
    assert re.fullmatch(
        rf".*copil\.html écrit \(\d+,\d{NBSP}Mo, 53 lignes\){NBSP}; s’ouvre hors ligne .*\n", html.out
    )
    # French counts 0 and 1 in the singular
    new = cli("--lang", "fr", "new", "Essai", "-w", "essai.plantrack.json", "--start", "2027-01-04")
    assert new.out.startswith(f"essai.plantrack.json créé{NBSP}: 'Essai', début le 04/01/2027\n")
    checked = cli("--lang", "fr", "-w", "essai.plantrack.json", "validate")
    assert checked.out == (
        f"essai.plantrack.json{NBSP}: aucune erreur (0 tâche, 0 phase, 0 jalon, 0 lien, 0 ressource, "
        "1 calendrier, 0 fenêtre d’arrêt)\n"
    )
    missing = cli("--lang", "fr", "-w", "essai.plantrack.json", "link", "list", "--task", "nope")
    assert missing.code != 0 and "aucune tâche 'nope'" in missing.err


def test_english_is_unchanged(cli: Cli) -> None:
    assert cli("demo", "--no-tui").code == 0
    result = cli("schedule")
    assert result.out.splitlines()[0].split() == ["ID", "NAME", "START", "FINISH", "FLOAT", "h", "CRIT"]
    assert "Project: 2027-01-04 08:00 → 2027-08-25 15:40 (1190.67 working hours)" in result.out
    assert cli("validate").out.endswith("2 calendars, 2 windows)\n")
