"""Monte Carlo: degenerate cases against exact values, distributions against independent quantiles."""

from __future__ import annotations

import datetime as dt
import math
import random

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builders import link, milestone, plan, task
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.model import Calendar, Estimate, Link, LinkType, Project, Task, TimeRange
from plantrack.scheduling.risk.montecarlo import (
    CHUNK_CELLS,
    Distribution,
    average_ranks,
    monte_carlo,
    simulate,
)
from plantrack.scheduling.risk.pert import pert, risk_network

START = dt.datetime(2027, 3, 1, 0, 0)


#: Every minute is working time: working minutes are plain minutes after the project start.
ALWAYS = Calendar(id="always", weekdays=tuple(range(7)), hours=(TimeRange(start=0, end=24 * 60),))


def est(o: int, m: int, p: int) -> Estimate:
    return Estimate(
        optimistic=Duration(minutes=o), likely=Duration(minutes=m), pessimistic=Duration(minutes=p)
    )


def project_of(tasks: list[Task], links: list[Link] = (), **kw: object) -> Project:  # type: ignore[assignment]
    return plan(
        name="p",
        start=START,
        calendar=ALWAYS.id,
        calendars=(ALWAYS,),
        tasks=tuple(tasks),
        links=tuple(links),
        **kw,  # type: ignore[arg-type]
    )


def relaxed_finish(project: Project) -> float:
    """Independent deterministic schedule: relax every link in file order until nothing moves.

    Bellman-Ford style, blind to topological order (links on leaf tasks only).
    """
    d = {t.id: float(t.planned_duration().minutes) for t in project.tasks}  # type: ignore[union-attr]
    start = dict.fromkeys(d, 0.0)
    changed = True
    while changed:
        changed = False
        for dep in project.links:
            p, s, lag = dep.predecessor, dep.successor, dep.lag.minutes
            bound = {
                LinkType.FS: start[p] + d[p] + lag,
                LinkType.SS: start[p] + lag,
                LinkType.FF: start[p] + d[p] + lag - d[s],
                LinkType.SF: start[p] + lag - d[s],
            }[dep.type]
            if bound > start[s]:
                start[s], changed = bound, True
    return max(start[t] + d[t] for t in d)


@st.composite
def random_dag(draw: st.DrawFn) -> Project:
    n = draw(st.integers(2, 12))
    tasks = [Task(id=f"t{i}", estimate=est(*(3 * [draw(st.integers(0, 50))]))) for i in range(n)]
    links = []
    for s in range(1, n):
        for p in draw(st.lists(st.integers(0, s - 1), max_size=3, unique=True)):
            kind = draw(st.sampled_from(list(LinkType)))
            links.append(
                Link(
                    predecessor=f"t{p}",
                    successor=f"t{s}",
                    type=kind,
                    lag=Duration(minutes=draw(st.integers(-20, 30))),
                )
            )
    order = draw(st.permutations(range(n)))
    return project_of([tasks[i] for i in order], links)


@settings(max_examples=60, deadline=None)
@given(random_dag())
def test_zero_variance_equals_the_deterministic_schedule(project: Project) -> None:
    result = monte_carlo(project, runs=16, seed=1)
    expected = relaxed_finish(project)
    for minutes in result.project.percentile_minutes.values():
        assert minutes == pytest.approx(expected)
    assert result.project.std_minutes == 0
    # every task on a critical chain in one run is so in all runs (nothing varies)
    assert {t.criticality for t in result.tasks} <= {0.0, 1.0}
    assert any(t.criticality == 1.0 for t in result.tasks)


def test_zero_variance_marks_every_tied_chain_critical() -> None:
    tasks = [Task(id=i, estimate=est(60, 60, 60)) for i in ("a", "b", "c", "d")]
    links = [link("a", "b"), link("c", "d")]
    result = monte_carlo(project_of([*tasks, task("e", Duration(minutes=30))], links))
    crit = {t.id: t.criticality for t in result.tasks}
    assert crit == {"a": 1.0, "b": 1.0, "c": 1.0, "d": 1.0, "e": 0.0}


