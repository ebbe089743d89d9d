"""Exported files get the user's umask mode (a report on a shared drive is readable), written atomically."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import Result
from plantrack.export.files import current_umask, write_atomically

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="Unix file modes")


@contextmanager
def umask(mask: int) -> Iterator[None]:
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize(("mask", "expected"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_new_export_gets_the_umask_mode(tmp_path: Path, mask: int, expected: int) -> None:
    target = tmp_path / "report.html"
    with umask(mask):
        assert current_umask() == mask
        write_atomically(target, "<p>ok</p>")
    assert mode(target) == expected
    assert target.read_text(encoding="utf-8") == "<p>ok</p>"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]  # no temp file left


def test_overwriting_a_private_export_makes_it_readable(tmp_path: Path) -> None:
    # an export written 0600 by an older version becomes shareable on its next export
    target = tmp_path / "plan.toml"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o600)
    with umask(0o022):
        write_atomically(target, "new")
    assert mode(target) == 0o644 and target.read_text(encoding="utf-8") == "new"


def test_cli_export_is_shareable_but_the_workspace_keeps_its_mode(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    with umask(0o022):
        assert cli("new", "Line 3", "--start", "2027-03-01").code == 0
        (workspace,) = tmp_path.glob("*.plantrack.json")
        workspace.chmod(0o600)  # a private workspace stays private
        assert cli("task", "add", "Install", "--duration", "2d").code == 0
        r = cli("export", "toml", "-o", "plan.toml")
    assert r.code == 0, r.err
    assert mode(tmp_path / "plan.toml") == 0o644
    assert mode(workspace) == 0o600
