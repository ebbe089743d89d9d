"""The core loads without UI, storage or plotting libraries; `plantrack --help` does not load Textual."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from typing import Any

from conftest import ROOT, cli_env

HEAVY = ("textual", "rich", "plotly", "tinydb", "ortools")


def _loaded_after(code: str) -> set[str]:
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    proc = subprocess.run(
        [sys.executable, "-c", probe], env=cli_env(), capture_output=True, text=True, check=True
    )
    return set(json.loads(proc.stdout.strip().splitlines()[-1]))


def test_core_imports_no_heavy_library() -> None:
    core = ROOT / "src" / "plantrack" / "scheduling"
    names = sorted(
        "plantrack." + ".".join(path.relative_to(core.parent).with_suffix("").parts).removesuffix(".__init__")
        for path in core.rglob("*.py")
        if "leveling" not in path.relative_to(core).parts
    )
    modules = _loaded_after(f"import importlib\nfor name in {names!r}:\n    importlib.import_module(name)")
    leaked = {name for name in modules for heavy in HEAVY if name == heavy or name.startswith(heavy + ".")}
    assert not leaked, f"the core pulled in {sorted(leaked)}"


def test_help_does_not_load_textual_or_plotly() -> None:
    modules = _loaded_after(
        "from plantrack.cli import build_parser\n"
        "import contextlib, io\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        "        build_parser().parse_args(['--help'])\n"
        "    except SystemExit:\n"
        "        pass"
    )
    for heavy in ("textual", "plotly", "ortools"):
        assert heavy not in modules, f"`plantrack --help` imported {heavy}"


def test_scheduling_a_valid_plan_without_holidays_loads_neither_networkx_nor_holidays() -> None:
    # networkx only names cycles and holidays only serves calendars that ask for them: a 0.3 s share
    # of a large plan's `plantrack schedule` when loaded for nothing
    modules = _loaded_after(
        "import datetime as dt\n"
        "from plantrack.scheduling.cpm import cpm\n"
        "from plantrack.scheduling.duration import Duration\n"
        "from plantrack.scheduling.model import Calendar, Link, Project, Task\n"
        "day = Duration(minutes=480)\n"
        "tasks = (Task(id='a', duration=day), Task(id='b', duration=day))\n"
        "project = Project(name='p', start=dt.datetime(2027, 1, 4, 8), calendar='plant',\n"
        "    calendars=(Calendar(id='plant'),), tasks=tasks, links=(Link(predecessor='a', successor='b'),))\n"
        "assert cpm(project).finish > 0"
    )
    assert "networkx" not in modules and "holidays" not in modules


def test_leveling_a_plan_the_search_cannot_decode_does_not_load_numba() -> None:
    # the demo's tasks follow two calendars (their lengths depend on their start): the compiled search
    # does not apply, so its 0.3 s of imports would be for nothing
    modules = _loaded_after(
        "from pathlib import Path\n"
        "import plantrack.demo\n"
        "from plantrack.formats.detect import load_project\n"
        "from plantrack.scheduling.leveling import level\n"
        "project, _ = load_project(Path(plantrack.demo.__file__).parent / 'line3_retrofit.toml')\n"
        "assert level(project, time_limit=5.0).tasks"
    )
    assert "numba" not in modules


def test_tests_below_the_command_line_do_not_import_it() -> None:
    # the store, formats, export, core and TUI tests never reach into the CLI's modules: what they share
    # with it is in the application layer (`operations`). Some also run the command line whole, as a
    # user does (the `cli` and `plantrack` fixtures); that goes through its entry point, not its modules
    tests = ROOT / "tests"
    pattern = re.compile(
        r"^\s*(from|import)\s+plantrack\.commands\b|^\s*from\s+plantrack\s+import\s+commands\b", re.M
    )
    offenders = sorted(
        name
        for path in tests.rglob("*.py")
        if path.relative_to(tests).parts[0] != "commands"
        and len(path.relative_to(tests).parts) > 1
        and (name := path.relative_to(tests).as_posix())
        and pattern.search(path.read_text(encoding="utf-8"))
    )
    assert not offenders, f"these tests import plantrack.commands: {offenders}"


def _import_circles(graph: Any, watched: list[str]) -> list[tuple[str, str]]:
    """Each direct import `module -> imported` whose target leads back to `module`."""
    return sorted(
        (module, imported)
        for module in watched
        for imported in graph.find_modules_directly_imported_by(module)
        if imported in watched and graph.chain_exists(importer=imported, imported=module)
    )


def test_no_import_circle_between_plantrack_modules() -> None:
    # a circle makes the import order matter and hides which module owns what. Every module of the
    # package is watched, and imports inside functions count too (a deferred import still closes a
    # circle: it only moves the failure to run time); imports made for type hints only (under
    # TYPE_CHECKING) never run, so they cannot close one
    import grimp

    graph = grimp.build_graph("plantrack", exclude_type_checking_imports=True)
    watched = sorted(m for m in graph.modules if m.startswith("plantrack."))
    assert len(watched) > 200  # the whole package, not an empty selection
    circles = _import_circles(graph, watched)
    assert not circles, f"import circles through: {circles}"


def test_the_circle_check_finds_a_circle() -> None:
    # the check above must be able to fail: a two-module circle in a throwaway package is reported
    import grimp

    graph = grimp.ImportGraph()
    for module in ("pkg", "pkg.a", "pkg.b", "pkg.c"):
        graph.add_module(module)
    graph.add_import(importer="pkg.a", imported="pkg.b")
    graph.add_import(importer="pkg.b", imported="pkg.a")
    graph.add_import(importer="pkg.c", imported="pkg.a")
    assert _import_circles(graph, ["pkg.a", "pkg.b", "pkg.c"]) == [("pkg.a", "pkg.b"), ("pkg.b", "pkg.a")]