def beta_pert_quantile(a: float, m: float, b: float, q: float) -> float:
    """Quantile of the beta-PERT distribution by integrating its density (midpoint rule) and bisecting."""
    alpha, beta = 1 + 4 * (m - a) / (b - a), 1 + 4 * (b - m) / (b - a)
    log_norm = math.lgamma(alpha + beta) - math.lgamma(alpha) - math.lgamma(beta)
    steps = 200_000
    h = 1 / steps
    cdf, x = 0.0, 0.0
    for i in range(steps):
        x = (i + 0.5) * h
        cdf += math.exp(log_norm + (alpha - 1) * math.log(x) + (beta - 1) * math.log(1 - x)) * h
        if cdf >= q:
            break
    return a + (b - a) * x


def test_single_task_beta_quantiles() -> None:
    """o=60, m=120, p=300 minutes: alpha = 2, beta = 5; P50/P80/P95 of a + (b-a)*Beta(2, 5)."""
    result = monte_carlo(project_of([Task(id="x", estimate=est(60, 120, 300))]), runs=200_000)
    for q in (50, 80, 95):
        assert result.project.percentile_minutes[q] == pytest.approx(
            beta_pert_quantile(60, 120, 300, q / 100), abs=1.0
        )
    assert result.project.mean_minutes == pytest.approx((60 + 4 * 120 + 300) / 6, abs=0.5)
    # dates are the minute quantiles rounded up to whole working minutes
    p80 = result.project.percentile_minutes[80]
    assert result.project.percentiles[80] == START + dt.timedelta(minutes=math.ceil(p80))


def test_single_task_triangular_quantiles_closed_form() -> None:
    """Triangular (a, c, b) = (0, 100, 400): F(x) = x^2/(a..) below c, so x_q = b - sqrt((1-q)(b-a)(b-c))
    above F(c) = 0.25, and sqrt(q (b-a)(c-a)) below it."""
    result = monte_carlo(
        project_of([Task(id="x", estimate=est(0, 100, 400))]),
        runs=200_000,
        distribution=Distribution.TRIANGULAR,
    )
    for q in (0.5, 0.8, 0.95):
        exact = 400 - math.sqrt((1 - q) * 400 * 300)
        assert result.project.percentile_minutes[round(q * 100)] == pytest.approx(exact, abs=1.5)
    assert result.project.mean_minutes == pytest.approx(500 / 3, abs=0.5)


def test_seed_reproduces_and_changes_the_figures() -> None:
    proj = project_of(
        [Task(id="a", estimate=est(10, 20, 90)), Task(id="b", estimate=est(5, 40, 50))],
        [link("a", "b", "SS", Duration(minutes=5))],
    )
    first = monte_carlo(proj, runs=500, seed=7)
    assert monte_carlo(proj, runs=500, seed=7) == first
    assert monte_carlo(proj, runs=500, seed=8).project.mean_minutes != first.project.mean_minutes


def test_criticality_single_chain_and_parallel_branches() -> None:
    chain = project_of(
        [Task(id=i, estimate=est(10, 20, 60)) for i in "abc"],
        [link("a", "b"), link("b", "c")],
    )
    assert {t.criticality for t in monte_carlo(chain, runs=2000).tasks} == {1.0}
    # start -> (x1 -> x2 | y1 -> y2) -> end, both branches identical
    tasks = [task("s", Duration(minutes=30)), task("end", Duration(minutes=30))]
    tasks += [Task(id=i, estimate=est(10, 20, 60)) for i in ("x1", "x2", "y1", "y2")]
    links = [link(p, s) for p, s in [("s", "x1"), ("x1", "x2"), ("x2", "end")]]
    links += [link(p, s) for p, s in [("s", "y1"), ("y1", "y2"), ("y2", "end")]]
    crit = {t.id: t.criticality for t in monte_carlo(project_of(tasks, links), runs=20_000).tasks}
    assert crit["s"] == crit["end"] == 1.0
    for branch in ("x1", "x2", "y1", "y2"):
        assert crit[branch] == pytest.approx(0.5, abs=0.02)
    assert crit["x1"] + crit["y1"] == pytest.approx(1.0)  # exactly one branch drives each run


