"""`plantrack import` of a file declaring `language = "fr"` speaks French from the start, its errors
included, unless the run chose its language (`--lang`, `PLANTRACK_LANG`): they outrank the project key."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from english_afterwards import english_afterwards  # noqa: F401  (autouse)

from conftest import Result
from plantrack.formats.detect import declared_language

PLAN = """\
# a plan written for a French committee
[project]
name = "Rétrofit du poste de vissage, ligne 3"  # [not a table]
start = 2027-01-04
{language}

[[tasks]]
id = "pose"
duration = "{duration}"
"""


def _file(folder: Path, *, language: str = 'language = "fr"', duration: str = "2j") -> Path:
    path = folder / "ligne3.toml"
    path.write_text(PLAN.format(language=language, duration=duration), encoding="utf-8")
    return path


@pytest.fixture
def run(cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """The CLI in an English locale with no language variable: only the file can choose French."""
    monkeypatch.delenv("PLANTRACK_LANG", raising=False)
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    return cli


def test_the_file_language_is_read_before_the_file_is_loaded(tmp_path: Path) -> None:
    assert declared_language(_file(tmp_path)) == "fr"
    assert declared_language(_file(tmp_path, language='language = "en"')) == "en"
    assert declared_language(_file(tmp_path, language="")) is None
    broken = tmp_path / "broken.toml"
    broken.write_text('[project]\nlanguage = "fr\n', encoding="utf-8")
    assert declared_language(broken) is None  # unreadable here: the real read says why
    assert declared_language(tmp_path / "absent.toml") is None


def test_a_french_file_imports_in_french(run: Callable[..., Result], tmp_path: Path) -> None:
    result = run("import", str(_file(tmp_path)))
    assert result.code == 0, result.err
    assert result.out.startswith("ligne3.plantrack.json créé à partir de ligne3.toml")
    assert "1 tâche" in result.out


def test_its_errors_are_french_too(run: Callable[..., Result], tmp_path: Path) -> None:
    result = run("import", str(_file(tmp_path, duration="trois")))
    assert result.code == 1
    assert "erreur [duration-unit] tâche pose" in result.err
    assert not (tmp_path / "ligne3.plantrack.json").exists()


def test_lang_and_the_variable_outrank_the_file(
    run: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _file(tmp_path)
    explicit = run("--lang", "en", "import", str(path))
    assert explicit.code == 0 and explicit.out.startswith("created ligne3.plantrack.json from ligne3.toml")
    monkeypatch.setenv("PLANTRACK_LANG", "en")
    variable = run("import", str(path))
    assert variable.code == 0 and variable.out.startswith("updated ligne3.plantrack.json from ligne3.toml")


def test_the_file_outranks_the_workspace_it_replaces(run: Callable[..., Result], tmp_path: Path) -> None:
    assert run("import", str(_file(tmp_path))).code == 0
    english = run("import", str(_file(tmp_path, language='language = "en"')))
    assert english.code == 0 and english.out.startswith("updated ligne3.plantrack.json")
    french = run("import", str(_file(tmp_path)))
    assert french.out.startswith("ligne3.plantrack.json mis à jour à partir de ligne3.toml")


def test_without_the_key_the_locale_decides(run: Callable[..., Result], tmp_path: Path) -> None:
    result = run("import", str(_file(tmp_path, language="", duration="2d")))
    assert result.code == 0 and result.out.startswith("created ligne3.plantrack.json")
