"""The committee's portfolio page: tables as the portfolio computes them, figures' data, hostile names inert,
French."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest
from test_html_figures import _strip_own_markup, _texts
from test_html_scenarios import OWN_ATTRIBUTES, OWN_TAGS, parsed

from builders import chain, milestone, plan, resource, task, use
from hostile import flat
from plant_fixtures import TODAY, members, plant, press_state, retrofit_state
from plantrack.export.html.escape import html_text
from plantrack.export.html.figures_portfolio import portfolio_gantt, shared_load_figure
from plantrack.export.html.portfolio import build_figures, gate_tone, index_tone, render_portfolio, slip_tone
from plantrack.operations.plant_report import NextGate, Portfolio, portfolio
from plantrack.scheduling.model import MAX_NAME_LENGTH, Period, Plant, PlantProject, Window, clean_text
from plantrack.scheduling.tracking.records import Action, Decision, GateStatus

D = dt.datetime
#: The page's own extra markup: traffic lights, meters, small print.
PORTFOLIO_TAGS = OWN_TAGS | {"span", "small"}
PORTFOLIO_ATTRIBUTES = OWN_ATTRIBUTES | {"role", "aria-label", "title", "style"}


@pytest.fixture(scope="module")
def result() -> Portfolio:
    shared = plant()
    return portfolio(shared, members(shared), today=TODAY)


def _cells(rows: list[list[str]]) -> list[list[str]]:
    return [[c.strip() for c in row] for row in rows]


def test_the_projects_table_shows_the_portfolio_figures(result: Portfolio) -> None:
    page = render_portfolio(result)
    table = _cells(parsed(page).tables["projects"])
    assert table[0][:5] == ["Project", "Priority", "Status date", "Forecast finish", "Baseline finish"]
    assert table[1] == [
        "Retrofit",
        "2",
        "2027-03-03",
        "2027-03-10",
        "2027-03-08",
        "+1.5",
        "0.50",
        "0.80",
        "GA · Trial OK (2027-03-09, no decision yet)",
        "1 (1 overdue)",
    ]
    assert table[2] == [
        "Press",
        "1",
        "not set",
        "2027-03-08",
        "n/a",
        "n/a",
        "n/a",
        "n/a",
        "GB · Press ready (2027-03-08, deferred)",
        "1",
    ]
    # the traffic lights: slip 1.5 days amber, SPI 0.5 and CPI 0.8 red, the next gate with no decision
    # green; the press's deferred gate amber
    row = re.search(r"<tr><td>Retrofit</td>.*?</tr>", page)
    assert row is not None
    assert re.findall(r'class="light (\w+)"', row.group()) == ["warn", "bad", "bad", "good"]
    row = re.search(r"<tr><td>Press</td>.*?</tr>", page)
    assert row is not None
    assert re.findall(r'class="light (\w+)"', row.group()) == ["neutral", "neutral", "neutral", "warn"]


def test_tones_follow_their_thresholds() -> None:
    assert [slip_tone(d) for d in (None, -1.0, 0.0, 0.5, 5.0, 5.5)] == [
        "neutral",
        "good",
        "good",
        "warn",
        "warn",
        "bad",
    ]
    assert [index_tone(v) for v in (None, 1.0, 0.95, 0.9, 0.89)] == ["neutral", "good", "warn", "warn", "bad"]
    gate = NextGate(task="G", name="", planned=D(2027, 3, 9), status=GateStatus.PENDING, decision=None)
    assert gate_tone(gate, D(2027, 3, 8)) == "good"
    assert gate_tone(gate, D(2027, 3, 10)) == "bad"  # due before the status date and still no go
    assert gate_tone(dataclasses.replace(gate, decision=Decision.DEFERRED), None) == "warn"
    rejected = dataclasses.replace(gate, decision=Decision.REJECTED, status=GateStatus.FAILED)
    assert gate_tone(rejected, None) == "bad" and gate_tone(None, None) == "neutral"


def test_windows_and_owners_tables(result: Portfolio) -> None:
    cells = parsed(render_portfolio(result))
    assert _cells(cells.tables["windows"])[1] == [
        "March stop",
        "2027-03-08 → 2027-03-12",
        "Electricians",
        "Press: 8 h (B1)",
        "8 h / 40 h",
    ]
    owners = _cells(cells.tables["owners"])
    assert owners[1] == ["J. Martin (2 open, 1 overdue)"]
    assert owners[2] == ["Retrofit", "A1", "Order cables", "2027-03-02", "overdue", ""]
    assert owners[3] == ["Press", "A1", "Guard quote", "2027-03-20", "open", ""]


def test_over_allocations_are_listed_by_project(result: Portfolio) -> None:
    table = _cells(parsed(render_portfolio(result)).tables["over-allocations"])
    assert table == [
        ["Project", "Shared resource", "Weeks", "Tasks"],
        ["Retrofit", "Electricians", "2027-W09", "A1"],
        ["Press", "Electricians", "2027-W09", "B1"],
    ]


def test_the_gantt_has_a_row_per_project_with_its_baseline_ghost(result: Portfolio) -> None:
    fig = portfolio_gantt(result.projects)
    traces = {(t.meta, t.name): t for t in fig.data}
    assert list(fig.layout.yaxis.ticktext) == ["Retrofit", "Press"]
    late = traces[("phases", "Late (finish after baseline)")]
    assert list(late.x) == ["2027-03-01 08:00", "2027-03-10 12:00", None] and list(late.y) == [0.0, 0.0, None]
    fresh = traces[("phases", "No baseline")]
    assert list(fresh.x) == ["2027-03-03 08:00", "2027-03-08 17:00", None] and list(fresh.y) == [1, 1, None]
    ghost = traces[("baseline", "Baseline")]
    assert list(ghost.x) == ["2027-03-01 08:00", "2027-03-08 17:00", None]
    gates = traces[("milestones", "Gate")]
    assert list(gates.x) == ["2027-03-09 12:00", "2027-03-08 17:00"] and list(gates.y) == [0, 1]
    status = traces[("status", "Status date")]
    assert list(status.x) == ["2027-03-03 17:00"] and list(status.y) == [0]


def test_the_load_map_colours_each_week_and_marks_the_over_allocated_one(result: Portfolio) -> None:
    fig = shared_load_figure(result.loads, result.project_names())
    (cells,) = [t for t in fig.data if t.meta == "load"]
    # weeks 9 and 10 of the electrician: 60 h and 8 h of 40 h, each cell centred on its Thursday noon
    assert list(cells.x) == ["2027-03-04T12:00:00", "2027-03-11T12:00:00"]
    assert [list(row) for row in cells.z] == [[150.0, 20.0]]
    assert list(fig.layout.yaxis.ticktext) == ["Electricians"]
    week9 = cells.text[0][0]
    assert "Retrofit: 36 h" in week9 and "Press: 24 h" in week9
    assert "2 units booked of 1" in week9 and "Retrofit: A1" in week9 and "Press: B1" in week9
    assert "Over-allocated" not in cells.text[0][1]
    (over,) = [t for t in fig.data if t.meta == "over"]
    assert list(over.x) == ["2027-03-04T12:00:00"] and list(over.y) == [0]


def test_the_page_is_self_contained(result: Portfolio) -> None:
    page = render_portfolio(result)
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    markup = re.sub(r"<script>.*?</script>", "", page, flags=re.S)
    assert "http://" not in markup and "https://" not in markup and "src=" not in markup
    assert [i for i, _f in build_figures(result).items] == ["portfolio-gantt", "shared-load"]


def test_an_empty_plant_still_makes_a_page() -> None:
    empty = portfolio(Plant(name="Empty"), [], today=TODAY)
    page = render_portfolio(empty)
    assert "The plant has no project yet." in page and "No open action in any project." in page
    assert build_figures(empty).items == ()


def _hostile_plant(names: list[str]) -> tuple[Plant, list[tuple[PlantProject, object]]]:
    shared = Plant(
        name=names[0],
        resources=(resource("elec", name=names[1]),),
        windows=(
            Window(id="stop", name=names[2], periods=(Period(start=D(2027, 3, 8), end=D(2027, 3, 13)),)),
        ),
    )
    project = plan(
        [task("P", name=names[3]), task("X", "3d", parent="P"), milestone("G", name=names[4], gate=True)],
        chain("X", "G"),
        assignments=[use("X", "elec")],
        name=names[5],
    )
    other = plan([task("Y", "9d", name=names[6])], assignments=[use("Y", "elec")], name=names[7])
    action = Action(id="A1", title=names[6], owner=names[7], due=D(2027, 3, 2), created=D(2027, 3, 1))
    first = dataclasses.replace(press_state(), project=project, gates=(), actions=(action,))
    second = dataclasses.replace(press_state(), project=other, gates=())
    return shared, [
        (PlantProject(workspace="a.plantrack.json"), first),
        (PlantProject(workspace="b.plantrack.json"), second),
    ]


def test_hostile_names_stay_inert_text(hostile: dict[str, list[str]]) -> None:
    names = list(
        dict.fromkeys(n for n in flat(hostile) if clean_text(n).strip() and len(n) <= MAX_NAME_LENGTH)
    )
    for i in range(0, len(names), 8):
        chunk = (names[i : i + 8] + [f"pad {k}" for k in range(8)])[:8]
        shared, listed = _hostile_plant(chunk)
        result = portfolio(shared, listed, today=TODAY)  # type: ignore[arg-type]
        page = render_portfolio(result)
        cells = parsed(page)
        assert {tag for tag, _a in cells.tags} <= PORTFOLIO_TAGS
        assert {name for _t, attrs in cells.tags for name, _v in attrs} <= PORTFOLIO_ATTRIBUTES
        assert all(href.startswith("#") for href, _t in cells.links)
        assert page.count("<script") == 2
        projects = _cells(cells.tables["projects"])
        assert [row[0] for row in projects[1:]] == [
            clean_text(chunk[5]).strip(),
            clean_text(chunk[7]).strip(),
        ]
        assert f"<title>{html_text(chunk[0] + ' — portfolio')}</title>" in page
        for _id, fig in build_figures(result).items:
            for text in _texts(fig.to_plotly_json()):
                bare = _strip_own_markup(text)
                assert "<" not in bare and ">" not in bare and "$" not in bare, text


@pytest.mark.usefixtures("french")
def test_french_page(result: Portfolio) -> None:
    page = render_portfolio(result)
    assert page.startswith('<!DOCTYPE html>\n<html lang="fr">')
    assert "<title>Plant 1 — portefeuille</title>" in page
    assert "Plotly.register(" in page
    cells = parsed(page)
    projects = _cells(cells.tables["projects"])
    assert projects[0][:4] == ["Projet", "Priorité", "Date d'état", "Fin prévue"]
    assert projects[1][2:8] == ["03/03/2027", "10/03/2027", "08/03/2027", "+1,5", "0,50", "0,80"]
    assert _cells(cells.tables["windows"])[1][4] == "8 h / 40 h"
    assert _cells(cells.tables["over-allocations"])[1] == ["Retrofit", "Electricians", "2027-S09", "A1"]
    markup = re.sub(r"<script>.*?</script>", "", page, flags=re.S)
    assert "Open actions" not in markup and "Shared resources" not in markup
    fig = portfolio_gantt(result.projects)
    assert {t.name for t in fig.data} >= {"Référence", "Jalon de validation", "Date d'état"}


def test_a_second_status_is_not_needed_to_render(result: Portfolio) -> None:
    # a plant whose projects have no baseline at all shows n/a everywhere, no light lit
    shared = plant()
    bare = dataclasses.replace(retrofit_state(shared), baselines=(), progress=())
    plain_result = portfolio(shared, [(shared.projects[0], bare)], today=TODAY)
    row = _cells(parsed(render_portfolio(plain_result)).tables["projects"])[1]
    assert row[4:8] == ["n/a", "n/a", "n/a", "n/a"]
