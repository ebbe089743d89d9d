"""`plantrack scenario compare -o FILE.html` on the demo: the page written atomically, the JSON unchanged,
bad paths refused without a traceback, and the page opened in headless Chromium."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Result, fingerprint, run_plantrack
from headless import find_chromium, open_page
from plantrack.formats.demo import load_demo

Cli = Callable[..., Result]
WS = "line3-retrofit.plantrack.json"
LATE = "supplier three weeks late"
STOPS = "install in two weekend stops"


@pytest.fixture
def demo(cli: Cli, tmp_path: Path) -> Path:
    assert cli("demo").code == 0
    return tmp_path / WS


def test_the_page_is_written_and_its_path_printed(cli: Cli, demo: Path, tmp_path: Path) -> None:
    result = cli("scenario", "compare", "--runs", "100", "-o", "scenarios.html")
    assert result.code == 0, result.err
    page = tmp_path / "scenarios.html"
    assert result.out.startswith(f"wrote {page} (") and "opens offline" in result.out
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and text.count("<script") == 2
    assert "scenario comparison" in text and LATE in text and STOPS in text
    assert not list(tmp_path.glob(".*.tmp"))  # written through a temp file, nothing left behind


def test_json_is_unchanged_when_the_page_is_written(cli: Cli, demo: Path, tmp_path: Path) -> None:
    plain = cli("scenario", "compare", "--runs", "100", "--json")
    written = cli("scenario", "compare", "--runs", "100", "--json", "-o", "scenarios.html")
    assert plain.code == written.code == 0, written.err
    assert json.loads(written.out) == json.loads(plain.out)
    assert (tmp_path / "scenarios.html").stat().st_size > 1_000_000  # plotly.js inlined


def test_missing_folder_is_named_and_nothing_is_written(cli: Cli, demo: Path, tmp_path: Path) -> None:
    before = fingerprint(demo)
    result = cli("scenario", "compare", "--runs", "100", "-o", "nowhere/scenarios.html")
    assert result.code == 1 and "no folder" in result.err and "nowhere" in result.err
    assert "Traceback" not in result.err and not (tmp_path / "nowhere").exists()
    assert fingerprint(demo) == before


def test_unwritable_target_is_refused_without_a_traceback(cli: Cli, demo: Path, tmp_path: Path) -> None:
    (tmp_path / "taken").mkdir()  # a folder where the page should go: the rename over it fails
    result = cli("scenario", "compare", "--runs", "100", "-o", "taken")
    assert result.code == 1 and "cannot write" in result.err and "Traceback" not in result.err
    assert not list(tmp_path.glob(".*.tmp")) and list((tmp_path / "taken").iterdir()) == []


#: What the browser drew: each Gantt's drawn ghost and scenario bars, the nav, the title.
PROBE = """
(() => {
  const plots = [...document.querySelectorAll(".js-plotly-plot")].map(gd => {
    const bars = {};
    for (const g of gd.querySelectorAll(".cartesianlayer .subplot.xy .barlayer .trace")) {
      const uid = g.__data__[0].trace.uid;
      bars[uid] = [...g.querySelectorAll(".point path")]
        .filter(p => (p.getAttribute("d") || "M0,0Z") !== "M0,0Z").length;
    }
    return [gd.id, bars];
  });
  return {
    plots,
    links: [...document.querySelectorAll("nav a")].map(a => a.textContent),
    headers: [...document.querySelectorAll("#comparison-table thead th")].map(th => th.textContent),
    title: document.title,
  };
})()
"""


@pytest.mark.browser
@pytest.mark.slow
def test_the_page_renders_in_headless_chromium(tmp_path: Path) -> None:
    if find_chromium() is None:
        pytest.skip("chromium is not installed (Debian: apt-get install chromium; .ci/run installs it)")
    assert run_plantrack("demo", "--no-tui", cwd=tmp_path).code == 0
    written = run_plantrack("scenario", "compare", "--runs", "100", "-o", "scenarios.html", cwd=tmp_path)
    assert written.code == 0, written.err
    result = open_page(tmp_path / "scenarios.html", probe_js=PROBE, screenshot=tmp_path / "scenarios.png")
    assert result.rendered_ms is not None, "the page never finished rendering"
    assert result.console_errors == [] and result.dialogs == []
    assert result.csp_violations == [] and result.requests == []
    probe = result.probe
    assert probe["title"] == "Screwing station retrofit, line 3 — scenario comparison"
    assert probe["headers"] == ["figure", "current plan", LATE, STOPS]
    assert probe["links"][2:] == [f"Scenario {LATE}", f"Scenario {STOPS}"]
    assert [gd for gd, _bars in probe["plots"]] == ["gantt-1", "gantt-2"]
    project, _ = load_demo()
    rows = sum(1 for t in project.tasks if not t.milestone)  # the scenarios keep every task of the demo
    for _gd, bars in probe["plots"]:
        # every bar of the current plan drawn as a ghost, under as many bars of the scenario
        assert bars["current-plan"] == rows
        assert sum(v for k, v in bars.items() if k.startswith("task-")) + bars["summary"] == rows
