"""`plant list` and `plant export html` on the hand-worked plant stored on disk, through the command line."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Result
from plant_fixtures import members, plant
from plantrack.store import create_workspace
from plantrack.store.plant import write_plant

Cli = Callable[..., Result]


def run(cli: Cli, *argv: str) -> tuple[int, str, str]:
    result = cli("plant", *argv)
    return result.code, result.out, result.err


@pytest.fixture
def folder(cli: Cli, tmp_path: Path) -> Path:
    shared = plant()
    for member, state in members(shared):
        create_workspace(tmp_path / member.workspace, state)
    write_plant(tmp_path / "plant1.plant.json", shared)
    return tmp_path


def _row(line: str) -> list[str]:
    """The cells of a printed table row (two spaces or more between cells)."""
    return re.split(r"\s{2,}", line.strip())


def test_list_prints_each_project_with_its_figures(cli: Cli, folder: Path) -> None:
    code, out, _err = run(cli, "list")
    assert code == 0
    lines = out.splitlines()
    head = ["Project", "Priority", "Status date", "Forecast finish", "Slip", "SPI", "CPI", "Next gate"]
    assert _row(lines[0]) == [*head, "Gate date", "Decision"]
    assert _row(lines[2]) == [
        "Retrofit",
        "2",
        "2027-03-03",
        "2027-03-10",
        "+1.5d",
        "0.50",
        "0.80",
        "GA Trial OK",
        "2027-03-09",
        "pending",
    ]
    # no status date, no baseline: those cells are blank
    assert _row(lines[3]) == ["Press", "1", "2027-03-08", "GB Press ready", "2027-03-08", "deferred"]
    assert lines[3][lines[0].index("Status date")] == " "


def test_list_json_is_locale_free(cli: Cli, folder: Path) -> None:
    code, out, _err = run(cli, "list", "--json", "--lang", "fr")
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


def test_a_status_date_applies_to_every_project(cli: Cli, folder: Path) -> None:
    _code, out, _err = run(cli, "list", "--json", "--status-date", "2027-03-02")
    rows = json.loads(out)
    assert rows[0]["status_date"] == "2027-03-03T00:00:00" and rows[1]["next_gate"]["decision"] is None


def test_export_html_writes_the_page(cli: Cli, folder: Path) -> None:
    code, out, _err = run(cli, "export", "html", "-o", "copil.html", "--title", "Plant 1 <COPIL>")
    page = (folder / "copil.html").read_text(encoding="utf-8")
    assert code == 0 and "copil.html" in out and "2 projects" in out
    assert "<title>Plant 1 &lt;COPIL&gt;</title>" in page and 'id="portfolio-gantt"' in page


def test_export_html_defaults_beside_the_plant(cli: Cli, folder: Path) -> None:
    code, out, _err = run(cli, "export", "html", "--json")
    assert code == 0 and json.loads(out)["projects"] == 2
    assert (folder / "plant1-portfolio.html").is_file()


def test_a_member_gone_is_named_and_the_others_shown(cli: Cli, folder: Path) -> None:
    (folder / "press.plantrack.json").unlink()
    code, out, err = run(cli, "list", "--json")
    assert code == 0 and [r["name"] for r in json.loads(out)] == ["Retrofit"]
    assert "press.plantrack.json" in err


def _break_press(folder: Path) -> None:
    """Press's task now needs a `robot`, which neither the project nor the plant has."""
    from dataclasses import replace

    from plantrack.store import open_workspace

    with open_workspace(folder / "press.plantrack.json").update() as state:
        project = state.project
        state.project = replace(
            project, assignments=tuple(replace(a, resource="robot") for a in project.assignments)
        )


def test_a_member_that_no_longer_resolves_is_named_in_its_row_and_the_others_shown(
    cli: Cli, folder: Path
) -> None:
    _break_press(folder)
    code, out, err = run(cli, "list")
    assert code == 0
    lines = out.splitlines()
    assert _row(lines[2])[:4] == ["Retrofit", "2", "2027-03-03", "2027-03-10"]  # as without Press
    assert _row(lines[3]) == ["Press", "1", "not shown: plant-id-unknown"]
    assert "press.plantrack.json" in err and "plant-id-unknown" in err and "robot" in err
    code, out, err = run(cli, "list", "--json")
    rows = json.loads(out)
    assert code == 0 and [(r["name"], r["finish"] is None) for r in rows] == [
        ("Retrofit", False),
        ("Press", True),
    ]
    assert rows[0]["problems"] == [] and rows[0]["slip_days"] == 1.5
    assert [(p["code"], p["ids"], p["location"]) for p in rows[1]["problems"]] == [
        ("plant-id-unknown", ["B1", "robot"], "press.plantrack.json")
    ]
    assert set(rows[1]) == set(rows[0])
    # the page and the plant's leveling still need every project: refused, naming it
    code, _out, err = run(cli, "export", "html")
    assert code == 1 and "robot" in err and not (folder / "plant1-portfolio.html").exists()


def test_no_plant_here_is_refused(cli: Cli) -> None:
    result = cli("plant", "list", "--json")
    assert result.code == 1 and "plant-missing" in result.out + result.err


def test_an_output_folder_that_does_not_exist_writes_nothing(cli: Cli, folder: Path) -> None:
    result = cli("plant", "export", "html", "-o", "nowhere/plant.html")
    assert result.code == 1 and "output-folder-missing" in result.err
    assert not list(folder.glob("*.html"))


def test_the_plant_is_chosen_with_p(cli: Cli, folder: Path) -> None:
    (folder / "other.plant.json").write_bytes((folder / "plant1.plant.json").read_bytes())
    assert cli("plant", "list").code == 2  # two plants here: choose one
    code, out, _err = run(cli, "list", "--json", "-p", "plant1.plant.json")
    assert code == 0 and len(json.loads(out)) == 2
