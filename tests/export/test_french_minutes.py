"""The review minutes of the demo in French: French section titles, no English heading, French dates and
amounts (each amount formatted here independently of the exporter, from the engine's figures)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from conftest import stored_demo_state
from plantrack.export.minutes import to_html, to_markdown
from plantrack.i18n import set_language
from plantrack.operations.review import meeting
from plantrack.scheduling.tracking.review import Review

TODAY = dt.date(2027, 2, 1)
NNBSP = "\u202f"

FRENCH_SECTIONS = (
    "Période et état",
    "Participants",
    "Ordre du jour",
    "Indicateurs",
    "Tâches terminées",
    "Tâches commencées",
    "Tâches en retard",
    "Jalons et jalons de validation",
    "Décisions",
    "Nouvelles actions",
    "Actions réalisées",
    "Actions en retard",
    "Points en suspens",
    "Prochaine réunion",
)
ENGLISH_SECTIONS = (
    "Period and status",
    "Attendees",
    "Agenda",
    "Indicators",
    "Tasks finished",
    "Tasks started",
    "Late tasks",
    "Milestones and gates",
    "Decisions",
    "New actions",
    "Actions done",
    "Overdue actions",
    "Open points",
    "Next meeting",
)


@pytest.fixture(scope="module")
def review(tmp_path_factory: pytest.TempPathFactory) -> Review:
    stored = stored_demo_state(tmp_path_factory.mktemp("demo"))
    return meeting(stored, today=TODAY, baseline="initial").review


def _french_amount(value: float) -> str:
    """`1 234,56 €` written by hand: narrow no-break spaces between thousands, comma, no-break space, €."""
    sign = "-" if value < 0 else ""
    whole, cents = f"{abs(value):.2f}".split(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return f"{sign}{NNBSP.join(groups)},{cents}\u00a0€"


def test_hand_formatter_agrees_with_the_issue() -> None:
    assert _french_amount(1234.56) == f"1{NNBSP}234,56\u00a0€"
    assert _french_amount(220464.333) == f"220{NNBSP}464,33\u00a0€"


@pytest.mark.usefixtures("french")
def test_markdown_minutes_have_french_sections_and_no_english_heading(review: Review) -> None:
    text = to_markdown(review)
    headings = re.findall(r"^#{1,2} (.*)$", text, flags=re.M)
    assert headings[0].startswith("Compte rendu de revue de projet — ")
    for title in FRENCH_SECTIONS:
        assert title in headings, title
    for title in ENGLISH_SECTIONS:
        assert title not in headings, title
    assert "Review minutes" not in text


@pytest.mark.usefixtures("french")
def test_french_dates_and_amounts_in_the_minutes(review: Review) -> None:
    text = to_markdown(review)
    status = review.status_date
    assert f"Date d'état : {status:%d/%m/%Y %H:%M}." in text
    assert "## Participants\n\nNéant." in text
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text.replace(review.project, ""))
    ev, cur = review.report.ev, review.currency
    assert cur == "EUR"
    assert f"| Budget à l'achèvement (BAC) | {_french_amount(ev.bac)} |" in text
    assert f"| Écart à l'achèvement (VAC) | {_french_amount(ev.vac)} |" in text
    assert f"{NNBSP}%" in text or " %" in text


@pytest.mark.usefixtures("french")
def test_late_task_causes_are_the_french_5m(review: Review) -> None:
    text = to_markdown(review)
    words = {"main-d'œuvre", "matière", "matériel", "méthode", "milieu", "non précisée", "autre"}
    causes = {t.cause for t in review.late if t.cause is not None}
    assert causes, "the demo has late tasks with a recorded cause"
    late = text.split("## Tâches en retard", 1)[1].split("\n## ", 1)[0]
    assert any(word in late for word in words)
    for code in ("| man |", "| material |", "| method |", "| machine |"):
        assert code not in late


@pytest.mark.usefixtures("french")
def test_html_minutes_are_french_and_escaped(review: Review) -> None:
    page = to_html(review)
    assert '<html lang="fr">' in page
    assert "<h2>Ordre du jour</h2>" in page and "<h2>Actions réalisées</h2>" in page
    assert "<h2>Agenda</h2>" not in page
    assert "d&#x27;état" in page or "d'état" in page


def test_english_minutes_are_unchanged_after_french(review: Review) -> None:
    set_language("fr")
    french = to_markdown(review)
    set_language("en")
    english = to_markdown(review)
    assert english != french
    assert english.startswith(f"# Review minutes — {review.project}")
    assert "## Agenda" in english and "Ordre du jour" not in english
    assert f"{review.report.ev.bac:,.2f} EUR" in english
    assert '<html lang="en">' in to_html(review)


def test_minutes_module_has_no_english_literal_left_outside_markers() -> None:
    """Every capitalised English phrase in minutes.py goes through `_()` or `N_()`."""
    source = (Path(__file__).resolve().parents[2] / "src/plantrack/export/minutes.py").read_text()
    bare = re.findall(r'(?<![_N(])\(\s*"([A-Z][a-z]+ [a-z][^"]*)"', source)
    assert bare == []
