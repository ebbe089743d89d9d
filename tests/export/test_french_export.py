"""The demo's HTML report, iCalendar and task list in French; the report opened in headless Chromium shows
French month names on the time axis with plotly's French locale registered inline, and no console error."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest

from conftest import stored_demo_state
from headless import find_chromium, open_page
from plantrack.export.html.page import build_figures, render_page
from plantrack.export.html.plotly_locale import FRENCH
from plantrack.export.html.report import build_report
from plantrack.formats.csv_tasks import COLUMNS, dumps_tasks_csv
from plantrack.i18n import set_language
from plantrack.store import WorkspaceState

TODAY = dt.date(2027, 2, 1)
FRENCH_MONTHS = {
    "janv.",
    "févr.",
    "mars",
    "avr.",
    "mai",
    "juin",
    "juil.",
    "août",
    "sept.",
    "oct.",
    "nov.",
    "déc.",
}
ENGLISH_MONTHS = {"Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}


@pytest.fixture(scope="module")
def demo_state(tmp_path_factory: pytest.TempPathFactory) -> WorkspaceState:
    return stored_demo_state(tmp_path_factory.mktemp("demo"))


def _page(state: WorkspaceState) -> str:
    return render_page(build_report(state, today=TODAY, baseline="initial"))


def _text(page: str) -> str:
    """The page's text outside scripts (plotly.js itself holds English words)."""
    return re.sub(r"<script>.*?</script>", "", page, flags=re.S)


@pytest.mark.usefixtures("french")
def test_french_page_has_lang_tiles_and_the_registered_locale(demo_state: WorkspaceState) -> None:
    page = _page(demo_state)
    assert '<html lang="fr">' in page
    text = _text(page)
    for tile in ("Fin prévue", "Avancement", "Tâches critiques en retard", "Actions en retard"):
        assert f'<div class="label">{tile}</div>' in text, tile
    for heading in ("Tableau de bord", "Courbe en S", "Registre des actions (en retard et ouvertes d'abord)"):
        assert heading in text.replace("&#x27;", "'"), heading
    assert "Forecast finish" not in text and "Dashboard" not in text and "Late critical tasks" not in text
    assert "<script>Plotly.register(" in page
    assert '"locale":"fr"' in page.replace(" ", "")
    # the locale's data travels in the page: French months, decimal comma, narrow-space thousands
    register = page.split("Plotly.register(", 1)[1].split(");</script>", 1)[0]
    data = json.loads(register)
    assert data["name"] == "fr" and data["format"]["decimal"] == ","
    assert data["format"]["shortMonths"][7] == "août"
    # French dates in the header and the tables
    assert re.search(r"<dd>\d{2}/\d{2}/2027</dd>", text)
    assert not re.search(r"<td>\d{4}-\d{2}-\d{2}</td>", text)


@pytest.mark.usefixtures("french")
def test_french_hovers_legend_and_network_boxes(demo_state: WorkspaceState) -> None:
    report = build_report(demo_state, today=TODAY, baseline="initial")
    figures = build_figures(report)
    gantt = figures.get("gantt-plot")
    assert gantt.layout.legend.title.text == "Légende (cliquer pour afficher/masquer)"
    hovers = [h for trace in gantt.data if trace.hovertext for h in trace.hovertext]
    assert hovers and all("Total float" not in h and "Start:" not in h for h in hovers)
    assert any("Marge totale : " in h and "Début : " in h for h in hovers)
    assert any(re.search(r"\d{2}/\d{2}/2027 \d{2}:\d{2}", h) for h in hovers)
    names = {trace.name for trace in gantt.data}
    assert "Tâches" in names and "Tasks" not in names
    network = figures.get("network-plot")
    boxes = [t for trace in network.data if trace.text is not None for t in trace.text]
    assert any("Tôt : " in b and "Marge totale" in b for b in boxes)
    assert not any("ES " in b for b in boxes)


def test_english_page_keeps_english_and_no_locale(demo_state: WorkspaceState) -> None:
    set_language("en")
    page = _page(demo_state)
    assert '<html lang="en">' in page
    assert "<script>Plotly.register(" not in page and '"locale":"fr"' not in page
    assert '<div class="label">Forecast finish</div>' in page


@pytest.mark.usefixtures("french")
def test_french_task_list_has_french_headers_and_dialect(demo_state: WorkspaceState) -> None:
    text = dumps_tasks_csv(demo_state.project)
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[1][:4] == ["N°", "Nom", "Phase", "Durée"]
    assert "% achevé" in rows[1] and "Prédécesseurs" in rows[1]
    set_language("en")
    english = list(csv.reader(io.StringIO(dumps_tasks_csv(demo_state.project))))
    assert tuple(english[1]) == COLUMNS


def test_french_locale_dictionary_is_complete() -> None:
    fmt = FRENCH["format"]
    assert len(fmt["months"]) == len(fmt["shortMonths"]) == 12
    assert len(fmt["days"]) == len(fmt["shortDays"]) == 7
    assert set(fmt["shortMonths"]) == FRENCH_MONTHS
    assert fmt["thousands"] == "\u202f" and fmt["date"] == "%d/%m/%Y"


#: Tick labels of the Gantt's top time axis, and plotly's own view of the locale it drew with.
AXIS_PROBE = """
(() => {
  const gd = document.getElementById("gantt-plot");
  const ticks = [...gd.querySelectorAll(".xtick text")].map(t => t.textContent);
  return {ticks, lang: document.documentElement.lang, locale: gd._context.locale};
})()
"""


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.usefixtures("french")
def test_french_report_in_chromium_shows_french_months(demo_state: WorkspaceState, tmp_path: Path) -> None:
    if find_chromium() is None:
        pytest.skip("chromium is not installed (Debian: apt-get install chromium; .ci/run installs it)")
    page = tmp_path / "rapport.html"
    page.write_text(_page(demo_state), encoding="utf-8")
    result = open_page(page, probe_js=AXIS_PROBE, screenshot=tmp_path / "rapport.png")
    assert result.console_errors == []
    assert result.requests == []
    probe = result.probe
    assert probe["lang"] == "fr" and probe["locale"] == "fr"
    words = {w for tick in probe["ticks"] for w in tick.replace("\n", " ").split()}
    assert words & FRENCH_MONTHS, probe["ticks"]
    assert not words & ENGLISH_MONTHS, probe["ticks"]


@pytest.mark.usefixtures("french")
def test_codes_durations_and_numbers_shown_in_french() -> None:
    from plantrack.export.labels import code_label, duration_text, percent_units, signed

    assert [code_label(c) for c in ("man", "material", "machine", "method", "milieu")] == [
        "main-d'œuvre",
        "matière",
        "matériel",
        "méthode",
        "milieu",
    ]
    assert [code_label(c) for c in ("validated", "rejected", "deferred")] == ["validé", "refusé", "reporté"]
    assert code_label("not-a-code") == "not-a-code"
    assert duration_text("+2d") == "+2j" and duration_text("-3ed") == "-3jc"
    assert signed(1.25, 1) in ("+1,2", "+1,3") and signed(-0.04, 1) == "-0,0"
    assert percent_units(3.8) == "3,8\u202f%"


def test_codes_durations_and_numbers_unchanged_in_english() -> None:
    from plantrack.export.labels import code_label, duration_text, percent_units, signed

    set_language("en")
    assert code_label("man") == "man" and duration_text("+2d") == "+2d"
    assert signed(-0.04, 1) == "-0.0" and percent_units(3.8) == "3.8 %"
