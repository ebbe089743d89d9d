"""CP-SAT constraints, one small method per family: precedences, resources, dates, windows, finish."""

from __future__ import annotations

from typing import Any

from ortools.sat.python import cp_model

from plantrack.scheduling.leveling.problem import LevelingProblem
from plantrack.scheduling.leveling.variables import Variables
from plantrack.scheduling.model import LinkType


class Constraints:
    def __init__(self, model: cp_model.CpModel, problem: LevelingProblem, vars: Variables) -> None:
        self.model = model
        self.problem = problem
        self.vars = vars

    def _point(self, job: int, at_end: bool) -> cp_model.IntVar:
        return self.vars.end[job] if at_end else self.vars.start[job]

    def precedences(self) -> None:
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

    def resources(self, *, finish_interval: bool) -> None:
        """One cumulative per resource; absences take capacity away as fixed intervals.

        `finish_interval` adds the interval [finish, horizon) using the whole capacity: nothing runs
        after the finish, which lets the cumulative's energy reasoning push the finish bound up.
        """
        tail: cp_model.IntervalVar | None = None
        if finish_interval:
            size = self.model.new_int_var(0, self.vars.horizon, "tail_size")
            tail = self.model.new_interval_var(self.vars.finish, size, self.vars.horizon, "after_finish")
        for k, capacity in enumerate(self.problem.capacities):
            intervals: list[cp_model.IntervalVar] = []
            demands: list[int] = []
            for i, job in enumerate(self.problem.jobs):
                units = job.demands.get(k, 0)
                if units > 0:
                    intervals.append(self.vars.interval[i])
                    demands.append(units)
            if not intervals:
                continue
            for n, (start, end, units) in enumerate(self.problem.busy[k]):
                lo, hi = max(start, 0), min(end, self.vars.horizon + 1)
                if hi > lo:
                    intervals.append(self.model.new_fixed_size_interval_var(lo, hi - lo, f"absence_{k}_{n}"))
                    demands.append(min(units, capacity))
            if tail is not None:
                intervals.append(tail)
                demands.append(capacity)
            self.model.add_cumulative(intervals, demands, capacity)

    def disjunctive(self) -> int:
        """Redundant no-overlaps: tasks whose demands on one resource together exceed its capacity can
        never run side by side, so each greedy maximal clique of such tasks gets an AddNoOverlap (the
        disjunctive propagators reason on orders, which the cumulative alone does not). Returns how many.
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
                self.model.add_no_overlap([self.vars.interval[i] for i in clique])
                count += 1
        return count

    def dates(self, literals: dict[str, cp_model.IntVar] | None = None) -> None:
        """Release dates, latest finishes and must-start-on dates; with `literals` each can be switched off.

        Without literals the dates already sit in the start domains; only latest finishes of jobs whose
        length depends on their start need a constraint on the end.
        """
        for i, job in enumerate(self.problem.jobs):
            rules: list[tuple[str, Any]] = []  # bounded linear expressions
            if literals is not None:
                if job.release > 0:
                    rules.append((f"start-no-earlier-than:{job.id}", self.vars.start[i] >= job.release))
                if job.fixed_start is not None:
                    rules.append((f"must-start-on:{job.id}", self.vars.start[i] == job.fixed_start))
            if job.latest_finish is not None:
                rules.append((f"finish-by:{job.id}", self.vars.end[i] <= job.latest_finish))
            for name, rule in rules:
                constraint = self.model.add(rule)
                if literals is not None:
                    constraint.only_enforce_if(literals.setdefault(name, self.model.new_bool_var(name)))

    def windows(self, literals: dict[str, cp_model.IntVar]) -> None:
        """Window periods as switchable constraints (the normal model has them in the start domains)."""
        for i, job in enumerate(self.problem.jobs):
            if job.windows is None:
                continue
            name = f"window:{job.id}"
            lit = literals.setdefault(name, self.model.new_bool_var(name))
            choices = []
            for a, b in job.windows:
                inside = self.model.new_bool_var(f"in_{i}_{a}")
                self.model.add(self.vars.start[i] >= a).only_enforce_if(inside)
                self.model.add(self.vars.start[i] <= b).only_enforce_if(inside)
                choices.append(inside)
            self.model.add_bool_or(choices).only_enforce_if(lit)

    def finish(self) -> None:
        """The project finish is the latest end (only jobs without successors need a constraint)."""
        has_succ = {p.pred for p in self.problem.precs if p.type in (LinkType.FS, LinkType.FF) and p.lag >= 0}
        for i in range(len(self.problem.jobs)):
            if i not in has_succ:
                self.model.add(self.vars.finish >= self.vars.end[i])
