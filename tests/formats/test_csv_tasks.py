"""CSV export: formula neutraliser on text cells only, BOM, semicolon and decimal-comma variant."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from builders import chain, days, link, plan, task
from hostile import OWN
from plantrack.formats.csv_tasks import COLUMNS, dumps_tasks_csv, neutralise, predecessors
from plantrack.scheduling.cpm import cpm
from plantrack.scheduling.duration import Duration, parse_duration
from plantrack.scheduling.model import Project, Task
from plantrack.scheduling.tracking.progress import TaskProgress
from plantrack.scheduling.tracking.records import Baseline, BaselineTask


@pytest.mark.parametrize("name", [*OWN["spreadsheet"], "'quoted'", "'=1+1", "a'b"])
def test_every_formula_looking_name_is_neutralised(name: str) -> None:
    _check_neutralised(name)


def test_every_formula_looking_name_of_the_corpus_is_neutralised(hostile: dict[str, list[str]]) -> None:
    for name in hostile["spreadsheet"]:
        _check_neutralised(name)


def _check_neutralised(name: str) -> None:
    out = neutralise(name)
    dangerous = name.lstrip(" ")[:1] in set("=+-@\t\r\n＝＋－＠") or name.startswith("'")
    assert out == ("'" + name if dangerous else name), name


def test_predecessor_notation() -> None:
    links = [
        link("3", "9", "FS", Duration(minutes=960)),
        link("5", "9", "SS"),
        link("7", "9"),
        link("8", "9", "FF", Duration(minutes=-480)),
    ]
    assert predecessors(links) == "3FS+2d;5SS;7;8FF-1d"


def _project(names: list[str]) -> Project:
    tasks = [task("phase", name="=cmd|' /C calc'!A0")]
    tasks += [task(f"t{i}", days(i + 1), name=n, parent="phase") for i, n in enumerate(names)]
    return plan(tasks, chain(*(f"t{i}" for i in range(len(names)))), start=dt.datetime(2027, 1, 4, 8))


def test_hostile_names_stay_text_and_numbers_stay_numbers(hostile: dict[str, list[str]]) -> None:
    spreadsheet = hostile["spreadsheet"]
    project = _project(spreadsheet)
    text = dumps_tasks_csv(project, schedule=cpm(project))
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "#plantrack task list 1" and tuple(rows[1]) == COLUMNS
    by_id = {r[0]: r for r in rows[2:]}
    for i, name in enumerate(spreadsheet):
        row = by_id[f"t{i}"]
        assert row[1] == neutralise(name)
        assert row[2] == "'=cmd|' /C calc'!A0"  # the phase column too
        assert parse_duration(row[3]) == Duration(minutes=480 * (i + 1))
        assert row[8] == "0"  # percent done: a plain number, never prefixed
    # the chain of FS links: t1 starts when t0 (1 day) ends
    assert by_id["t1"][4] == "t0" and by_id["t1"][6] == "2027-01-05 08:00"


def test_semicolon_variant_uses_decimal_commas(tmp_path: Path) -> None:
    from plantrack.scheduling.tracking.progress import TaskProgress

    project = _project(["a", "b"])
    state = {"t0": TaskProgress(task="t0", status_date=dt.datetime(2027, 1, 4, 17), percent=12.5)}
    text = dumps_tasks_csv(project, schedule=cpm(project), progress=state, semicolon=True)
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert {r[0]: r for r in rows}["t0"][8] == "12,5"
    path = tmp_path / "t.csv"
    path.write_bytes(text.encode("utf-8-sig"))
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")


def test_export_commands_write_files_and_nothing_on_error(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("demo").code == 0
    workspace = "line3-retrofit.plantrack.json"
    result = cli("export", "csv", "-w", workspace, "-o", "demo.csv")
    assert result.code == 0, result.err
    data = (tmp_path / "demo.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"Project kick-off" in data
    result = cli("export", "mspdi", "-w", workspace, "-o", "demo.xml")
    assert result.code == 0, result.err
    assert "windows-dropped" not in result.err  # shutdown windows travel in MSPDI now
    result = cli("import", "demo.xml", "-w", "back.plantrack.json")
    assert result.code == 0, result.err
    result = cli("export", "mspdi", "-w", workspace, "-o", "missing-folder/x.xml")
    assert result.code == 1 and not (tmp_path / "missing-folder").exists()


def _tracked() -> tuple[Project, dict[str, TaskProgress]]:
    """Phase P (a Mon, b Tue, both finished) and phase Q (c Wed at 50 %, d Thu not started)."""
    day = Duration(minutes=480)
    tasks = (
        Task(id="P", name="Study"),
        task("a", day, parent="P"),
        task("b", day, parent="P"),
        Task(id="Q", name="Build"),
        task("c", day, parent="Q"),
        task("d", day, parent="Q"),
    )
    links = tuple(link(x, y) for x, y in ("ab", "bc", "cd"))
    project = plan(name="p", start=dt.datetime(2027, 1, 4, 8), tasks=tasks, links=links)
    status = dt.datetime(2027, 1, 6, 17)
    progress = {
        "a": TaskProgress(task="a", status_date=status, actual_finish=dt.datetime(2027, 1, 4, 17)),
        "b": TaskProgress(task="b", status_date=status, percent=100.0),
        "c": TaskProgress(task="c", status_date=status, percent=50.0),
    }
    return project, progress


def _baseline(costs: dict[str, float], finish: dt.datetime) -> Baseline:
    start = dt.datetime(2026, 12, 28, 8)
    return Baseline(
        name="q1",
        saved_at=start,
        project_start=start,
        project_finish=finish,
        bac=sum(costs.values()),
        tasks=tuple(
            BaselineTask(id=i, start=start, finish=finish, duration_minutes=480, work_minutes=0, cost=cost)
            for i, cost in costs.items()
        ),
    )


def _rows(text: str) -> dict[str, list[str]]:
    return {r[0]: r for r in list(csv.reader(io.StringIO(text)))[2:]}


def test_a_finished_phase_shows_100_and_phases_roll_up_like_earned_value() -> None:
    project, progress = _tracked()
    rows = _rows(dumps_tasks_csv(project, schedule=cpm(project), progress=progress))
    done = COLUMNS.index("% done")
    # hand-worked: P = mean(100, 100); Q = mean(50, 0) with no baseline to weigh by
    assert {i: rows[i][done] for i in "PabQcd"} == {
        "P": "100", "a": "100", "b": "100", "Q": "25", "c": "50", "d": "0",
    }  # fmt: skip
    # with a baseline, a phase weighs its tasks by their baseline cost: (300 x 50 + 100 x 0) / 400
    base = _baseline({"a": 0, "b": 0, "c": 300, "d": 100}, dt.datetime(2027, 1, 8, 17))
    rows = _rows(dumps_tasks_csv(project, schedule=cpm(project), progress=progress, baseline=base))
    assert (rows["P"][done], rows["Q"][done]) == ("100", "37.5")


def test_finish_variance_is_in_working_days() -> None:
    project, _ = _tracked()
    # d finishes Thu 7 Jan 17:00; a baseline saying Fri 1 Jan 17:00 is 6 calendar days but 4 working
    # days earlier (Mon-Thu on the standard calendar); Tue 12 Jan 17:00 is 3 working days later
    early = _baseline({"d": 0}, dt.datetime(2027, 1, 1, 17))
    late = _baseline({"d": 0}, dt.datetime(2027, 1, 12, 17))
    column = COLUMNS.index("finish variance (task days)")
    assert _rows(dumps_tasks_csv(project, schedule=cpm(project), baseline=early))["d"][column] == "4"
    assert _rows(dumps_tasks_csv(project, schedule=cpm(project), baseline=late))["d"][column] == "-3"


def test_a_phase_percent_is_not_read_back_as_progress(tmp_path: Path) -> None:
    from plantrack.formats.csv_tasks import read_csv

    project, progress = _tracked()
    schedule = cpm(project, status_date=dt.datetime(2027, 1, 6, 17))
    path = tmp_path / "t.csv"
    path.write_bytes(dumps_tasks_csv(project, schedule=schedule, progress=progress).encode("utf-8-sig"))
    assert {r.task for r in read_csv(path).progress} == {"a", "b", "c"}
