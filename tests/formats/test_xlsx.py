"""XLSX task list: no formula cell for the hostile corpus, numbers and dates as real cells, round trip,
formula cells from elsewhere kept verbatim, clear errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from builders import hours, link, milestone, plan, resource, task, use
from conftest import fingerprint
from hostile import flat
from plantrack.scheduling.cpm import cpm
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.errors import InvalidInput
from plantrack.scheduling.model import Project, clean_text

openpyxl = pytest.importorskip("openpyxl", reason="the optional xlsx extra (openpyxl) is not installed")

from plantrack.formats.xlsx import dumps_xlsx, read_xlsx  # noqa: E402


def _project(names: list[str]) -> Project:
    tasks = [task("ph", name="=cmd|' /C calc'!A0")]
    tasks += [
        task(f"t{i}", hours(4 * (i % 4 + 1)), name=name[:200], parent="ph") for i, name in enumerate(names)
    ]
    tasks.append(milestone("=evil", name="-5"))
    links = [link(f"t{i}", f"t{i + 1}") for i in range(len(names) - 1)]
    links.append(link("t0", "=evil", "SS", Duration(minutes=-120)))
    return plan(
        tasks,
        links,
        name="@SUM(1,1)",
        start=dt.datetime(2027, 1, 4, 8),
        resources=(resource("r", name="+1+1", capacity=3),),
        assignments=(use("t1", "r", 2.5),),
    )


def test_hostile_corpus_has_no_formula_cell_and_numbers_are_numbers(
    tmp_path: Path, hostile: dict[str, list[str]]
) -> None:
    names = flat(hostile)
    project = _project(names)
    path = tmp_path / "t.xlsx"
    path.write_bytes(dumps_xlsx(project, schedule=cpm(project)))
    sheet = openpyxl.load_workbook(path).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert cells and not [c.coordinate for c in cells if c.data_type == "f"]
    header = [c.value for c in sheet[2]]
    by_id = {row[0].value: row for row in sheet.iter_rows(min_row=3)}
    done, start = header.index("% done"), header.index("start")
    assert by_id["t0"][1].value == clean_text(names[0]) and by_id["t0"][1].data_type == "s"
    assert by_id["t0"][done].value == 0 and by_id["t0"][done].data_type == "n"
    assert by_id["t0"][start].value == dt.datetime(2027, 1, 4, 8)  # a real date cell
    assert by_id["=evil"][0].data_type == "s" and by_id["=evil"][1].value == "-5"


def test_round_trip_gives_the_same_tasks_links_and_resources(
    tmp_path: Path, hostile: dict[str, list[str]]
) -> None:
    names = flat(hostile)
    project = _project(names)
    path = tmp_path / "t.xlsx"
    path.write_bytes(dumps_xlsx(project, schedule=cpm(project)))
    back = read_xlsx(path).project
    assert back.name == project.name and back.start == project.start
    assert [(t.id, t.name, t.parent, t.duration, t.milestone) for t in back.tasks] == [
        (t.id, clean_text(t.name).strip(), t.parent, t.duration, t.milestone) for t in project.tasks
    ]
    assert set(back.links) == set(project.links)
    [resource] = back.resources
    assert resource.name == "+1+1" and [(a.task, a.units) for a in back.assignments] == [("t1", 2.5)]


def test_formula_cells_from_elsewhere_are_kept_as_text(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["ID", "Name", "Duration", "Start"])
    sheet.append([1, "=1+1", "2d", dt.datetime(2027, 1, 4, 8)])  # a real formula cell
    sheet.append([2, '=HYPERLINK("http://127.0.0.1:9/"&A1)', 3, None])
    path = tmp_path / "other.xlsx"
    book.save(path)
    with pytest.raises(InvalidInput) as caught:
        read_xlsx(path)  # duration 3 has no unit: refused, with its row
    assert [(p.code, p.location) for p in caught.value.problems()] == [("duration-unit", "other.xlsx:3")]
    sheet["C3"] = "3d"
    book.save(path)
    names = {t.id: t.name for t in read_xlsx(path).project.tasks}
    assert names == {"1": "=1+1", "2": '=HYPERLINK("http://127.0.0.1:9/"&A1)'}


def test_export_and_import_commands(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from plantrack.store import open_workspace

    assert cli("demo", "--no-tui").code == 0
    workspace = tmp_path / "line3-retrofit.plantrack.json"
    assert cli("export", "xlsx", "-w", workspace.name, "-o", "demo.xlsx").code == 0
    result = cli("import", "demo.xlsx", "-w", "back.plantrack.json")
    assert result.code == 0, result.err
    original = open_workspace(workspace).read().project
    back = open_workspace(tmp_path / "back.plantrack.json").read().project
    assert [(t.id, t.name, t.parent) for t in back.tasks] == [
        (t.id, t.name, t.parent) for t in original.tasks
    ]
    assert set(back.links) == set(original.links)
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    before = fingerprint(tmp_path / "back.plantrack.json")
    result = cli("import", "broken.xlsx", "-w", "back.plantrack.json")
    assert result.code == 1 and "broken.xlsx" in result.err and "Traceback" not in result.err
    assert fingerprint(tmp_path / "back.plantrack.json") == before
