"""Resource leveling with OR-Tools CP-SAT and a serial schedule-generation heuristic."""

from plantrack.scheduling.leveling.level import level, reference_minutes
from plantrack.scheduling.leveling.options import CpOptions, Experimental
from plantrack.scheduling.leveling.result import (
    LeveledTask,
    LevelingResult,
    Method,
    Objective,
    ProgressInfo,
    Reason,
    Status,
)

__all__ = [
    "CpOptions",
    "Experimental",
    "LeveledTask",
    "LevelingResult",
    "Method",
    "Objective",
    "ProgressInfo",
    "Reason",
    "Status",
    "level",
    "reference_minutes",
]
