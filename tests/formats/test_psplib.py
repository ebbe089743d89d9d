"""PSPLIB `.sm` import: jobs, links, requests and capacities; malformed files name file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from plantrack.formats.psplib import load_psplib
from plantrack.scheduling.errors import InvalidInput

GOOD = """\
************************************************************************
jobs (incl. supersource/sink ):  4
RESOURCES
  - renewable                 :  1   R
  - nonrenewable              :  0   N
************************************************************************
PRECEDENCE RELATIONS:
jobnr.    #modes  #successors   successors
   1        1          2           2   3
   2        1          1           4
   3        1          1           4
   4        1          0
************************************************************************
REQUESTS/DURATIONS:
jobnr. mode duration  R 1
------------------------------------------------------------------------
  1      1     0       0
  2      1     3       2
  3      1     5       1
  4      1     0       0
************************************************************************
RESOURCEAVAILABILITIES:
  R 1
    2
************************************************************************
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "x.sm"
    path.write_text(text)
    return path


def test_small_file_becomes_a_project_on_a_continuous_calendar(tmp_path: Path) -> None:
    p = load_psplib(_write(tmp_path, GOOD))
    assert [t.id for t in p.tasks] == ["1", "2", "3", "4"]
    assert p.tasks[0].milestone and p.tasks[3].milestone and not p.tasks[1].milestone
    assert [t.duration.minutes for t in p.tasks if t.duration] == [0, 180, 300, 0]
    assert {(k.predecessor, k.successor) for k in p.links} == {("1", "2"), ("1", "3"), ("2", "4"), ("3", "4")}
    assert [(a.task, a.resource, a.units) for a in p.assignments] == [("2", "R1", 2.0), ("3", "R1", 1.0)]
    assert p.resources[0].capacity == 2
    cal = p.calendars[0]
    assert p.calendar == cal.id and cal.weekdays == tuple(range(7))
    assert (cal.hours[0].start, cal.hours[0].end) == (0, 24 * 60)


def test_real_instance(shared_data: Path) -> None:
    p = load_psplib(shared_data / "psplib" / "j30" / "j301_1.sm")
    assert len(p.tasks) == 32 and len(p.links) == 48 and len(p.resources) == 4
    assert [r.capacity for r in p.resources] == [12, 13, 4, 12]
    assert p.task_map()["2"].duration.minutes == 8 * 60  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("old", "new", "line", "code"),
    [
        ("   2        1          1           4", "   2        1          2           4", 10, "psplib-row"),
        (
            "   3        1          1           4",
            "   3        2          1           4",
            11,
            "psplib-unsupported",
        ),
        ("  3      1     5       1", "  3      1     x       1", 19, "psplib-number"),
        ("  3      1     5       1", "  3      1     5", 19, "psplib-row"),
        ("   2        1          1           4", "   2        1          1           9", 10, "psplib-job"),
        (
            "  - nonrenewable              :  0   N",
            "  - nonrenewable              :  1   N",
            5,
            "psplib-unsupported",
        ),
        ("  R 1\n    2\n", "  R 1\n    0\n", 24, "psplib-capacity"),
        ("   4        1          0\n", "", 12, "psplib-truncated"),
    ],
)
def test_malformed_files_name_file_and_line(tmp_path: Path, old: str, new: str, line: int, code: str) -> None:
    assert old in GOOD
    with pytest.raises(InvalidInput) as caught:
        load_psplib(_write(tmp_path, GOOD.replace(old, new, 1)))
    problem = caught.value.problems()[0]
    assert problem.code == code
    assert problem.location == f"x.sm:{line}"


def test_missing_section_and_binary_file(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="REQUESTS/DURATIONS"):
        load_psplib(_write(tmp_path, GOOD.split("REQUESTS/DURATIONS")[0]))
    path = tmp_path / "b.sm"
    path.write_bytes(b"\xff\xfe\x00jobs")
    with pytest.raises(InvalidInput) as caught:
        load_psplib(path)
    assert caught.value.problems()[0].code == "psplib-encoding"
