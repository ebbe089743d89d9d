"""`plantrack scenario compare`, `scenario score` and `scenario show` on the demo's two shipped scenarios."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Result, fingerprint

Cli = Callable[..., Result]
WS = "line3-retrofit.plantrack.json"
LATE = "supplier three weeks late"
STOPS = "install in two weekend stops"


@pytest.fixture
def demo(cli: Cli, tmp_path: Path) -> Path:
    assert cli("demo").code == 0
    return tmp_path / WS


def _json(result: Result) -> dict[str, object]:
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert isinstance(data, dict)
    return data


def test_the_demo_ships_two_scenarios_and_compare_prints_the_table_and_the_matrix(
    cli: Cli, demo: Path
) -> None:
    listed = json.loads(cli("scenario", "list", "--json").out)
    assert [s["name"] for s in listed] == [LATE, STOPS]
    result = cli("scenario", "compare", "--runs", "200")
    assert result.code == 0, result.err
    assert "figure" in result.out and LATE in result.out and STOPS in result.out
    assert "Decision matrix" in result.out
    assert f"Recommended: {STOPS}" in result.out


def test_compare_json_agrees_with_the_cpm_of_each_scenario(cli: Cli, demo: Path) -> None:
    data = _json(cli("scenario", "compare", "--runs", "200", "--json"))
    comparison, matrix = data["comparison"], data["matrix"]
    assert isinstance(comparison, dict) and isinstance(matrix, dict)
    names = [s["name"] for s in comparison["scenarios"]]
    assert names == [LATE, STOPS]
    # independent check: each scenario's finish is what `schedule --scenario` computes for it
    checked = 0
    for scenario in comparison["scenarios"]:
        if any(w["missed"] for w in scenario["windows"]):
            # a plan missing a window cannot be scheduled as it is (the comparison releases the task)
            refused = cli("schedule", "--json", "--scenario", scenario["name"])
            assert refused.code == 5 and "window-missed" in refused.out
            continue
        schedule = _json(cli("schedule", "--json", "--scenario", scenario["name"]))
        assert scenario["finish"][:16] == schedule["project"]["finish"][:16]  # type: ignore[index]
        checked += 1
    assert checked == 1
    assert matrix["recommended"] == STOPS


def test_only_the_named_scenarios_are_compared_and_an_unknown_one_is_named(cli: Cli, demo: Path) -> None:
    data = _json(cli("scenario", "compare", STOPS, "--runs", "100", "--json"))
    assert [s["name"] for s in data["comparison"]["scenarios"]] == [STOPS]  # type: ignore[index]
    before = fingerprint(demo)
    bad = cli("scenario", "compare", "nope", "--runs", "100")
    assert bad.code != 0 and "nope" in bad.err and LATE in bad.err
    assert fingerprint(demo) == before


def test_hand_scores_are_stored_and_weighed(cli: Cli, demo: Path) -> None:
    assert cli("scenario", "score", LATE, "safety=2").code == 0
    result = cli("scenario", "score", STOPS, "safety=4,5", "--json")
    assert _json(result) == {"scenario": STOPS, "scores": {"safety": 4.5}}
    shown = _json(cli("scenario", "show", LATE, "--json"))
    assert shown["scores"] == {"safety": 2.0}
    data = _json(cli("scenario", "compare", "--runs", "100", "--json"))
    criteria = [c["id"] for c in data["matrix"]["criteria"]]  # type: ignore[index]
    assert "safety" in criteria
    text = cli("scenario", "compare", "--runs", "100").out
    assert "safety (1)" in text
    # removing the score takes the criterion out again
    assert cli("scenario", "score", LATE, "safety=").code == 0
    assert cli("scenario", "score", STOPS, "safety=").code == 0
    data = _json(cli("scenario", "compare", "--runs", "100", "--json"))
    assert "safety" not in [c["id"] for c in data["matrix"]["criteria"]]  # type: ignore[index]


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("delay=3", "computed from the plan's figures"),
        ("safety=0", "from 1 to 100"),
        ("safety=many", "from 1 to 100"),
        ("safety", "criterion=score"),
        ("sa fety=3", "criterion=score"),
    ],
)
def test_bad_scores_are_refused_and_nothing_is_written(cli: Cli, demo: Path, typed: str, words: str) -> None:
    before = fingerprint(demo)
    result = cli("scenario", "score", LATE, typed)
    assert result.code != 0 and words in result.err
    assert fingerprint(demo) == before


def test_show_lists_what_the_scenario_changes(cli: Cli, demo: Path) -> None:
    result = cli("scenario", "show", LATE)
    assert result.code == 0, result.err
    assert "1 difference from the current plan" in result.out
    assert "lead-time" in result.out
    data = _json(cli("scenario", "show", STOPS, "--json"))
    assert data["diff"]


def test_compare_in_french(cli: Cli, demo: Path, french: None) -> None:
    result = cli("--lang", "fr", "scenario", "compare", "--runs", "100")
    assert result.code == 0, result.err
    assert "Matrice de décision" in result.out or "matrice de décision" in result.out.lower()


def test_a_scenarios_report_gets_its_own_default_file(cli: Cli, demo: Path) -> None:
    assert cli("export", "html", "--scenario", STOPS).code == 0
    assert (demo.parent / "line3-retrofit-install-in-two-weekend-stops-report.html").exists()
    assert not (demo.parent / "line3-retrofit-report.html").exists()  # the current plan's is not touched


def test_a_scenario_name_reaches_the_file_system_as_letters_and_digits_only() -> None:
    from plantrack.export.workspace_files import stem

    ws = Path("line3.plantrack.json")
    assert stem(ws) == "line3"
    assert stem(ws, "../../etc/passwd") == "line3-etc-passwd"
    assert stem(ws, "délai +3 sem.") == "line3-délai-3-sem"
    assert stem(ws, "<>/\\") == "line3-scenario"
