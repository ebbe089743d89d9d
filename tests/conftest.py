"""Shared fixtures: run the real CLI (in a subprocess or in-process) and check that files stay untouched."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
SHARED = Path(os.environ.get("PLANTRACK_SHARED", ROOT.parent / "shared"))
TODAY = "2027-03-15"


def pytest_sessionstart(session: pytest.Session) -> None:
    """The suite reads the shared data (PSPLIB, real project files, hostile names) in place: say where
    it was looked for, once, rather than fail dozens of tests with a missing file each."""
    if not (SHARED / "data").is_dir():
        pytest.exit(
            f"the shared test data is not at {SHARED / 'data'}: clone next to the `shared` folder or "
            "set PLANTRACK_SHARED to the folder that holds `data/`",
            returncode=4,
        )


def cli_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(SRC) + os.pathsep + env.get("PYTHONPATH", "")
    env["PLANTRACK_TODAY"] = TODAY
    env.pop("PLANTRACK_WORKSPACE", None)
    env["NO_COLOR"] = "1"
    env["COLUMNS"] = "160"
    if extra:
        env.update(extra)
    return env


@dataclass
class Result:
    code: int
    out: str
    err: str


def run_plantrack(*args: str, cwd: Path, env: dict[str, str] | None = None, timeout: float = 120) -> Result:
    """Run `python -m plantrack ARGS` as a user would, in a subprocess."""
    proc = subprocess.run(
        [sys.executable, "-m", "plantrack", *args],
        cwd=cwd,
        env=cli_env(env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def plantrack(tmp_path: Path) -> Callable[..., Result]:
    """`plantrack("task", "list", "--json")` runs the CLI in a subprocess inside tmp_path."""

    def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> Result:
        return run_plantrack(*args, cwd=cwd or tmp_path, env=env)

    return run


@pytest.fixture
def cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Callable[..., Result]:
    """In-process CLI (fast): same parser, same error mapping, cwd = tmp_path."""
    from plantrack.cli import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PLANTRACK_TODAY", TODAY)
    monkeypatch.delenv("PLANTRACK_WORKSPACE", raising=False)

    def run(*args: str) -> Result:
        code = main(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def fingerprint(path: Path) -> tuple[str, int, int, tuple[str, ...]]:
    """sha256, mtime_ns, inode and the folder listing: "nothing written" means all four unchanged."""
    stat = path.stat()
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return digest, stat.st_mtime_ns, stat.st_ino, tuple(sorted(p.name for p in path.parent.iterdir()))


@pytest.fixture
def shared_data() -> Path:
    path = SHARED / "data"
    if not path.exists():
        pytest.skip("shared data folder not present beside the checkout")
    return path
