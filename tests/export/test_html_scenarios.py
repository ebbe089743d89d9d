"""The scenario comparison page: each scenario's Gantt over the current plan's ghost bars, the table and
the matrix as the text prints them, hostile names inert, English and French."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from test_html_figures import _strip_own_markup, _texts

from builders import chain, days, milestone, period, plan, task
from conftest import stored_demo_state
from hostile import flat
from plantrack.export.html.escape import html_text
from plantrack.export.html.figures_gantt import BAND_COLOURS
from plantrack.export.html.scenarios import comparison_figures, render_comparison_page
from plantrack.export.html.scenarios_gantt import GHOST_MILESTONES_UID, GHOST_UID, scenario_gantt
from plantrack.export.html.view import BandKind
from plantrack.i18n.formats import format_moment, format_number
from plantrack.operations.scenarios.compare import compare_scenarios
from plantrack.operations.scenarios.compare_text import render_comparison
from plantrack.operations.scenarios.demo import demo_scenarios, lengthened
from plantrack.operations.scenarios.matrix import decision_matrix, options_of
from plantrack.operations.scenarios.matrix_text import recommendation
from plantrack.operations.scenarios.tracking import Tracking, tracking_of
from plantrack.operations.scenarios.workspace import Decision
from plantrack.scheduling.cpm import cpm
from plantrack.scheduling.model import MAX_NAME_LENGTH, Calendar, Project, TimeRange, Window, clean_text

TODAY = dt.date(2027, 2, 1)
RUNS = 100
SAT_13 = dt.datetime(2027, 3, 13)
SAT_27 = dt.datetime(2027, 3, 27)
STOP = Window(
    id="stop",
    name="Weekend stops",
    periods=(period(SAT_13, SAT_13 + dt.timedelta(days=2)), period(SAT_27, SAT_27 + dt.timedelta(days=2))),
)
ROUND_CLOCK = Calendar(id="round", weekdays=(0, 1, 2, 3, 4, 5, 6), hours=(TimeRange(start=0, end=24 * 60),))


def stop_plan(names: dict[str, str] | None = None, project: str = "Line 3") -> Project:
    """Order 2 d, build 5 d, then a 12 h fit in a weekend stop, then done; a parallel 1 d prep."""
    named = names or {}
    return plan(
        [
            task("order", "2d", name=named.get("order", "Order")),
            task("build", "5d", name=named.get("build", "Build")),
            task("fit", "12h", window="stop", calendar="round", name=named.get("fit", "Fit")),
            milestone("done", name=named.get("done", "Done")),
            task("prep", "1d", name=named.get("prep", "Prep")),
        ],
        [*chain("order", "build", "fit", "done"), ("order", "prep")],
        calendars=[ROUND_CLOCK],
        windows=[STOP],
        name=project,
    )


def decide(current: Project, scenarios: list[tuple[str, Project]], tracking: Tracking) -> Decision:
    comparison = compare_scenarios(current, scenarios, tracking, runs=RUNS)
    return Decision(comparison, decision_matrix(options_of(comparison)))


def by_uid(fig: Any, uid: str) -> Any:
    return next(t for t in fig.data if t.uid == uid)


def test_scenario_bars_are_drawn_over_the_current_plans_ghost_bars() -> None:
    current = stop_plan()
    late = lengthened(current, "build", days(5))  # the fit misses the first stop: it waits two weeks
    comparison = decide(current, [("late", late)], Tracking()).comparison
    (s,) = comparison.scenarios
    fig = scenario_gantt(comparison.current, s.figures, None)
    before, after = cpm(current), cpm(late)
    assert before.task("fit").early_start_at == SAT_13 and after.task("fit").early_start_at == SAT_27
    assert list(by_uid(fig, "row-labels").text) == ["Order", "Build", "Fit", "Done", "Prep"]
    row_of = {"order": 0, "build": 1, "fit": 2, "done": 3, "prep": 4}
    ghost = by_uid(fig, GHOST_UID)
    assert fig.data[0].uid == GHOST_UID  # drawn first: beneath the scenario's bars
    ghosts = {int(y): (b, x) for y, b, x in zip(ghost.y, ghost.base, ghost.x, strict=True)}
    bars = {}
    for trace in fig.data:
        if trace.uid and trace.uid.startswith("task-"):
            bars.update({int(y): (b, x) for y, b, x in zip(trace.y, trace.base, trace.x, strict=True)})
    for tid in ("order", "build", "fit", "prep"):
        y = row_of[tid]
        old, new = before.task(tid), after.task(tid)
        length = (old.early_finish_at - old.early_start_at).total_seconds() * 1000
        assert ghosts[y] == (old.early_start_at.isoformat(sep=" ", timespec="minutes"), length)
        length = (new.early_finish_at - new.early_start_at).total_seconds() * 1000
        assert bars[y] == (new.early_start_at.isoformat(sep=" ", timespec="minutes"), length)
    # the milestone's ghost is an open diamond where the current plan finishes
    marks = by_uid(fig, GHOST_MILESTONES_UID)
    assert list(marks.y) == [row_of["done"]]
    assert list(marks.x) == [before.task("done").early_finish_at.isoformat(sep=" ", timespec="minutes")]
    fit_hover = ghost.hovertext[list(ghost.y).index(row_of["fit"])]
    assert "Current plan: 2027-03-13 00:00 → 2027-03-13 12:00" in fit_hover
    # both periods of the stop are shaded as in the report
    shaded = [(s.x0, s.x1) for s in fig.layout.shapes if s.fillcolor == BAND_COLOURS[BandKind.SHUTDOWN]]
    assert shaded == [("2027-03-13 00:00", "2027-03-15 00:00"), ("2027-03-27 00:00", "2027-03-29 00:00")]


def test_tasks_only_one_plan_has_get_no_ghost_or_no_bar() -> None:
    current = stop_plan()
    changed = dataclasses.replace(
        current,
        tasks=(*(t for t in current.tasks if t.id != "prep"), task("inspect", "1d", name="Inspect")),
        links=(*(lk for lk in current.links if lk.successor != "prep"), *chain("fit", "inspect")),
    )
    comparison = decide(current, [("changed", changed)], Tracking()).comparison
    fig = scenario_gantt(comparison.current, comparison.scenarios[0].figures, None)
    assert list(by_uid(fig, "row-labels").text) == ["Order", "Build", "Fit", "Done", "Inspect"]
    assert sorted(by_uid(fig, GHOST_UID).y) == [0, 1, 2]  # no ghost for the new task; prep has no row


@pytest.fixture(scope="module")
def demo_decision(tmp_path_factory: pytest.TempPathFactory) -> Decision:
    state = stored_demo_state(tmp_path_factory.mktemp("demo"))
    return decide(state.project, demo_scenarios(state.project), tracking_of(state))


class Cells(HTMLParser):
    """Each table's rows (cell texts, entities decoded), every tag and attribute, and the nav links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: dict[str, list[list[str]]] = {}
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.links: list[tuple[str, str]] = []
        self._table: str | None = None
        self._cell: list[str] | None = None
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        found = dict(attrs)
        if tag == "table":
            self._table = found.get("id") or ""
            self.tables[self._table] = []
        elif tag == "tr" and self._table is not None:
            self.tables[self._table].append([])
        elif tag in ("td", "th") and self._table is not None:
            self._cell = []
        elif tag == "a":
            self._href, self._text = found.get("href") or "", []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._table is not None:
            self.tables[self._table][-1].append("".join(self._cell))
            self._cell = None
        elif tag == "table":
            self._table = None
        elif tag == "a" and self._href is not None:
            self.links.append((self._href, "".join(self._text)))
            self._href = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        if self._href is not None:
            self._text.append(data)


