"""The exported page in real headless Chromium: renders offline, one bar per task, no injected script runs."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from test_html_view import tiny_report

from conftest import ROOT, run_plantrack
from headless import find_chromium, open_page
from hostile import flat
from plantrack.export.html.escape import truncate
from plantrack.export.html.figures_gantt import LABEL_CHARS
from plantrack.export.html.page import render_page
from plantrack.export.html.view import TaskKind
from plantrack.scheduling.model import clean_text

pytestmark = [pytest.mark.browser, pytest.mark.slow]

#: Counted in the live DOM of the main Gantt plot (not the range slider's miniature).
PROBE = """
(() => {
  const gd = document.getElementById("gantt-plot");
  const bars = {};
  // each trace group carries its calcdata (d3 datum): the trace it draws, so empty traces cannot shift counts
  for (const g of gd.querySelectorAll(".cartesianlayer .subplot.xy .barlayer .trace")) {
    const uid = g.__data__[0].trace.uid;
    bars[uid] = [...g.querySelectorAll(".point path")]
      .filter(p => (p.getAttribute("d") || "M0,0Z") !== "M0,0Z").length;
  }
  const diamonds = [...gd.querySelectorAll(".cartesianlayer .subplot.xy .scatterlayer .trace")]
    .map(g => g.querySelectorAll(".point").length);
  // row names: the text trace of the label column (its own x-axis, x2)
  const ticks = [...gd.querySelectorAll(".cartesianlayer .subplot.x2y .scatterlayer .textpoint text")]
    .map(t => t.textContent);
  const hovers = [];
  for (const uid of ["task-DONE", "task-LATE", "task-ON_TRACK"]) {
    const curve = gd._fullData.findIndex(t => t.uid === uid);
    if (curve < 0 || !gd._fullData[curve].y.length) continue;
    Plotly.Fx.hover(gd, [{curveNumber: curve, pointNumber: 0}]);
    const label = gd.querySelector(".hoverlayer .hovertext");
    hovers.push(label ? label.textContent : "");
  }
  return {
    bars, diamonds, ticks, hovers,
    anchors: [...document.querySelectorAll("a")].map(a => [a.getAttribute("href"), a.textContent]),
    svgAnchors: document.querySelectorAll("svg a").length,
    styled: [...document.querySelectorAll("tspan[style]")].map(t => t.getAttribute("style"))
      .filter(s => /font-size|fill:\\s*red/.test(s)).length,
    injected: document.querySelectorAll("img, iframe, object, embed, svg script").length,
    onAttributes: [...document.querySelectorAll("*")].filter(e => [...e.attributes]
      .some(a => a.name.startsWith("on"))).length,
    scripts: document.scripts.length,
    cells: [...document.querySelectorAll("#actions tbody tr td:nth-child(2)")].map(td => td.textContent),
    title: document.title,
    plots: document.querySelectorAll(".js-plotly-plot").length,
  };
})()
"""


@pytest.fixture(scope="module")
def chromium() -> str:
    binary = find_chromium()
    if binary is None:
        pytest.skip("chromium is not installed (Debian: apt-get install chromium; .ci/run installs it)")
    return binary


def _artifact_dir(tmp_path: Path) -> Path:
    """Screenshots go to artifacts/ (git-ignored) when PLANTRACK_ARTIFACTS is set, else the pytest tmp dir."""
    if os.environ.get("PLANTRACK_ARTIFACTS"):
        return ROOT / "artifacts"
    return tmp_path


def _render(tmp_path: Path, names: list[str] | None, shot: str) -> tuple[Any, Any]:
    report = tiny_report(names)
    page = tmp_path / "report.html"
    page.write_text(render_page(report), encoding="utf-8")
    result = open_page(page, probe_js=PROBE, screenshot=_artifact_dir(tmp_path) / shot)
    return report, result


@pytest.mark.usefixtures("chromium")
@pytest.mark.parametrize("chunk", range(0, 40, 5), ids=lambda i: f"names-{i}")
def test_hostile_names_show_literally_and_run_nothing(
    tmp_path: Path, chunk: int, hostile: dict[str, list[str]]
) -> None:
    names = flat(hostile)[chunk : chunk + 5]
    if len(names) < 5:
        names += [f"pad {i}" for i in range(5 - len(names))]
    report, result = _render(tmp_path, names, f"hostile-{len(hostile)}-{chunk}.png")
    probe = result.probe
    assert result.rendered_ms is not None, "the page never finished rendering"
    assert result.console_errors == []
    assert result.dialogs == []
    assert result.csp_violations == []
    assert result.requests == []
    assert probe["scripts"] == 2  # plotly.js and the page's own boot script, nothing injected
    assert probe["injected"] == 0 and probe["onAttributes"] == 0
    assert probe["svgAnchors"] == 0 and probe["styled"] == 0
    assert all(href.startswith("#") for href, _ in probe["anchors"])  # only the page's own navigation
    # every name reads exactly as typed (control characters stripped) in ticks, hover, tables and title
    expected_ticks = [clean_text(truncate(t.name, LABEL_CHARS)).replace("\n", "") for t in report.gantt.tasks]
    assert [tick.lstrip("\u2003") for tick in probe["ticks"]] == expected_ticks
    for hover in probe["hovers"]:
        assert any(clean_text(n) in hover for n in names), hover
    assert sorted(probe["cells"]) == sorted(clean_text(n) for n in names)
    assert probe["title"] == " ".join(clean_text(names[0]).split())  # the browser collapses title spaces


@pytest.mark.usefixtures("chromium")
def test_one_gantt_bar_per_task_and_every_figure_rendered(tmp_path: Path) -> None:
    report, result = _render(tmp_path, None, "tiny-report.png")
    probe = result.probe
    tasks = report.gantt.tasks
    state_bars = sum(v for k, v in probe["bars"].items() if k.startswith("task-"))
    assert state_bars == sum(1 for t in tasks if t.kind is TaskKind.TASK)
    assert probe["bars"]["summary"] == sum(1 for t in tasks if t.kind is TaskKind.SUMMARY)
    assert probe["bars"]["baseline"] == sum(
        1 for t in tasks if t.baseline_start and t.kind is not TaskKind.MILESTONE
    )
    assert probe["diamonds"][0] == sum(1 for t in tasks if t.kind is TaskKind.MILESTONE)
    assert probe["plots"] == 6  # Gantt, network, S-curve, trend, load, Pareto
    assert result.console_errors == [] and result.csp_violations == [] and result.requests == []
    assert result.screenshot is not None and result.screenshot.stat().st_size > 20_000


def test_missing_browser_is_reported_clearly(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(FileNotFoundError, match="apt-get install chromium"):
        open_page(tmp_path / "none.html")


#: The drawn box of every shutdown-window name on the Gantt (plotly tags each annotation with its index).
WINDOW_LABELS_PROBE = """
(() => {
  const gd = document.getElementById("gantt-plot");
  const notes = gd.layout.annotations || [];
  return [...gd.querySelectorAll(".infolayer .annotation")]
    .filter(g => (notes[+g.getAttribute("data-index")] || {}).name === "shutdown-window")
    .map(g => {
      const r = g.querySelector(".annotation-text").getBoundingClientRect();
      return [r.left, r.right, r.top, r.bottom, g.textContent];
    });
})()
"""


@pytest.mark.usefixtures("chromium")
@pytest.mark.parametrize("window", [(1000, 900), (1600, 1200)], ids=lambda w: f"{w[0]}px")
def test_demo_window_names_are_drawn_apart(tmp_path: Path, window: tuple[int, int]) -> None:
    """`plantrack export html` on the demo: its two shutdown windows, a fortnight apart, keep
    readable names in a real browser (they were drawn on top of each other)."""
    assert run_plantrack("demo", "--no-tui", cwd=tmp_path).code == 0
    exported = run_plantrack("export", "html", "-o", "report.html", cwd=tmp_path)
    assert exported.code == 0, exported.err
    shot = _artifact_dir(tmp_path) / f"demo-windows-{window[0]}.png"
    result = open_page(tmp_path / "report.html", probe_js=WINDOW_LABELS_PROBE, screenshot=shot, window=window)
    boxes = result.probe
    assert sorted(box[4] for box in boxes) == ["Line 3 stop 1 (weekend)", "Line 3 stop 2 (weekend)"]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart = a[1] <= b[0] or b[1] <= a[0] or a[3] <= b[2] or b[3] <= a[2]
            assert apart, (a, b)
