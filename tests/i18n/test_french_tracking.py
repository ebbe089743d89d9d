"""The tracking commands in French, on the French demo: no English word of ours left, French figures."""

from __future__ import annotations

import importlib.util
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from english_afterwards import english_afterwards  # noqa: F401  (autouse)

from conftest import Result

Cli = Callable[..., Result]
NNBSP, NBSP = "\u202f", "\u00a0"
WS = "demo.plantrack.json"
#: The progress fields (the CSV columns of `progress --csv`): the file's format, named as is
CSV_COLUMNS = ("task", "date", "actual_start", "actual_finish", "done", "remaining", "hours", "cost", "cause")

#: English words our texts use; none may be left in a French output once options, ids and codes are
#: taken out. Words French spells the same (action, cause, note, date) are caught by their English
#: surroundings instead ("by cause", "action list", "cause:").
ENGLISH = (
    " the ",
    " and ",
    " of ",
    " is ",
    " by cause",
    "cause:",
    "task",
    "baseline",
    "progress",
    "variance",
    "late",
    "overdue",
    "finish",
    "start",
    "owner",
    "due",
    "saved",
    "record",
    "forecast",
    "status",
    "slip",
    "complete",
    "written",
    "minutes",
    "pending",
    "done",
    "none",
    "trend",
    "share",
    "critical",
    "inherited",
    "unspecified",
    "milestone",
    "decision",
)
#: Option names and the problem codes between brackets: identifiers, never translated.
OPTION = re.compile(r"--[a-z][a-z-]*|\[[a-z0-9-]+\]")


def _hand_money(value: float) -> str:
    """`1 234,56 €` written by hand: narrow no-break space every three digits, decimal comma."""
    whole, cents = f"{value:.2f}".split(".")
    sign = "-" if whole.startswith("-") else ""
    digits = whole.lstrip("-")
    groups = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return f"{sign}{NNBSP.join(groups)},{cents}{NBSP}€"


@pytest.fixture
def french(cli: Cli, tmp_path: Path) -> tuple[Cli, set[str]]:
    """The French demo workspace, and the identifiers it holds (task, action, baseline ids)."""
    made = cli("demo", "--lang", "fr", "-w", WS)
    assert made.code == 0, made.err
    ids: set[str] = set()
    for command in (("task", "list"), ("action", "list"), ("baseline", "list")):
        rows = json.loads(cli(*command, "--json", "-w", WS).out)
        ids |= {str(row.get("id") or row.get("name")) for row in rows}
    ids |= set(CSV_COLUMNS)  # the names of the progress fields (CSV columns) are the file's format
    return cli, ids


