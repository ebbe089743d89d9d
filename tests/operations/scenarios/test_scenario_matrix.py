"""The weighted decision matrix against a hand-worked example, its ties, and the grid read from TOML."""

from __future__ import annotations

from pathlib import Path

import pytest

from plantrack.operations.scenarios.grid import Criterion, Grid, default_grid, grid_from_toml, load_grid
from plantrack.operations.scenarios.matrix import Option, decision_matrix, matrix_json, normalised
from plantrack.operations.scenarios.matrix_text import recommendation, render_matrix
from plantrack.scheduling.errors import InvalidInput


def option(name: str, delay: float, cost: float, risk: float, load: float, missed: int = 0) -> Option:
    values = {"delay": delay, "cost": cost, "risk": risk, "load": load}
    return Option(name, values, windows_missed=missed, cost=cost, delay_days=delay)


#: The example worked by hand below: three options, four computed criteria and one scored by hand.
OPTIONS = [
    option("A", delay=0, cost=100, risk=1000, load=0),
    option("B", delay=5, cost=80, risk=1200, load=10),
    option("C", delay=10, cost=120, risk=1000, load=20),
]
GRID = Grid(
    (
        Criterion("delay", 3),
        Criterion("cost", 2),
        Criterion("risk", 1),
        Criterion("load", 1),
        Criterion("safety", 2, "Safety", scale=5),
    )
)
SAFETY = {"A": {"safety": 4}, "B": {"safety": 2}, "C": {"safety": 5}}


def test_the_hand_worked_example() -> None:
    # Min-max per criterion, lower is better except safety:
    #   delay  0..10     A 1    B 0.5  C 0
    #   cost   80..120   A 0.5  B 1    C 0
    #   risk   1000..1200 A 1   B 0    C 1
    #   load   0..20     A 1    B 0.5  C 0
    #   safety 2..5 (higher better)  A 2/3  B 0  C 1
    # Totals over the weights' sum 9:
    #   A = (3*1 + 2*0.5 + 1 + 1 + 2*2/3) / 9 = 22/27
    #   B = (3*0.5 + 2*1 + 0 + 0.5 + 0) / 9 = 4/9
    #   C = (0 + 0 + 1 + 0 + 2*1) / 9 = 1/3
    m = decision_matrix(OPTIONS, GRID, SAFETY)
    assert [r.name for r in m.ranking] == ["A", "B", "C"]
    assert [r.rank for r in m.ranking] == [1, 2, 3]
    totals = {r.name: r.total for r in m.ranking}
    assert totals == pytest.approx({"A": 22 / 27, "B": 4 / 9, "C": 1 / 3})
    a = {s.criterion: s.score for s in m.ranking[0].scores}
    assert a == pytest.approx({"delay": 1, "cost": 0.5, "risk": 1, "load": 1, "safety": 2 / 3})
    assert m.recommended == "A"
    assert m.best_on == ("delay", "risk", "load")
    assert [(v.name, v.delay_days, v.cost) for v in m.others] == [("B", 5, -20), ("C", 10, 20)]
    assert recommendation(m, "EUR") == (
        "Recommended: A: earliest finish, earliest P80 finish and fewest over-allocated hours; "
        "B: 5 working days later and costs 20.00 EUR less; C: 10 working days later and costs 20.00 EUR more."
    )


def test_recommendation_in_french(french: None) -> None:
    m = decision_matrix(OPTIONS, GRID, SAFETY)
    text = recommendation(m, "EUR")
    assert text.startswith("Recommandé : A : fin la plus tôt, fin P80 la plus tôt et le moins d'heures")
    assert (
        "B : 5 jours ouvrés plus tard et coûte 20,00\u00a0€ de moins ; C : 10 jours ouvrés plus tard" in text
    )


def test_equal_values_score_equally_and_ties_keep_their_order() -> None:
    twins = [option("first", 1, 10, 5, 0), option("second", 1, 10, 5, 0), option("worse", 2, 10, 5, 0)]
    m = decision_matrix(twins)
    assert [(r.name, r.rank) for r in m.ranking] == [("first", 1), ("second", 1), ("worse", 3)]
    assert m.ranking[0].total == m.ranking[1].total == 1.0
    # cost, risk and load separate nothing: every option scores 1 on them
    assert [s.score for s in m.ranking[2].scores] == [0.0, 1.0, 1.0, 1.0]
    assert m.recommended == "first"
    reversed_m = decision_matrix(list(reversed(twins[:2])))
    assert [r.name for r in reversed_m.ranking] == ["second", "first"]


