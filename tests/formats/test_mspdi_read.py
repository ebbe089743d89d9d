"""MSPDI reader on small hand-written documents: every mapping checked against the value written in it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from plantrack.formats.mspdi.calendar import read_calendars
from plantrack.formats.mspdi.common import parse_minutes
from plantrack.formats.mspdi.read import read_mspdi
from plantrack.formats.xml_safe import parse_xml
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.errors import InvalidInput
from plantrack.scheduling.model import ConstraintKind, LinkType

D = dt.datetime


def doc(body: str, header: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<Project xmlns="http://schemas.microsoft.com/project">'
        f"<Name>t.xml</Name><Title>Test plan</Title><StartDate>2027-01-04T08:00:00</StartDate>"
        f"<MinutesPerDay>480</MinutesPerDay><MinutesPerWeek>2400</MinutesPerWeek>{header}{body}</Project>"
    ).encode()


def task(uid: int, level: int, name: str, extra: str = "", duration: str = "PT16H0M0S") -> str:
    return (
        f"<Task><UID>{uid}</UID><ID>{uid}</ID><Name>{name}</Name><OutlineLevel>{level}</OutlineLevel>"
        f"<Duration>{duration}</Duration><DurationFormat>7</DurationFormat>{extra}</Task>"
    )


def link(pred: int, kind: int, lag: int = 0, fmt: int = 7) -> str:
    return (
        f"<PredecessorLink><PredecessorUID>{pred}</PredecessorUID><Type>{kind}</Type>"
        f"<LinkLag>{lag}</LinkLag><LagFormat>{fmt}</LagFormat></PredecessorLink>"
    )


def read(data: bytes):  # type: ignore[no-untyped-def]
    return read_mspdi(Path("plan.xml"), data=data)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("PT8H0M0S", 480), ("PT0H30M0S", 30), ("PT400H0M0S", 24000), ("PT1H0M30S", 60), ("P1DT2H", 1560)],
)
def test_iso_durations(text: str, minutes: int) -> None:
    assert parse_minutes(text) == minutes


def test_outline_levels_make_parents_and_the_project_summary_is_skipped() -> None:
    body = (
        "<Tasks>"
        + "".join(
            [
                task(0, 0, "Project summary"),
                task(1, 1, "Phase"),
                task(2, 2, "Design"),
                task(3, 3, "Sketch"),
                task(4, 2, "Build"),
                task(5, 1, "Handover", duration="PT0H0M0S", extra="<Milestone>1</Milestone>"),
            ]
        )
        + "</Tasks>"
    )
    project = read(doc(body)).project
    parents = {t.id: t.parent for t in project.tasks}
    assert parents == {"1": None, "2": "1", "3": "2", "4": "1", "5": None}
    tasks = project.task_map()
    assert tasks["1"].duration is None and tasks["2"].duration is None  # summaries
    assert tasks["3"].duration == Duration(minutes=960)
    assert tasks["5"].milestone and tasks["5"].name == "Handover"


def test_the_four_link_types_and_lags_in_tenths_of_minutes() -> None:
    body = (
        "<Tasks>"
        + "".join(
            [
                task(1, 1, "A"),
                task(2, 1, "B", link(1, 0)),  # FF
                task(3, 1, "C", link(1, 1, 4800)),  # FS + 1 day of 8 h
                task(4, 1, "D", link(1, 2, -9600)),  # SF, 2-day lead
                task(5, 1, "E", link(1, 3, 14400, 8)),  # SS + 1 elapsed day (format 8 = ed)
            ]
        )
        + "</Tasks>"
    )
    links = {lk.successor: lk for lk in read(doc(body)).project.links}
    assert links["2"].type is LinkType.FF and links["2"].lag.minutes == 0
    assert links["3"].type is LinkType.FS and links["3"].lag == Duration(minutes=480)
    assert links["4"].type is LinkType.SF and links["4"].lag == Duration(minutes=-960)
    assert links["5"].type is LinkType.SS and links["5"].lag == Duration(minutes=1440, elapsed=True)


def test_constraints_deadlines_and_unsupported_constraints_warn() -> None:
    body = (
        "<Tasks>"
        + "".join(
            [
                task(
                    1,
                    1,
                    "A",
                    "<ConstraintType>4</ConstraintType><ConstraintDate>2027-02-01T08:00:00</ConstraintDate>",
                ),
                task(
                    2,
                    1,
                    "B",
                    "<ConstraintType>7</ConstraintType><ConstraintDate>2027-03-01T17:00:00</ConstraintDate>"
                    "<Deadline>2027-03-05T17:00:00</Deadline>",
                ),
                task(3, 1, "C", "<ConstraintType>1</ConstraintType>"),
            ]
        )
        + "</Tasks>"
    )
    plan = read(doc(body))
    tasks = plan.project.task_map()
    assert tasks["1"].constraints[0].kind is ConstraintKind.START_NO_EARLIER_THAN
    assert tasks["1"].constraints[0].date == D(2027, 2, 1, 8)
    assert tasks["2"].constraints[0].kind is ConstraintKind.FINISH_NO_LATER_THAN
    assert tasks["2"].deadline == D(2027, 3, 5, 17)
    assert tasks["3"].constraints == ()
    assert [w.code for w in plan.warnings] == ["constraint-unsupported"]
    assert "as late as possible" in plan.warnings[0].message


CALENDARS = """<Calendars><Calendar><UID>1</UID><Name>Standard</Name><IsBaseCalendar>1</IsBaseCalendar>
<WeekDays>
<WeekDay><DayType>1</DayType><DayWorking>0</DayWorking></WeekDay>
<WeekDay><DayType>2</DayType><DayWorking>1</DayWorking><WorkingTimes>
 <WorkingTime><FromTime>08:00:00</FromTime><ToTime>12:00:00</ToTime></WorkingTime>
 <WorkingTime><FromTime>13:00:00</FromTime><ToTime>17:00:00</ToTime></WorkingTime></WorkingTimes></WeekDay>
