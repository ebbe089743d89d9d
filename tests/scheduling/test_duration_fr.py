"""Durations, dates and words typed in French are read in either interface language; errors in both."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from plantrack.i18n import set_language
from plantrack.scheduling.dates import DateError, read_iso, read_when
from plantrack.scheduling.duration import parse_duration
from plantrack.scheduling.errors import ModelError
from plantrack.scheduling.words import cause_code, decision_code, yes_no

DAY, WEEK, ELAPSED_DAY = 480, 2400, 1440


@pytest.fixture(params=["en", "fr"])
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    set_language(request.param)
    yield request.param
    set_language("en")


@pytest.mark.parametrize(
    ("text", "minutes", "elapsed"),
    [
        ("2j", 2 * DAY, False),
        ("1,5j", DAY + DAY // 2, False),
        ("1,5 j", 720, False),
        ("2 jours", 960, False),
        ("1 jour", 480, False),
        ("3 sem", 3 * WEEK, False),
        ("3 semaines", 7200, False),
        ("2 sem.", 4800, False),
        ("4h", 240, False),
        ("4 hr", 240, False),
        ("2 heures", 120, False),
        ("30min", 30, False),
        ("30 mn", 30, False),
        ("5jc", 5 * ELAPSED_DAY, True),
        ("5 jours calendaires", 7200, True),
        ("5 jours écoulés", 7200, True),
        ("0 jour", 0, False),
        ("0,25 h", 15, False),
        ("3d", 1440, False),  # English unchanged
        ("1.5h", 90, False),
        ("5ed", 7200, True),
        ("2w", 4800, False),
    ],
)
def test_duration_forms(language: str, text: str, minutes: int, elapsed: bool) -> None:
    parsed = parse_duration(text)
    assert (parsed.minutes, parsed.elapsed) == (minutes, elapsed)


def test_french_lead_needs_permission() -> None:
    assert parse_duration("-1,5j", allow_negative=True).minutes == -720
    with pytest.raises(ModelError, match="negative"):
        parse_duration("-2j")


@pytest.mark.parametrize("text", ["3 parsecs", "2 jj", "1,5,2j", "j", "2 mois"])
def test_bad_duration_errors_in_english(text: str) -> None:
    with pytest.raises(ModelError) as caught:
        parse_duration(text)
    message = caught.value.problem.message
    assert f"cannot read duration {text!r}" in message and "2j, 1,5j, 3 sem, 5jc" in message


def test_bad_duration_errors_in_french(french: None) -> None:
    with pytest.raises(ModelError) as caught:
        parse_duration("3 parsecs")
    assert caught.value.problem.message.startswith("durée '3 parsecs' illisible")
    assert "jours calendaires" in caught.value.problem.message


@pytest.mark.parametrize(
    ("text", "expected", "alone"),
    [
        ("05/01/2027", dt.datetime(2027, 1, 5), True),  # 5 January: day first
        ("05/01/2027 14:00", dt.datetime(2027, 1, 5, 14), False),
        ("5/1/2027 8:30", dt.datetime(2027, 1, 5, 8, 30), False),
        ("31/12/2027", dt.datetime(2027, 12, 31), True),
        ("2027-01-05", dt.datetime(2027, 1, 5), True),  # ISO always works
        ("2027-01-05T14:00", dt.datetime(2027, 1, 5, 14), False),
    ],
)
def test_date_forms(language: str, text: str, expected: dt.datetime, alone: bool) -> None:
    assert read_iso(text) == (expected, alone)


def test_day_first_date_alone_ends_its_day() -> None:
    assert read_when("05/01/2027", end=True) == dt.datetime(2027, 1, 6)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("01/13/2027", "month 13 does not exist; the order is day/month/year"),
        ("31/02/2027", "31/02 does not exist in 2027 (day/month/year)"),
        ("05/01/1850", "outside 1900-2200"),
        ("05/01", "is not a date"),
        ("05/01/2027 25h", "is not a date"),
    ],
)
def test_date_errors_in_english(text: str, says: str) -> None:
    with pytest.raises(DateError) as caught:
        read_iso(text)
    assert repr(text) in str(caught.value) and says in str(caught.value)


def test_date_errors_in_french(french: None) -> None:
    with pytest.raises(DateError, match="le mois 13 n'existe pas ; l'ordre est jour/mois/année"):
        read_iso("01/13/2027")
    with pytest.raises(DateError, match="n'est pas une date : écrire jour/mois/année"):
        read_iso("demain")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("main-d'œuvre", "man"),
        ("main-d'oeuvre", "man"),
        ("main d'oeuvre", "man"),
        ("Main-d’Œuvre", "man"),
        ("matière", "material"),
        ("matiere", "material"),
        ("matériel", "machine"),
        ("machine", "machine"),
        ("méthode", "method"),
        ("Milieu", "milieu"),
        ("material", "material"),
        ("man", "man"),
    ],
)
def test_causes(text: str, code: str) -> None:
    assert cause_code(text) == code


def test_unknown_cause_comes_back_folded() -> None:
    assert cause_code(" Météo ") == "meteo"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("validé", "validated"),
        ("VALIDE", "validated"),
        ("Validée", "validated"),
        ("refusé", "rejected"),
        ("refuse", "rejected"),
        ("reporté", "deferred"),
        ("Reporte", "deferred"),
        ("deferred", "deferred"),
    ],
)
def test_decisions(text: str, code: str) -> None:
    assert decision_code(text) == code


@pytest.mark.parametrize(
    ("text", "value"),
    [("oui", True), ("Oui", True), ("OUI", True), ("yes", True), ("non", False), ("Non", False),
     ("no", False), ("", False), ("peut-être", None)],
)  # fmt: skip
def test_yes_no(text: str, value: bool | None) -> None:
    assert yes_no(text) is value
