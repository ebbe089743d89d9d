"""How a long-lived view of a plant (the portfolio) learns that the plant or a member was written.

A view calls `before_read()` just before it reads the plant, `after_read(listed)` once the read
succeeded, and `changed()` as often as it likes: a file plant compares its files' modification times
(one stat a file), a plant on the team server the change notices a worker thread receives (no I/O).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

Stamp = tuple[tuple[str, float], ...]


class PlantChanges(Protocol):
    """Whether the plant or one of its members was written since the view's last read."""

    def before_read(self) -> None:
        """A read starts: what is written from now on is a change to that read."""
        ...

    def after_read(self, listed: Sequence[str]) -> None:
        """The read succeeded and showed the members `listed`: `changed` compares against it."""
        ...

    def changed(self) -> bool:
        """Whether a re-read is due; PlantrackError (naming the server) while it cannot be told."""
        ...

    def close(self) -> None: ...


class StampChanges:
    """Changes told by a stamp of the plant and its members, taken after each read (a file's mtimes)."""

    def __init__(self, stamp: Callable[[Sequence[str]], Stamp]) -> None:
        self._stamp = stamp
        self._listed: tuple[str, ...] = ()
        self._seen: Stamp | None = None

    def before_read(self) -> None:
        """Nothing to note: the stamp is taken after the read."""

    def after_read(self, listed: Sequence[str]) -> None:
        self._listed = tuple(listed)
        self._seen = self._stamp(self._listed)

    def changed(self) -> bool:
        return self._seen is None or self._stamp(self._listed) != self._seen

    def close(self) -> None:
        pass