def test_sensitivity_ranks_the_widest_task_first() -> None:
    tasks = [
        Task(id="narrow", estimate=est(90, 100, 110)),
        Task(id="wide", estimate=est(20, 100, 400)),
        Task(id="medium", estimate=est(60, 100, 180)),
        task("fixed", Duration(minutes=50)),
    ]
    links = [link("narrow", "wide"), link("wide", "medium")]
    links.append(link("medium", "fixed"))
    result = monte_carlo(project_of(tasks, links), runs=5000)
    assert [t.id for t in result.sensitivity_ranking()] == ["wide", "medium", "narrow"]
    assert {t.id: t.sensitivity for t in result.tasks}["fixed"] is None


def spearman_by_formula(x: list[float], y: list[float]) -> float:
    """rho = 1 - 6 sum d^2 / (n (n^2 - 1)) for untied ranks."""
    n = len(x)
    rank_x = {v: i for i, v in enumerate(sorted(x))}
    rank_y = {v: i for i, v in enumerate(sorted(y))}
    d2 = sum((rank_x[a] - rank_y[b]) ** 2 for a, b in zip(x, y, strict=True))
    return 1 - 6 * d2 / (n * (n**2 - 1))


def test_sensitivity_equals_spearman_of_an_independent_sample() -> None:
    """Two tasks in series, (0, 10, 100) and (0, 50, 60): rho of each with the sum, from numpy's own
    beta generator and the textbook rank formula, against the engine."""
    rng = np.random.default_rng(99)
    n = 20_000
    x = list(100 * rng.beta(1 + 4 * 10 / 100, 1 + 4 * 90 / 100, n))
    y = list(60 * rng.beta(1 + 4 * 50 / 60, 1 + 4 * 10 / 60, n))
    total = [a + b for a, b in zip(x, y, strict=True)]
    tasks = [Task(id="x", estimate=est(0, 10, 100)), Task(id="y", estimate=est(0, 50, 60))]
    result = monte_carlo(project_of(tasks, [link("x", "y")]), runs=n)
    rho = {t.id: t.sensitivity for t in result.tasks}
    assert rho["x"] == pytest.approx(spearman_by_formula(x, total), abs=0.015)
    assert rho["y"] == pytest.approx(spearman_by_formula(y, total), abs=0.015)


def test_average_ranks_share_ties() -> None:
    assert list(average_ranks(np.array([5.0, 1.0, 5.0, 3.0]))) == [2.5, 0.0, 2.5, 1.0]


def test_large_plans_run_in_chunks_with_the_same_figures_shape() -> None:
    """More cells than one chunk holds: several chunks, and every run is still counted once."""
    tasks = [Task(id=f"t{i}", estimate=est(10, 20, 40)) for i in range(50)]
    links = [link(f"t{i}", f"t{i + 1}") for i in range(49)]
    net = risk_network(project_of(tasks, links))
    runs = CHUNK_CELLS // 50 * 2 + 7
    sim = simulate(net, runs=runs, seed=3)
    assert sim.finish.shape == (runs,) and (sim.finish > 0).all()
    assert list(sim.criticality) == [1.0] * 50
    assert sim.finish.mean() == pytest.approx(50 * (10 + 80 + 40) / 6, rel=2e-3)


def test_simulated_chain_matches_pert_and_deadline_odds() -> None:
    """A chain of 30 equal tasks: the finish is near normal (CLT), so PERT and the simulation agree."""
    tasks = [Task(id=f"t{i}", estimate=est(60, 100, 200)) for i in range(30)]
    links = [link(f"t{i}", f"t{i + 1}") for i in range(29)]
    due = START + dt.timedelta(minutes=3300)
    proj = project_of(tasks, links, finish=due)
    analytic = pert(proj).project
    simulated = monte_carlo(proj, runs=20_000, seed=5).project
    assert simulated.mean_minutes == pytest.approx(analytic.expected_minutes, rel=2e-3)
    assert simulated.probability == pytest.approx(analytic.probability, abs=0.02)


