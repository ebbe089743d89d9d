"""CP-SAT's proof given up when its bound stalls: the watch on a hand-driven clock, and `level()` with
the lever, whose searches then run on to the limit with valid plans."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from leveling_builders import plan_of
from validator import violations

from plantrack.formats.psplib import load_psplib
from plantrack.scheduling.leveling import CpOptions, level
from plantrack.scheduling.leveling import solver as solver_module
from plantrack.scheduling.leveling.stall import BoundStall


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _wait(event: threading.Event, seconds: float = 10.0) -> bool:
    return event.wait(seconds)


def test_the_watch_stops_the_solve_once_the_bound_has_not_risen_for_its_seconds() -> None:
    clock, stopped = _Clock(), threading.Event()
    watch = BoundStall(2.0, stopped.set, clock=clock)
    watch.start()
    clock.now = 1.9
    time.sleep(0.3)  # the watch looks every 0.05 s: 1.9 s without a rise is not yet a stall
    assert not stopped.is_set() and not watch.stalled
    watch.rose()  # the bound rose at 1.9: the stall counts from there
    clock.now = 3.5
    time.sleep(0.3)
    assert not stopped.is_set()
    clock.now = 3.95
    assert _wait(stopped)
    assert watch.stalled
    watch.close()


def test_a_closed_watch_stops_nothing() -> None:
    clock, stopped = _Clock(), threading.Event()
    watch = BoundStall(1.0, stopped.set, clock=clock)
    watch.start()
    watch.close()  # the solve ended first (a proof, or the limit)
    clock.now = 100.0
    time.sleep(0.2)
    assert not stopped.is_set() and not watch.stalled


@pytest.mark.slow
def test_with_the_lever_the_searches_run_on_to_the_limit_after_the_stall(
    shared_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    watches: list[BoundStall] = []

    class Spy(BoundStall):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            watches.append(self)

    monkeypatch.setattr(solver_module, "BoundStall", Spy)
    p = load_psplib(shared_data / "psplib" / "j90" / "j9045_6.sm")  # RS 0.2: no proof within seconds
    began = time.perf_counter()
    result = level(p, time_limit=3.0, workers=2, options=CpOptions(cp_stall_s=0.3))
    spent = time.perf_counter() - began
    assert len(watches) == 1 and watches[0].stalled
    assert violations(p, plan_of(result)) == []
    assert result.objective >= 175  # best-known
    assert result.bound <= 175
    # the proof stopped at about 0.3 s, the searches kept the limit's time: not a 0.3 s answer
    assert spent >= 2.0
    watches.clear()
    level(p, time_limit=1.0, workers=2)  # the lever off (the default): no watch
    assert not watches
