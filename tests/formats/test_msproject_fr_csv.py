"""A CSV exported by MS Project in French (cp1252, `;`, French headers and units) imports and schedules."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from plantrack.formats.csv_tasks import read_csv
from plantrack.scheduling.cpm import cpm
from plantrack.scheduling.errors import InvalidInput
from plantrack.scheduling.model import LinkType

FIXTURE = Path(__file__).parent / "msproject_fr" / "projet_ligne3.csv"
DAY = 480  # minutes in a working day of the default 8 h calendar


def test_fixture_is_what_french_excel_saves() -> None:
    data = FIXTURE.read_bytes()
    assert "Durée".encode("cp1252") in data and not data.startswith(b"\xef\xbb\xbf")


def test_tasks_phases_and_durations() -> None:
    project = read_csv(FIXTURE).project
    tasks = project.task_map()
    assert len(tasks) == 12
    assert project.start == dt.datetime(2027, 1, 4, 8)  # `lun. 04/01/27 08:00`: day first, 20xx
    assert tasks["3"].name == "Plans" and tasks["5"].name == "Réalisation"
    assert {t.id: t.parent for t in project.tasks} == {
        "1": None, "2": "1", "3": "1", "4": "1",
        "5": None, "6": "5", "7": "5", "8": "5", "9": "5", "10": "5", "11": "5",
        "12": None,
    }  # fmt: skip
    minutes = {t.id: (t.duration.minutes, t.duration.elapsed) for t in project.tasks if t.duration}
    assert minutes == {
        "2": (5 * DAY, False),  # 5 jours
        "3": (7 * DAY + DAY // 2, False),  # 1,5 sem. = 7.5 working days
        "6": (4 * 60, False),  # 4 hr
        "7": (5 * 24 * 60, True),  # 5 jours écoulés
        "8": (3 * DAY, False),  # 3 jours? (estimated)
        "9": (10 * DAY, False),  # 2 sem.
        "10": (30, False),  # 30 min
        "12": (5 * 24 * 60, True),  # 5 jc
    }
    assert [t.id for t in project.tasks if t.milestone] == ["4", "11"]  # 0 jour, Jalon Oui


def test_links_and_lags() -> None:
    project = read_csv(FIXTURE).project
    links = [(lk.predecessor, lk.successor, lk.type, lk.lag.minutes) for lk in project.links]
    assert links == [
        ("2", "3", LinkType.FS, 2 * DAY),  # 2FD+2 jours
        ("3", "4", LinkType.FS, 0),
        ("3", "6", LinkType.SS, -DAY),  # 3DD-1 jour: a lead
        ("6", "7", LinkType.FF, 240),  # 6FF+4 hr
        ("7", "8", LinkType.FS, 0),  # 7;6FD: two links in one cell
        ("6", "8", LinkType.FS, 0),
        ("8", "9", LinkType.FS, DAY + DAY // 2),  # 8FD+1,5 jours
        ("9", "10", LinkType.SF, 0),  # 9DF
        ("9", "11", LinkType.FS, 0),
        ("10", "11", LinkType.FS, 0),
        ("2", "12", LinkType.SS, DAY),  # 2DD+1 jour
    ]
    assert sorted(r.name for r in project.resources) == ["Anne", "Bruno", "Claire"]


def test_imported_plan_schedules_as_worked_by_hand() -> None:
    schedule = cpm(read_csv(FIXTURE).project)

    def at(ident: str) -> tuple[dt.datetime, dt.datetime]:
        task = schedule.task(ident)
        return task.early_start_at, task.early_finish_at

    day = dt.datetime
    # 08-12 / 13-17, Monday to Friday; 4 January 2027 is a Monday
    assert at("2") == (day(2027, 1, 4, 8), day(2027, 1, 8, 17))
    # two days' lag (11, 12 Jan) then 7.5 days: 13-15, 18-21 Jan and the morning of the 22nd
    assert at("3") == (day(2027, 1, 13, 8), day(2027, 1, 22, 12))
    assert at("4") == (day(2027, 1, 22, 12), day(2027, 1, 22, 12))
    assert at("6") == (day(2027, 1, 12, 8), day(2027, 1, 12, 12))  # a day before 3 starts
    assert at("7")[1] == day(2027, 1, 12, 17)  # 4 h after 6 finishes
    assert at("8") == (day(2027, 1, 13, 8), day(2027, 1, 15, 17))
    # 1.5 days' lag: 18 Jan and the morning of the 19th; 10 days from 13:00 end 2 Feb at noon
    assert at("9") == (day(2027, 1, 19, 13), day(2027, 2, 2, 12))
    assert at("11")[0] == day(2027, 2, 2, 12)
    assert at("12") == (day(2027, 1, 4, 17), day(2027, 1, 9, 17))  # 5 elapsed days


def test_bad_french_cells_named(tmp_path: Path) -> None:
    text = FIXTURE.read_bytes().decode("cp1252")
    text = text.replace("1,5 sem.", "1,5 lunes").replace("mer. 13/01/27", "mer. 13/13/27")
    text = text.replace(";Oui\r\n", ";Peut-être\r\n", 1)
    path = tmp_path / "projet.csv"
    path.write_bytes(text.encode("cp1252"))
    with pytest.raises(InvalidInput) as caught:
        read_csv(path)
    found = {(p.location, p.code): p.message for p in caught.value.problems()}
    assert "cannot read duration '1,5 lunes'" in found[("projet.csv:4", "duration-unit")]
    assert "day/month/year" in found[("projet.csv:4", "date-invalid")]
    assert "'Peut-être' is neither yes nor no" in found[("projet.csv:5", "flag-invalid")]
