"""A time axis's maps over numpy arrays: `work_before`, `start_at`, `finish_at` for many values at once.

The Monte Carlo pass moves each event through the same maps as the scheduler (calendar.py), for every
run at once. Values may be fractional (sampled durations are): the maps are then the linear
interpolation of the integer ones inside a working interval, so integer values give exactly the
scheduler's answers, and a fractional finish lies inside the working interval it ends in.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from plantrack.scheduling.calendar import TimeAxis, WorkCalendar

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]


class ArrayAxis:
    """Round-the-clock time (elapsed tasks, milestones, summary nodes): every map is the identity."""

    def work_before(self, t: Floats) -> Floats:
        return t

    def start_at(self, k: Floats) -> Floats:
        return k

    def finish_at(self, k: Floats) -> Floats:
        return k


class ArrayCalendar(ArrayAxis):
    """A WorkCalendar's maps over arrays: one `searchsorted` per call instead of a bisect per value."""

    def __init__(self, calendar: WorkCalendar) -> None:
        self.calendar = calendar
        self._key: tuple[int, int, int] = (-1, 0, 0)
        empty: Ints = np.zeros(0, dtype=np.int64)
        self._starts, self._ends, self._cum, self._cum_end = empty, empty, empty, empty

    def _tables(self) -> tuple[Ints, Ints, Ints, Ints]:
        """The calendar's intervals as arrays, copied again only after a query has grown them."""
        starts, ends, cum, cum_end = self.calendar.compiled()
        # growing adds intervals or stretches the outermost ones (a round-the-clock calendar has one)
        key = (len(starts), starts[0], ends[-1])
        if key != self._key:
            self._starts = np.asarray(starts, dtype=np.int64)
            self._ends = np.asarray(ends, dtype=np.int64)
            self._cum = np.asarray(cum, dtype=np.int64)
            self._cum_end = np.asarray(cum_end, dtype=np.int64)
            self._key = key
        return self._starts, self._ends, self._cum, self._cum_end

    def work_before(self, t: Floats) -> Floats:
        if t.size:  # the scalar queries grow the horizon to the batch's extremes (or raise, like cpm)
            self.calendar.work_before(math.floor(t.min()))
            self.calendar.work_before(math.ceil(t.max()))
        starts, ends, cum, _ = self._tables()
        i = np.searchsorted(starts, t, side="right") - 1
        before = i < 0  # no work between the horizon start and the first interval: W is flat there
        i[before] = 0
        out = cum[i] + np.minimum(t, ends[i]) - starts[i]
        out[before] = cum[0]
        return np.asarray(out, dtype=np.float64)

    def start_at(self, k: Floats) -> Floats:
        if k.size:
            self.calendar.start_at(math.floor(k.min()))
            self.calendar.start_at(math.ceil(k.max()))
        starts, _, cum, _ = self._tables()
        i = np.searchsorted(cum, k, side="right") - 1
        return np.asarray(starts[i] + (k - cum[i]), dtype=np.float64)

    def finish_at(self, k: Floats) -> Floats:
        if k.size:
            self.calendar.finish_at(math.floor(k.min()))
            self.calendar.finish_at(math.ceil(k.max()))
        _, ends, _, cum_end = self._tables()
        i = np.searchsorted(cum_end, k, side="left")
        return np.asarray(ends[i] - (cum_end[i] - k), dtype=np.float64)


ROUND_THE_CLOCK = ArrayAxis()


def array_axis(axis: TimeAxis, cache: dict[int, ArrayCalendar]) -> ArrayAxis:
    """The array maps of a scheduler axis; each calendar's arrays are kept in `cache` (by identity)."""
    if not isinstance(axis, WorkCalendar):
        return ROUND_THE_CLOCK
    found = cache.get(id(axis))
    if found is None:
        found = cache[id(axis)] = ArrayCalendar(axis)
    return found
