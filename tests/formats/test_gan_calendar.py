"""GanttProject calendars: the 2.0 nested week and the 3.x flat week both give weekends and holidays."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import SHARED
from plantrack.formats.gan import read_gan
from plantrack.scheduling.cpm import cpm

HERE = Path(__file__).parent / "gan"
REAL = SHARED / "data" / "real"
FIXTURES = ["ganttproject-2.0_nested-calendar.gan", "ganttproject-3.x_flat-calendar.gan"]


@pytest.mark.parametrize("name", FIXTURES)
def test_weekends_and_holidays_are_read(name: str) -> None:
    (calendar,) = read_gan(HERE / name).project.calendars
    assert calendar.weekdays == (0, 1, 2, 3, 4)
    days_off = sorted(p.start.date() for p in calendar.off)
    assert dt.date(2026, 1, 5) in days_off  # <date year="2026" month="1" date="5">
    assert dt.date(2026, 1, 12) in days_off and dt.date(2027, 1, 12) in days_off  # no year: every year


@pytest.mark.parametrize("name", FIXTURES)
def test_fixture_finishes_where_its_file_says(name: str) -> None:
    project = read_gan(HERE / name).project
    schedule = cpm(project)
    # By hand: "Remove old press" 3 days from Thu 1 Jan: Thu 1, Fri 2, (weekend), Mon 5 is a holiday,
    # Tue 6. "Anchor new press" 4 days: Wed 7, Thu 8, Fri 9, (weekend), Mon 12 holiday, Tue 13.
    assert schedule.task("1").early_finish_at == dt.datetime(2026, 1, 6, 17)
    assert schedule.task("2").early_start_at == dt.datetime(2026, 1, 7, 8)  # the file's start="2026-01-07"
    assert schedule.task("2").early_finish_at == dt.datetime(2026, 1, 13, 17)
    # the file draws the milestone on the next working day, 14 Jan
    assert schedule.task("3").early_finish_at == dt.datetime(2026, 1, 13, 17)


def test_a_file_without_a_week_gets_ganttprojects_default_week(tmp_path: Path) -> None:
    text = (HERE / FIXTURES[1]).read_text(encoding="utf-8")
    start, end = text.index("<calendars>"), text.index("</calendars>") + len("</calendars>")
    bare = tmp_path / "bare.gan"
    bare.write_text(text[:start] + text[end:], encoding="utf-8")
    (calendar,) = read_gan(bare).project.calendars
    assert calendar.weekdays == (0, 1, 2, 3, 4) and calendar.off == ()


def _file_finish(path: Path) -> dt.date:
    """The last working task's end as the file draws it: its start plus its duration in working days
    of the file's own week and dated holidays, counted here day by day."""
    root = ET.parse(path).getroot()
    week = root.find(".//default-week")
    assert week is not None
    names = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    off_weekdays = {i for i, d in enumerate(names) if week.get(d) == "1"}
    holidays = {
        dt.date(int(d.get("year") or 0), int(d.get("month") or 0), int(d.get("date") or 0))
        for d in root.iterfind("calendars/date")
        if (d.get("year") or "").isdigit()
    }
    ends = []
    for task in root.iter("task"):
        if task.find("task") is not None or task.get("meeting") == "true":
            continue
        day, left = dt.date.fromisoformat(task.get("start") or ""), int(task.get("duration") or 0)
        while True:
            if day.weekday() not in off_weekdays and day not in holidays:
                left -= 1
                if left <= 0:
                    break
            day += dt.timedelta(days=1)
        ends.append(day)
    return max(ends)


HOUSES = sorted(REAL.glob("ganttproject-*house-building*.gan")) if REAL.is_dir() else []


@pytest.mark.parametrize("path", HOUSES, ids=[p.name for p in HOUSES])
def test_house_building_sample_finishes_where_the_file_says(path: Path) -> None:
    finish = cpm(read_gan(path).project).finish_at
    assert finish.date() == _file_finish(path)
    assert finish.weekday() < 5


def test_ganttproject_2_house_building_sample_finishes_on_13_may_2013() -> None:
    olds = [p for p in HOUSES if 'version="2.0"' in p.read_text(encoding="utf-8")[:400]]
    if not olds:
        pytest.skip("no GanttProject 2.0 house-building sample among the shared real files")
    for path in olds:
        finish = cpm(read_gan(path).project).finish_at
        # the sample's last task ends on Friday 10 May; the file draws the final milestone on Monday 13
        assert finish.date() == _file_finish(path)
        assert dt.date(2013, 5, 10) <= finish.date() <= dt.date(2013, 5, 13)
