"""Reading project files: values and their units, date forms, and every problem located at file:line."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from plantrack.formats.toml.locate import TomlLocator
from plantrack.formats.toml.reader import load_project_toml, loads_project_toml
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.errors import InvalidInput, Problem, Severity
from plantrack.scheduling.model import ConstraintKind, LinkType, ResourceKind

FULL = """\
[project]
name = "Retrofit"
start = 2027-01-04
finish = 2027-12-17
calendar = "plant"
currency = "CHF"
status_date = 2027-03-15
hours_per_day = 7.5

[calendars.plant]
name = "Plant"
weekdays = ["mon", "tue", "wed", "thu", "friday"]
hours = ["08:00-12:00", "13:00-16:30"]
holidays = { country = "FR", subdivision = "57" }
off = [{ from = 2027-08-02, to = 2027-08-20, reason = "summer" }]
extra = [{ from = 2027-04-17T08:00:00, to = 2027-04-17T12:00:00 }]
recurring = [{ rule = "FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=1", length = "1ed", reason = "May Day" }]

[resources.elec]
name = "Electricians"
kind = "team"
capacity = 2
rate = 48.5
calendar = "plant"
absences = [{ from = 2027-03-01, to = 2027-03-05 }]

[windows.stop]
name = "Line stop"
periods = [{ from = 2027-04-16T17:00:00, to = 2027-04-19T06:00:00 }]

[[tasks]]
id = "phase"
name = "Phase"

[[tasks]]
id = "a"
name = "A"
duration = "2d"
parent = "phase"
start_no_earlier_than = 2027-01-11
finish_no_later_than = 2027-01-29
priority = 800
owner = "C. Martin"
cost = 1200

[[tasks]]
id = "b"
effort = "3d"
estimate = { optimistic = "1d", likely = "2d", pessimistic = "6d" }
parent = "phase"
after = ["a"]
links = [{ from = "a", type = "ss", lag = "-1d" }]
resources = { elec = 1.5 }
deadline = 2027-02-26
window = "stop"
calendar = "plant"
notes = "line one\\nline two"

