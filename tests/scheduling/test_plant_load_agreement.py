"""`plant load` and the portfolio page's load, computed apart, agree week by week on random small plants."""

from __future__ import annotations

import random

import pytest

from plantrack.scheduling.plant_load import plant_loads
from plantrack.scheduling.portfolio_load import Member, portfolio_load
from scheduling.test_plant_load import _members, _random_plant


@pytest.mark.parametrize("seed", range(12))
def test_the_two_loads_agree(seed: int) -> None:
    plant, projects = _random_plant(random.Random(seed))
    members = _members(plant, *projects)
    resolved = {r.id: r for r in members[0].project.resources}
    mine = plant_loads(members, [resolved[r.id] for r in plant.resources])
    page = portfolio_load(
        plant, [Member(key=m.name, project=m.project, schedule=m.schedule) for m in members]
    )
    for load, other in zip(mine, page.loads, strict=True):
        assert load.id == other.id
        theirs = {w.start: w for w in other.weeks}
        for week in load.weeks:
            seen = theirs[week.start]
            assert week.load_hours == pytest.approx(seen.load_hours), (seed, load.id, week.start)
            assert week.capacity_hours == pytest.approx(seen.capacity_hours), (seed, load.id, week.start)
            assert week.peak_units == pytest.approx(seen.peak_units), (seed, load.id, week.start)
            assert dict(week.by_project) == pytest.approx(
                {p.project: p.load_hours for p in seen.projects if p.load_hours}
            ), (seed, load.id, week.start)
            assert week.over == (seen.over_units > 0), (seed, load.id, week.start)
