"""`plant list` and `plant export html` on the hand-worked plant stored on disk, through a parser holding
only the `plant` family these commands add to."""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

import pytest

from plant_fixtures import members, plant
from plantrack.commands.base import Context, add_group, common_options
from plantrack.commands.plant_report import register
from plantrack.scheduling.errors import InvalidInput
from plantrack.store import create_workspace
from plantrack.store.plant import write_plant


def parser() -> argparse.ArgumentParser:
    common = common_options()
    if not any("--plant" in a.option_strings for a in common._actions):
        common.add_argument("-p", "--plant", metavar="PLANT", default=argparse.SUPPRESS)
    top = argparse.ArgumentParser(prog="plantrack", parents=[common])
    sub = top.add_subparsers(dest="command", required=True)
    family = add_group(sub, "plant", help="plant", example="plantrack plant list", common=common)
    register(family, common)
    return top


def run(folder: Path, *argv: str) -> tuple[int, str, str]:
    args = parser().parse_args(["plant", *argv])
    out, err = io.StringIO(), io.StringIO()
    ctx = Context(args=args, out=out, err=err, cwd=folder, env={"PLANTRACK_TODAY": "2027-03-04"})
    code = args.handler(ctx)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shared = plant()
    for member, state in members(shared):
        create_workspace(tmp_path / member.workspace, state)
    write_plant(tmp_path / "plant1.plant.json", shared)
    return tmp_path


def test_list_prints_each_project_with_its_figures(folder: Path) -> None:
    code, out, _err = run(folder, "list")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == [
        "Project",
        "Priority",
        "Status",
        "date",
        "Forecast",
        "finish",
        "Slip",
        "SPI",
        "CPI",
        "Next",
        "gate",
    ]
    assert lines[2].split() == [
        "Retrofit",
        "2",
        "2027-03-03",
        "2027-03-10",
        "+1.5d",
        "0.50",
        "0.80",
        "GA",
        "Trial",
        "OK",
        "(2027-03-09,",
        "pending)",
    ]
    assert lines[3].split() == [
        "Press",
        "1",
        "2027-03-08",
        "GB",
        "Press",
        "ready",
        "(2027-03-08,",
        "deferred)",
    ]


def test_list_json_is_locale_free(folder: Path) -> None:
    code, out, _err = run(folder, "list", "--json", "--lang", "fr")
    assert code == 0
    rows = json.loads(out)
    assert [r["workspace"] for r in rows] == ["retrofit.plantrack.json", "press.plantrack.json"]
    assert rows[0]["finish"] == "2027-03-10T12:00:00" and rows[0]["slip_days"] == 1.5
    assert rows[0]["spi"] == pytest.approx(0.5) and rows[0]["cpi"] == pytest.approx(0.8)
    assert rows[0]["next_gate"] == {
        "task": "GA",
        "name": "Trial OK",
        "planned": "2027-03-09T12:00:00",
        "status": "pending",
        "decision": None,
        "decided_on": None,
    }
    assert rows[1]["next_gate"]["decision"] == "deferred" and rows[1]["slip_days"] is None


def test_a_status_date_applies_to_every_project(folder: Path) -> None:
    _code, out, _err = run(folder, "list", "--json", "--status-date", "2027-03-02")
    rows = json.loads(out)
    assert rows[0]["status_date"] == "2027-03-03T00:00:00" and rows[1]["next_gate"]["decision"] is None


def test_export_html_writes_the_page(folder: Path) -> None:
    code, out, _err = run(folder, "export", "html", "-o", "copil.html", "--title", "Plant 1 <COPIL>")
    page = (folder / "copil.html").read_text(encoding="utf-8")
    assert code == 0 and "copil.html" in out and "2 projects" in out
    assert "<title>Plant 1 &lt;COPIL&gt;</title>" in page and 'id="portfolio-gantt"' in page


def test_export_html_defaults_beside_the_plant(folder: Path) -> None:
    code, out, _err = run(folder, "export", "html", "--json")
    assert code == 0 and json.loads(out)["projects"] == 2
    assert (folder / "plant1-portfolio.html").is_file()


def test_a_member_gone_is_named_and_the_others_shown(folder: Path) -> None:
    (folder / "press.plantrack.json").unlink()
    code, out, err = run(folder, "list", "--json")
    assert code == 0 and [r["name"] for r in json.loads(out)] == ["Retrofit"]
    assert "press.plantrack.json" in err


def test_no_plant_here_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as caught:
        run(tmp_path, "list")
    assert caught.value.code() == "plant-missing"


def test_an_output_folder_that_does_not_exist_writes_nothing(folder: Path) -> None:
    with pytest.raises(InvalidInput) as caught:
        run(folder, "export", "html", "-o", "nowhere/plant.html")
    assert caught.value.code() == "output-folder-missing"
    assert not list(folder.glob("*.html"))
