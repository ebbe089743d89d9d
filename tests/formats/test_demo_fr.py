"""The demo in French: the same plan as the English demo, every human text written in French."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import Result
from plantrack.formats.demo import load_demo
from plantrack.operations.demo import apply_demo_progress
from plantrack.scheduling.cpm import cpm
from plantrack.scheduling.model import Project
from plantrack.store import WorkspaceState, create_workspace

Cli = Callable[..., Result]

#: The fields of the model that hold words a person wrote (everything else is structure).
TEXT_FIELDS = frozenset({"name", "notes", "owner", "reason"})

#: Texts that are the same in both languages: proper names, codes and words French shares.
SAME_IN_BOTH = frozenset({"A. Laurent (HSE)", "J. Moreau (maintenance)", "corrective"})

#: English words that have no place in a French text.
ENGLISH_WORDS = frozenset(
    {
        "the", "and", "of", "to", "for", "with", "at", "on", "in", "from", "by", "after", "before",
        "station", "review", "line", "stop", "shift", "crew", "plant", "supplier", "order",
        "training", "operator", "operators", "quality", "engineer", "methods", "safety", "work",
        "instructions", "ready", "project", "closed", "reached", "selected", "approved", "passed",
        "released", "weekend", "summer", "shutdown", "purchasing", "production manager", "book",
        "interview", "get", "shortlist", "open point", "improvement", "preventive", "night",
    }
)  # fmt: skip


def _texts(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Every (place, text) of the model's text fields, walking dataclasses and tuples."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            inner = getattr(value, f.name)
            place = f"{path}.{f.name}"
            if f.name in TEXT_FIELDS and isinstance(inner, str):
                if inner:
                    yield place, inner
            else:
                yield from _texts(inner, place)
    elif isinstance(value, tuple):
        for i, item in enumerate(value):
            yield from _texts(item, f"{path}[{getattr(item, 'id', i)}]")


def _without_texts(value: Any) -> Any:
    """The model with its text fields blanked: what is left is the plan's structure."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: "·" if f.name in TEXT_FIELDS and isinstance(getattr(value, f.name), str)
            else _without_texts(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.init
        }  # fmt: skip
        return dataclasses.replace(value, **changes)
    if isinstance(value, tuple):
        return tuple(_without_texts(item) for item in value)
    return value


@pytest.fixture(scope="module")
def demos() -> tuple[Project, Project]:
    english, en_problems = load_demo("en")
    french, fr_problems = load_demo("fr")
    assert en_problems == [] and fr_problems == []
    return english, french


def test_english_stays_the_default() -> None:
    assert load_demo()[0] == load_demo("en")[0]
    assert load_demo()[0].name == "Screwing station retrofit, line 3"


def test_french_demo_is_the_same_plan(demos: tuple[Project, Project]) -> None:
    english, french = demos
    assert french.name == "Rétrofit du poste de vissage, ligne 3"
    assert [t.id for t in french.tasks] == [t.id for t in english.tasks]
    for attribute in ("calendars", "resources", "tasks", "links", "assignments", "windows"):
        assert _without_texts(getattr(french, attribute)) == _without_texts(getattr(english, attribute)), (
            attribute
        )
    # the French plan says its language, so its reports come out in French whoever runs them
    assert (french.language, english.language) == ("fr", None)
    assert _without_texts(dataclasses.replace(french, language=None)) == _without_texts(english)
    # and the comparison can fail: one changed duration is seen
    changed = dataclasses.replace(
        french, tasks=tuple(dataclasses.replace(t, priority=1) if t.id == "cmk" else t for t in french.tasks)
    )
    assert _without_texts(changed) != _without_texts(english)


def test_french_demo_schedules_to_the_same_dates(demos: tuple[Project, Project]) -> None:
    english, french = demos
    en, fr = cpm(english), cpm(french)
    assert fr.finish_at == en.finish_at
    assert fr.critical_paths == en.critical_paths
    # every early and late date, float and driving predecessor; only the names differ
    assert [t._replace(name="") for t in fr.tasks] == [t._replace(name="") for t in en.tasks]
    assert [t.name for t in fr.tasks] != [t.name for t in en.tasks]
    assert len(en.tasks) == len(english.tasks)


def test_every_french_text_is_written_in_french(demos: tuple[Project, Project]) -> None:
    english, french = demos
    en_texts = dict(_texts(english))
    fr_texts = dict(_texts(french))
    assert fr_texts.keys() == en_texts.keys()
    for place, text in fr_texts.items():
        assert text != en_texts[place] or text in SAME_IN_BOTH, place
        words = set(re.findall(r"[a-z]+(?: manager| point)?", text.lower()))
        assert not words & ENGLISH_WORDS, (place, text, words & ENGLISH_WORDS)