<WeekDay><DayType>6</DayType><DayWorking>1</DayWorking><WorkingTimes>
 <WorkingTime><FromTime>08:00:00</FromTime><ToTime>12:00:00</ToTime></WorkingTime></WorkingTimes></WeekDay>
<WeekDay><DayType>7</DayType><DayWorking>0</DayWorking></WeekDay>
<WeekDay><DayType>0</DayType><DayWorking>0</DayWorking><TimePeriod><FromDate>2027-12-24T00:00:00</FromDate>
 <ToDate>2027-12-26T23:59:00</ToDate></TimePeriod></WeekDay>
</WeekDays></Calendar>
<Calendar><UID>2</UID><Name>Derived</Name><IsBaseCalendar>0</IsBaseCalendar><BaseCalendarUID>1</BaseCalendarUID>
<Exceptions><Exception><TimePeriod><FromDate>2027-05-03T00:00:00</FromDate><ToDate>2027-05-03T23:59:00</ToDate>
</TimePeriod><Occurrences>1</Occurrences><Name>Audit</Name><Type>1</Type><DayWorking>1</DayWorking>
<WorkingTimes><WorkingTime><FromTime>10:00:00</FromTime><ToTime>11:00:00</ToTime></WorkingTime></WorkingTimes>
</Exception></Exceptions></Calendar></Calendars>"""


def _working(calendar_id: str, day: dt.date) -> list[tuple[int, int]]:
    from plantrack.scheduling.calendar import WorkCalendar

    project = read(doc(CALENDARS)).project
    cal = WorkCalendar(project.calendar_map()[calendar_id], dt.datetime(2027, 1, 1))
    first = (day - dt.date(2027, 1, 1)).days * 1440
    out = []
    for minute in range(first, first + 1440):
        if cal.work_before(minute + 1) > cal.work_before(minute):
            if out and out[-1][1] == minute - first:
                out[-1] = (out[-1][0], minute + 1 - first)
            else:
                out.append((minute - first, minute + 1 - first))
    return out


def test_weekday_hours_and_both_exception_styles() -> None:
    assert _working("cal1", dt.date(2027, 5, 3)) == [(480, 720), (780, 1020)]  # Monday
    assert _working("cal1", dt.date(2027, 5, 7)) == [(480, 720)]  # Friday: mornings only
    assert _working("cal1", dt.date(2027, 5, 4)) == [(480, 720), (780, 1020)]  # Tuesday: Standard default
    assert _working("cal1", dt.date(2027, 5, 8)) == []  # Saturday
    assert _working("cal1", dt.date(2027, 12, 24)) == []  # 2003-style exception, 24-26 December
    assert _working("cal1", dt.date(2027, 12, 27)) == [(480, 720), (780, 1020)]
    assert _working("cal2", dt.date(2027, 5, 3)) == [(600, 660)]  # 2007-style working exception
    assert _working("cal2", dt.date(2027, 5, 7)) == [(480, 720)]  # inherits the short Friday
    assert _working("cal2", dt.date(2027, 12, 24)) == []  # and the base calendar's holidays


def test_recurring_exceptions_expand_to_their_dates() -> None:
    xml = doc("""<Calendars><Calendar><UID>1</UID><Name>S</Name><Exceptions>
