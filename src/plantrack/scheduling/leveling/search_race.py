"""The genetic searches beside CP-SAT: started where they apply, stopped and joined on the way out."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from plantrack.scheduling.leveling import decodable
from plantrack.scheduling.leveling.bounds import EarlyPass, resource_free_bound
from plantrack.scheduling.leveling.incumbent import Incumbent, Running
from plantrack.scheduling.leveling.options import CpOptions
from plantrack.scheduling.leveling.problem import LevelingProblem


@contextmanager
def search_beside(
    problem: LevelingProblem,
    early: EarlyPass,
    *,
    by_lateness: bool,
    reference: bool,
    workers: int,
    seed: int,
    time_limit: float,
    options: CpOptions,
) -> Iterator[Running | None]:
    """Start the genetic searches on their threads where they apply (objective "finish" without a
    stability stage, plans they can decode, two or more cores); stop and join them on the way out.

    Plans of at most `proof_first_jobs` jobs get one search for `small_search_generations` at most:
    there CP-SAT's full searches keep the cores, the search only brings the plans they are slow to find.
    Larger plans get the critical-chain LNS on one more thread with `chain_lns`.
    """
    running: Running | None = None
    cores = workers or os.cpu_count() or 1
    wanted = options.genetic and cores > 1 and not by_lateness and not reference
    small = options.proves_first(len(problem.jobs))
    if wanted and (not small or options.small_search_generations > 0) and decodable.applicable(problem):
        from plantrack.scheduling.leveling import genetic  # numba: 0.3 s of imports, only when it runs

        shared = Incumbent()
        bound = shared.bound = resource_free_bound(problem, early)
        running = (
            shared,
            [
                # several searches differ by their seed only, and meet through the shared incumbent
                genetic.beside(
                    problem,
                    early,
                    shared,
                    time_limit=time_limit,
                    seed=seed + k,
                    bound=bound,
                    source=f"search{k}",
                    migrate=options.genetic_migrate,
                    generations=options.small_search_generations if small else None,
                    mirrored=options.genetic_mirrored and k % 2 == 1,
                    # small plans keep the search that brings J30's late optima unchanged
                    settings=(
                        genetic.Settings()
                        if small
                        else genetic.Settings(
                            climb=options.genetic_climb,
                            peak=options.genetic_peak,
                            peak_width=options.genetic_peak_width,
                        )
                    ),
                )
                for k in range(1 if small else max(1, options.genetic_threads))
            ],
        )
        if options.chain_lns and not small:
            from plantrack.scheduling.leveling import chain  # an option, off: loaded only when asked for

            running[1].append(
                chain.beside(
                    problem,
                    early,
                    shared,
                    time_limit=time_limit,
                    seed=seed,
                    bound=bound,
                    work=options.chain_lns_work,
                )
            )
    try:
        yield running
    finally:
        if running is not None:
            running[0].done = True
            for thread in running[1]:
                thread.join()