def test_french_tracking_texts_are_french() -> None:
    import tomllib
    from importlib import resources

    def load(name: str) -> dict[str, Any]:
        return tomllib.loads(resources.files("plantrack.demo").joinpath(name).read_text(encoding="utf-8"))

    en, fr = load("line3_progress.toml"), load("line3_progress.fr.toml")

    def texts(data: dict[str, Any]) -> list[str]:
        out = [data["baseline"]["note"]]
        out += [e.get("note", "") for s in data["status"] for e in s["progress"]]
        out += [a[k] for a in data["actions"] for k in ("title", "owner", "nature")]
        return [t for t in out if t]

    assert len(texts(en)) == len(texts(fr))
    for english, french in zip(texts(en), texts(fr), strict=True):
        assert french != english or french in SAME_IN_BOTH, french
        words = set(re.findall(r"[a-z]+(?: manager| point)?", french.lower()))
        assert not words & ENGLISH_WORDS, (french, words & ENGLISH_WORDS)
    assert en["baseline"]["name"] == fr["baseline"]["name"]  # the baseline's name is its identifier


@pytest.fixture
def workspaces(tmp_path: Path) -> dict[str, Path]:
    paths = {}
    for lang in ("en", "fr"):
        project, _ = load_demo(lang)
        state = WorkspaceState(project=project)
        apply_demo_progress(state, lang)
        paths[lang] = tmp_path / f"{lang}.plantrack.json"
        create_workspace(paths[lang], state)
    return paths


def _json(cli: Cli, *args: str) -> Any:
    result = cli(*args, "--json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def _scrub(value: Any) -> Any:
    """JSON without the human texts (names, notes, titles, owners)."""
    if isinstance(value, dict):
        drop = {"name", "note", "notes", "title", "owner", "nature", "project_name", "baseline_note"}
        return {k: _scrub(v) for k, v in value.items() if k not in drop}
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    return value


def test_french_tracking_gives_the_same_figures(cli: Cli, workspaces: dict[str, Path]) -> None:
    en = _json(cli, "variance", "-w", str(workspaces["en"]))
    fr = _json(cli, "variance", "-w", str(workspaces["fr"]))
    assert _scrub(fr) == _scrub(en)
    # earned value on 29 January, recomputed from the French baseline's costs: kickoff, current-state
    # and layout done, the specification 80 % done
    baseline = _json(cli, "baseline", "show", "initial", "-w", str(workspaces["fr"]))
    cost = {t["id"]: t["cost"] for t in baseline["tasks"]}
    ev = cost["kickoff"] + cost["current-state"] + cost["layout"] + 0.8 * cost["cdcf"]
    assert fr["project"]["ev"] == pytest.approx(ev, abs=0.01)
    assert fr["project"]["ev"] > 0
    en_actions = _json(cli, "action", "list", "-w", str(workspaces["en"]))
    fr_actions = _json(cli, "action", "list", "-w", str(workspaces["fr"]))
    assert _scrub(fr_actions) == _scrub(en_actions)
    assert [a["title"] for a in fr_actions] != [a["title"] for a in en_actions]


@pytest.fixture
def french(french: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """The suite's French fixture, and French for the commands the test runs too."""
    monkeypatch.setenv("PLANTRACK_LANG", "fr")


def test_demo_command_in_french(cli: Cli, french: None, tmp_path: Path) -> None:
    result = cli("demo", "--no-tui")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert "Rétrofit du poste de vissage, ligne 3" in lines
    assert (
        "36 tâches, 6 phases, 10 jalons, 51 liens, 9 ressources, 2 calendriers, 2 fenêtres d’arrêt" in lines
    )
    assert any(line.startswith("début lun. 4 janvier 2027, fin calculée ") for line in lines)
    assert any(line.replace("\u00a0", " ").startswith("chemin critique : ") for line in lines)
    assert "critical path" not in result.out and "tasks" not in result.out
    workspace = json.loads((tmp_path / "line3-retrofit.plantrack.json").read_text(encoding="utf-8"))
    assert "Rétrofit du poste de vissage, ligne 3" in json.dumps(workspace, ensure_ascii=False)


def test_demo_command_in_english_is_unchanged(cli: Cli) -> None:
    result = cli("demo", "--no-tui")
    assert result.code == 0, result.err
    assert "Screwing station retrofit, line 3" in result.out
    assert "36 tasks, 6 phases, 10 milestones, 51 links, 9 resources, 2 calendars, 2 windows" in result.out
    assert "start Mon 2027-01-04, computed finish Wed 2027-08-25 15:40" in result.out
