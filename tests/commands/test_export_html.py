"""`plantrack export html` end to end on the demo plan: the page, its header figures, and refusals."""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import ROOT, Result, fingerprint, stored_demo_state

Cli = Callable[..., Result]
DEMO_TOML = ROOT / "src" / "plantrack" / "demo" / "line3_retrofit.toml"


@pytest.fixture
def imported(cli: Cli, tmp_path: Path) -> Path:
    assert cli("import", str(DEMO_TOML)).code == 0
    (workspace,) = tmp_path.glob("*.plantrack.json")
    return workspace


@pytest.fixture
def tracked(tmp_path: Path) -> Path:
    """The demo plan with its baseline, two status dates of progress and its action register."""
    stored_demo_state(tmp_path)
    (workspace,) = tmp_path.glob("*.plantrack.json")
    return workspace


def test_export_of_the_imported_demo_writes_one_offline_page(
    cli: Cli, imported: Path, tmp_path: Path
) -> None:
    result = cli("export", "html", "-o", "copil.html", "--json")
    assert result.code == 0, result.err
    out = json.loads(result.out)
    page = tmp_path / "copil.html"
    assert out["path"] == str(page) and out["bytes"] == page.stat().st_size
    tasks = tomllib.loads(DEMO_TOML.read_text(encoding="utf-8"))["tasks"]
    assert out["tasks"] == len(tasks)  # one Gantt row per task, phase and milestone of the file
    text = page.read_text(encoding="utf-8")
    assert text.count("<script") == 2 and "<script src" not in text  # plotly.js is inlined
    markup = re.sub(r"<script>.*?</script>", "", text, flags=re.S)  # the page's own HTML, not plotly.js
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", markup)  # nothing fetched when opened
    assert "default-src 'none'" in text
    for div in ("gantt-plot", "network-plot", "load-plot"):
        assert f'id="{div}"' in text
    assert not list(tmp_path.glob(".*.tmp"))  # written through a temp file, nothing left behind


def test_default_output_is_named_after_the_workspace(cli: Cli, imported: Path, tmp_path: Path) -> None:
    result = cli("export", "html", "--title", "COPIL <12>")
    assert result.code == 0, result.err
    page = tmp_path / (imported.name.split(".")[0] + "-report.html")
    assert str(page) in result.out and "52 rows" in result.out
    assert "<title>COPIL &lt;12&gt;</title>" in page.read_text(encoding="utf-8")


def test_tiles_agree_with_the_variance_report(cli: Cli, tracked: Path, tmp_path: Path) -> None:
    assert cli("export", "html", "-o", "copil.html", "--baseline", "initial").code == 0
    text = (tmp_path / "copil.html").read_text(encoding="utf-8")
    variance = json.loads(cli("variance", "--json").out)["project"]
    tiles = dict(re.findall(r'<div class="label">([^<]+)</div><div class="value">([^<]*)', text))
    assert tiles["SPI"] == f"{variance['spi']:.2f}"
    assert tiles["CPI"] == f"{variance['cpi']:.2f}"
    assert "<dt>Baseline</dt><dd>initial</dd>" in text
    assert "<dt>Status date</dt><dd>2027-01-29</dd>" in text
    for div in ("s-curve-plot", "trend-plot", "pareto-plot"):
        assert f'id="{div}"' in text  # every dashboard chart once progress is recorded


def test_unknown_baseline_is_refused_and_nothing_is_written(cli: Cli, tracked: Path, tmp_path: Path) -> None:
    before = fingerprint(tracked)
    result = cli("export", "html", "-o", "copil.html", "--baseline", "nope")
    assert result.code == 1
    assert "no baseline named 'nope'" in result.err and "Traceback" not in result.err
    assert not (tmp_path / "copil.html").exists()
    assert fingerprint(tracked) == before


def test_missing_output_folder_is_named(cli: Cli, imported: Path, tmp_path: Path) -> None:
    result = cli("export", "html", "-o", "nowhere/copil.html")
    assert result.code == 1 and "nowhere" in result.err and "Traceback" not in result.err
    assert not (tmp_path / "nowhere").exists()


def test_empty_project_is_refused(cli: Cli, tmp_path: Path) -> None:
    assert cli("new", "Empty line").code == 0
    before = sorted(p.name for p in tmp_path.iterdir())
    result = cli("export", "html", "-o", "copil.html")
    assert result.code == 1 and "'Empty line' has no task" in result.err
    assert sorted(p.name for p in tmp_path.iterdir()) == before
