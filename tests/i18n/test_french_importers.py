"""Every importer, given a broken file with `--lang fr`, says what is wrong in French; codes stay as they are.

The broken files are the small fixtures of tests/formats, damaged in one place each. The error line is
`file:line: erreur [code] message`: the message is checked against a stop list of English words.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from english_afterwards import english_afterwards  # noqa: F401  (autouse)

from conftest import Result

FORMATS = Path(__file__).resolve().parent.parent / "formats"
#: Words that only an English sentence has (padded with spaces: `line` may end an id, never a word here).
ENGLISH = (
    " the ",
    " is ",
    " not ",
    " must ",
    " expected ",
    " invalid ",
    " line ",
    " found ",
    " of ",
    " and ",
)
_ERROR = re.compile(r"^(?P<where>\S+): erreur \[(?P<code>[a-z0-9-]+)\] (?P<message>.+)$")


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _cut(path: Path, fraction: float = 0.5) -> bytes:
    raw = path.read_bytes()
    return raw[: int(len(raw) * fraction)]


#: name of the broken file, its content, the problem code expected (unchanged by the language).
BROKEN: dict[str, tuple[str, Callable[[], str | bytes], str]] = {
    "toml syntax": ("plan.toml", lambda: '[project]\nname = "Presse"\nstart = \n', "toml-syntax"),
    "toml table": (
        "plan.toml",
        lambda: (
            '[project]\nname = "Presse"\nstart = 2027-01-04\n[[tasks]]\nid = "a"\nduration = "3d"\n'
            'links = [{ from = "a", type = "XX" }]\n'
        ),
        "link-type-invalid",
    ),
    "toml date": (
        "plan.toml",
        lambda: '[project]\nname = "Presse"\nstart = "05/13/2027"\n',
        "date-invalid",
    ),
    "toml calendar": (
        "plan.toml",
        lambda: '[project]\nname = "Presse"\nstart = 2027-01-04\n[calendars.plant]\nweekdays = ["lundi"]\n',
        "weekday-invalid",
    ),
    "mspdi cut": ("press_cell.xml", lambda: _cut(FORMATS / "fuzz" / "press_cell.xml"), "xml-malformed"),
    "mspdi root": ("press_cell.xml", lambda: "<Projet><Tasks/></Projet>", "mspdi-root"),
    "mspdi doctype": (
        "press_cell.xml",
        lambda: '<?xml version="1.0"?>\n<!DOCTYPE Project [<!ENTITY a "b">]>\n<Project/>',
        "xml-doctype",
    ),
    "gan cut": ("press_cell.gan", lambda: _cut(FORMATS / "files" / "press_cell.gan"), "xml-malformed"),
    "planner cut": (
        "weld_jig.planner",
        lambda: _cut(FORMATS / "files" / "weld_jig.planner"),
        "xml-malformed",
    ),
    "psplib row": (
        "press_line.sm",
        lambda: _text(FORMATS / "files" / "press_line.sm").replace(
            "   2        1          1           6", "   2        1          2           6"
        ),
        "psplib-row",
    ),
    "psplib modes": (
        "press_line.sm",
        lambda: _text(FORMATS / "files" / "press_line.sm").replace(
            "   3        1          1           5", "   3        2          1           5"
        ),
        "psplib-unsupported",
    ),
    "rcp cut": ("press_line.rcp", lambda: "5 2\n4 3\n0 0 0 2 2 3\n", "rcp-truncated"),
    "rcp range": ("press_line.rcp", lambda: "5 2\n4 3\n0 0 0 9 2 3\n", "rcp-number"),
    "csv header": ("line3_tasks.csv", lambda: "quoi;combien\nx;1\n", "csv-header"),
    "csv duration": (
        "line3_tasks.csv",
        lambda: "id;name;duration\na;Pose;trois jours\n",
        "duration-unit",
    ),
    "csv phase": ("line3_tasks.csv", lambda: "id;name;phase;duration\na;Pose;zz;2j\n", "parent-unknown"),
    "xlsx cut": ("line3_tasks.xlsx", lambda: _cut(FORMATS / "fuzz" / "line3_tasks.xlsx"), "xlsx-invalid"),
    "tjp syntax": (
        "press.tjp",
        lambda: 'project p "P" 2027-01-04 - 2027-03-01 {\n}\ntask a "A" {\n  duration 2q\n}\n',
        "tjp-syntax",
    ),
    "tjp reference": (
        "press.tjp",
        lambda: 'project p "P" 2027-01-04 - 2027-03-01 {\n}\ntask a "A" {\n  depends b\n}\n',
        "tjp-reference",
    ),
    "tjp include": (
        "press.tjp",
        lambda: 'project p "P" 2027-01-04 - 2027-03-01 {\n}\ninclude "absent.tji"\n',
        "tjp-include",
    ),
    "tj report date": (
        "tj_report.csv",
        lambda: _text(FORMATS / "files" / "tj_report.csv").replace(
            "2027-01-05-18:00:00", "2027-01-35-18:00:00"
        ),
        "date-invalid",
    ),
}


@pytest.fixture
def french_cli(cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    monkeypatch.delenv("PLANTRACK_LANG", raising=False)
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    return cli


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_file_is_refused_in_french(
    case: str, french_cli: Callable[..., Result], tmp_path: Path
) -> None:
    name, content, code = BROKEN[case]
    data = content()
    path = tmp_path / name
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    if name.endswith(".xlsx"):
        pytest.importorskip("openpyxl")
    result = french_cli("--lang", "fr", "import", str(path))
    assert result.code == 1, result.err
    assert not list(tmp_path.glob("*.plantrack.json")), "nothing is written"
    lines = [m for m in map(_ERROR.match, result.err.splitlines()) if m]
    assert lines, result.err
    assert code in [m["code"] for m in lines], result.err
    for found in lines:
        message = f" {found['message'].lower()} "
        english = [word for word in ENGLISH if word in message]
        assert not english, f"{case}: English {english} in {found['message']!r}"


def test_the_same_file_in_english_keeps_its_english_words(cli: Callable[..., Result], tmp_path: Path) -> None:
    """The stop list can fail: the English run of a damaged PSPLIB file trips it."""
    path = tmp_path / "press_line.sm"
    path.write_text(str(BROKEN["psplib modes"][1]()), encoding="utf-8")
    result = cli("--lang", "en", "import", str(path))
    assert result.code == 1
    assert "[psplib-unsupported]" in result.err
    assert any(word in f" {result.err.lower()} " for word in ENGLISH)
