"""Static checks as tests, so the one test command also proves lint, types and the layer contracts."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _tool(name: str) -> list[str]:
    """The tool beside this interpreter (the project's venv), else from PATH."""
    local = Path(sys.executable).with_name(name)
    if local.exists():
        return [str(local)]
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: install the [test] extra")
    return [found]


def _run(cmd: list[str]) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src")
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


def test_ruff_lint_clean() -> None:
    proc = _run([*_tool("ruff"), "check", "src", "tests", "bench"])
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_ruff_format_clean() -> None:
    proc = _run([*_tool("ruff"), "format", "--check", "src", "tests", "bench"])
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.slow
def test_mypy_strict_clean() -> None:
    proc = _run([*_tool("mypy"), "src/plantrack"])
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_import_linter_contracts_hold() -> None:
    proc = _run([*_tool("lint-imports")])
    assert proc.returncode == 0, proc.stdout + proc.stderr
