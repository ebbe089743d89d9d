"""A separate process that writes a workspace through the real `Workspace.update` path, for store tests.

Usage: python store_worker.py MODE PATH [ARGS...]; every save it reports as done is printed on its
own line only after `update()` returned, so the test harness knows what was acknowledged.
"""

from __future__ import annotations

import os
import random
import signal
import sys
import time
from pathlib import Path
from typing import Any

from plantrack.store import Workspace, open_workspace


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def hold(ws: Workspace, seconds: str) -> None:
    """Take the lock and keep it (the test kills us, or we let go after `seconds`)."""
    with ws.update(timeout=30):
        say("locked")
        time.sleep(float(seconds))


def append(ws: Workspace, writer: str, count: str) -> None:
    """`count` read-modify-write saves, each appending one entry that names this writer."""
    for seq in range(int(count)):
        with ws.update(timeout=60) as state:
            state.sections.setdefault("log", []).append({"writer": writer, "seq": seq})
        say(f"{writer} {seq}")


def churn(ws: Workspace, count: str, seed: str = "0") -> None:
    """`count` saves that grow and shrink the file (a task's notes take 0 to 4000 characters)."""
    rng = random.Random(int(seed))
    for seq in range(int(count)):
        with ws.update(timeout=60) as state:
            _bump(state.sections, rng)
        say(str(seq))


def _bump(sections: dict[str, list[dict[str, Any]]], rng: random.Random) -> int:
    counter = sections.setdefault("counter", [{"n": 0}])
    counter[0]["n"] += 1
    counter[0]["padding"] = "x" * rng.randint(0, 4000)
    return int(counter[0]["n"])


def count_forever(ws: Workspace) -> None:
    """Increment a counter until killed; print each value once it is saved."""
    rng = random.Random(os.getpid())
    while True:
        with ws.update(timeout=60) as state:
            value = _bump(state.sections, rng)
        say(str(value))


def die_at(ws: Workspace, module: str, name: str, nth: str) -> None:
    """Start one save and SIGKILL ourselves at the `nth` call of `module.name` inside it."""
    import tempfile

    target = os if module == "os" else tempfile
    real = getattr(target, name)
    calls = [0]

    def fatal(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        if calls[0] == int(nth):
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args, **kwargs)

    setattr(target, name, fatal)
    with ws.update(timeout=30) as state:
        counter = state.sections["counter"][0]
        counter["n"] += 1
        counter["padding"] = ""  # the file shrinks: an in-place rewrite would leave a torn tail
    setattr(target, name, real)
    say(f"saved after {calls[0]} calls")


def rename(ws: Workspace, task: str, name: str) -> None:
    import dataclasses

    with ws.update(timeout=30) as state:
        tasks = tuple(dataclasses.replace(t, name=name) if t.id == task else t for t in state.project.tasks)
        state.project = dataclasses.replace(state.project, tasks=tasks)
    say("renamed")


MODES = {
    "hold": hold,
    "append": append,
    "churn": churn,
    "count-forever": count_forever,
    "die-at": die_at,
    "rename": rename,
}


def main() -> None:
    mode, path, *args = sys.argv[1:]
    MODES[mode](open_workspace(Path(path), program="store-worker"), *args)


if __name__ == "__main__":
    main()
