"""The French catalog is complete, compiled and faithful: the checks of `plantrack.i18n.catalog`."""

from __future__ import annotations

import argparse
import gettext
import io

import pytest
from babel.messages.extract import extract
from english_afterwards import english_afterwards  # noqa: F401  (autouse)

from plantrack.i18n import catalog
from plantrack.i18n.catalog import Entry, compile_mo, entry_problems


@pytest.fixture(scope="module")
def extracted() -> dict[tuple[str, str], Entry]:
    return catalog.extract()


def test_the_french_catalog_has_no_problem(extracted: dict[tuple[str, str], Entry]) -> None:
    """Every extracted message translated, none fuzzy or obsolete, placeholders kept, .mo up to date."""
    assert catalog.problems("fr", extracted) == []


def test_a_new_unmarked_message_is_reported_missing(extracted: dict[tuple[str, str], Entry]) -> None:
    added = dict(extracted)
    added[("", "a brand new message")] = Entry("a brand new message", None, "")
    assert "missing: 'a brand new message'" in catalog.problems("fr", added)


def test_a_message_gone_from_the_code_is_reported_obsolete(extracted: dict[tuple[str, str], Entry]) -> None:
    fewer = {key: entry for key, entry in extracted.items() if key != ("", "interrupted")}
    assert "obsolete: 'interrupted'" in catalog.problems("fr", fewer)


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        (Entry("task {name}", None, "", fuzzy=True), "fuzzy"),
        (Entry("task {name}", None, ""), "untranslated"),
        (Entry("task {name}", None, "tâche {nom}"), "placeholders differ"),
        (Entry("task %s of %(n)s", None, "tâche %(n)s"), "placeholders differ"),
        (Entry(("{n} task", "{n} tasks"), None, ("{n} tâche", "")), "untranslated"),
        (Entry(("{n} task", "{n} tasks"), None, ("{n} tâche",)), "plural forms"),
        (Entry(("{n} task", "{n} tasks"), None, ("{n} tâche", "tâches")), "placeholders differ"),
    ],
)
def test_each_kind_of_bad_entry_is_caught(entry: Entry, problem: str) -> None:
    assert any(found.startswith(problem) for found in entry_problems(entry)), entry_problems(entry)


def test_good_entries_pass() -> None:
    assert entry_problems(Entry("task {name!r}: {n:,}", None, "tâche {name!r} : {n:,}")) == []
    assert entry_problems(Entry(("%s task", "%s tasks"), None, ("%s tâche", "%s tâches"))) == []
    # a French singular may spell the count out
    assert entry_problems(Entry(("{n} task", "{n} tasks"), None, ("une tâche", "{n} tâches"))) == []


def test_the_compiled_catalog_is_what_gettext_reads() -> None:
    header = (
        'msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Content-Type: text/plain; charset=utf-8\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n'
    )
    entries = [
        Entry("task", None, "tâche"),
        Entry(("{n} task", "{n} tasks"), None, ("{n} tâche", "{n} tâches")),
        Entry("Start", "menu", "Démarrer"),
        Entry("skipped", None, "sauté", fuzzy=True),
    ]
    found = gettext.GNUTranslations(io.BytesIO(compile_mo(header, entries)))
    assert found.gettext("task") == "tâche"
    assert [found.ngettext("{n} task", "{n} tasks", n) for n in (0, 1, 2)] == [
        "{n} tâche",
        "{n} tâche",
        "{n} tâches",
    ]
    assert found.pgettext("menu", "Start") == "Démarrer"
    assert found.gettext("skipped") == "skipped"


def test_the_po_is_written_back_unchanged() -> None:
    """Reading and writing the committed .po gives the same text: `update` makes no noise in diffs."""
    header, entries = catalog.read_po(catalog.po_path("fr"))
    text = catalog.po_path("fr").read_text(encoding="utf-8")
    assert catalog.render_po(header, entries.values()) == text


def test_every_argparse_message_is_in_the_catalog() -> None:
    """argparse's own words are looked up in our catalog: all of this Python's must be there."""
    _, entries = catalog.read_po(catalog.po_path("fr"))
    with open(argparse.__file__, "rb") as source:
        found = extract("python", source, keywords={"_": None, "ngettext": (1, 2)})
        ids = {message if isinstance(message, str) else message[0] for _, message, _, _ in found}
    assert ids and not {i for i in ids if ("", i) not in entries}