def parsed(page: str) -> Cells:
    cells = Cells()
    cells.feed(re.sub(r"<script>.*?</script>", "<script></script>", page, flags=re.S))
    return cells


def test_the_table_shows_the_rows_the_text_prints(demo_decision: Decision) -> None:
    comparison = demo_decision.comparison
    page = parsed(render_comparison_page(demo_decision, project="Line 3", today=TODAY))
    table = page.tables["comparison-table"]
    text = render_comparison(comparison)
    start = next(i for i, line in enumerate(text) if line.startswith("figure"))
    end = text.index("", start)
    printed = [re.split(r"\s{2,}", line.strip()) for line in text[start:end]]
    assert [[c.strip() for c in row] for row in table] == printed
    finish = next(row for row in table if row[0] == "finish")
    plans = [comparison.current, *(s.figures for s in comparison.scenarios)]
    assert finish[1:] == [format_moment(p.finish) for p in plans]
    # the demo's second scenario finishes ten working days after the current plan
    assert next(row for row in table if row[0].startswith("finish against"))[1:] == ["—", "0", "+10"]


def test_each_scenario_lists_its_moved_tasks_and_missed_windows(demo_decision: Decision) -> None:
    late = demo_decision.comparison.scenarios[0]
    page = render_comparison_page(demo_decision, project="Line 3", today=TODAY)
    moved = parsed(page).tables["moved-1"]
    assert moved[0] == ["task", "name", "finish before", "finish after", "days", "reason"]
    assert [row[0] for row in moved[1:]] == [m.id for m in late.moved]
    assert moved[1][2:4] == [
        format_moment(late.moved[0].finish_before),
        format_moment(late.moved[0].finish_after),
    ]
    assert moved[2][5] == "its own change: estimate"  # the supplier's lead time itself
    for task_id, window in late.figures.windows_missed:
        assert f"task {task_id} fits in no period of window {window}" in page


