"""How the CP-SAT workers are split by problem size: small plans search for proofs, large ones for plans."""

from __future__ import annotations

from pathlib import Path

import pytest
from leveling_builders import SAFETY_S, plan_of
from validator import violations

from plantrack.formats.psplib import load_psplib
from plantrack.scheduling.leveling import CpOptions, level
from plantrack.scheduling.leveling import solver as solver_module


@pytest.mark.slow
@pytest.mark.parametrize(
    ("instance", "jobs_limit", "per_core"), [("j30/j3013_1.sm", 40, 1), ("j30/j3013_1.sm", 20, 2)]
)
def test_small_plans_keep_one_worker_per_core(
    shared_data: Path, monkeypatch: pytest.MonkeyPatch, instance: str, jobs_limit: int, per_core: int
) -> None:
    seen: list[int] = []
    real = solver_module._solver

    def spy(time_limit: float, workers: int, seed: int, options: CpOptions, **kw: bool) -> object:
        seen.append(options.workers_per_core)
        return real(time_limit, workers, seed, options, **kw)

    monkeypatch.setattr(solver_module, "_solver", spy)
    project = load_psplib(shared_data / "psplib" / instance)
    options = CpOptions(
        shortcut=False, proof_first_jobs=jobs_limit, parameters={"max_deterministic_time": 2.0}
    )
    result = level(project, time_limit=SAFETY_S, workers=2, options=options)
    assert seen and set(seen) == {per_core}
    assert result.bound <= 58 <= result.objective  # j3013_1's proven optimum is 58
    assert violations(project, plan_of(result)) == []
