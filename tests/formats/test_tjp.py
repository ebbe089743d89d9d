"""TaskJuggler `.tjp` import: tokens, the parsed subset, hand-worked schedules, errors at file:line."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from plantrack.formats.detect import load_project
from plantrack.formats.interchange import load_plan
from plantrack.formats.taskjuggler.lexer import Kind, Lexer, TjpError, parse_date
from plantrack.formats.taskjuggler.project import load_tjp, read_tjp
from plantrack.scheduling.cpm import cpm
from plantrack.scheduling.errors import InvalidInput
from plantrack.scheduling.model import ConstraintKind, LinkType, Project

HERE = Path(__file__).parent / "taskjuggler"
PRESS = HERE / "press.tjp"


def _plan_without_status(project: Project) -> Project:
    # the file's `now` is a status date; with no actuals it would push all work after it
    return dataclasses.replace(project, status_date=None)


def _at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


# -- tokenizer ----------------------------------------------------------------------------------


def test_tokens_of_every_kind() -> None:
    text = (
        'task a "double \\" quote" \'single\' # comment\n'
        "// line comment\n/* block\ncomment */ 2002-01-16-09:00 9:00 1.5h 20d 4m 390.0 !!x.y "
        'delayed:effort ${m "1"} [raw [nested]] -8<-\n    two\n      lines\n    ->8- {'
    )
    tokens = Lexer(text, "f.tjp").tokens()
    kinds = [(t.kind, t.text) for t in tokens]
    assert kinds == [
        (Kind.ID, "task"),
        (Kind.ID, "a"),
        (Kind.STRING, 'double " quote'),
        (Kind.STRING, "single"),
        (Kind.DATE, "2002-01-16-09:00"),
        (Kind.TIME, "9:00"),
        (Kind.DURATION, "1.5h"),
        (Kind.DURATION, "20d"),
        (Kind.DURATION, "4m"),
        (Kind.NUMBER, "390.0"),
        (Kind.ID, "!!x.y"),
        (Kind.ID, "delayed:effort"),
        (Kind.MACRO, 'm "1"'),
        (Kind.BODY, "raw [nested]"),
        (Kind.STRING, "two\n  lines"),
        (Kind.PUNCT, "{"),
        (Kind.END, ""),
    ]
    assert [t.line for t in tokens[:5]] == [1, 1, 1, 1, 4]
    assert tokens[4].nl and not tokens[5].nl
    assert tokens[-2].line == 7  # after the three lines of the -8<- block


@pytest.mark.parametrize(
    ("text", "when", "offset"),
    [
        ("2002-01-16", dt.datetime(2002, 1, 16), None),
        ("2002-01-16-09:30", dt.datetime(2002, 1, 16, 9, 30), None),
        ("2007-12-16-01:00:00-+0100", dt.datetime(2007, 12, 16, 1), 60),
        ("2007-11-09-00:00--0700", dt.datetime(2007, 11, 9), -420),
        ("2002-01-16-24:00", dt.datetime(2002, 1, 17), None),
    ],
)
def test_dates(text: str, when: dt.datetime, offset: int | None) -> None:
    parsed = parse_date(text, "f:1")
    assert (parsed.when, parsed.offset) == (when, offset)


@pytest.mark.parametrize("text", ["2002-02-30", "2002-13-01", "2002-01-16-25:00", "2002-01-16-09:61"])
def test_impossible_dates_are_errors(text: str) -> None:
    with pytest.raises(TjpError) as caught:
        parse_date(text, "f.tjp:3")
    assert caught.value.problems()[0].location == "f.tjp:3"


# -- the hand-written fixture -------------------------------------------------------------------


def test_fixture_reads_the_subset() -> None:
    plan = read_tjp(PRESS)
    project = plan.project
    assert (project.name, project.currency, project.start) == (
        "Press line retrofit",
        "EUR",
        _at("2027-01-04"),
    )
    assert project.status_date == _at("2027-01-11 12:00")
    cal = project.calendar_map()[project.calendar]
    assert cal.weekdays == (0, 1, 2, 3, 4)
    assert [(r.start, r.end) for r in cal.hours] == [(480, 720), (780, 1020)]
    assert [(d.weekday, [(r.start, r.end) for r in d.hours]) for d in cal.week_hours] == [(4, [(480, 720)])]
    assert [(p.start, p.end) for p in cal.off] == [(_at("2027-01-13"), _at("2027-01-14"))]
    # resources come from the included file; the group `crew` passes its rate to its members
    people = project.resource_map()
    assert sorted(people) == ["fitter", "lead", "welder"]
    assert people["fitter"].capacity == 2.0 and people["fitter"].rate == 480 / 8
    assert people["lead"].rate == 400 / 8
    assert [(p.start, p.end) for p in people["welder"].absences] == [(_at("2027-01-18"), _at("2027-01-20"))]
    # the macro allocates the group, that is its two members; efficiency 2 counts as two units
    assert sorted((a.task, a.resource, a.units) for a in project.assignments) == [
        ("retrofit.install", "fitter", 2.0),
        ("retrofit.install", "welder", 1.0),
    ]
    tasks = project.task_map()
    assert tasks["retrofit.prep.order"].duration == dataclasses.replace(
        tasks["retrofit.prep.order"].duration,  # type: ignore[arg-type]
        minutes=3 * 1440,
        elapsed=True,
    )
    assert tasks["retrofit.prep.drawings"].duration.minutes == 2 * 480  # type: ignore[union-attr]
    assert not tasks["retrofit.prep.drawings"].duration.elapsed  # type: ignore[union-attr]
    assert tasks["retrofit.install"].effort.minutes == 9 * 480  # type: ignore[union-attr]
    assert tasks["retrofit.handover"].milestone and tasks["kickoff"].milestone
    assert (
        tasks["retrofit.prep"].parent == "retrofit" and tasks["retrofit.prep.order"].parent == "retrofit.prep"
    )
    # priority is inherited from the enclosing task unless the task sets its own
    assert (tasks["retrofit.install"].priority, tasks["retrofit.test"].priority) == (700, 900)
    assert (
        tasks["retrofit.prep.drawings"].notes == "Drawings start one working day\nafter the order is placed."
    )
    # 07:00 UTC is 08:00 in Paris in January
    (constraint,) = tasks["kickoff"].constraints
    assert (constraint.kind, constraint.date) == (
        ConstraintKind.START_NO_EARLIER_THAN,
        _at("2027-01-04 08:00"),
    )
    links = {(k.predecessor, k.successor): (k.type, k.lag.minutes, k.lag.elapsed) for k in project.links}
    assert links == {
        ("retrofit.prep.order", "retrofit.prep.drawings"): (LinkType.SS, 480, False),
        ("retrofit.prep.order", "retrofit.install"): (LinkType.FS, 2 * 1440, True),
        ("retrofit.prep.drawings", "retrofit.install"): (LinkType.FS, 0, False),
        ("retrofit.install", "retrofit.test"): (LinkType.FS, 0, False),
        ("retrofit.test", "retrofit.handover"): (LinkType.FS, 0, False),
        ("kickoff", "retrofit.prep.order"): (LinkType.FS, 0, False),
    }
    # `now` is the status date: work planned before it is done as planned, `complete` says otherwise
    now = _at("2027-01-11 12:00")
    assert {p.status_date for p in plan.progress} == {now}
    records = {
        p.task: (p.actual_start, p.actual_finish, p.percent_complete, p.remaining_minutes)
        for p in plan.progress
    }
    assert records == {
        "retrofit.prep.order": (_at("2027-01-04 08:00"), _at("2027-01-07 08:00"), 100, None),
        "retrofit.prep.drawings": (_at("2027-01-05 08:00"), _at("2027-01-06 17:00"), 100, None),
        # 24 working hours planned (11th, 12th, 14th), half of them left
        "retrofit.install": (_at("2027-01-11 08:00"), None, 50, 12 * 60),
        "kickoff": (_at("2027-01-04 08:00"), _at("2027-01-04 08:00"), 100, None),
    }


def test_fixture_warns_about_each_skipped_construct_with_its_line() -> None:
    _project, warnings = load_project(PRESS)
    messages = [w.message for w in warnings if w.code == "tjp-not-imported"]
    assert "`scenario` is not imported (press.tjp:8)" in messages
    assert "`email` is not imported (people.tji:13)" in messages
    assert any(m.startswith("`supplement` is not imported (press.tjp:5") for m in messages)
    assert any(m.startswith("`taskreport` is not imported (press.tjp:6") for m in messages)
    assert any(w.code == "tjp-resource-groups" and "crew" in w.message for w in warnings)


def test_fixture_schedules_to_the_hand_worked_dates() -> None:
    """Worked by hand below; TaskJuggler 3.7.1 (tj3) gives the same dates for the same file (its test
    run starts at 17:00 on the 14th, the end of the working day before our 8:00 on the 15th)."""
    schedule = cpm(_plan_without_status(read_tjp(PRESS).project))
    dates = {t.id: (t.early_start_at, t.early_finish_at) for t in schedule.tasks}
    # order: 3 calendar days from the kick-off, Monday 8:00
    assert dates["retrofit.prep.order"] == (_at("2027-01-04 08:00"), _at("2027-01-07 08:00"))
    # drawings: one working day after the order starts, then two working days
    assert dates["retrofit.prep.drawings"] == (_at("2027-01-05 08:00"), _at("2027-01-06 17:00"))
    # install: 2 calendar days after the order = Saturday, so Monday 11th; 9 days of work shared by
    # 3 units = 3 working days, and Wednesday 13th is the site's holiday
    assert dates["retrofit.install"] == (_at("2027-01-11 08:00"), _at("2027-01-14 17:00"))
    # test: 8 h of work, but Friday has 4 h, so it ends on Monday at noon
    assert dates["retrofit.test"] == (_at("2027-01-15 08:00"), _at("2027-01-18 12:00"))
    assert dates["retrofit.handover"][0] == _at("2027-01-18 12:00")
    assert schedule.warnings == ()


def test_import_keeps_the_completion_through_load_plan() -> None:
    plan = load_plan(PRESS)
    assert plan is not None and "retrofit.install" in {p.task for p in plan.progress}


def test_rescheduled_at_now_the_rest_of_the_work_follows_the_status_date() -> None:
    from plantrack.scheduling.tracking.progress import fold, task_actuals

    plan = read_tjp(PRESS)
    project = plan.project
    actuals = task_actuals(fold(plan.progress), project)
    schedule = cpm(project, status_date=project.status_date, actuals=actuals)
    dates = {t.id: (t.early_start_at, t.early_finish_at) for t in schedule.tasks}
    # 12 h left at Monday 12:00: 13-17 that day and all Tuesday
    assert dates["retrofit.install"] == (_at("2027-01-11 08:00"), _at("2027-01-12 17:00"))
    # Wednesday 13th is the holiday: the test run takes Thursday
    assert dates["retrofit.test"] == (_at("2027-01-14 08:00"), _at("2027-01-14 17:00"))
    assert dates["retrofit.prep.order"] == (_at("2027-01-04 08:00"), _at("2027-01-07 08:00"))


# -- malformed input: a clear error at file:line ------------------------------------------------

BASE = 'project p "P" 2027-01-04 +1m\ntask a "A" {\n  length 1d\n}\n'


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ('task a "A"\n', "tjp-project", 1),
        (BASE + 'task b "B" {\n  depends nothing\n}\n', "tjp-reference", 6),
        (BASE + 'task b "B" {\n  depends !!!a\n}\n', "tjp-reference", 6),
        (BASE + 'task b "B" {\n  allocate nobody\n  effort 1d\n}\n', "tjp-reference", 6),
        (BASE + 'task a "again"\n', "tjp-id", 5),
        (BASE + 'task b "B" {\n  length 1d\n', "tjp-syntax", 5),
        (BASE + 'task b "B" {\n  note "open\n}\n', "tjp-string", 6),
        (BASE + "/* never closed\n", "tjp-comment", 5),
        (BASE + 'task b "B" {\n  start 2027-02-30\n}\n', "tjp-date", 6),
        (BASE + 'task b "B" {\n  length lots\n}\n', "tjp-syntax", 6),
        (BASE + "${undefined}\n", "tjp-macro", 5),
        (BASE + "${}\n", "tjp-macro", 5),
        (BASE + 'include "../outside.tji"\n', "tjp-include", 5),
        (BASE + 'include "missing.tji"\n', "tjp-include", 5),
        (BASE + "workinghours mon 9:00 - 25:00\n", "tjp-syntax", 5),
        (
            BASE + "macro a [${b}${b}]\nmacro b [${c}${c}]\nmacro c [${d}${d}]\nmacro d [${e}${e}]\n"
            "macro e [${f}${f}]\nmacro f [${g}${g}]\nmacro g [${h}${h}]\nmacro h [${i}${i}]\n"
            "macro i [${j}${j}]\nmacro j [${k}${k}]\nmacro k [${l}${l}]\nmacro l [${m}${m}]\n"
            "macro m [${n}${n}]\nmacro n [${o}${o}]\nmacro o [${p}${p}]\nmacro p [${q}${q}]\n"
            "macro q [${r}${r}]\nmacro r [flags x]\n${a}\n",
            "tjp-too-large",
            23,
        ),
        ('project p "P" 2027-01-04 +1m {\n  timezone "Europe"\n}\n', "tjp-timezone", 1),
        (BASE + 'leaves vacation "x" 2027-01-05\n', "tjp-syntax", 5),
        ('project p "P" 2027-01-04 +1m {\n  timezone "Mars/Olympus"\n}\n', "tjp-timezone", 1),
    ],
)
def test_malformed_files_name_file_and_line(tmp_path: Path, text: str, code: str, line: int) -> None:
    path = tmp_path / "x.tjp"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        load_tjp(path)
    problem = caught.value.problems()[0]
    assert (problem.code, problem.location) == (code, f"x.tjp:{line}"), problem.render()


def test_include_of_itself_and_macro_loops_are_errors(tmp_path: Path) -> None:
    (tmp_path / "loop.tji").write_text('include "loop.tji"\n')
    (tmp_path / "a.tjp").write_text(BASE + 'include "loop.tji"\n')
    with pytest.raises(InvalidInput, match="includes itself"):
        load_tjp(tmp_path / "a.tjp")
    (tmp_path / "b.tjp").write_text(BASE + "macro m [\n${m}\n]\n${m}\n")
    with pytest.raises(InvalidInput) as caught:
        load_tjp(tmp_path / "b.tjp")
    assert caught.value.problems()[0].code == "tjp-nesting"


def test_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "b.tjp"
    path.write_bytes(b"project \xff\xfe")
    with pytest.raises(InvalidInput) as caught:
        load_tjp(path)
    assert caught.value.problems()[0].code == "tjp-encoding"


def test_cli_import_of_a_malformed_file_exits_1_and_writes_nothing(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from conftest import cli_env

    bad = tmp_path / "bad.tjp"
    bad.write_text(BASE + 'task b "B" {\n  depends nothing\n}\n')
    workspace = tmp_path / "ws"
    result = subprocess.run(
        [sys.executable, "-m", "plantrack", "import", str(bad)],
        capture_output=True,
        text=True,
        env={**cli_env(), "PLANTRACK_WORKSPACE": str(workspace)},
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert "bad.tjp:6" in result.stderr and "Traceback" not in result.stderr
    assert not workspace.exists() and os.listdir(tmp_path) == ["bad.tjp"]


# -- TaskJuggler's own files (shared data, read in place) ---------------------------------------


def test_tutorial_schedules_with_its_efforts_and_links(shared_data: Path) -> None:
    """Dates worked by hand from the file: 8 h days (9-12, 13-18), Good Friday off, effort / people."""
    plan = read_tjp(shared_data / "real" / "tj3_tutorial.tjp")
    project = plan.project
    assert (project.start, project.status_date, project.currency) == (
        _at("2002-01-16"),
        _at("2002-03-05 13:00"),
        "USD",
    )
    assert [p.start for p in project.calendar_map()[project.calendar].off] == [_at("2002-03-29")]
    progress = {p.task: (p.percent_complete, p.remaining_minutes) for p in plan.progress}
    # planned before `now` (March 5th, 13:00): spec, database, manual and two milestones done as planned;
    # backend is behind (`complete 95`: 5 % of its 120 h left); gui on schedule: 21 h 40 of 140 h done
    assert progress == {
        "AcSo.spec": (100, None),
        "AcSo.software.database": (100, None),
        "AcSo.software.backend": (95, 6 * 60),
        "AcSo.software.gui": (round(100 * 1300 / 8400, 1), 8400 - 1300),
        "AcSo.manual": (100, None),
        "AcSo.deliveries.start": (100, None),
        "AcSo.deliveries.prev": (100, None),
    }
    assert project.task_map()["AcSo.software.database"].priority == 1000  # inherited from software
    schedule = cpm(_plan_without_status(project))
    dates = {t.id: (t.early_start_at, t.early_finish_at) for t in schedule.tasks}
    # spec: 20 d = 160 h of work shared by dev1-dev3 (the macro) = 53 h 20 from Wed 16th 9:00:
    # six 8 h days to Wed 23rd, then 9-12 and 13-15:20 on Thursday 24th
    assert dates["AcSo.spec"] == (_at("2002-01-16 09:00"), _at("2002-01-24 15:20"))
    # database after spec (`depends !spec` on the phase): 160 h / 2 = 80 h = 10 days
    assert dates["AcSo.software.database"] == (_at("2002-01-24 15:20"), _at("2002-02-07 15:20"))
    # backend: 240 h / 2 = 15 days; gui after database and backend: 280 h / 2 = 17.5 days
    assert dates["AcSo.software.backend"][1] == _at("2002-02-28 15:20")
    assert dates["AcSo.software.gui"] == (_at("2002-02-28 15:20"), _at("2002-03-26 10:20"))
    # alpha (`!!software`): 40 h / 2 = 2.5 days; beta 80 h = 10 days skipping Good Friday
    assert dates["AcSo.test.alpha"] == (_at("2002-03-26 10:20"), _at("2002-03-28 15:20"))
    assert dates["AcSo.test.beta"][1] == _at("2002-04-12 15:20")
    assert dates["AcSo.deliveries.done"][0] == _at("2002-04-12 15:20")
    assert dates["AcSo.deliveries.prev"][0] == dates["AcSo.software.backend"][1]
    assert schedule.warnings == ()
    skipped = " ".join(w.message for w in plan.warnings)
    for construct, line in [("journalentry", 155), ("account", 59), ("taskreport", 368), ("limits", 95)]:
        assert f"`{construct}` is not imported (tj3_tutorial.tjp:{line}" in skipped
    assert "`delayed:effort (scenario delayed)` is not imported (tj3_tutorial.tjp:174)" in skipped


def test_generated_file_keeps_its_dates_in_its_time_zone(shared_data: Path) -> None:
    """Dates written in UTC (+0000) land on America/Denver wall-clock time (UTC-7 in December)."""
    project = read_tjp(shared_data / "real" / "tj3_export_depends1.tjp").project
    schedule = cpm(project)
    dates = {t.id: (t.early_start_at, t.early_finish_at) for t in schedule.tasks}
    assert dates["foo1.foo2"] == (_at("2007-12-04 00:00"), _at("2007-12-04 00:00"))
    assert dates["foo1.foo3"] == (_at("2007-12-04 00:00"), _at("2007-12-04 17:00"))
    assert dates["bar"] == (_at("2007-12-04 00:00"), _at("2007-12-05 17:00"))
    assert dates["bar1"] == (_at("2007-12-06 17:00"), _at("2007-12-08 17:00"))
    assert project.start == _at("2007-11-08 17:00")


def test_nesting_beyond_the_limit_is_an_error_not_a_crash(tmp_path: Path) -> None:
    depth = 300
    text = 'project p "P" 2027-01-04 +1m\n' + "".join(f'task t{i} "T" {{\n' for i in range(depth))
    path = tmp_path / "deep.tjp"
    path.write_text(text + "length 1d\n" + "}\n" * depth)
    with pytest.raises(InvalidInput) as caught:
        load_tjp(path)
    assert caught.value.problems()[0].code == "tjp-nesting"


def test_older_and_rarer_constructs(tmp_path: Path) -> None:
    """TaskJuggler 2 `vacation`, a resource's own hours, efficiency 0, an end-only milestone, precedes."""
    path = tmp_path / "old.tjp"
    path.write_text(
        'project old "Old style" 2027-01-04 2027-02-01 {\n'
        "  dailyworkinghours 7\n"
        '  scenario plan "Plan" {\n    scenario late "Late"\n  }\n'
        "}\n"
        'vacation "New year break" 2027-01-04 - 2027-01-06\n'
        'resource night "Night shift" {\n'
        "  workinghours mon - fri 22:00 - 24:00\n"
        "  workinghours sat, sun off\n"
        "}\n"
        'resource room "Meeting room" {\n  efficiency 0.0\n}\n'
        'task a "A" {\n  effort 2h\n  allocate night, room\n  precedes b\n  late:effort 4h\n'
        "  plan:priority 600\n}\n"
        'task b "B" {\n  end ${projectend}\n}\n'
        'task c "C" {\n  duration 1w\n  scheduling alap\n}\n'
        'task d "D" {\n  length 1d\n  precedes c { onend }\n}\n'
    )
    project, warnings = load_tjp(path)
    assert project.minutes_per_day == 7 * 60 and project.minutes_per_week == 5 * 7 * 60
    tasks = project.task_map()
    assert tasks["a"].effort.minutes == 120 and tasks["a"].priority == 600  # type: ignore[union-attr]
    assert tasks["c"].duration.minutes == 7 * 1440 and tasks["c"].duration.elapsed  # type: ignore[union-attr]
    (end,) = tasks["b"].constraints
    assert tasks["b"].milestone and (end.kind, end.date) == (ConstraintKind.MUST_START_ON, _at("2027-02-01"))
    # precedes: this task ends before the other starts, or with onend before it ends
    assert [(k.predecessor, k.successor, k.type) for k in project.links] == [
        ("a", "b", LinkType.FS),
        ("d", "c", LinkType.FF),
    ]
    # the room (efficiency 0) takes no part of the work
    assert [(a.task, a.resource) for a in project.assignments] == [("a", "night")]
    night = project.calendar_map()[project.resource_map()["night"].calendar or ""]
    assert night.weekdays == (0, 1, 2, 3, 4) and [(r.start, r.end) for r in night.hours] == [
        (22 * 60, 24 * 60)
    ]
    off = project.calendar_map()[project.calendar].off
    assert [(p.start, p.end, p.reason) for p in off] == [
        (_at("2027-01-04"), _at("2027-01-06"), "holiday: New year break")
    ]
    schedule = cpm(project)
    # the break takes Monday and Tuesday; the night shift works 22-24 h: 2 h of work on Wednesday night
    assert (schedule.task("a").early_start_at, schedule.task("a").early_finish_at) == (
        _at("2027-01-06 22:00"),
        _at("2027-01-07 00:00"),
    )
    text = " ".join(w.message for w in warnings)
    assert "`late:effort (scenario late)` is not imported (old.tjp:" in text
    assert "scheduling alap" in text and "efficiency 0" in text
