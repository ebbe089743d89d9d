"""Binary MS Project (.mpp) import through MPXJ: MPXJ (Java) converts the file to MSPDI in a child
process, and plantrack's own MSPDI reader maps it (tasks, hierarchy, links, calendars, resources,
assignments, baselines, actuals), with the same checks and warnings as an MS Project XML file.

Needs the optional extra `plantrack[mpp]` (mpxj and JPype1, which mpxj does not declare) and a Java
runtime; without them the import stops with a message naming what to install.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

from plantrack.formats.interchange import ImportedPlan
from plantrack.formats.mpp_bridge import BRIDGE_LANGUAGE
from plantrack.i18n import N_, _, language
from plantrack.scheduling.errors import InvalidInput, Problem
from plantrack.scheduling.model import Project

#: Largest .mpp read, and how long MPXJ may take (the Java VM starts in about 2 s).
MAX_MPP_BYTES = 100 * 1024 * 1024
TIMEOUT_SECONDS = 180
_HOW = N_("pip install 'plantrack[mpp]' (mpxj and JPype1) and a Java runtime 11 or later (e.g. OpenJDK)")
# `plantrack import` reads the file twice (the plan, then its tracking data): convert it once
_cache: dict[tuple[str, int, int], bytes] = {}


def _fail(path: Path, code: str, message: str) -> InvalidInput:
    return InvalidInput([Problem(code=code, message=message, location=path.name)])


def _java_available() -> bool:
    home = os.environ.get("JAVA_HOME")
    return shutil.which("java") is not None or bool(home and (Path(home) / "bin" / "java").exists())


def missing_requirements() -> list[str]:
    """What the .mpp import lacks on this machine, in words a user can act on; empty when ready."""
    missing = [
        _("the Python package {name}").format(name=name)
        for name in ("mpxj", "jpype")
        if importlib.util.find_spec(name) is None
    ]
    if not _java_available():
        missing.append(_("a Java runtime (java on PATH or JAVA_HOME)"))
    return missing


def mpp_to_mspdi(path: Path) -> bytes:
    """The MSPDI text MPXJ makes of `path`; InvalidInput naming what is missing or wrong."""
    missing = missing_requirements()
    if missing:
        raise _fail(
            path,
            "mpp-unsupported",
            _(
                "{file} is a binary MS Project file; reading it needs {missing}: {how}. "
                "Alternatively save it from MS Project or ProjectLibre as XML (.xml) and import that."
            ).format(file=path.name, missing=_(" and ").join(missing), how=_(_HOW)),
        )
    stat = path.stat()
    if stat.st_size > MAX_MPP_BYTES:
        raise _fail(
            path,
            "file-too-large",
            _("file too large ({size} MB > {limit} MB limit)").format(size=stat.st_size // 2**20, limit=100),
        )
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    if key in _cache:
        return _cache[key]
    try:
        done = subprocess.run(
            [sys.executable, "-m", "plantrack.formats.mpp_bridge", str(path)],
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
            # the child speaks the run's language: its last stderr line is shown as the reason
            env={
                **os.environ,
                "PYTHONPATH": os.pathsep.join(p for p in sys.path if p),
                BRIDGE_LANGUAGE: language(),
            },
        )
    except subprocess.TimeoutExpired:
        raise _fail(
            path,
            "mpp-timeout",
            _("MPXJ took more than {seconds} s to read the file").format(seconds=TIMEOUT_SECONDS),
        ) from None
    reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
    detail = reason[-1] if reason else _("exit code {code}").format(code=done.returncode)
    if done.returncode in (3, 4):
        raise _fail(
            path,
            "mpp-unsupported",
            _("cannot read {file}: {reason}; {how}").format(file=path.name, reason=detail, how=_(_HOW)),
        )
    if done.returncode != 0 or not done.stdout:
        raise _fail(
            path,
            "mpp-invalid",
            _("{file} is not a readable MS Project file ({reason})").format(file=path.name, reason=detail),
        )
    _cache.clear()
    _cache[key] = done.stdout
    return done.stdout


def read_mpp(path: Path) -> ImportedPlan:
    from plantrack.formats.mspdi.read import read_mspdi

    return read_mspdi(path, data=mpp_to_mspdi(path))


def load_mpp(path: Path) -> tuple[Project, list[Problem]]:
    plan = read_mpp(path)
    return plan.project, plan.warnings
