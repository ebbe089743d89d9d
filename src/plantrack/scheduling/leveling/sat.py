"""OR-Tools' `cp_model`, imported without loading pandas until a pandas-typed call needs it.

`ortools.sat.python.cp_model` imports pandas at the top (0.2-0.3 s, more on a loaded machine) only for
its `*_series` model builders and `CpSolver.values`/`boolean_values`/`float_values`, which leveling
never calls. At import time the module itself reads just `pandas.Index` and `pandas.Series`, in type
aliases and annotations (it does not postpone them), so a plain lazy module would load pandas there.
While `cp_model` imports, `pandas` is therefore a stand-in that answers those two names with
placeholder classes, for annotations only; any other name, or any name once the import is over,
imports the real pandas and answers from it. `cp_model` keeps the stand-in as its `pd`, so its pandas
functions still work (they load pandas on first use, then isinstance-check against the real classes);
`import pandas` anywhere else gets the real module, as the stand-in leaves `sys.modules` at once.
Every leveling module imports `cp_model` from here, never from ortools directly.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

_CP_MODEL = "ortools.sat.python.cp_model"


class _AnnotationOnly:
    """Stands for a pandas class in `cp_model`'s import-time annotations; never instantiated."""


class _DeferredPandas(types.ModuleType):
    """`pandas` for `cp_model`: placeholders while it imports, then the real module on first use."""

    def __init__(self) -> None:
        super().__init__("pandas")
        self.importing = True

    def __getattr__(self, name: str) -> Any:
        if self.importing and name in ("Index", "Series"):
            return type(name, (_AnnotationOnly,), {"__module__": __name__})
        if sys.modules.get("pandas") is self:
            del sys.modules["pandas"]
        return getattr(importlib.import_module("pandas"), name)


def _import_cp_model_without_pandas() -> None:
    if _CP_MODEL in sys.modules or "pandas" in sys.modules:
        return  # already paid for (or the caller uses pandas anyway): the plain import is free
    stand_in = _DeferredPandas()
    sys.modules["pandas"] = stand_in
    try:
        importlib.import_module(_CP_MODEL)
    finally:
        stand_in.importing = False
        if sys.modules.get("pandas") is stand_in:
            del sys.modules["pandas"]


_import_cp_model_without_pandas()

from ortools.sat.python import cp_model  # noqa: E402  (after the stand-in above)

__all__ = ["cp_model"]
