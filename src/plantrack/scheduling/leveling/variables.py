"""CP-SAT variables: a start, an end and an interval per job, and the project finish."""

from __future__ import annotations

from ortools.sat.python import cp_model

from plantrack.scheduling.leveling.problem import Job, LevelingProblem


class Variables:
    """Start domains already carry release dates, latest finishes, fixed starts and window periods.

    With `soft_dates` those date rules are left out of the domains (the explanation model adds them
    as constraints that can be switched off, to name the ones that clash).
    """

    def __init__(
        self,
        model: cp_model.CpModel,
        problem: LevelingProblem,
        earliest: list[int],
        latest: list[int],
        horizon: int,
        *,
        soft_dates: bool = False,
    ) -> None:
        self.horizon = horizon
        self.start: list[cp_model.IntVar] = []
        self.end: list[cp_model.IntVar] = []
        self.interval: list[cp_model.IntervalVar] = []
        for i, job in enumerate(problem.jobs):
            lo, hi = (0, horizon) if soft_dates else (earliest[i], latest[i])
            domain = _start_domain(job, lo, hi, soft_dates)
            start = model.new_int_var_from_domain(domain, f"start_{i}")
            if job.table is None:
                end = start + job.duration
                interval = model.new_fixed_size_interval_var(start, job.duration, f"task_{i}")
                self.end.append(model.new_int_var(0, horizon + job.duration, f"end_{i}"))
                model.add(self.end[-1] == end)
            else:
                pairs = [(s, e) for s, e in sorted(job.table.items()) if domain.contains(s)]
                end_var = model.new_int_var(0, horizon + max(job.table.values(), default=0), f"end_{i}")
                model.add_allowed_assignments([start, end_var], pairs)
                size = model.new_int_var(0, max((e - s for s, e in pairs), default=0), f"size_{i}")
                interval = model.new_interval_var(start, size, end_var, f"task_{i}")
                self.end.append(end_var)
            self.start.append(start)
            self.interval.append(interval)
        self.finish = model.new_int_var(0, horizon, "finish")


def _start_domain(job: Job, lo: int, hi: int, soft_dates: bool) -> cp_model.Domain:
    if hi < lo:
        return cp_model.Domain.from_values([])
    if soft_dates or (job.windows is None and job.fixed_start is None):
        return cp_model.Domain(lo, hi)
    if job.fixed_start is not None:
        ok = lo <= job.fixed_start <= hi
        return cp_model.Domain.from_values([job.fixed_start] if ok else [])
    assert job.windows is not None
    ranges = [[max(a, lo), min(b, hi)] for a, b in sorted(job.windows) if max(a, lo) <= min(b, hi)]
    return cp_model.Domain.from_intervals(ranges)