<Exception><TimePeriod><FromDate>2002-01-01T00:00:00</FromDate><ToDate>2002-05-06T23:59:00</ToDate></TimePeriod>
<Occurrences>3</Occurrences><Name>first Monday every 2 months</Name><Type>5</Type><Period>2</Period>
<MonthItem>4</MonthItem><MonthPosition>0</MonthPosition><DayWorking>0</DayWorking></Exception>
<Exception><TimePeriod><FromDate>2001-01-01T00:00:00</FromDate><ToDate>2001-02-13T23:59:00</ToDate></TimePeriod>
<Occurrences>4</Occurrences><Name>every 2 weeks on Tuesday</Name><Type>6</Type><Period>2</Period>
<DaysOfWeek>4</DaysOfWeek><DayWorking>0</DayWorking></Exception>
<Exception><TimePeriod><FromDate>2005-01-01T00:00:00</FromDate><ToDate>2007-02-01T23:59:00</ToDate></TimePeriod>
<Occurrences>3</Occurrences><Name>1 February</Name><Type>2</Type><Month>1</Month><MonthDay>1</MonthDay>
<DayWorking>0</DayWorking></Exception>
</Exceptions></Calendar></Calendars>""")
    root = parse_xml(Path("c.xml"), kind="MSPDI", data=xml)
    (calendar,) = read_calendars(root, lambda *a: None)
    days = sorted(p.start.date() for p in calendar.off)
    assert days == [
        dt.date(2001, 1, 2),
        dt.date(2001, 1, 16),
        dt.date(2001, 1, 30),
        dt.date(2001, 2, 13),
        dt.date(2002, 1, 7),
        dt.date(2002, 3, 4),
        dt.date(2002, 5, 6),
        dt.date(2005, 2, 1),
        dt.date(2006, 2, 1),
        dt.date(2007, 2, 1),
    ]


def test_resources_assignments_and_what_cannot_be_mapped() -> None:
    body = (
        "<Tasks>" + task(1, 1, "A") + task(2, 1, "B") + "</Tasks><Resources>"
        "<Resource><UID>0</UID><ID>0</ID></Resource>"
        "<Resource><UID>1</UID><Name>Fitter</Name><Type>1</Type><MaxUnits>2.00</MaxUnits>"
        "<StandardRate>45.5</StandardRate></Resource>"
        "<Resource><UID>2</UID><Name>Concrete</Name><Type>0</Type></Resource></Resources><Assignments>"
        "<Assignment><UID>1</UID><TaskUID>1</TaskUID><ResourceUID>1</ResourceUID><Units>1.5</Units>"
        "<WorkContour>3</WorkContour></Assignment>"
        "<Assignment><UID>2</UID><TaskUID>1</TaskUID><ResourceUID>2</ResourceUID><Units>1</Units></Assignment>"
        "<Assignment><UID>3</UID><TaskUID>2</TaskUID><ResourceUID>-65535</ResourceUID></Assignment>"
        "</Assignments>"
    )
    plan = read(doc(body))
    (fitter,) = plan.project.resources
    assert (fitter.name, fitter.capacity, fitter.rate) == ("Fitter", 2.0, 45.5)
    (assignment,) = plan.project.assignments
    assert (assignment.task, assignment.resource, assignment.units) == ("1", fitter.id, 1.5)
    codes = {w.code: w.message for w in plan.warnings}
    assert "Concrete" in codes["resource-unsupported"]
    assert codes["work-contour"] == "1 assignment with work contours imported as flat"
    assert codes["assignment-skipped"].startswith("1 assignment")


def test_baselines_and_actuals_become_tracking_records() -> None:
    body = (
        "<StatusDate>2027-01-08T17:00:00</StatusDate><Tasks>"
        + task(
            1,
            1,
            "A",
            "<PercentComplete>50</PercentComplete><ActualStart>2027-01-04T08:00:00</ActualStart>"
            "<RemainingDuration>PT8H0M0S</RemainingDuration>"
            "<Baseline><Number>0</Number><Start>2027-01-04T08:00:00</Start><Finish>2027-01-05T17:00:00</Finish>"
            "<Duration>PT16H0M0S</Duration><Work>PT16H0M0S</Work><Cost>80000</Cost></Baseline>"
            "<Baseline><Number>2</Number><Cost>100</Cost></Baseline>",
        )
        + "</Tasks>"
    )
    plan = read(doc(body))
    (baseline,) = plan.baselines
    assert baseline.name == "Baseline"
    (entry,) = baseline.tasks
    assert (entry.start, entry.finish, entry.duration_minutes, entry.cost) == (
        D(2027, 1, 4, 8),
        D(2027, 1, 5, 17),
        960,
        800.0,
    )
    (record,) = plan.progress
    assert (record.status_date, record.actual_start, record.percent_complete, record.remaining_minutes) == (
        D(2027, 1, 8, 17),
        D(2027, 1, 4, 8),
        50.0,
        480,
    )
    assert [w.code for w in plan.warnings] == ["baseline-partial"]


# ---------------------------------------------------------------- hostile input


def _error(data: bytes) -> str:
    with pytest.raises(InvalidInput) as info:
        read(data)
    return info.value.problems()[0].render()


def test_doctype_is_refused_with_its_line() -> None:
    xxe = b'<?xml version="1.0"?>\n<!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<Project>&x;</Project>'
    assert "MSPDI files must not contain a DOCTYPE (line 2)" in _error(xxe)


def test_billion_laughs_and_external_dtd_are_refused() -> None:
    lol = (
        b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        b"<Project>&b;</Project>"
    )
    assert "DOCTYPE (line 1)" in _error(lol)
    ext = b'<?xml version="1.0"?><!DOCTYPE Project SYSTEM "http://127.0.0.1:9/x.dtd"><Project/>'
    assert "DOCTYPE (line 1)" in _error(ext)


def test_utf16_doctype_and_unknown_encodings() -> None:
    utf16 = '<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE p>\n<Project/>'.encode("utf-16")
    assert "DOCTYPE (line 2)" in _error(utf16)
    utf7 = b'<?xml version="1.0" encoding="UTF-7"?><Project/>'
    assert "xml-malformed" in _error(utf7)


def test_deep_nesting_malformed_and_wrong_root() -> None:
    deep = b"<Project>" + b"<a>" * 10_000 + b"</a>" * 10_000 + b"</Project>"
    assert "xml-too-deep" in _error(deep)
    assert "not well-formed XML" in _error(b"<Project><Tasks></Project>")
    assert "mspdi-root" in _error(b"<html/>")


def test_size_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.xml"
    big.write_bytes(b"<Project>" + b" " * 2000 + b"</Project>")
    with pytest.raises(InvalidInput) as info:
        parse_xml(big, kind="MSPDI", max_bytes=1000)
    assert "file too large" in info.value.problems()[0].message
