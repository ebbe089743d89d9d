"""Dates written as strings in a project file: ISO or day first (`05/01/2027` is 5 January), any language."""

from __future__ import annotations

import datetime as dt

import pytest

from plantrack.formats.toml.reader import loads_project_toml
from plantrack.i18n import set_language
from plantrack.scheduling.errors import InvalidInput, Problem
from plantrack.scheduling.model import Project


def _plan(start: str, task: str = "") -> str:
    return f'[project]\nname = "Presse"\nstart = {start}\n\n[[tasks]]\nid = "pose"\nduration = "2d"\n{task}'


def _read(text: str) -> Project:
    project, _warnings = loads_project_toml(text, source="plan.toml")
    return project


def _problems(text: str) -> list[Problem]:
    with pytest.raises(InvalidInput) as caught:
        loads_project_toml(text, source="plan.toml")
    return caught.value.problems()


@pytest.fixture(params=["en", "fr"])
def any_language(request: pytest.FixtureRequest) -> object:
    set_language(request.param)
    yield request.param
    set_language("en")


@pytest.mark.usefixtures("any_language")
@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ('"05/01/2027"', dt.datetime(2027, 1, 5)),
        ('"01/05/2027"', dt.datetime(2027, 5, 1)),  # the day first: 1 May, never 5 January
        ('"5/1/27"', dt.datetime(2027, 1, 5)),
        ('"05/01/2027 14:00"', dt.datetime(2027, 1, 5, 14, 0)),
        ('"2027-01-05"', dt.datetime(2027, 1, 5)),
        ('"2027-01-05T14:00"', dt.datetime(2027, 1, 5, 14, 0)),
        ("2027-01-05", dt.datetime(2027, 1, 5)),  # a TOML date, as before
    ],
)
def test_a_string_date_reads_as_the_command_line_reads_it(written: str, meant: dt.datetime) -> None:
    assert _read(_plan(written)).start == meant


def test_an_end_like_string_date_alone_is_the_end_of_its_day_as_a_toml_date() -> None:
    as_string = _read(_plan("2027-01-04", 'deadline = "10/03/2027"\n'))
    as_date = _read(_plan("2027-01-04", "deadline = 2027-03-10\n"))
    assert as_string.task_map()["pose"].deadline == as_date.task_map()["pose"].deadline
    assert as_string.task_map()["pose"].deadline == dt.datetime(2027, 3, 11)


def test_a_string_date_in_a_period_table() -> None:
    text = (
        '[project]\nname = "Presse"\nstart = 2027-01-04\ncalendar = "plant"\n\n[calendars.plant]\n'
        'off = [{ from = "02/08/2027", to = "20/08/2027", reason = "été" }]\n'
    )
    (period,) = _read(text).calendars[-1].off
    assert (period.start, period.end) == (dt.datetime(2027, 8, 2), dt.datetime(2027, 8, 21))


def test_a_month_above_12_names_the_file_line_table_and_key() -> None:
    (problem,) = _problems(_plan("2027-01-04", 'deadline = "01/13/2027"\n'))
    assert problem.code == "date-invalid"
    assert problem.location == "plan.toml:8"
    assert problem.message.startswith("task pose: 'deadline': '01/13/2027' is not a date")
    assert "day/month/year" in problem.message


def test_a_day_that_does_not_exist_in_french(french: None) -> None:
    (problem,) = _problems(_plan('"31/02/2027"'))
    assert (problem.code, problem.location) == ("date-invalid", "plan.toml:3")
    # the catalog puts a no-break space before a colon, a plain one in a few older entries
    assert problem.message.replace("\u00a0", " ") == (
        "projet : 'start' : '31/02/2027' n'est pas une date : le 31/02 n'existe pas en 2027 (jour/mois/année)"
    )


def test_a_string_date_out_of_range_keeps_its_code() -> None:
    (problem,) = _problems(_plan('"05/01/2301"'))
    assert problem.code == "date-out-of-range"
    assert "'start'" in problem.message


def test_a_string_that_is_no_date() -> None:
    (problem,) = _problems(_plan('"next monday"'))
    assert problem.code == "date-invalid"
    assert "'start'" in problem.message and "15/03/2027" in problem.message
