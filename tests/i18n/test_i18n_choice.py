"""The language of a run: `--lang`, else PLANTRACK_LANG, else the project's, else the locale, else English."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from english_afterwards import english_afterwards  # noqa: F401  (autouse)

from conftest import Result, cli_env
from plantrack import i18n
from plantrack.i18n.choose import Choice, UnknownLanguage, choose, lang_option, locale_language

Cli = Callable[..., Result]


@pytest.mark.parametrize(
    ("argv", "env", "project", "expected"),
    [
        (["--lang", "fr"], {"PLANTRACK_LANG": "en", "LANG": "en_US.UTF-8"}, "en", Choice("fr", "--lang")),
        (["--lang=en"], {"PLANTRACK_LANG": "fr"}, "fr", Choice("en", "--lang")),
        ([], {"PLANTRACK_LANG": "fr", "LANG": "en_US.UTF-8"}, "en", Choice("fr", "PLANTRACK_LANG")),
        ([], {"PLANTRACK_LANG": "en"}, "fr", Choice("en", "PLANTRACK_LANG")),
        ([], {"LANG": "en_US.UTF-8"}, "fr", Choice("fr", "project")),
        ([], {"LANG": "fr_FR.UTF-8"}, "en", Choice("en", "project")),
        ([], {"LANG": "fr_FR.UTF-8"}, None, Choice("fr", "locale")),
        (
            [],
            {"LC_ALL": "en_GB.UTF-8", "LC_MESSAGES": "fr_FR", "LANG": "fr_FR"},
            None,
            Choice("en", "locale"),
        ),
        ([], {"LC_MESSAGES": "fr_CA.UTF-8", "LANG": "en_US"}, None, Choice("fr", "locale")),
        ([], {"LANG": "de_DE.UTF-8"}, None, Choice("en", "default")),
        ([], {}, None, Choice("en", "default")),
        # after `--` a word is an argument, not an option
        (["task", "add", "--", "--lang", "fr"], {}, None, Choice("en", "default")),
    ],
)
def test_each_source_beats_the_next(
    argv: list[str], env: dict[str, str], project: str | None, expected: Choice
) -> None:
    assert choose(argv, env, project) == expected


def test_the_locale_is_read_as_gettext_reads_it() -> None:
    assert locale_language({"LANG": "fr_FR.UTF-8"}) == "fr"
    assert locale_language({"LANG": "fr"}) == "fr"
    assert locale_language({"LANG": "fr_BE@euro"}) == "fr"
    assert locale_language({"LANG": "C.UTF-8"}) is None
    assert lang_option(["schedule", "--lang", "fr", "--lang=en"]) == "en"


@pytest.mark.parametrize("argv,env", [(["--lang", "de"], {}), ([], {"PLANTRACK_LANG": "klingon"})])
def test_an_unknown_explicit_language_is_refused(argv: list[str], env: dict[str, str]) -> None:
    with pytest.raises(UnknownLanguage, match="available: en, fr"):
        choose(argv, env)


@pytest.mark.parametrize(
    "args,env",
    [(["--lang", "de", "schedule"], {}), (["schedule"], {"PLANTRACK_LANG": "de"}), (["--lang", "de"], {})],
)
def test_an_unknown_language_is_a_usage_error_listing_the_available_ones(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, args: list[str], env: dict[str, str]
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = cli(*args)
    assert result.code == 2
    assert "unknown language 'de'" in result.err and "(available: en, fr)" in result.err
    assert "Traceback" not in result.err and result.out == ""


def _demo_in(cli: Cli, tmp_path: Path, language: str | None) -> Path:
    from plantrack.store import open_workspace

    assert cli("demo").code == 0
    path = tmp_path / "line3-retrofit.plantrack.json"
    with open_workspace(path).update() as state:
        state.project = dataclasses.replace(state.project, language=language)
    return path


WARNING_FR = "avertissement [resource-overallocated]"
WARNING_EN = "warning [resource-overallocated]"


@pytest.mark.parametrize(
    ("args", "env", "project", "expected"),
    [
        ([], {"LANG": "en_US.UTF-8"}, "fr", WARNING_FR),
        ([], {"LANG": "fr_FR.UTF-8"}, "en", WARNING_EN),
        ([], {"LANG": "fr_FR.UTF-8"}, None, WARNING_FR),
        ([], {"PLANTRACK_LANG": "en"}, "fr", WARNING_EN),
        (["--lang", "en"], {"PLANTRACK_LANG": "fr"}, "fr", WARNING_EN),
        (["--lang", "fr"], {"PLANTRACK_LANG": "en"}, "en", WARNING_FR),
        ([], {}, None, WARNING_EN),
    ],
)
def test_a_command_speaks_the_chosen_language(
    cli: Cli,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    env: dict[str, str],
    project: str | None,
    expected: str,
) -> None:
    _demo_in(cli, tmp_path, project)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = cli(*args, "schedule")
    assert result.code == 0, result.err
    assert expected in result.err
    other = WARNING_EN if expected == WARNING_FR else WARNING_FR
    assert other not in result.err


def _corrupt_catalogs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes | None) -> None:
    folder = tmp_path / "locale" / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    if content is not None:
        (folder / "plantrack.mo").write_bytes(content)
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path / "locale")


@pytest.mark.parametrize(
    "content",
    [
        b"this is not a catalog at all, just some bytes long enough to be read as a header",
        b"\xde\x12\x04\x95\x00\x00\x00\x00\x05\x00\x00\x00\xff\xff\xff\x7f",  # right magic, wrong tables
        None,  # the catalog is missing
    ],
)
@pytest.mark.parametrize("how", ["--lang", "project"])
def test_a_broken_catalog_falls_back_to_english_with_one_warning(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes | None, how: str
) -> None:
    _demo_in(cli, tmp_path, "fr" if how == "project" else None)
    _corrupt_catalogs(tmp_path, monkeypatch, content)
    result = cli(*(["--lang", "fr"] if how == "--lang" else []), "schedule")
    assert result.code == 0
    assert result.err.count("warning: the 'fr' catalog cannot be read") == 1
    assert WARNING_EN in result.err and "Traceback" not in result.err
    assert i18n.language() == "en"
    # the next command of the same process warns no more
    assert "catalog cannot be read" not in cli("--lang", "fr", "schedule").err


def test_the_help_is_french_from_the_shell() -> None:
    env = cli_env({"PLANTRACK_LANG": "fr"})
    proc = subprocess.run(
        [sys.executable, "-m", "plantrack", "--help"], env=env, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0 and proc.stderr == ""
    assert proc.stdout.startswith("utilisation\u00a0: plantrack")
    assert "afficher ce message d'aide et quitter" in proc.stdout


def test_an_abbreviated_option_still_chooses_the_language(cli: Cli, tmp_path: Path) -> None:
    _demo_in(cli, tmp_path, None)
    assert WARNING_FR in cli("--lan", "fr", "schedule").err