def _english_left(text: str, ids: set[str]) -> list[str]:
    """The English words of `ENGLISH` still in `text`, options, codes and ids taken out."""
    cleaned = OPTION.sub(" ", text)
    for ident in sorted(ids, key=len, reverse=True):
        cleaned = re.sub(rf"(?<![\w-]){re.escape(ident)}(?![\w-])", " ", cleaned)
    lowered = f" {cleaned.lower()} "
    return [word for word in ENGLISH if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", lowered)]


def _fr(cli: Cli, *args: str) -> Result:
    return cli(*args, "--lang", "fr", "-w", WS)


def test_tracking_commands_speak_french(french: tuple[Cli, set[str]], tmp_path: Path) -> None:
    cli, ids = french
    cause = "matière" if importlib.util.find_spec("plantrack.scheduling.words") else "material"
    outputs: dict[str, str] = {}

    listed = _fr(cli, "baseline", "list")
    assert listed.code == 0, listed.err
    assert listed.out.splitlines()[0].split() == ["Nom", "Enregistré", "Fin", "BAC", "Note"]
    outputs["baseline list"] = listed.out
    shown = _fr(cli, "baseline", "show", "initial")
    assert shown.code == 0, shown.err
    assert shown.out.startswith("planning de référence initial (enregistré le 04/01/2027)")
    outputs["baseline show"] = shown.out

    saved = _fr(cli, "baseline", "save", "v2")
    assert saved.code == 0, saved.err
    v2 = next(b for b in json.loads(_fr(cli, "baseline", "list", "--json").out) if b["name"] == "v2")
    day, time = v2["finish"][:10].split("-"), v2["finish"][11:16]
    assert saved.out.strip() == (
        f"planning de référence v2 enregistré{NBSP}: fin {day[2]}/{day[1]}/{day[0]} {time}, "
        f"BAC {_hand_money(v2['bac'])}"
    )
    outputs["baseline save"] = saved.out

    recorded = _fr(cli, "progress", "cdcf", "--date", "2027-02-05", "--done", "90", "--cause", cause)
    assert recorded.code == 0, recorded.err
    assert recorded.out.strip() == "1 relevé d'avancement enregistré"
    outputs["progress"] = recorded.out + recorded.err
    refused = _fr(cli, "progress", "cdcf", "--date", "2027-02-05", "--done", "abc")
    assert refused.code != 0
    assert f"tâche cdcf{NBSP}: done 'abc' n'est pas un nombre" in refused.err
    outputs["progress refused"] = refused.out + refused.err

    variance = _fr(cli, "variance")
    assert variance.code == 0, variance.err
    figures = json.loads(cli("variance", "--json", "-w", WS).out)["project"]
    assert f"BAC {_hand_money(figures['bac'])}" in variance.out
    assert "Tâches en retard (critiques d'abord)" in variance.out
    assert re.search(r"^cdcf .* matière", variance.out, re.MULTILINE), variance.out
    outputs["variance"] = variance.out

    gates = _fr(cli, "gate", "list")
    assert gates.code == 0, gates.err
    assert gates.out.splitlines()[0].split()[:3] == ["Jalon", "de", "validation"]
    assert "en attente" in gates.out
    outputs["gate list"] = gates.out

    actions = _fr(cli, "action", "list")
    assert actions.code == 0, actions.err
    assert actions.out.splitlines()[0].split() == [
        "N°", "Action", "Pilote", "Échéance", "Statut", "PDCA", "En", "retard", "Tâche",
    ]  # fmt: skip
    assert re.search(r"^A3 .* 22/01/2027 .* oui ", actions.out, re.MULTILINE), actions.out
    outputs["action list"] = actions.out

    minutes = _fr(cli, "review", "-o", "cr.md")
    assert minutes.code == 0, minutes.err
    assert minutes.out.strip() == "compte rendu du 29/01/2027 au 05/02/2027 écrit dans cr.md"
    outputs["review"] = minutes.out + (tmp_path / "cr.md").read_text(encoding="utf-8")

    left = {name: words for name, text in outputs.items() if (words := _english_left(text, ids))}
    assert not left, left


def test_french_count_has_its_plural(french: tuple[Cli, set[str]], tmp_path: Path) -> None:
    cli, _ids = french
    batch = tmp_path / "semaine6.csv"
    batch.write_text("task;date;done\ncdcf;2027-02-05;90\nlayout;2027-02-05;100\n", encoding="utf-8")
    result = _fr(cli, "progress", "--csv", batch.name)
    assert result.code == 0, result.err
    assert result.out.strip() == "2 relevés d'avancement enregistrés"


def test_french_store_error(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "abime.plantrack.json").write_text('{"meta": ', encoding="utf-8")
    result = cli("variance", "--lang", "fr", "-w", "abime.plantrack.json")
    assert result.code == 4
    assert "l'espace de travail" in result.err
    assert (
        f"est illisible à l'octet 9{NBSP}: JSON invalide (ligne 1, colonne 10){NBSP}: valeur attendue."
        in result.err
    )
    assert "Restaurez-le depuis une sauvegarde" in result.err
    assert "unreadable" not in result.err.replace("workspace-unreadable", "")


def test_french_errors_of_the_tracking_commands(french: tuple[Cli, set[str]]) -> None:
    cli, _ids = french
    missing = _fr(cli, "variance", "--baseline", "nulle")
    assert missing.code != 0
    assert f"aucun planning de référence nommé 'nulle'{NBSP}: lancez d'abord" in missing.err
    refused = _fr(cli, "baseline", "rm", "initial")
    assert refused.code == 2
    assert "ajoutez --yes pour confirmer" in refused.err


@pytest.mark.parametrize(
    "command",
    [
        ("baseline", "save"),
        ("baseline", "show"),
        ("progress",),
        ("variance",),
        ("gate",),
        ("action", "add"),
        ("action", "update"),
        ("action", "edit"),
        ("review",),
        ("schedule",),
    ],
)
def test_french_help_of_the_tracking_commands(cli: Cli, command: tuple[str, ...]) -> None:
    shown = cli("--lang", "fr", *command, "--help")
    assert shown.code == 0, shown.err
    assert "%(" not in shown.out and "{'option_strings'" not in shown.out
