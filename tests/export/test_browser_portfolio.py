"""The portfolio page in real headless Chromium: renders offline, every figure drawn, no injected script runs,
hostile names read as typed."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_browser import _artifact_dir
from test_html_portfolio import _hostile_plant

from headless import find_chromium, open_page
from hostile import flat
from plant_fixtures import TODAY, members, plant
from plantrack.export.html.escape import truncate
from plantrack.export.html.figures_portfolio import LABEL_CHARS
from plantrack.export.html.portfolio import render_portfolio
from plantrack.operations.plant_report import portfolio
from plantrack.scheduling.model import MAX_NAME_LENGTH, clean_text

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PROBE = """
(() => {
  const gantt = document.getElementById("portfolio-gantt");
  const ticks = [...gantt.querySelectorAll(".yaxislayer-above .ytick text")].map(t => t.textContent);
  const curve = gantt._fullData.findIndex(t => t.meta === "milestones");
  let hover = "";
  if (curve >= 0) {
    Plotly.Fx.hover(gantt, [{curveNumber: curve, pointNumber: 0}]);
    const label = gantt.querySelector(".hoverlayer .hovertext");
    hover = label ? label.textContent : "";
  }
  return {
    ticks, hover,
    anchors: [...document.querySelectorAll("a")].map(a => a.getAttribute("href")),
    svgAnchors: document.querySelectorAll("svg a").length,
    injected: document.querySelectorAll("img, iframe, object, embed, svg script").length,
    onAttributes: [...document.querySelectorAll("*")].filter(e => [...e.attributes]
      .some(a => a.name.startsWith("on"))).length,
    scripts: document.scripts.length,
    plots: document.querySelectorAll(".js-plotly-plot").length,
    projects: [...document.querySelectorAll("#projects tbody tr td:first-child")].map(td => td.textContent),
    title: document.title,
  };
})()
"""


@pytest.fixture(scope="module")
def chromium() -> str:
    binary = find_chromium()
    if binary is None:
        pytest.skip("chromium is not installed (Debian: apt-get install chromium; .ci/run installs it)")
    return binary


@pytest.mark.usefixtures("chromium")
def test_the_page_draws_every_figure_offline(tmp_path: Path) -> None:
    shared = plant()
    page = tmp_path / "plant.html"
    page.write_text(render_portfolio(portfolio(shared, members(shared), today=TODAY)), encoding="utf-8")
    result = open_page(page, probe_js=PROBE, screenshot=_artifact_dir(tmp_path) / "portfolio.png")
    assert result.rendered_ms is not None and result.console_errors == []
    assert result.csp_violations == [] and result.requests == []
    assert result.probe["plots"] == 2 and result.probe["ticks"] == ["Retrofit", "Press"]
    assert "Trial OK" in result.probe["hover"]


@pytest.mark.usefixtures("chromium")
@pytest.mark.parametrize("chunk", range(0, 40, 8), ids=lambda i: f"names-{i}")
def test_hostile_names_show_literally_and_run_nothing(
    tmp_path: Path, chunk: int, hostile: dict[str, list[str]]
) -> None:
    names = [n for n in dict.fromkeys(flat(hostile)) if clean_text(n).strip() and len(n) <= MAX_NAME_LENGTH]
    picked = (names[chunk : chunk + 8] + [f"pad {k}" for k in range(8)])[:8]
    shared, listed = _hostile_plant(picked)
    page = tmp_path / "plant.html"
    page.write_text(render_portfolio(portfolio(shared, listed, today=TODAY)), encoding="utf-8")  # type: ignore[arg-type]
    result = open_page(page, probe_js=PROBE, screenshot=_artifact_dir(tmp_path) / f"portfolio-{chunk}.png")
    probe = result.probe
    assert result.rendered_ms is not None, "the page never finished rendering"
    assert result.console_errors == [] and result.dialogs == []
    assert result.csp_violations == [] and result.requests == []
    assert probe["scripts"] == 2 and probe["injected"] == 0 and probe["onAttributes"] == 0
    assert probe["svgAnchors"] == 0 and all(href.startswith("#") for href in probe["anchors"])
    projects = [clean_text(picked[5]), clean_text(picked[7])]
    assert [p.strip() for p in probe["projects"]] == [p.strip() for p in projects]
    assert probe["ticks"] == [clean_text(truncate(p, LABEL_CHARS)) for p in projects]
    assert clean_text(picked[4]) in probe["hover"]  # the gate's name, in its hover
