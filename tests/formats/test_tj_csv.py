"""TaskJuggler CSV reports import as task lists: phases from the indentation, each row's own dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from plantrack.formats.detect import load_project
from plantrack.formats.interchange import load_plan
from plantrack.formats.taskjuggler.csv_report import looks_like_tj_csv, read_tj_csv
from plantrack.scheduling.cpm import cpm
from plantrack.scheduling.errors import InvalidInput

FIXTURE = Path(__file__).parent / "files" / "tj_report.csv"


def _at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def test_fixture_becomes_a_task_list_with_phases() -> None:
    project, warnings = load_project(FIXTURE)
    tasks = project.task_map()
    assert [t.id for t in project.tasks] == ["1", "1.1", "1.2", "1.3", "2"]
    assert [tasks[i].parent for i in ("1", "1.1", "1.2", "1.3", "2")] == [None, "1", "1", "1", None]
    assert tasks["1.1"].name == "Order parts" and tasks["1.3"].milestone
    # durations are the rows' own spans in calendar time: 33 h, 57 h, 4 h 30
    assert tasks["1.1"].duration.minutes == 33 * 60 and tasks["1.1"].duration.elapsed  # type: ignore[union-attr]
    assert tasks["1.2"].duration.minutes == 57 * 60  # type: ignore[union-attr]
    assert tasks["2"].duration.minutes == 270  # type: ignore[union-attr]
    assert project.start == _at("2027-01-04 09:00")
    assert any(w.code == "csv-columns-ignored" and "Effort" in w.message for w in warnings)


def test_fixture_schedules_to_the_dates_of_the_report() -> None:
    project = load_plan(FIXTURE).project  # type: ignore[union-attr]
    schedule = cpm(project)
    text = FIXTURE.read_text()
    for task in project.tasks:
        row = next(line for line in text.splitlines() if line.startswith(f'"{task.id}";'))
        start, end = (c.strip('"')[:16] for c in row.split(";")[2:4])
        expected = (
            dt.datetime.strptime(start, "%Y-%m-%d-%H:%M"),
            dt.datetime.strptime(end, "%Y-%m-%d-%H:%M"),
        )
        ours = schedule.task(task.id)
        assert (ours.early_start_at, ours.early_finish_at) == expected, task.id


def test_the_shared_report_imports_with_its_dates(shared_data: Path) -> None:
    path = shared_data / "real" / "tj3_taskreport.csv"
    plan = load_plan(path)
    assert plan is not None
    project = plan.project
    assert len(project.tasks) == 13  # "13 rows" in the README
    tasks = project.task_map()
    assert tasks["2.2.1"].parent == "2.2" and tasks["2.2"].parent == "2" and tasks["2.3"].milestone
    schedule = cpm(project)
    # "Plan A": 2007-12-17-10:00 to 2007-12-28-19:00, the Duration column's 11.4 calendar days
    assert schedule.task("1.1").early_start_at == _at("2007-12-17 10:00")
    assert schedule.task("1.1").early_finish_at == _at("2007-12-28 19:00")
    assert round(tasks["1.1"].duration.minutes / 1440, 1) == 11.4  # type: ignore[union-attr]
    assert schedule.task("3").early_finish_at == _at("2008-02-15 19:00")


def test_sniffer_tells_a_tj_report_from_a_plain_task_list() -> None:
    assert looks_like_tj_csv(FIXTURE.read_bytes())
    assert not looks_like_tj_csv(b"id;name;duration\n1;a;3d\n")


@pytest.mark.parametrize(
    ("old", "new", "line", "code"),
    [
        ('"2027-01-06-09:00:00-+0100"', '"2027-02-30-09:00:00-+0100"', 4, "date-invalid"),
        ('"2027-01-11-13:30:00-+0100"', '"2027-01-10-13:30:00-+0100"', 6, "date-invalid"),
        ('"BSI";"Name"', '"BSI";"Title"', 1, "csv-header"),
    ],
)
def test_malformed_rows_name_file_and_line(tmp_path: Path, old: str, new: str, line: int, code: str) -> None:
    text = FIXTURE.read_text()
    assert old in text
    path = tmp_path / "r.csv"
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(InvalidInput) as caught:
        read_tj_csv(path)
    problem = caught.value.problems()[0]
    assert (problem.code, problem.location) == (code, f"r.csv:{line}")