def test_milestone_and_summary_targets() -> None:
    tasks = [
        Task(id="phase"),
        Task(id="a", estimate=est(10, 20, 30), parent="phase"),
        Task(id="b", estimate=est(10, 20, 30), parent="phase"),
        milestone("gate", deadline=START + dt.timedelta(minutes=25)),
        task("after", Duration(minutes=10)),
    ]
    links = [
        link("phase", "gate"),
        link("a", "b", "SS"),
        link("gate", "after"),
    ]
    result = monte_carlo(project_of(tasks, links), runs=4000)
    (gate,) = result.targets
    # gate = max(a, b) of two independent beta(3, 3) on [10, 30] (b starts with a): P = F(25)^2
    f25 = sum(math.comb(5, k) * 0.75**k * 0.25 ** (5 - k) for k in range(3, 6))
    assert gate.probability == pytest.approx(f25**2, abs=0.03)
    assert [t.id for t in result.tasks] == ["a", "b", "gate", "after"]


def test_simulate_network_forward_pass_over_networkx_longest_path() -> None:
    """FS-only random network with fixed durations: the finish equals networkx's longest path."""
    rng = random.Random(11)
    graph = nx.gnp_random_graph(40, 0.1, seed=11, directed=True)
    dag = nx.DiGraph([(u, v) for u, v in graph.edges if u < v])
    dag.add_nodes_from(range(40))
    d = {i: rng.randint(0, 100) for i in range(40)}
    proj = project_of(
        [task(f"n{i}", Duration(minutes=d[i])) for i in range(40)],
        [link(f"n{u}", f"n{v}") for u, v in dag.edges],
    )
    for u, v in list(dag.edges):
        dag[u][v]["w"] = d[u]
    for i in range(40):  # a sink per node carries its own duration
        dag.add_edge(i, ("end", i), w=d[i])
    longest = nx.dag_longest_path_length(dag, weight="w")
    sim = simulate(risk_network(proj), runs=3)
    assert list(sim.finish) == [longest] * 3


def test_window_bound_task_waits_for_the_next_stop() -> None:
    """Plant calendar Mon-Fri 08-12/13-17 from Monday 2027-03-01 08:00; the crew works round the clock.

    A (2d, 3d, 9d) -> W (10 h on the crew calendar, bound to the weekend stops Fri 20:00 - Mon 06:00 of
    5-8 and 12-15 March) -> B (1 day). W takes the first stop when A is done by Friday 17:00, i.e.
    A <= 5 days: (5 - 2)/(9 - 2) = 3/7 of the beta(1 + 4/7, 1 + 24/7) range. B then finishes Monday
    8 March 17:00, else Monday 15 March 17:00. A window with the first stop alone is missed in the
    other runs.
    """
    from plantrack.scheduling.model import Period, Window

    stops = tuple(
        Period(start=dt.datetime(2027, 3, d, 20, 0), end=dt.datetime(2027, 3, d + 3, 6, 0)) for d in (5, 12)
    )
    day = 480
    tasks = [
        Task(id="A", estimate=est(2 * day, 3 * day, 9 * day)),
        task("W", Duration(minutes=600), window="stops", calendar="crew"),
        task("B", Duration(minutes=day)),
    ]
    links = [link("A", "W"), link("W", "B")]
    crew = Calendar(id="crew", weekdays=tuple(range(7)), hours=(TimeRange(start=0, end=24 * 60),))
    project = plan(
        name="p",
        start=dt.datetime(2027, 3, 1, 8, 0),
        finish=dt.datetime(2027, 3, 8, 17, 0),
        calendars=(crew,),
        windows=(Window(id="stops", periods=stops),),
        tasks=tuple(tasks),
        links=tuple(links),
    )
    result = monte_carlo(project, runs=20_000)
    on_time = beta_cdf(1 + 4 / 7, 1 + 24 / 7, 3 / 7)
    assert result.project.probability == pytest.approx(on_time, abs=0.015)
    finishes = {result.project.percentiles[q] for q in (50, 80, 95)}
    assert finishes <= {dt.datetime(2027, 3, 8, 17, 0), dt.datetime(2027, 3, 15, 17, 0)}
    assert {t.id: t.window_missed for t in result.tasks} == {"A": 0.0, "W": 0.0, "B": 0.0}
    # PERT with expected durations: A = 3.67 days, so the first stop; W's date comes from the window
    analytic = pert(project)
    assert analytic.project.expected_finish == dt.datetime(2027, 3, 8, 17, 0)
    assert analytic.project.chain == ("W", "B") and analytic.project.std_minutes == 0
    one_stop = plan(
        name="p",
        start=project.start,
        calendars=(crew,),
        windows=(Window(id="stops", periods=stops[:1]),),
        tasks=tuple(tasks),
        links=tuple(links),
    )
    missed = {t.id: t.window_missed for t in monte_carlo(one_stop, runs=20_000).tasks}
    assert missed["W"] == pytest.approx(1 - on_time, abs=0.015)


