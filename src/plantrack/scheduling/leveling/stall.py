"""CP-SAT's proof given up when its bound stalls, so the genetic searches beside get its core.

Beside the compiled searches CP-SAT keeps one full-search worker, for the lower bound (the proof).
On hard plans that bound stops rising within seconds while the gap stays open, and the worker's core
is then shared by three busy threads for nothing. A watch thread stops the solve once the bound has
not risen for `seconds`; the searches then run on to their own limit, with the cores to themselves.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

#: Seconds between two looks of the watch at the clock.
LOOK = 0.05


class BoundStall:
    """Calls `stop` once the bound has not risen for `seconds` (counted from `start` and each rise)."""

    def __init__(
        self, seconds: float, stop: Callable[[], None], clock: Callable[[], float] = time.perf_counter
    ) -> None:
        self.seconds = seconds
        self._stop = stop
        self._clock = clock  # injected by the tests
        self._last = clock()
        self._closed = threading.Event()
        self.stalled = False  # set when the watch stopped the solve
        self._thread = threading.Thread(target=self._watch, name="plantrack bound stall", daemon=True)

    def start(self) -> None:
        self._last = self._clock()
        self._thread.start()

    def rose(self) -> None:
        """The bound rose (CP-SAT's bound callback): the stall counts again from now."""
        self._last = self._clock()

    def close(self) -> None:
        self._closed.set()
        if self._thread.is_alive():
            self._thread.join()

    def _watch(self) -> None:
        while not self._closed.wait(LOOK):
            if self._clock() - self._last >= self.seconds:
                self.stalled = True
                self._stop()
                return
