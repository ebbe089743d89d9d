"""Which plans the compiled genetic search can decode, told without loading numba."""

from __future__ import annotations

from plantrack.scheduling.leveling.problem import LevelingProblem

#: Largest plan the search takes on (the precedence matrix is jobs², the profile resources × steps).
MAX_JOBS = 2000
MAX_CELLS = 20_000_000


def applicable(problem: LevelingProblem, *, any_size: bool = False) -> bool:
    """Fixed lengths, no windows, fixed dates or hard finishes, links without working-time shifts.

    `any_size`: the decode kernels alone (a warm start), which do not need the search's jobs² matrix.
    """
    n = len(problem.jobs)
    return (
        0 < n <= (n if any_size else MAX_JOBS)
        and problem.horizon * max(len(problem.capacities), 1) <= MAX_CELLS
        and all(
            j.table is None and j.windows is None and j.fixed_start is None and j.latest_finish is None
            for j in problem.jobs
        )
        and all(p.shift is None for p in problem.precs)
    )
