"""Another user's save of a project, seen as it commits: a ProjectWatch listening in a worker thread.

A view polls `changed(revision)` (a lock and an integer compare, no I/O): it turns True as soon as a
notice of a newer revision than the view's has arrived. A watch whose connection fails stays silent
(the view keeps working, without live refresh) and tries again after a pause.
"""

from __future__ import annotations

import threading

from plantrack.store.team.connection import is_driver_error
from plantrack.store.team.errors import TeamError
from plantrack.store.team.listen import ProjectWatch

#: Seconds a listen waits before checking whether the watch was closed.
LISTEN_SLICE = 0.25
#: Seconds before listening again after the connection failed.
RETRY_PAUSE = 2.0


class ServerChanges:
    """The newest revision notified for one project, kept up to date by a daemon thread."""

    def __init__(self, address: str, project: str) -> None:
        self.address = address
        self.project = project
        self._latest = -1
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._listening = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"plantrack watch {project}", daemon=True)
        self._thread.start()

    def wait_listening(self, timeout: float) -> bool:
        """Whether the watch listens (a save committed before that is not notified)."""
        return self._listening.wait(timeout)

    def changed(self, revision: int) -> bool:
        """Whether a save newer than `revision` was notified."""
        with self._lock:
            return self._latest > revision

    def mark(self) -> None:
        """Nothing to note: each notice carries its revision, compared in `changed`."""

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2 * LISTEN_SLICE + 1)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                with ProjectWatch(self.address, self.project) as watch:
                    self._listening.set()
                    while not self._stop.is_set():
                        for notice in watch.notices(LISTEN_SLICE):
                            with self._lock:
                                self._latest = max(self._latest, notice.revision)
            except (TeamError, OSError, RuntimeError):
                pass
            except Exception as exc:  # the driver's own errors: a dropped connection, a stopped server
                if not is_driver_error(exc):
                    raise
            self._listening.clear()
            self._stop.wait(RETRY_PAUSE)
