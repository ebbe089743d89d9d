"""The leveler's options: the measured defaults, and the levers measured as no better kept apart."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True, kw_only=True)
class Experimental:
    """Levers measured alone and found no better than the defaults (BENCHMARKS.md, Leveling): all off.

    Kept so that the benchmarks (`bench/leveling/levers.py`) can measure them again; no command-line
    option reaches them.
    """

    # own large-neighbourhood search between two full solves (objective "finish"): it cuts the full
    # solve's time (J30 proofs at 1 s) for no clear J60 gain
    lns: bool = False
    # our LNS on a thread beside a full solve that gets the other cores (objective "finish", 2+ cores):
    # measured worse than CP-SAT's own LNS workers
    lns_thread: bool = False
    # redundant no-overlaps over cliques of tasks that cannot run together: no gain beyond the noise
    disjunctive: bool = False
    # finish >= earliest release + work on a resource / its capacity: lost on J60
    energy_bound: bool = False
    # redundant [finish, horizon) interval in every cumulative: measured to hurt on J60
    finish_interval: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class CpOptions:
    """Modelling levers, each measured alone in the benchmark (defaults: the measured best)."""

    hint: bool = True  # the heuristic's plan as a solution hint
    cut_horizon: bool = True  # horizon = the heuristic's finish (objective "finish" only)
    # CP-SAT workers per core when more than one core is allowed (one worker stays one worker, for
    # reproducible plans): 2 = on 2 cores, 4 workers of which one full search and three interleaved
    # LNS; 1 = one worker per core, CP-SAT's own split (half of them full searches on 2 cores)
    workers_per_core: int = 2
    # compiled genetic searches on genetic_threads threads beside CP-SAT (objective "finish", fixed
    # lengths, 2+ cores, plans above proof_first_jobs), which then runs genetic_cp_workers workers, one
    # of them the full search (the bound): on 2 cores two searches and one worker measured best
    genetic: bool = True
    genetic_threads: int = 2
    genetic_cp_workers: int = 1
    genetic_migrate: bool = True  # searches take in each other's better plans (else CP-SAT's only)
    # the second search runs on the plan read from its end (a bi-population: the mirror's lists and
    # justified plans differ from the forward search's), where that is the same problem
    genetic_mirrored: bool = False
    # shifts a search tries on its best list at each restart, hill climbing (plans above
    # proof_first_jobs): 160 measured better than none on RS 0.2 J90 (BENCHMARKS.md)
    genetic_climb: int = 160
    # chance per child of the peak crossover instead of the two-point one, and its window's longest
    # length as a share of the mother's makespan (genetic.Settings.peak, peak_width; plans above
    # proof_first_jobs): off, no better than the two-point one at equal work (BENCHMARKS.md)
    genetic_peak: float = 0.0
    genetic_peak_width: float = 0.3
    # beside the genetic searches (plans above proof_first_jobs), CP-SAT's full search is stopped once
    # its bound has not risen for this many seconds, and the searches get its core until the limit
    # (stall.py); 0: it runs to the limit, as measured no worse than 2 s on RS 0.2 J90 (BENCHMARKS.md)
    cp_stall_s: float = 0.0
    # a large-neighbourhood search on the critical chain (chain.py) on one more thread beside the
    # genetic searches, sharing their incumbent (plans above proof_first_jobs); chain_lns_work is each
    # sub-solve's deterministic limit. Off: measured no better
    # (0.27 points better on eight hard RS 0.2 J90 instances, but worse on the RS 0.2 J90 sample: 0.20
    # loaded, 0.12 on a quiet machine; BENCHMARKS.md)
    chain_lns: bool = False
    chain_lns_work: float = 0.05
    # plans of at most this many jobs keep one worker per core (two full searches on 2 cores): there
    # proofs decide, and small problems are proven in time (J30: BENCHMARKS.md, fourth round)
    proof_first_jobs: int = 40
    # on those plans one search runs beside the two full searches for at most this many generations
    # (0: none); it finds plans CP-SAT needs most of 10 s for (J30's j3013_5) in a second or less
    small_search_generations: int = 200
    parameters: dict[str, object] = field(default_factory=dict)  # extra CP-SAT parameters
    tight_domains: bool = True  # start domains cut to [earliest start, latest start] from the CPM passes
    # warm start: SGS passes × jobs per second of limit (0 = the fixed default of about 60 passes)
    heuristic_work_per_s: int = 0
    # plans of at least this many jobs (objective "finish", fixed lengths) get the warm start's four
    # passes decoded by the compiled kernels: the Python passes take seconds there (10,000 tasks: 9 s),
    # the kernels a fraction of one; below it the Python passes stay (PSPLIB's measured defaults)
    compiled_warm_start_jobs: int = 1000
    # a warm start already at the lower bound is returned as the proven optimum without a CP-SAT run
    shortcut: bool = True
    experimental: Experimental = field(default_factory=Experimental)

    def proves_first(self, jobs: int) -> bool:
        """A plan this small keeps CP-SAT's full searches on the cores (one short search beside)."""
        return jobs <= self.proof_first_jobs