def beta_cdf(alpha: float, beta: float, x: float, steps: int = 100_000) -> float:
    """Regularised incomplete beta by the midpoint rule (alpha, beta >= 1: a bounded density)."""
    norm = math.lgamma(alpha + beta) - math.lgamma(alpha) - math.lgamma(beta)
    h = x / steps
    total = 0.0
    for i in range(steps):
        u = (i + 0.5) * h
        total += math.exp(norm + (alpha - 1) * math.log(u) + (beta - 1) * math.log(1 - u))
    return total * h


@st.composite
def calendar_plan(draw: st.DrawFn) -> Project:
    """Random single-calendar plans: every link type, working lags and leads, fixed three-point estimates."""
    n = draw(st.integers(2, 10))
    tasks = []
    for i in range(n):
        minutes = draw(st.integers(0, 3000))
        if draw(st.booleans()):
            tasks.append(Task(id=f"t{i}", estimate=est(minutes, minutes, minutes)))
        else:
            tasks.append(task(f"t{i}", Duration(minutes=minutes)))
    links = []
    for s in range(1, n):
        for p in draw(st.lists(st.integers(0, s - 1), max_size=2, unique=True)):
            lag = Duration(minutes=draw(st.sampled_from([0, 0, 60, 480, -240])))
            links.append(
                Link(
                    predecessor=f"t{p}",
                    successor=f"t{s}",
                    type=draw(st.sampled_from(list(LinkType))),
                    lag=lag,
                )
            )
    return plan(name="p", start=dt.datetime(2027, 3, 4, 8, 0), tasks=tuple(tasks), links=tuple(links))


@settings(max_examples=40, deadline=None)
@given(calendar_plan())
def test_zero_variance_matches_cpm_on_the_project_calendar(project: Project) -> None:
    from plantrack.scheduling.cpm import cpm

    finish = cpm(project).finish_at
    assert set(monte_carlo(project, runs=8).project.percentiles.values()) == {finish}
    assert pert(project).project.expected_finish == finish


def test_big_plans_sample_from_shared_shape_tables_as_from_each_tasks_own() -> None:
    # a plan with many sampled tasks reads quantiles from tables shared across simulations (one per
    # tabulated shape, interpolated); they must agree with integrating each task's own beta density
    from plantrack.scheduling.risk import montecarlo as mc

    rng = np.random.default_rng(7)
    n = mc._SHAPES + 100
    low = rng.uniform(0.0, 500.0, n)
    mode = low + rng.uniform(0.0, 300.0, n)
    high = mode + rng.uniform(1.0, 300.0, n)
    mode[:3] = (low[0], high[1], (low[2] + high[2]) / 2)  # the ends and a tabulated shape exactly
    u = rng.uniform(0.0, 1.0, (n, 50))
    sampled = mc.duration_sampler(low, mode, high, mc.Distribution.BETA)(u)
    shape = (mode - low) / (high - low)
    own = mc._beta_quantile_tables(1 + mc.PERT_LAMBDA * shape, 1 + mc.PERT_LAMBDA * (1 - shape))
    grid = np.linspace(0.0, 1.0, mc._GRID)
    expected = np.array(
        [lo + (hi - lo) * np.interp(p, grid, q) for lo, hi, p, q in zip(low, high, u, own, strict=True)]
    )
    assert np.abs(sampled - expected).max() < 2e-6 * (high - low).max()
    assert np.all((sampled >= low[:, None] - 1e-9) & (sampled <= high[:, None] + 1e-9))