def test_a_single_scenario() -> None:
    m = decision_matrix([option("only", 3, 100, 7, 2)])
    assert [(r.name, r.rank, r.total) for r in m.ranking] == [("only", 1, 1.0)]
    assert m.best_on == () and m.others == ()
    assert recommendation(m, "EUR") == "Recommended: only: best weighted total (100)."


def test_normalised() -> None:
    assert normalised([2, 4, 3], lower_better=True) == [1.0, 0.0, 0.5]
    assert normalised([2, 4, 3], lower_better=False) == [0.0, 1.0, 0.5]
    assert normalised([7, 7], lower_better=True) == [1.0, 1.0]


def test_a_plan_missing_its_windows_is_passed_over() -> None:
    m = decision_matrix([option("fast", 0, 100, 1, 0, missed=4), option("safe", 10, 100, 2, 0)])
    assert [r.name for r in m.ranking] == ["fast", "safe"]
    assert m.recommended == "safe" and m.passed_over == "fast"
    assert recommendation(m, "EUR") == (
        "Recommended: safe: the best-ranked plan that keeps every task in its shutdown window (50); "
        "fast: 10 working days earlier and 4 tasks miss their window. fast ranks first, but some of its "
        "tasks miss their shutdown window."
    )


def test_hand_scores_are_checked() -> None:
    with pytest.raises(InvalidInput, match="scenario 'C' has no score for safety"):
        decision_matrix(OPTIONS, GRID, {"A": {"safety": 4}, "B": {"safety": 2}})
    with pytest.raises(InvalidInput, match=r"score 6 for safety is not within 1\.\.5"):
        decision_matrix(OPTIONS, GRID, {**SAFETY, "B": {"safety": 6}})


def test_json_and_text() -> None:
    m = decision_matrix(OPTIONS, GRID, SAFETY)
    doc = matrix_json(m)
    assert doc["recommended"] == "A"
    assert [r["rank"] for r in doc["ranking"]] == [1, 2, 3]
    assert doc["ranking"][1]["scores"]["cost"] == {"raw": 80.0, "score": 1.0, "weighted": 2.0}
    lines = render_matrix(m, "EUR")
    assert lines[1].split() == ["criterion", "(weight)", "A", "B", "C"]
    assert lines[-3].split() == ["weighted", "total", "81", "44", "33"]


# ---------------------------------------------------------------- the grid file

GRID_FILE = """
[criteria.delay]
weight = 3
[criteria.cost]
weight = 1.5
[criteria.safety]
weight = 2
label = "Sécurité"
scale = 5
"""


def test_a_grid_file(tmp_path: Path) -> None:
    path = tmp_path / "grid.toml"
    path.write_text(GRID_FILE, encoding="utf-8")
    assert load_grid(path) == Grid(
        (Criterion("delay", 3.0), Criterion("cost", 1.5), Criterion("safety", 2.0, "Sécurité", 5))
    )
    assert [c.id for c in default_grid().criteria] == ["delay", "cost", "risk", "load"]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[criteria.delay]\nweight = -1", ["grid.toml", "'delay'", "weight -1"]),
        ("[criteria.speed]\nweight = 1", ["grid.toml", "unknown criterion 'speed'", "needs a scale"]),
        ("[criteria.delay]\nweight = 0\n[criteria.cost]\nweight = 0", ["grid.toml", "every weight is 0"]),
        ("[criteria.risk]\nweight = 1\nscale = 5", ["'risk' is computed", "no scale"]),
        ("[criteria.safety]\nscale = 1", ["'safety'", "scale 1"]),
        ("[criteria.delay]\nweight = 'a lot'", ["'delay'", "weight 'a lot'"]),
        ("[criteria.delay]\nwieght = 2", ["'delay'", "unknown field 'wieght'"]),
        ("[weights]\ndelay = 2", ["unknown section 'weights'"]),
        ("[criteria", ["not a valid TOML file"]),
        ("", ["no criterion"]),
    ],
)
def test_bad_grid_files_name_the_file_the_criterion_and_the_value(text: str, words: list[str]) -> None:
    with pytest.raises(InvalidInput) as caught:
        grid_from_toml(text, "grid.toml")
    (problem,) = caught.value.problems()
    assert problem.code == "criteria-invalid"
    rendered = problem.render()
    for word in words:
        assert word in rendered


def test_a_missing_grid_file(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="cannot read the grid file"):
        load_grid(tmp_path / "absent.toml")
