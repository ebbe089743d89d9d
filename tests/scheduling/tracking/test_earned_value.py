"""Earned value checked to the cent against a hand-worked example."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from tracking_fixtures import DayWorkTime, at, retrofit

from plantrack.scheduling.tracking.baseline import make_baseline
from plantrack.scheduling.tracking.earned_value import earned_value, planned_value
from plantrack.scheduling.tracking.plan import PlannedDates
from plantrack.scheduling.tracking.progress import fold
from plantrack.scheduling.tracking.records import ProgressRecord

PLAN = {
    "A": PlannedDates(start=at(1), finish=at(2, 16), critical=True),
    "B": PlannedDates(start=at(3), finish=at(5, 16), critical=True),
    "C": PlannedDates(start=at(8), finish=at(11, 16), critical=True),
    "M": PlannedDates(start=at(11, 16), finish=at(11, 16), critical=True),
}


def cents(x: float | Fraction) -> Fraction:
    return Fraction(round(Fraction(x) * 100), 100)


def test_hand_computed_example_to_the_cent() -> None:
    """Working days are Mon-Fri 08:00-16:00 (480 min); 1 March 2027 is a Monday.

    Baseline (costs = rate x work + fixed):
      A Design     Mon 1 - Tue 2   2d, 1 tech @40/h:   16 h x 40           =   640.00
      B Buy parts  Wed 3 - Fri 5   3d, no resource:    fixed                = 1 500.00
      C Wire       Mon 8 - Thu 11  4d, 2 elec @60/h:   64 h x 60 + 200 fixed = 4 040.00
      M Acceptance Thu 11 16:00    milestone                                 =     0.00
      BAC = 6 180.00

    Status date Thu 4 March 16:00.
      PV: A 640 (all) + B 2 of 3 days x 1 500 = 1 000 + C 0        -> PV = 1 640.00
      A finished Tue 2 12:00 with 14 h worked: EV 640, AC 14 x 40 = 560
      B started Wed 3, 50 % done, 900 spent:   EV 750, AC 900
      EV = 1 390.00, AC = 1 460.00
      SV = 1 390 - 1 640 = -250.00         CV = 1 390 - 1 460 = -70.00
      SPI = 1 390 / 1 640 = 0.8476         CPI = 1 390 / 1 460 = 0.9521
      EAC(cpi) = 6 180 / CPI = 6 180 x 1 460 / 1 390 = 6 491.22
      EAC(budget-rate) = 1 460 + 6 180 - 1 390 = 6 250.00
      EAC(cpi-spi) = 1 460 + 4 790 / (CPI x SPI) = 1 460 + 4 790 x 2 394 400 / 1 932 100
                   = 1 460 + 5 936.12 = 7 396.12
      ETC = 6 491.22 - 1 460 = 5 031.22    VAC = 6 180 - 6 491.22 = -311.22
      TCPI = (6 180 - 1 390) / (6 180 - 1 460) = 4 790 / 4 720 = 1.0148
      % complete = 1 390 / 6 180 = 22.49 %
    Earned schedule: PV reached 1 390 when A (640) and 1.5 days of B (750) were planned done, i.e. at
      Thu 4 12:00: ES = 3.5 days = 1 680 min; AT = 4 days = 1 920 min; SPI(t) = 0.875.
      PD = Mon 1 08:00 - Thu 11 16:00 = 9 days = 4 320 min; 4 320 / 0.875 = 4 937.14 -> 4 937 min
      = 10 days + 137 min after the start -> forecast finish Mon 15 March 10:17.
    """
    project = retrofit()
    wt = DayWorkTime()
    baseline = make_baseline(project, PLAN, wt, name="initial", saved_at=at(1, 7))
    costs = {t.id: t.cost for t in baseline.tasks}
    assert costs == {"A": 640.0, "B": 1500.0, "C": 4040.0, "M": 0.0}
    assert {t.id: t.work_minutes for t in baseline.tasks} == {"A": 960, "B": 0, "C": 3840, "M": 0}
    assert baseline.bac == 6180.0
    status = at(4, 16)
    records = [
        ProgressRecord(task="A", status_date=at(3), actual_start=at(1), percent_complete=60.0, hours=8.0),
        ProgressRecord(task="A", status_date=status, actual_finish=at(2, 12), hours=14.0),
        ProgressRecord(task="B", status_date=status, actual_start=at(3), percent_complete=50.0, cost=900.0),
    ]
    ev = earned_value(project, baseline, fold(records, status), wt, status)
    assert cents(ev.pv) == Fraction(164000, 100)
    assert cents(ev.ev) == Fraction(139000, 100)
    assert cents(ev.ac) == Fraction(146000, 100)
    assert cents(ev.sv) == Fraction(-25000, 100)
    assert cents(ev.cv) == Fraction(-7000, 100)
    assert ev.spi == pytest.approx(1390 / 1640, abs=1e-12)
    assert ev.cpi == pytest.approx(1390 / 1460, abs=1e-12)
    assert ev.eac_method == "cpi"
    assert cents(ev.eac) == Fraction(649122, 100)
    assert cents(ev.eac_alternatives["budget-rate"]) == Fraction(625000, 100)
    assert cents(ev.eac_alternatives["cpi-spi"]) == Fraction(739612, 100)
    assert cents(ev.etc) == Fraction(503122, 100)
    assert cents(ev.vac) == Fraction(-31122, 100)
    assert ev.tcpi == pytest.approx(4790 / 4720, abs=1e-12)
    assert round(ev.percent_complete, 2) == 22.49
    assert (ev.es_minutes, ev.at_minutes) == (1680, 1920)
    assert ev.spi_t == pytest.approx(0.875)
    assert ev.es_forecast_finish == dt.datetime(2027, 3, 15, 10, 17)


def test_planned_value_is_linear_over_working_time_only() -> None:
    """Over the weekend nothing is planned: PV at Fri 16:00 equals PV at Mon 08:00."""
    project = retrofit()
    wt = DayWorkTime()
    baseline = make_baseline(project, PLAN, wt, name="b", saved_at=at(1))
    assert planned_value(baseline, wt, at(5, 16)) == planned_value(baseline, wt, at(8, 8)) == 2140.0
    # C is 4 days of 1 010 a day: one hour into Monday is 1/32 of it
    assert planned_value(baseline, wt, at(8, 9)) == pytest.approx(2140.0 + 4040.0 / 32)
    assert planned_value(baseline, wt, at(12)) == baseline.bac


def test_nothing_spent_falls_back_to_the_budget_rate() -> None:
    project = retrofit()
    wt = DayWorkTime()
    baseline = make_baseline(project, PLAN, wt, name="b", saved_at=at(1))
    ev = earned_value(project, baseline, {}, wt, at(1))
    assert (ev.pv, ev.ev, ev.ac, ev.spi, ev.cpi, ev.spi_t) == (0.0, 0.0, 0.0, None, None, None)
    assert ev.eac_method == "budget-rate" and ev.eac == baseline.bac