def test_the_matrix_shows_weights_scores_totals_ranks_and_the_recommendation(demo_decision: Decision) -> None:
    matrix, comparison = demo_decision.matrix, demo_decision.comparison
    page = render_comparison_page(demo_decision, project="Line 3", today=TODAY)
    table = parsed(page).tables["decision-matrix"]
    assert table[0] == ["criterion", "weight", *(r.name for r in matrix.ranking)]
    weights = [float(row[1]) for row in table[1:-2]]
    scores = [[float(c) for c in row[2:]] for row in table[1:-2]]
    assert [row[0] for row in table[1:-2]] == ["delay", "cost", "risk (P80)", "load"]
    for j, ranked in enumerate(matrix.ranking):
        # the weighted mean worked out again from the page's own weights and scores
        mean = sum(w * s[j] for w, s in zip(weights, scores, strict=True)) / sum(weights)
        assert abs(float(table[-2][2 + j]) - mean) <= 1
        assert table[-1][2 + j] == format_number(ranked.rank)
    assert table[-2][2:] == ["100", "50"] and table[-1][2:] == ["1", "2"]
    said = recommendation(matrix, comparison.currency)
    assert said.startswith("Recommended: install in two weekend stops")
    assert f'<p class="recommendation" id="recommendation">{html_text(said)}</p>' in page
    assert 'class="num chosen">50</td>' in page  # the recommended column is marked


def test_one_gantt_per_scenario_in_a_self_contained_page(demo_decision: Decision) -> None:
    comparison = demo_decision.comparison
    figures = comparison_figures(comparison)
    assert [i for i, _f in figures.items] == ["gantt-1", "gantt-2"]
    for (_i, fig), s in zip(figures.items, comparison.scenarios, strict=True):
        ghosts = by_uid(fig, GHOST_UID)
        assert len(ghosts.y) == sum(1 for t in comparison.current.project.tasks if not t.milestone)
        assert fig.data[0].uid == GHOST_UID
        windows = [sh for sh in fig.layout.shapes if sh.fillcolor == BAND_COLOURS[BandKind.SHUTDOWN]]
        assert len(windows) == sum(len(w.periods) for w in s.figures.project.windows)
    page = render_comparison_page(demo_decision, project="Line 3", today=TODAY)
    cells = parsed(page)
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">') and "default-src 'none'" in page
    assert page.count("<script") == 2 and "<script src" not in page
    assert "<title>Line 3 — scenario comparison</title>" in page
    assert [href for href, _t in cells.links] == [
        "#comparison",
        "#matrix",
        "#scenario-1",
        "#scenario-2",
    ]
    names = [s.name for s in comparison.scenarios]
    assert [t for _h, t in cells.links[2:]] == [f"Scenario {n}" for n in names]
    for i in (1, 2):
        assert f'<div class="plot" id="gantt-{i}"></div>' in page and f'"gantt-{i}"' in page


#: The tags and attributes the page itself writes: anything else came from user text.
OWN_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "dl", "div", "dt", "dd",
    "nav", "a", "main", "section", "p", "table", "thead", "tbody", "tr", "th", "td", "ul", "li", "script",
}  # fmt: skip
OWN_ATTRIBUTES = {"class", "id", "href", "colspan", "charset", "name", "content", "http-equiv", "lang"}


