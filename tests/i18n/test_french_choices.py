"""argparse's "invalid choice" error lists, in French, the French words the option reads; codes elsewhere."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from english_afterwards import english_afterwards  # noqa: F401  (autouse)

from conftest import Result


@pytest.fixture
def run(cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    monkeypatch.delenv("PLANTRACK_LANG", raising=False)
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    return cli


def test_a_gate_decision_lists_the_french_words(run: Callable[..., Result]) -> None:
    result = run("--lang", "fr", "gate", "G1", "--decision", "peut-être")
    assert result.code == 2
    assert "(choisir parmi 'validé', 'refusé', 'reporté')" in result.err


def test_a_cause_lists_the_5m_in_french(run: Callable[..., Result]) -> None:
    result = run("--lang", "fr", "progress", "T1", "--cause", "hasard")
    assert result.code == 2
    assert (
        """(choisir parmi "main-d'œuvre", 'machine', 'méthode', 'matière', 'milieu', 'autre')""" in result.err
    )


def test_english_keeps_the_codes(run: Callable[..., Result]) -> None:
    result = run("--lang", "en", "progress", "T1", "--cause", "luck")
    assert "(choose from 'man', 'machine', 'method', 'material', 'milieu', 'other')" in result.err


def test_a_french_cause_usage_shows_the_word_typed(run: Callable[..., Result]) -> None:
    # `machine` is what a French user types for the cause; the reports write it `matériel`
    usage = run("--lang", "fr", "progress", "--help").out
    assert "--cause {main-d'œuvre,machine,méthode,matière,milieu,autre}" in usage


def test_coded_options_read_french_words_and_list_them_in_french_usage(run: Callable[..., Result]) -> None:
    assert run("demo", "--no-tui").code == 0
    # the words are read whatever the run's language: options are parsed before a workspace's own
    # language is known
    assert (
        run("--lang", "en", "action", "update", "A3", "--status", "Réalisée", "--pdca", "vérifier").code == 0
    )
    assert run("resource", "add", "welders", "--kind", "équipe").code == 0
    actions = run("action", "list", "--json").out
    assert '"status": "done"' in actions and '"pdca": "check"' in actions
    assert '"kind": "team"' in run("resource", "list", "--json").out
    usage = run("--lang", "fr", "action", "edit", "--help").out
    assert "--status {ouverte,en cours,réalisée,annulée}" in usage
    assert "--ease {facile,moyenne,difficile,aucune}" in usage
    assert "--decision {validé,refusé,reporté}" in run("--lang", "fr", "gate", "--help").out
    assert "--status {open,in-progress,done,cancelled}" in run("--lang", "en", "action", "edit", "--help").out
    wrong = run("--lang", "fr", "action", "update", "A3", "--status", "fini")
    assert wrong.code == 2 and "choisir parmi 'ouverte', 'en cours', 'réalisée', 'annulée'" in wrong.err
