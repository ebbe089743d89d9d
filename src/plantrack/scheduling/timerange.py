"""Working hours of one day: clock ranges (a night shift runs past midnight) and a weekday's own hours."""

from __future__ import annotations

from dataclasses import dataclass

from plantrack.scheduling.errors import ModelError


@dataclass(frozen=True, slots=True, kw_only=True)
class TimeRange:
    """Working hours of one day, in minutes after its midnight: 08:00-12:00 is (480, 720).

    A night shift runs past midnight: 21:00-05:00 is (1260, 1740), its end counted from the same midnight.
    """

    start: int
    end: int

    def __post_init__(self) -> None:
        # a shift may end on the next day, but never last a whole day or more (that is two ranges)
        if not (0 <= self.start < 24 * 60 and self.start < self.end <= self.start + 24 * 60):
            raise ModelError(
                "hours-invalid",
                f"working hours {self.label()} must start before 24:00, last more than zero and "
                "at most 24 hours",
            )
        if self.end > 24 * 60 and self.start + 24 * 60 == self.end:
            raise ModelError(
                "hours-invalid", f"working hours {self.label()} last 24 hours: write 00:00-24:00"
            )

    @property
    def overnight(self) -> bool:
        return self.end > 24 * 60

    def label(self) -> str:
        # an overnight end is written as the next day's clock time: 21:00-05:00
        end = self.end - 24 * 60 if self.end > 24 * 60 else self.end
        return f"{self.start // 60:02d}:{self.start % 60:02d}-{end // 60:02d}:{end % 60:02d}"


@dataclass(frozen=True, slots=True, kw_only=True)
class DayHours:
    """One weekday's own working hours (0 = Monday), replacing the calendar's `hours` on that day."""

    weekday: int
    hours: tuple[TimeRange, ...] = ()