def test_hostile_scenario_task_and_project_names_stay_inert_text(hostile: dict[str, list[str]]) -> None:
    names = list(
        dict.fromkeys(n for n in flat(hostile) if clean_text(n).strip() and len(n) <= MAX_NAME_LENGTH)
    )
    for i in range(0, len(names), 8):
        chunk = (names[i : i + 8] + [f"pad {k}" for k in range(8)])[:8]
        current = stop_plan(
            dict(zip(("order", "build", "fit", "done", "prep"), chunk, strict=False)), chunk[5]
        )
        scenarios = [
            (chunk[6], lengthened(current, "build", days(5))),
            (chunk[7], lengthened(current, "order", days(1))),
        ]
        if clean_text(chunk[6]) == clean_text(chunk[7]):
            continue
        decision = decide(current, scenarios, Tracking())
        page = render_comparison_page(decision, project=chunk[5], today=TODAY)
        cells = parsed(page)
        assert {tag for tag, _a in cells.tags} <= OWN_TAGS
        assert {name for _t, attrs in cells.tags for name, _v in attrs} <= OWN_ATTRIBUTES
        assert all(href.startswith("#") for href, _t in cells.links)
        assert page.count("<script") == 2
        # every name reads exactly as typed (control characters stripped)
        assert cells.tables["comparison-table"][0][2:] == [clean_text(chunk[6]), clean_text(chunk[7])]
        moved_names = {row[1] for row in cells.tables["moved-1"][1:]}
        assert clean_text(chunk[1]) in moved_names  # the build, moved by its own change
        assert f"<title>{html_text(chunk[5] + ' — scenario comparison')}</title>" in page
        for _id, fig in comparison_figures(decision.comparison).items:
            for text in _texts(fig.to_plotly_json()):
                bare = _strip_own_markup(text)
                assert "<" not in bare and ">" not in bare and "$" not in bare, text


@pytest.mark.usefixtures("french")
def test_french_page(tmp_path: Path) -> None:
    state = stored_demo_state(tmp_path)
    decision = decide(state.project, demo_scenarios(state.project), tracking_of(state))
    page = render_comparison_page(decision, project="Ligne 3", today=TODAY)
    assert page.startswith('<!DOCTYPE html>\n<html lang="fr">')
    assert "<title>Ligne 3 — comparaison des scénarios</title>" in page
    assert "Plotly.register(" in page and page.count("<script") == 3  # plotly.js, its French locale, boot
    cells = parsed(page)
    table = cells.tables["comparison-table"]
    assert table[0] == [
        "indicateur",
        "planning actuel",
        "fournisseur en retard de trois semaines",
        "installer en deux arrêts de week-end",
    ]
    budget = next(row for row in table if row[0] == "budget (BAC)")
    assert budget[1:] == ["224\u202f544,33\xa0€"] * 3
    matrix = cells.tables["decision-matrix"]
    assert [row[0] for row in matrix] == [
        "critère",
        "délai",
        "coût",
        "risque (P80)",
        "charge",
        "total pondéré",
        "rang",
    ]
    markup = re.sub(r"<script>.*?</script>", "", page, flags=re.S)
    assert "Matrice de décision" in markup and "Decision matrix" not in markup
    assert html_text("Date d'état") in markup and "Status date" not in markup
    assert html_text("Scénario installer en deux arrêts de week-end") in markup
    fig = comparison_figures(decision.comparison).items[0][1]
    assert by_uid(fig, GHOST_UID).name == "Planning actuel (barres fantômes)"
    define = decision.comparison.current.schedule.task("define")
    hover = by_uid(fig, GHOST_UID).hovertext[0]
    assert hover.endswith(
        f"Planning actuel : {format_moment(define.early_start_at)} → {format_moment(define.early_finish_at)}"
    )
    assert "04/01/2027 08:00" in hover  # day first, as French reads dates


def test_a_scenario_without_tasks_gets_a_note_instead_of_a_gantt() -> None:
    current = stop_plan()
    empty = dataclasses.replace(current, tasks=(), links=())
    late = lengthened(current, "build", days(5))
    decision = decide(current, [("empty", empty), ("late", late)], Tracking())
    assert [i for i, _f in comparison_figures(decision.comparison).items] == ["gantt-2"]
    page = render_comparison_page(decision, project="Line 3", today=TODAY)
    assert page.count('<p class="empty">No task to draw.</p>') == 1
    assert 'id="gantt-1"' not in page and '<div class="plot" id="gantt-2"></div>' in page