[[tasks]]
id = "gate"
gate = true
after = ["b"]
must_start_on = 2027-03-01T08:00:00
"""


def _problems(text: str) -> list[Problem]:
    with pytest.raises(InvalidInput) as info:
        loads_project_toml(text, source="p.toml")
    return info.value.problems()


def _line(text: str, marker: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if marker in line)


def test_every_key_is_read_with_its_unit() -> None:
    project, warnings = loads_project_toml(FULL)
    assert warnings == []
    assert project.finish == dt.datetime(2027, 12, 18)  # a date as finish: the end of that day
    assert project.status_date == dt.datetime(2027, 3, 15)
    assert (project.minutes_per_day, project.minutes_per_week, project.currency) == (450, 2250, "CHF")
    plant = project.calendar_map()["plant"]
    assert plant.weekdays == (0, 1, 2, 3, 4)
    assert [(r.start, r.end) for r in plant.hours] == [(480, 720), (780, 990)]
    assert (plant.holidays, plant.holiday_subdivision) == ("FR", "57")
    assert plant.off[0].end == dt.datetime(2027, 8, 21) and plant.off[0].reason == "summer"
    assert plant.extra[0].end == dt.datetime(2027, 4, 17, 12)
    assert plant.recurring_off[0].length == Duration(minutes=1440, elapsed=True)
    elec = project.resource_map()["elec"]
    assert (elec.kind, elec.capacity, elec.rate, elec.calendar) == (ResourceKind.TEAM, 2, 48.5, "plant")
    assert elec.absences[0].end == dt.datetime(2027, 3, 6)
    tasks = project.task_map()
    a, b, gate = tasks["a"], tasks["b"], tasks["gate"]
    assert a.duration == Duration(minutes=900)  # 2 days of 7.5 h
    assert [(c.kind, c.date) for c in a.constraints] == [
        (ConstraintKind.START_NO_EARLIER_THAN, dt.datetime(2027, 1, 11)),
        (ConstraintKind.FINISH_NO_LATER_THAN, dt.datetime(2027, 1, 30)),
    ]
    assert (a.priority, a.owner, a.fixed_cost, a.parent) == (800, "C. Martin", 1200, "phase")
    assert b.effort == Duration(minutes=3 * 450)
    assert b.estimate is not None and b.estimate.pessimistic == Duration(minutes=6 * 450)
    assert b.deadline == dt.datetime(2027, 2, 27)
    assert (b.window, b.calendar, b.notes) == ("stop", "plant", "line one\nline two")
    assert gate.milestone and gate.gate
    assert gate.constraints[0].date == dt.datetime(2027, 3, 1, 8)
    assert [(x.predecessor, x.successor, x.type, x.lag.minutes) for x in project.links] == [
        ("a", "b", LinkType.FS, 0),
        ("a", "b", LinkType.SS, -450),
        ("b", "gate", LinkType.FS, 0),
    ]
    assert [(x.task, x.resource, x.units) for x in project.assignments] == [("b", "elec", 1.5)]


def test_dates_may_be_iso_strings() -> None:
    text = FULL.replace("start = 2027-01-04", 'start = "2027-01-04"')
    assert loads_project_toml(text)[0].start == dt.datetime(2027, 1, 4)


def test_all_problems_at_once_each_located() -> None:
    text = FULL.replace('duration = "2d"', 'duration = "2 parsecs"').replace("capacity = 2", "capacity = 0")
    text = text.replace('window = "stop"', 'window = "stopp"').replace("priority = 800", "priority = 2000")
    problems = _problems(text)
    found = {p.code: p for p in problems}
    assert set(found) == {"duration-unit", "capacity-invalid", "window-unknown", "priority-invalid"}
    assert found["duration-unit"].location == f"p.toml:{_line(text, '2 parsecs')}"
    assert found["capacity-invalid"].location == f"p.toml:{_line(text, 'capacity = 0')}"
    assert found["window-unknown"].location == f"p.toml:{_line(text, 'stopp')}"
    assert "did you mean stop" in found["window-unknown"].message
    assert found["priority-invalid"].ids == ("a",)


@pytest.mark.parametrize(
    "old,new,code,marker",
    [
        ('currency = "CHF"', 'curency = "CHF"', "key-unknown", "curency"),
        ("rate = 48.5", 'rate = "48.5"', "type-invalid", 'rate = "48.5"'),
        ("rate = 48.5", "rate = nan", "number-invalid", "rate = nan"),
        ('kind = "team"', 'kind = "crew"', "kind-invalid", 'kind = "crew"'),
        ('"13:00-16:30"', '"13:00-16:70"', "hours-invalid", "16:70"),
        ('"08:00-12:00", "13:00', '"08:00-14:00", "13:00', "hours-overlap", "08:00-14:00"),
        ('"friday"', '"fry"', "weekday-invalid", "fry"),
        ('country = "FR"', 'country = "XX"', "holidays-unknown", "XX"),
        ("BYMONTHDAY=1", "BYMONTHDAY=1;FOO=2", "recurring-invalid", "FOO"),
        ('type = "ss"', 'type = "XY"', "link-type-invalid", "XY"),
        (
            "start_no_earlier_than = 2027-01-11",
            "start_no_earlier_than = 1850-01-11",
            "date-out-of-range",
            "1850",
        ),
        ("deadline = 2027-02-26", "deadline = 2027-02-26T08:00:00+01:00", "date-invalid", "+01:00"),
        ("elec = 1.5", "elec = 0", "units-invalid", "elec = 0"),
        ('effort = "3d"\n', 'effort = "3d"\nduration = "1d"\n', "task-overspecified", 'effort = "3d"'),
        ("gate = true", "gate = true\nmilestone = 3", "type-invalid", "milestone = 3"),
        ('pessimistic = "6d"', 'pessimistic = "1h"', "estimate-order", "pessimistic"),
        ("finish = 2027-12-17", "finish = 2026-12-17", "project-finish-before-start", "finish ="),
        ('parent = "phase"\nafter', 'parent = "nophase"\nafter', "parent-unknown", "nophase"),
    ],
)
def test_each_mistake_has_its_code_and_line(old: str, new: str, code: str, marker: str) -> None:
    assert old in FULL
    text = FULL.replace(old, new, 1)
    problems = _problems(text)
    assert [p.code for p in problems if p.severity is Severity.ERROR] == [code], problems
    assert problems[0].location == f"p.toml:{_line(text, marker)}"


def test_missing_project_table_and_required_keys() -> None:
    assert [p.code for p in _problems('[[tasks]]\nid = "a"\nduration = "1d"\n')] == ["project-missing"]
    problems = _problems('[project]\nname = "x"\n\n[[tasks]]\nduration = "1d"\n')
    assert [(p.code, p.location) for p in problems] == [
        ("key-missing", "p.toml:1"),
        ("key-missing", "p.toml:4"),
    ]


def test_syntax_error_gives_file_and_line() -> None:
    text = FULL.replace('name = "A"', 'name = "A')
    (problem,) = _problems(text)
    assert problem.code == "toml-syntax"
    marker = 'name = "A'
    assert problem.location == f"p.toml:{_line(text, marker)}"


def test_date_time_without_seconds_gets_a_hint() -> None:
    text = FULL.replace("2027-04-16T17:00:00", "2027-04-16T17:00")
    (problem,) = _problems(text)
    assert problem.location == f"p.toml:{_line(text, 'T17:00,')}"
    assert "needs seconds" in problem.message


def test_duplicate_tables_are_duplicate_ids() -> None:
    text = FULL + "\n[windows.stop]\nperiods = [{ from = 2027-05-01, to = 2027-05-02 }]\n"
    (problem,) = _problems(text)
    assert (problem.code, problem.ids) == ("id-duplicate", ("stop",))


def test_control_characters_are_removed_with_one_warning() -> None:
    text = FULL.replace('name = "A"', 'name = "A\\u001b[2J"').replace(
        'owner = "C. Martin"', 'owner = "C\\u0007"'
    )
    text = text.replace('name = "Electricians"', 'name = "Elec\\u202etricians"')
    project, warnings = loads_project_toml(text, source="p.toml")
    assert project.task_map()["a"].name == "A[2J"
    assert project.task_map()["a"].owner == "C"
    assert project.resource_map()["elec"].name == "Electricians"
    (warning,) = warnings
    assert warning.code == "name-sanitised" and warning.severity is Severity.WARNING
    assert warning.ids == ("elec", "a")
    assert warning.location == f"p.toml:{_line(text, 'Elec')}"


def test_ids_are_nfc_normalised() -> None:
    text = FULL.replace('id = "a"', 'id = "e\u0301"').replace('"a"', '"\u00e9"')
    project, _ = loads_project_toml(text)
    assert "\u00e9" in project.task_map()


def test_file_errors(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as info:
        load_project_toml(tmp_path / "none.toml")
    assert info.value.problems()[0].code == "file-unreadable"
    (tmp_path / "latin.toml").write_bytes(b'[project]\nname = "\xe9t\xe9"\n')
    with pytest.raises(InvalidInput) as info:
        load_project_toml(tmp_path / "latin.toml")
    assert info.value.problems()[0].location == "latin.toml:2"


def test_locator_follows_strings_arrays_and_array_tables() -> None:
    text = (
        '# [not] a table\n[a]\nx = "[b] # not a comment"\nm = """\n[c]\nk = 1\n"""\n'
        'arr = [\n  { p = "}" },\n  # {\n  { q = 2 },\n]\n[[t]]\nid = "one"\n[[t]]\n\'odd.key\' = 3\n'
    )
    loc = TomlLocator.scan(text, "f.toml")
    assert loc.lines[("a",)] == 2
    assert loc.lines[("a", "m")] == 4
    assert ("c",) not in loc.lines and ("a", "k") not in loc.lines
    assert loc.items[("a", "arr")] == [9, 11]
    assert loc.lines[("t", 0, "id")] == 14
    assert loc.lines[("t", 1, "odd.key")] == 16
    assert loc.where(("t", 1, "missing")) == "f.toml:15"


# ---------------------------------------------------------------- the reference page and the examples

DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.mark.parametrize("example", sorted((DOCS / "examples").glob("*.toml")), ids=lambda p: p.name)
def test_examples_import_without_problems(example: Path) -> None:
    project, warnings = load_project_toml(example)
    assert warnings == []
    assert project.tasks


def test_reference_page_lists_every_key_and_code() -> None:
    from plantrack.formats.toml import calendar as toml_calendar
    from plantrack.formats.toml import tables as toml_tables
    from plantrack.formats.toml.reader import TOP_LEVEL

    page = (DOCS / "file-format.md").read_text(encoding="utf-8")
    keys = (
        *TOP_LEVEL,
        *toml_tables.PROJECT_KEYS,
        *toml_calendar.CALENDAR_KEYS,
        *toml_tables.RESOURCE_KEYS,
        *toml_tables.WINDOW_KEYS,
        *toml_tables.TASK_KEYS,
    )
    missing = [k for k in keys if f"`{k}`" not in page and f"[{k}" not in page and f"[[{k}" not in page]
    assert not missing, f"keys not documented: {missing}"
    sources = [
        *(Path(toml_tables.__file__).parent.glob("*.py")),
        Path(toml_tables.__file__).parents[1] / "detect.py",
        Path(toml_tables.__file__).parents[2] / "scheduling" / "validate.py",
        Path(toml_tables.__file__).parents[2] / "scheduling" / "references.py",
    ]
    codes = set()
    for source in sources:
        text = source.read_text(encoding="utf-8")
        codes |= set(re.findall(r'code="([a-z]+(?:-[a-z]+)+)"', text))
        codes |= set(re.findall(r'(?:fail|add|ModelError|unknown_id)\(\s*"([a-z]+(?:-[a-z]+)+)"', text))
    assert len(codes) > 30
    undocumented = sorted(c for c in codes if f"`{c}`" not in page)
    assert not undocumented, f"codes not documented: {undocumented}"


def _with_week(week: str, hours: str = '["08:00-12:00", "13:00-16:30"]') -> str:
    text = FULL.replace('hours = ["08:00-12:00", "13:00-16:30"]', f"hours = {hours}")
    return text.replace("\n[resources.elec]", f"\n[calendars.plant.week]\n{week}\n\n[resources.elec]", 1)


def test_per_day_hours_and_night_shifts_are_read() -> None:
    project, warnings = loads_project_toml(
        _with_week('fri = ["08:00-12:00"]\nthu = ["06:00-14:00", "22:00-02:00"]')
    )
    assert warnings == []
    plant = project.calendar_map()["plant"]
    assert [(d.weekday, [(r.start, r.end) for r in d.hours]) for d in plant.week_hours] == [
        (3, [(360, 840), (1320, 1560)]),
        (4, [(480, 720)]),
    ]


@pytest.mark.parametrize(
    ("week", "hours", "code", "marker", "words"),
    [
        ('fri = ["08:00-08:00"]', None, "hours-invalid", "fri =", "zero length"),
        ('fri = ["08:00-12:00", "11:00-13:00"]', None, "hours-overlap", "fri =", "11:00-13:00"),
        ('fry = ["08:00-12:00"]', None, "weekday-invalid", "fry =", "fry"),
        ('fri = ["24:00-05:00"]', None, "hours-invalid", "fri =", "24:00"),
        (
            'fri = ["08:00-12:00"]',
            '["08:00-12:00", "08:00-08:00"]',
            "hours-invalid",
            "hours =",
            "zero length",
        ),
        # Thursday's night shift runs into Friday's 04:00 start
        ('fri = ["04:00-12:00"]', '["22:00-06:00"]', "hours-overlap", "hours =", "22:00-06:00"),
        ('sat = ["08:00-12:00"]', None, "weekday-invalid", "weekdays =", "sat"),
    ],
)
def test_bad_hours_name_the_calendar_and_line(
    week: str, hours: str | None, code: str, marker: str, words: str
) -> None:
    text = _with_week(week, hours) if hours else _with_week(week)
    (problem,) = _problems(text)
    assert problem.code == code
    assert problem.location == f"p.toml:{_line(text, marker)}"
    assert "plant" in problem.message and words in problem.message, problem.message
