"""MSPDI calendars: per-weekday hours and night shifts written as MS Project's WorkingTimes and read back
to the same working minutes, holidays included (a holiday takes the night shift that starts on it)."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from builders import plan, task
from plantrack.formats.mspdi.read import read_mspdi
from plantrack.formats.mspdi.write import write_mspdi
from plantrack.scheduling.calendar import WorkCalendar
from plantrack.scheduling.model import Calendar, DayHours, Project, TimeRange

NS = "{http://schemas.microsoft.com/project}"
START = dt.datetime(2027, 7, 5, 8)  # a Monday; Wednesday 14 July is a French public holiday
PLANT = Calendar(
    id="plant",
    name="Plant",
    holidays="FR",
    week_hours=(DayHours(weekday=4, hours=(TimeRange(start=8 * 60, end=12 * 60),)),),
)
NIGHTS = Calendar(id="nights", name="Nights", holidays="FR", hours=(TimeRange(start=21 * 60, end=29 * 60),))


def _project() -> Project:
    return plan(
        [task("day", "1d"), task("night", "1d", calendar="nights")],
        name="Calendars",
        start=START,
        calendar=PLANT,
        calendars=(PLANT, NIGHTS),
    )


def _calendar_xml(data: bytes, name: str) -> ET.Element:
    return next(c for c in ET.fromstring(data).iter(f"{NS}Calendar") if c.findtext(f"{NS}Name") == name)


def _week(calendar: ET.Element) -> dict[int, list[tuple[str, str]]]:
    """DayType (1 = Sunday) -> its WorkingTimes, straight from the XML."""
    out = {}
    for wd in calendar.iterfind(f"{NS}WeekDays/{NS}WeekDay"):
        day_type = int(wd.findtext(f"{NS}DayType") or 0)
        if day_type:
            out[day_type] = [
                (t.findtext(f"{NS}FromTime") or "", t.findtext(f"{NS}ToTime") or "")
                for t in wd.iterfind(f"{NS}WorkingTimes/{NS}WorkingTime")
            ]
    return out


def test_a_short_friday_and_a_night_shift_are_ms_project_weekday_hours() -> None:
    data, _ = write_mspdi(_project())
    plant = _week(_calendar_xml(data, "Plant"))
    assert plant[6] == [("08:00:00", "12:00:00")]  # Friday
    assert plant[2] == [("08:00:00", "12:00:00"), ("13:00:00", "17:00:00")]  # Monday
    assert plant[7] == plant[1] == []
    nights = _week(_calendar_xml(data, "Nights"))
    # split at midnight as MS Project's night-shift calendar is: Monday starts the week's first shift
    assert nights[2] == [("21:00:00", "00:00:00")]
    assert nights[3] == nights[6] == [("00:00:00", "05:00:00"), ("21:00:00", "00:00:00")]
    assert nights[7] == [("00:00:00", "05:00:00")]  # Saturday morning: Friday's shift
    assert nights[1] == []


@pytest.mark.parametrize("ident", ["plant", "nights"])
def test_read_back_works_the_same_minutes(ident: str) -> None:
    project = _project()
    data, _ = write_mspdi(project)
    again = read_mspdi(Path("again.xml"), data=data).project
    name = project.calendar_map()[ident].name
    (read,) = [c for c in again.calendars if c.name == name]
    assert not read.recurring_off  # per-weekday hours, not weekly rules
    origin = dt.datetime(2027, 7, 5)
    before, after = WorkCalendar(project.calendar_map()[ident], origin), WorkCalendar(read, origin)
    # minute by minute over three weeks around the holiday
    differ = [t for t in range(21 * 24 * 60) if before.is_working(t) != after.is_working(t)]
    assert differ == []
    # the holiday took Wednesday's night shift to Thursday 05:00, not Tuesday's shift ending on it
    wed = 9 * 24 * 60
    assert after.working_between(wed, wed + 24 * 60) == (5 * 60 if ident == "nights" else 0)
    assert after.working_between(wed + 24 * 60, wed + 24 * 60 + 5 * 60) == 0
