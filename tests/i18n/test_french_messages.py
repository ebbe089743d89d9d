"""The core's, the leveler's, the tracking's and the importers' messages in French, checked by hand.

Each problem keeps its code (an identifier) whatever the language; the user's own text (ids, file
names) is never translated.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from english_afterwards import english_afterwards  # noqa: F401  (autouse)

from builders import chain, hours, link, plan, resource, task, use
from plantrack.formats.gan import read_gan
from plantrack.formats.mspdi.read import read_mspdi
from plantrack.formats.planner import read_planner
from plantrack.formats.toml.reader import loads_project_toml
from plantrack.i18n import set_language
from plantrack.scheduling.errors import InvalidInput, Problem, Unschedulable
from plantrack.scheduling.leveling import level
from plantrack.scheduling.leveling.result import ProgressInfo
from plantrack.scheduling.leveling.wording import figures, headline, progress_text, working_text
from plantrack.scheduling.model import Calendar, TimeRange
from plantrack.scheduling.tracking.progress import check_record
from plantrack.scheduling.tracking.records import ProgressRecord
from plantrack.scheduling.validate import validate

NBSP = "\u00a0"
START = dt.datetime(2027, 1, 4)
ROUND_THE_CLOCK = Calendar(id="cont", weekdays=tuple(range(7)), hours=(TimeRange(start=0, end=24 * 60),))


def _codes_and_messages(problems: list[Problem]) -> list[tuple[str, str]]:
    return [(p.code, p.message) for p in problems]


def _two_tasks_one_resource(units: float = 1.0) -> object:
    return plan(
        [task("pose", hours(24)), task("cablage", hours(24))],
        name="t",
        start=START,
        calendar=ROUND_THE_CLOCK,
        minutes_per_day=24 * 60,
        minutes_per_week=7 * 24 * 60,
        resources=[resource("Alice", 1.0)],
        assignments=[use("pose", "Alice", units), use("cablage", "Alice")],
    )


def test_a_cycle_in_french_keeps_its_code() -> None:
    set_language("fr")
    project = plan([task("A", hours(8)), task("B", hours(8))], chain("A", "B", "A"))
    problems = [p for p in validate(project) if p.code == "dep-cycle"]
    assert _codes_and_messages(problems) == [("dep-cycle", f"boucle de liens{NBSP}: A → B → A")]


def test_a_missing_predecessor_in_french_with_its_suggestion() -> None:
    set_language("fr")
    project = plan([task("pose", hours(8)), task("essais", hours(8))], [link("poze", "essais")])
    assert _codes_and_messages(validate(project)) == [
        (
            "dep-unknown",
            f"lien poze → essais{NBSP}: la tâche poze n'existe pas (vouliez-vous dire pose{NBSP}?)",
        )
    ]


def test_the_same_problems_in_english_are_unchanged() -> None:
    project = plan([task("pose", hours(8)), task("essais", hours(8))], [link("poze", "essais")])
    assert _codes_and_messages(validate(project)) == [
        ("dep-unknown", "link poze → essais: task poze does not exist (did you mean pose?)")
    ]


def test_the_leveler_speaks_french_on_two_tasks_sharing_one_resource() -> None:
    set_language("fr")
    result = level(_two_tasks_one_resource(), time_limit=30.0)  # type: ignore[arg-type]
    assert headline(result) == (
        f"Nivelé par l'heuristique de priorité, optimal (prouvé){NBSP}: son planning atteint la borne "
        "inférieure, CP-SAT n'a donc pas été nécessaire"
    )
    assert result.tasks["cablage"].delayed_by == "Alice"  # the user's own name, untouched
    assert figures(result, "06/01/2027 00:00").startswith(
        "Fin 06/01/2027 00:00, 2 jours ouvrés après le début du projet (calendrier du projet)"
        f"{NBSP}; nivelé en "
    )
    assert working_text(90, 24 * 60) == "1,5 heures ouvrées"
    info = ProgressInfo(
        incumbent=48.0, bound=24.0, gap=0.5, elapsed=1.25, incumbent_working=2880, bound_working=1440
    )
    assert progress_text(info, 24 * 60) == (
        f"meilleur 2 jours ouvrés · borne 1 jour ouvré · écart 50,0{NBSP}% · 1,2 s"
    )


def test_an_over_allocation_the_leveler_cannot_solve_is_explained_in_french() -> None:
    set_language("fr")
    with pytest.raises(Unschedulable) as caught:
        level(_two_tasks_one_resource(units=2.0))  # type: ignore[arg-type]
    assert _codes_and_messages(caught.value.problems()) == [
        ("capacity-exceeded", "la tâche pose demande 2 de Alice mais la capacité est de 1")
    ]


def _import_problems(read: object, name: str, data: bytes) -> list[Problem]:
    with pytest.raises(InvalidInput) as caught:
        read(Path(name), data=data)  # type: ignore[operator]
    return caught.value.problems()


def test_damaged_gan_planner_and_mspdi_files_in_french() -> None:
    set_language("fr")
    broken = b'<?xml version="1.0"?>\n<project>\n<tasks>\n</project>\n'
    for read, name in (
        (read_gan, "ligne3.gan"),
        (read_planner, "ligne3.planner"),
        (read_mspdi, "ligne3.xml"),
    ):
        (problem,) = _import_problems(read, name, broken)
        assert problem.code == "xml-malformed"
        assert problem.message == (
            f"XML mal formé{NBSP}: balise fermante différente de la balise ouverte (ligne 4, colonne 2)"
        )
    (problem,) = _import_problems(read_gan, "ligne3.gan", b"<other/>")
    assert (problem.code, problem.message) == ("gan-root", "ligne3.gan n'est pas un fichier GanttProject")
    (problem,) = _import_problems(read_planner, "ligne3.planner", b"<other/>")
    assert (problem.code, problem.message) == (
        "planner-root",
        "ligne3.planner n'est pas un fichier GNOME Planner avec un début de projet",
    )


def test_a_damaged_toml_file_in_french() -> None:
    set_language("fr")
    text = '[project]\nname = "Ligne 3"\nstart = 2027-01-04\n\n[[tasks]]\nid = "pose"\nduraton = "1d"\n'
    with pytest.raises(InvalidInput) as caught:
        loads_project_toml(text, source="ligne3.toml")
    codes = {p.code: p.message for p in caught.value.problems()}
    assert codes["key-unknown"] == (
        f"tâche pose{NBSP}: clé inconnue 'duraton' (vouliez-vous dire 'duration'{NBSP}?)"
    )


def test_a_tracking_problem_in_french() -> None:
    set_language("fr")
    project = plan([task("pose", hours(8))], start=START)
    record = ProgressRecord(
        task="pose", status_date=dt.datetime(2027, 1, 8), actual_start=dt.datetime(2027, 1, 11, 8, 0)
    )
    problems = check_record(project, record, [])
    assert _codes_and_messages(problems)[0] == (
        "actuals-invalid",
        f"tâche pose{NBSP}: le début réel 11/01/2027 08:00 est postérieur à la date d'état 08/01/2027 00:00",
    )
    record = ProgressRecord(task="pose", status_date=dt.datetime(2027, 1, 8), percent_complete=150)
    assert _codes_and_messages(check_record(project, record, []))[0] == (
        "actuals-invalid",
        f"tâche pose{NBSP}: 150{NBSP}% achevé n'est pas compris entre 0 et 100{NBSP}%",
    )
