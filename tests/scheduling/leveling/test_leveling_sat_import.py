"""Leveling loads OR-Tools' cp_model without pandas; cp_model's own pandas functions still work."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, cli_env

PRESS_LINE = ROOT / "tests" / "formats" / "files" / "press_line.sm"
DEMO = ROOT / "src" / "plantrack" / "demo" / "line3_retrofit.toml"


def _modules_after(code: str) -> set[str]:
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    proc = subprocess.run(
        [sys.executable, "-c", probe], env=cli_env(), capture_output=True, text=True, check=True
    )
    return set(json.loads(proc.stdout.strip().splitlines()[-1]))


def _leveled_schedule(plan: Path, workspace: Path, before: str = "") -> str:
    """A process that imports `plan`, then runs `plantrack schedule --level` on it as the CLI does."""
    return (
        f"{before}\n"
        "import contextlib, io\n"
        "from plantrack.cli import main\n"
        f"assert main(['import', {str(plan)!r}, '-w', {str(workspace)!r}]) == 0\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        f"    assert main(['schedule', '--level', '--time-limit', '20', '-w', {str(workspace)!r}]) == 0\n"
        "assert out.getvalue()"
    )


def test_a_leveled_schedule_does_not_load_pandas(tmp_path: Path) -> None:
    for plan in (PRESS_LINE, DEMO):  # the compiled search with CP-SAT, and CP-SAT over calendars
        modules = _modules_after(_leveled_schedule(plan, tmp_path / f"{plan.stem}.plantrack.json"))
        assert "ortools.sat.python.cp_model" in modules, "the probe no longer reaches CP-SAT"
        assert "pandas" not in modules, f"leveling {plan.name} loaded pandas"


def test_the_probe_sees_pandas_when_cp_model_is_imported_plainly(tmp_path: Path) -> None:
    # the same leveled schedule after a direct `from ortools... import cp_model`: the check above fails
    modules = _modules_after(
        _leveled_schedule(
            PRESS_LINE, tmp_path / "plain.plantrack.json", before="from ortools.sat.python import cp_model"
        )
    )
    assert "pandas" in modules


def test_cp_model_pandas_functions_load_the_real_pandas_on_use() -> None:
    code = (
        "import sys\n"
        "from plantrack.scheduling.leveling.sat import cp_model\n"
        "assert 'pandas' not in sys.modules\n"
        "import pandas as pd\n"
        "model = cp_model.CpModel()\n"
        "x = model.new_int_var_series('x', pd.Index(['a', 'b']), lower_bounds=1, upper_bounds=4)\n"
        "assert isinstance(x, pd.Series)\n"
        "model.add(x['a'] + x['b'] == 7)\n"
        "model.add(x['a'] >= 3)\n"
        "solver = cp_model.CpSolver()\n"
        "assert solver.solve(model) == cp_model.OPTIMAL\n"
        "values = solver.values(x)\n"
        "assert isinstance(values, pd.Series) and values['a'] + values['b'] == 7 and values['a'] >= 3\n"
        "assert cp_model.pd.Series is pd.Series"
    )
    assert "pandas" in _modules_after(code)


def test_only_the_sat_module_imports_cp_model_from_ortools() -> None:
    leveling = ROOT / "src" / "plantrack"
    direct = re.compile(r"^\s*(from ortools\.sat\.python import cp_model|import ortools\.sat)", re.M)
    offenders = [
        str(path.relative_to(leveling))
        for path in leveling.rglob("*.py")
        if path.name != "sat.py" and direct.search(path.read_text(encoding="utf-8"))
    ]
    assert not offenders, f"import cp_model from plantrack.scheduling.leveling.sat in {offenders}"
