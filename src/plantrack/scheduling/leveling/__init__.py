"""Resource leveling with OR-Tools CP-SAT and a serial schedule-generation heuristic."""

from plantrack.scheduling.leveling.level import level, reference_minutes
from plantrack.scheduling.leveling.result import (
    LeveledTask,
    LevelingResult,
    Method,
    Objective,
    ProgressInfo,
    Reason,
    Status,
)
from plantrack.scheduling.leveling.solver import CpOptions

__all__ = [
    "CpOptions",
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
