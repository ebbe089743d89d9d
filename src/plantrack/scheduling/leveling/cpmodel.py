"""One CP-SAT model of a leveling problem: its variables, then constraints and objective, one method each."""

from __future__ import annotations

from typing import Any

from plantrack.scheduling.leveling.bounds import energy_bound
from plantrack.scheduling.leveling.problem import Job, LevelingProblem
from plantrack.scheduling.leveling.sat import cp_model
from plantrack.scheduling.model import LinkType


class LevelingModel:
    """Owns the `cp_model.CpModel`: a start, an end and an interval per job, and the project finish.

    Start domains already carry release dates, latest finishes, fixed starts and window periods. With
    `soft_dates` those date rules are left out of the domains (the explanation model adds them as
    constraints that can be switched off, to name the ones that clash). The full solve, the LNS rounds
    and the explanation each add the constraints and the objective they need, in that order.
    """

    def __init__(
        self,
        problem: LevelingProblem,
        earliest: list[int],
        latest: list[int],
        horizon: int,
        *,
        soft_dates: bool = False,
    ) -> None:
        self.model = cp_model.CpModel()
        self.problem = problem
        self.horizon = horizon
        self.start: list[cp_model.IntVar] = []
        self.end: list[cp_model.IntVar] = []
        self.interval: list[cp_model.IntervalVar] = []
        model = self.model
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

    # -- constraints --------------------------------------------------------------------------------

    def _point(self, job: int, at_end: bool) -> cp_model.IntVar:
        return self.end[job] if at_end else self.start[job]

    def add_precedences(self) -> None:
        """FS, SS, FF and SF links with lags (negative = lead)."""
        for p in self.problem.precs:
            before = self._point(p.pred, p.type in (LinkType.FS, LinkType.FF))
            after = self._point(p.succ, p.type in (LinkType.FF, LinkType.SF))
            if p.shift is None:
                self.model.add(after >= before + p.lag)
                continue
            # a working-time lag: the earliest successor point is a table of the predecessor's point
            earliest = self.model.new_int_var(min(p.shift.values()), max(p.shift.values()), "lagged")
            self.model.add_allowed_assignments([before, earliest], sorted(p.shift.items()))
            self.model.add(after >= earliest)

    def add_resources(self, *, finish_interval: bool = False) -> None:
        """One cumulative per resource; absences take capacity away as fixed intervals.

        `finish_interval` (experimental) adds the interval [finish, horizon) using the whole capacity:
        nothing runs after the finish, which lets the cumulative's energy reasoning push the finish up.
        """
        tail: cp_model.IntervalVar | None = None
        if finish_interval:
            size = self.model.new_int_var(0, self.horizon, "tail_size")
            tail = self.model.new_interval_var(self.finish, size, self.horizon, "after_finish")
        for k, capacity in enumerate(self.problem.capacities):
            intervals: list[cp_model.IntervalVar] = []
            demands: list[int] = []
            for i, job in enumerate(self.problem.jobs):
                units = job.demands.get(k, 0)
                if units > 0:
                    intervals.append(self.interval[i])
                    demands.append(units)
            if not intervals:
                continue
            for n, (start, end, units) in enumerate(self.problem.busy[k]):
                lo, hi = max(start, 0), min(end, self.horizon + 1)
                if hi > lo:
                    intervals.append(self.model.new_fixed_size_interval_var(lo, hi - lo, f"absence_{k}_{n}"))
                    demands.append(min(units, capacity))
            if tail is not None:
                intervals.append(tail)
                demands.append(capacity)
            self.model.add_cumulative(intervals, demands, capacity)

    def add_disjunctive(self) -> int:
        """Redundant no-overlaps (experimental): tasks whose demands on one resource together exceed its
        capacity can never run side by side, so each greedy maximal clique of such tasks gets an
        AddNoOverlap (the disjunctive propagators reason on orders, which the cumulative alone does
        not). Returns how many.
        """
        n = len(self.problem.jobs)
        clash: list[set[int]] = [set() for _ in range(n)]
        for k, capacity in enumerate(self.problem.capacities):
            users = [(self.problem.jobs[i].demands.get(k, 0), i) for i in range(n)]
            users = sorted((u for u in users if u[0] > 0), reverse=True)
            for a, (da, i) in enumerate(users):
                for db, j in users[a + 1 :]:
                    if da + db <= capacity:
                        break  # sorted by demand: every later task fits beside i too
                    clash[i].add(j)
                    clash[j].add(i)
        covered: set[tuple[int, int]] = set()
        count = 0
        # seeds in decreasing degree; each clique grows greedily with the most-connected compatible task
        for seed in sorted(range(n), key=lambda i: -len(clash[i])):
            for first in sorted(clash[seed], key=lambda i: -len(clash[i])):
                if (min(seed, first), max(seed, first)) in covered:
                    continue
                clique = [seed, first]
                common = clash[seed] & clash[first]
                while common:
                    nxt = max(common, key=lambda i: (len(clash[i]), -i))
                    clique.append(nxt)
                    common &= clash[nxt]
                covered.update((min(a, b), max(a, b)) for a in clique for b in clique if a != b)
                self.model.add_no_overlap([self.interval[i] for i in clique])
                count += 1
        return count

    def add_energy_bound(self) -> None:
        """finish >= earliest release + work on a resource / its capacity (experimental; fixed lengths)."""
        self.model.add(self.finish >= energy_bound(self.problem))

    def add_dates(self, literals: dict[str, cp_model.IntVar] | None = None) -> None:
        """Release dates, latest finishes and must-start-on dates; with `literals` each can be switched off.

        Without literals the dates already sit in the start domains; only latest finishes of jobs whose
        length depends on their start need a constraint on the end.
        """
        for i, job in enumerate(self.problem.jobs):
            rules: list[tuple[str, Any]] = []  # bounded linear expressions
            if literals is not None:
                if job.release > 0:
                    rules.append((f"start-no-earlier-than:{job.id}", self.start[i] >= job.release))
                if job.fixed_start is not None:
                    rules.append((f"must-start-on:{job.id}", self.start[i] == job.fixed_start))
            if job.latest_finish is not None:
                rules.append((f"finish-by:{job.id}", self.end[i] <= job.latest_finish))
            for name, rule in rules:
                constraint = self.model.add(rule)
                if literals is not None:
                    constraint.only_enforce_if(literals.setdefault(name, self.model.new_bool_var(name)))

    def add_windows(self, literals: dict[str, cp_model.IntVar]) -> None:
        """Window periods as switchable constraints (the normal model has them in the start domains)."""
        for i, job in enumerate(self.problem.jobs):
            if job.windows is None:
                continue
            name = f"window:{job.id}"
            lit = literals.setdefault(name, self.model.new_bool_var(name))
            choices = []
            for a, b in job.windows:
                inside = self.model.new_bool_var(f"in_{i}_{a}")
                self.model.add(self.start[i] >= a).only_enforce_if(inside)
                self.model.add(self.start[i] <= b).only_enforce_if(inside)
                choices.append(inside)
            self.model.add_bool_or(choices).only_enforce_if(lit)

    def add_finish(self) -> None:
        """The project finish is the latest end (only jobs without successors need a constraint)."""
        has_succ = {p.pred for p in self.problem.precs if p.type in (LinkType.FS, LinkType.FF) and p.lag >= 0}
        for i in range(len(self.problem.jobs)):
            if i not in has_succ:
                self.model.add(self.finish >= self.end[i])

    def add_order(self, before: int, after: int) -> None:
        """Job `after` starts once job `before` has ended (an order kept from a plan)."""
        self.model.add(self.start[after] >= self.end[before])

    def assume(self, literals: dict[str, cp_model.IntVar]) -> None:
        """The switchable rules hold unless the solver names them in an infeasibility core."""
        self.model.add_assumptions(list(literals.values()))

    def cap_finish(self, value: int) -> None:
        """No plan longer than `value` (a plan that long is known)."""
        self.model.add(self.finish <= value)

    def keep(self, goal: cp_model.LinearExprT, value: int) -> None:
        """The objective of an earlier stage stays at `value` or better."""
        self.model.add(goal <= value)

    # -- objectives ---------------------------------------------------------------------------------

    def minimize_finish(self) -> cp_model.LinearExprT:
        self.model.minimize(self.finish)
        return self.finish

    def minimize_lateness(self) -> cp_model.LinearExprT:
        """Sum of priority-weighted lateness of the jobs that carry a deadline."""
        terms: list[cp_model.LinearExprT] = []
        for i, job in enumerate(self.problem.jobs):
            if job.deadline is None:
                continue
            late = self.model.new_int_var(0, max(self.horizon * 2, 1), f"late_{i}")
            self.model.add(late >= self.end[i] - job.deadline)
            terms.append(job.weight * late)
        goal: cp_model.LinearExprT = sum(terms) if terms else 0
        self.model.minimize(goal)
        return goal

    def minimize_deviation(self, reference: dict[int, int]) -> cp_model.LinearExprT:
        """Total distance of the starts from a reference plan (stability: move as little as possible)."""
        terms: list[cp_model.LinearExprT] = []
        for i, ref in sorted(reference.items()):
            dev = self.model.new_int_var(0, max(self.horizon, abs(ref)) * 2, f"dev_{i}")
            self.model.add(dev >= self.start[i] - ref)
            self.model.add(dev >= ref - self.start[i])
            terms.append(dev)
        goal: cp_model.LinearExprT = sum(terms) if terms else 0
        self.model.minimize(goal)
        return goal

    def minimize_finish_then_ends(self, span: int) -> None:
        """The finish first, then the sum of ends: equal-finish plans still pull tasks left."""
        self.model.minimize(self.finish * (len(self.start) * (span + 1) + 1) + sum(self.end))

    # -- hints and answers --------------------------------------------------------------------------

    def hint(self, starts: list[int], *, replace: bool = False) -> None:
        """A plan the search starts from; `replace` drops the hint given before."""
        if replace:
            self.model.clear_hints()  # type: ignore[no-untyped-call]
        for i, s in enumerate(starts):
            self.model.add_hint(self.start[i], s)

    def starts(self, solver: cp_model.CpSolver) -> list[int]:
        """The starts of the solver's plan."""
        return [solver.value(v) for v in self.start]


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
