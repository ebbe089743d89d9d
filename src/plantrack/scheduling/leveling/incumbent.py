"""The best plan found so far by searchers running side by side (CP-SAT, genetic searches, our LNS)."""

from __future__ import annotations

import threading
from collections.abc import Callable

CP_SAT = "cp-sat"  # the source name of the plans CP-SAT posts to an Incumbent


class Incumbent:
    """The best plan found so far by searchers running side by side (threads), and a stop flag."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._best: tuple[int, list[int]] | None = None
        self._by_source: dict[str, tuple[int, list[int]]] = {}
        self._done = False
        # told once when the searches must end (a compiled search checks a flag these set, between
        # two decodes: it cannot look at this object from inside the kernel)
        self.on_done: list[Callable[[], None]] = []
        self.bound = 0  # the best lower bound a searcher has proven so far
        self.on_stop: Callable[[], None] | None = None  # stops the solve (set once it runs)
        self.on_better: Callable[[int], None] | None = None  # told each shorter plan (progress line)

    @property
    def done(self) -> bool:
        return self._done

    @done.setter
    def done(self, value: bool) -> None:
        self._done = value
        if value:
            for tell in list(self.on_done):
                tell()

    def stop(self) -> None:
        """A plan at the bound: nothing is left to search."""
        self.done = True
        if self.on_stop is not None:
            self.on_stop()

    def post(self, value: int, starts: list[int], source: str = "") -> None:
        with self._lock:
            mine = self._by_source.get(source)
            if mine is None or value < mine[0]:
                self._by_source[source] = (value, list(starts))
            better = self._best is None or value < self._best[0]
            if better:
                self._best = (value, list(starts))
        if better and self.on_better is not None:
            self.on_better(value)

    def best(self, source: str | None = None) -> tuple[int, list[int]] | None:
        """The best plan posted, or the best one `source` posted."""
        with self._lock:
            return self._best if source is None else self._by_source.get(source)


#: Searches running beside CP-SAT: their shared incumbent and their threads.
Running = tuple[Incumbent, list[threading.Thread]]
