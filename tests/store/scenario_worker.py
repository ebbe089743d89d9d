"""A separate process that adopts a scenario and SIGKILLs itself at the nth call of an I/O function.

Usage: python scenario_worker.py PATH SCENARIO MODULE NAME NTH; prints "adopted after N calls" when
the save went through without reaching the nth call.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import sys
import tempfile
from pathlib import Path
from typing import Any

from plantrack.operations.scenario_edits import Author, adopt_scenario
from plantrack.store import open_workspace


def main() -> None:
    path, scenario, module, name, nth = sys.argv[1:]
    workspace = open_workspace(Path(path), program="scenario-worker")
    target = os if module == "os" else tempfile
    real = getattr(target, name)
    calls = [0]

    def fatal(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        if calls[0] == int(nth):
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args, **kwargs)

    setattr(target, name, fatal)
    adopt_scenario(workspace, scenario, author=Author("worker", dt.datetime(2026, 12, 6, 10, 0)))
    setattr(target, name, real)
    sys.stdout.write(f"adopted after {calls[0]} calls\n")


if __name__ == "__main__":
    main()
