"""`progress --csv` reads what spreadsheets save: `,` `;` or tab, a byte-order mark, decimal commas."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Result, fingerprint
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.model import Link, Project, Task
from plantrack.store import WorkspaceState, create_workspace, open_workspace
from plantrack.store.histories import encode_history

Cli = Callable[..., Result]


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    path = tmp_path / "small.plantrack.json"
    project = Project(
        name="Small retrofit",
        start=dt.datetime(2027, 3, 1, 8),
        tasks=(
            Task(id="design", name="Design", duration=Duration(minutes=2 * 480)),
            Task(id="wire", name="Wire", duration=Duration(minutes=3 * 480)),
        ),
        links=(Link(predecessor="design", successor="wire"),),
    )
    create_workspace(path, WorkspaceState(project=project))
    return path


def _records(workspace: Path) -> list[dict[str, object]]:
    # as the file holds them: the assertions read the stored fields
    return list(encode_history("progress", open_workspace(workspace).read().progress))


def test_french_excel_semicolons_bom_and_decimal_commas(cli: Cli, workspace: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "semaine11.csv"
    rows = [
        "task;date;actual_start;done;hours;cost;note",
        'design;2027-03-02;2027-03-01T08:00;40,5;12,25;1 234;"vis livrées, en retard"',
    ]
    sheet.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(rows).encode("utf-8") + b"\r\n")
    r = cli("progress", "--csv", str(sheet))
    assert r.code == 1 and "semaine11.csv:2" in r.err and "cost" in r.err  # "1 234" is no number
    sheet.write_bytes(sheet.read_bytes().replace(b"1 234", b"1234,5"))
    r = cli("progress", "--csv", str(sheet))
    assert r.code == 0, r.err
    (record,) = _records(workspace)
    assert record["percent_complete"] == 40.5 and record["hours"] == 12.25 and record["cost"] == 1234.5
    assert record["note"] == "vis livrées, en retard"


def test_tab_separated(cli: Cli, workspace: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "week.tsv"
    sheet.write_text("task\tdate\tactual_start\tdone\ndesign\t2027-03-02\t2027-03-01T08:00\t50\n")
    assert cli("progress", "--csv", str(sheet)).code == 0
    assert [r["percent_complete"] for r in _records(workspace)] == [50.0]


def test_commas_stay_decimal_points_in_a_comma_file(cli: Cli, workspace: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "week.csv"
    sheet.write_text('task,date,actual_start,done\ndesign,2027-03-02,2027-03-01T08:00,"40,5"\n')
    before = fingerprint(workspace)
    r = cli("progress", "--csv", str(sheet))
    assert r.code == 1 and "week.csv:2" in r.err and "'40,5' is not a number" in r.err
    assert fingerprint(workspace) == before


def test_a_row_with_surplus_cells_is_named(cli: Cli, workspace: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "week.csv"
    sheet.write_text("task;date;done\ndesign;2027-03-02;50\nwire;2027-03-03;10;oops\n", encoding="utf-8")
    before = fingerprint(workspace)
    r = cli("progress", "--csv", str(sheet))
    assert r.code == 1 and "week.csv:3" in r.err and "more cells" in r.err
    assert "Traceback" not in r.err and fingerprint(workspace) == before
