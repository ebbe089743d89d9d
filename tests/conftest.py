"""Shared fixtures: run the real CLI (in a subprocess or in-process) and check that files stay untouched."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from plantrack.store import WorkspaceState

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
SHARED = Path(os.environ.get("PLANTRACK_SHARED") or ROOT.parent / "shared")
SHARED_DATA = SHARED / "data"
TODAY = "2027-03-15"

# The suite checks English output unless a test chooses French: a developer's French locale or
# PLANTRACK_LANG must not switch the language of every run (the language tests set their own).
for _variable in ("PLANTRACK_LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE"):
    os.environ.pop(_variable, None)
os.environ["LANG"] = "C.UTF-8"
#: Under this variable (set by `.ci/run`) a missing shared corpus fails the tests that need it.
REQUIRE_SHARED = os.environ.get("PLANTRACK_REQUIRE_SHARED", "") not in ("", "0")
#: The one reason every corpus test gives when the shared data is missing.
SHARED_MISSING = (
    f"the shared test data is not at {SHARED_DATA} (read in place from ../shared/data beside the "
    "repository, or from $PLANTRACK_SHARED/data)"
)


def shared_available() -> bool:
    return SHARED_DATA.is_dir()


def require_shared() -> Path:
    """The shared data folder (PSPLIB, real files of other tools, hostile names), read in place.

    Missing, it skips the calling test with `SHARED_MISSING`, or fails it under
    PLANTRACK_REQUIRE_SHARED=1 so that CI never loses the corpus tests silently."""
    if not shared_available():
        if REQUIRE_SHARED:
            pytest.fail(f"PLANTRACK_REQUIRE_SHARED is set, but {SHARED_MISSING}", pytrace=False)
        pytest.skip(SHARED_MISSING)
    return SHARED_DATA


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "shared: reads the shared corpora in place (skipped when missing)")


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Tests marked `shared` (whole corpus modules) need the data before any of their fixtures run."""
    if item.get_closest_marker("shared") is not None:
        require_shared()


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
) -> Iterator[Callable[..., Result]]:
    """In-process CLI (fast): same parser, same error mapping, cwd = tmp_path."""
    from plantrack.cli import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PLANTRACK_TODAY", TODAY)
    monkeypatch.delenv("PLANTRACK_WORKSPACE", raising=False)

    def run(*args: str) -> Result:
        code = main(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    yield run
    # a run in French (--lang fr, a French project) leaves the process speaking it: later tests in
    # this process must start in English, as their own process would
    from plantrack.i18n import DEFAULT_LANGUAGE, set_language

    set_language(DEFAULT_LANGUAGE)


def fingerprint(path: Path) -> tuple[str, int, int, tuple[str, ...]]:
    """sha256, mtime_ns, inode and the folder listing: "nothing written" means all four unchanged."""
    stat = path.stat()
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return digest, stat.st_mtime_ns, stat.st_ino, tuple(sorted(p.name for p in path.parent.iterdir()))


@pytest.fixture
def shared_data() -> Path:
    """The shared `data/` folder; a test asking for it is skipped (or failed, see `require_shared`)."""
    return require_shared()


@pytest.fixture(params=["own", "corpus"])
def hostile(request: pytest.FixtureRequest) -> dict[str, list[str]]:
    """Hostile names by group: our own small set (always), then the shared corpus (needs the data)."""
    from hostile import OWN, read_corpus

    if request.param == "own":
        return OWN
    return read_corpus(require_shared())


@pytest.fixture
def french() -> Iterator[None]:
    """French for the length of one test, English again afterwards as the rest of the suite expects."""
    from plantrack.i18n import set_language

    set_language("fr")
    try:
        yield
    finally:
        set_language("en")


def stored_demo_state(folder: Path) -> WorkspaceState:
    """The English demo with its progress, written to a workspace in `folder` and read back."""
    from plantrack.formats.demo import load_demo
    from plantrack.operations.demo import apply_demo_progress
    from plantrack.store import WorkspaceState, create_workspace, open_workspace

    project, _ = load_demo()
    state = WorkspaceState(project=project)
    apply_demo_progress(state)
    path = folder / "demo.plantrack.json"
    create_workspace(path, state)
    return open_workspace(path, program="test").read()
