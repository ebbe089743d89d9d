"""A plant on the server seen changing as saves commit: LISTEN for plant and project notices in a thread.

One long-lived connection listens on `plantrack_plant` (the plant's own saves: shared part, members,
priorities) and `plantrack_project` (each project's saves). The worker notes, for every plant and project
notified, the count of notices received when it came (a generation); a view asks whether its plant or
one of its members was notified after the generation its last read started at: a lock and a few
dictionary looks, no I/O on the view's thread. Notices sent while nobody listened are lost, so each
(re)start of the listen counts as a change of everything: the view reads again. While the server cannot
be reached `changed` raises the failure (the view names the server) and the worker tries again.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

from plantrack.store.team.connection import connect, is_driver_error
from plantrack.store.team.errors import ServerFailed, TeamError
from plantrack.store.team.migrations.v3 import CHANNEL as PROJECT_CHANNEL
from plantrack.store.team.migrations.v7 import PLANT_CHANNEL

if TYPE_CHECKING:
    import psycopg

#: Seconds a listen waits before checking whether the watch was closed.
LISTEN_SLICE = 0.25
#: Seconds before connecting again after the connection failed.
RETRY_PAUSE = 1.0


def notified_key(channel: str, payload: str) -> str | None:
    """Who a notice is about: `plant:ID` or `project:ID`; None for one this code cannot read."""
    field = {PLANT_CHANNEL: "plant", PROJECT_CHANNEL: "project"}.get(channel)
    if field is None:
        return None
    try:
        return f"{field}:{json.loads(payload)[field]}"
    except (ValueError, TypeError, KeyError):
        return None


class ServerPlantChanges:
    """The plant `key` at `uri` and its members, watched by a daemon thread (module doc)."""

    def __init__(self, uri: str, key: str) -> None:
        self.uri = uri
        self.key = key
        self._lock = threading.Lock()
        self._count = 0  # notices and listen (re)starts received so far
        self._last: dict[str, int] = {}  # plant:ID / project:ID -> the count when it was last notified
        self._restarted = 0  # the count when the listen last (re)started
        self._failure: TeamError | None = None
        self._reading = 0  # the count when the view's read in progress started
        self._seen: int | None = None  # the count when the view's last good read started
        self._watched: tuple[str, ...] = ()
        self._stop = threading.Event()
        self._listening = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"plantrack watch plant {key}", daemon=True)
        self._thread.start()

    def wait_listening(self, timeout: float) -> bool:
        """Whether the watch listens (a save committed before that is not notified)."""
        return self._listening.wait(timeout)

    def before_read(self) -> None:
        with self._lock:
            self._reading = self._count

    def after_read(self, listed: Sequence[str]) -> None:
        with self._lock:
            self._seen = self._reading
            self._watched = (f"plant:{self.key}", *(f"project:{p}" for p in listed))

    def changed(self) -> bool:
        with self._lock:
            if self._failure is not None:
                raise self._failure
            seen = self._seen
            if seen is None or self._restarted > seen:
                return True
            return any(self._last.get(key, -1) > seen for key in self._watched)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2 * LISTEN_SLICE + 1)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._listen()
            except TeamError as exc:
                self._failed(exc)
            except Exception as exc:  # the driver's own errors: a dropped connection, a stopped server
                if not is_driver_error(exc):
                    raise
                self._failed(ServerFailed(self.uri, " ".join(str(exc).split()), writing=False))
            self._listening.clear()
            self._stop.wait(RETRY_PAUSE)

    def _listen(self) -> None:
        conn: psycopg.Connection[tuple[object, ...]] = connect(self.uri)
        with conn:
            conn.execute(f"LISTEN {PLANT_CHANNEL}")
            conn.execute(f"LISTEN {PROJECT_CHANNEL}")
            with self._lock:  # what was saved before now was not notified: everything may have changed
                self._count += 1
                self._restarted = self._count
                self._failure = None
            self._listening.set()
            while not self._stop.is_set():
                for raw in conn.notifies(timeout=LISTEN_SLICE):
                    key = notified_key(raw.channel, raw.payload)
                    if key is not None:
                        with self._lock:
                            self._count += 1
                            self._last[key] = self._count

    def _failed(self, exc: TeamError) -> None:
        with self._lock:
            self._failure = exc
