"""Patterson `.rcp` import: activities, successors, requirements and capacities; damage names file:line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from plantrack.formats.detect import load_project
from plantrack.formats.rcp import load_rcp
from plantrack.scheduling.cpm import cpm
from plantrack.scheduling.errors import InvalidInput

FILES = Path(__file__).parent / "files"
GOOD = (FILES / "press_line.rcp").read_text()


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "x.rcp"
    path.write_text(text)
    return path


def test_fixture_becomes_a_project_on_a_continuous_calendar() -> None:
    project, warnings = load_project(FILES / "press_line.rcp")
    assert warnings == []
    assert [t.id for t in project.tasks] == ["1", "2", "3", "4", "5"]
    assert [t.milestone for t in project.tasks] == [True, False, False, False, True]
    assert [t.duration.minutes for t in project.tasks if t.duration] == [0, 180, 300, 120, 0]
    assert {(k.predecessor, k.successor) for k in project.links} == {
        ("1", "2"),
        ("1", "3"),
        ("2", "4"),
        ("3", "4"),
        ("4", "5"),
    }
    assert [r.capacity for r in project.resources] == [4, 3]
    assert sorted((a.task, a.resource, a.units) for a in project.assignments) == [
        ("2", "R1", 2.0),
        ("2", "R2", 1.0),
        ("3", "R1", 1.0),
        ("3", "R2", 3.0),
        ("4", "R1", 4.0),
    ]
    cal = project.calendar_map()[project.calendar]
    assert cal.weekdays == tuple(range(7)) and (cal.hours[0].start, cal.hours[0].end) == (0, 1440)


def test_fixture_schedules_to_the_hand_worked_finish() -> None:
    # by hand: 2 ends at 3 h, 3 at 5 h, so 4 runs 5-7 h; one period is one hour, around the clock
    project = load_rcp(FILES / "press_line.rcp")
    schedule = cpm(project)
    assert schedule.finish_at - project.start == dt.timedelta(hours=7)
    assert schedule.task("4").early_start_at - project.start == dt.timedelta(hours=5)


def test_rows_may_wrap_across_lines(tmp_path: Path) -> None:
    wrapped = GOOD.replace("5 1 3 1 4\n", "5 1\n3 1\n4\n")
    assert load_rcp(_write(tmp_path, wrapped)).links == load_rcp(FILES / "press_line.rcp").links


@pytest.mark.parametrize(
    ("old", "new", "line", "code"),
    [
        ("3 2 1 1 4\n", "3 2 1 1 x\n", 4, "rcp-number"),
        ("4 3\n", "4 0\n", 2, "rcp-number"),
        ("3 2 1 1 4\n", "3 2 1 1 9\n", 4, "rcp-number"),
        ("3 2 1 1 4\n", "3 2 1 1 2\n", 4, "rcp-successor"),
        ("0 0 0 0\n", "0 0 0\n", 7, "rcp-truncated"),
        ("0 0 0 0\n", "0 0 0 0 7\n", 7, "rcp-trailing"),
        ("5 2\n", "99999999999999999999 2\n", 1, "rcp-number"),
        ("3 2 1 1 4\n", "3 5 1 1 4\n", None, "rcp-capacity"),
    ],
)
def test_damaged_files_name_file_and_line(
    tmp_path: Path, old: str, new: str, line: int | None, code: str
) -> None:
    assert old in GOOD
    with pytest.raises(InvalidInput) as caught:
        load_rcp(_write(tmp_path, GOOD.replace(old, new, 1)))
    problem = caught.value.problems()[0]
    assert problem.code == code
    assert problem.location == ("x.rcp" if line is None else f"x.rcp:{line}")


def test_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "b.rcp"
    path.write_bytes(b"\xff\xfe\x00 5 2")
    with pytest.raises(InvalidInput) as caught:
        load_rcp(path)
    assert caught.value.problems()[0].code == "rcp-encoding"
