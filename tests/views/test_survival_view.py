"""The Survival page's numbers: pooled 5- and 10-year OS across primary series (issue 6)."""

from __future__ import annotations

import evidence
from views.filters import Filters
from views.labels import Labels
from views.survival import survival_view

EV = evidence.load()
VIEW = survival_view(EV, Filters(), Labels.from_evidence(EV))


def test_pooled_5_and_10_year_os_rest_on_the_primary_series_only():
    pooled = {p.time_years: p for p in VIEW.pooled}
    assert {5.0, 10.0} <= set(pooled)
    # whole-cohort OS landmarks with a stated n at 5 and 10 years, as reported (further_studies.md §1, §2, §4, §9; seed 001)
    assert set(pooled[10.0].studies) == {"mdacc2010", "mayo2010", "elias2003", "hpb2013rfa", "jnets2021"}
    assert not set(pooled[5.0].studies) & {"sarmiento2003", "chamber2008", "boudreaux2014"}  # secondary-only: never pooled
    reported_10y = [0.504, 0.51, 0.35, 0.59, 0.434]
    assert min(reported_10y) < pooled[10.0].estimate < max(reported_10y)
    assert pooled[10.0].ci_lower < pooled[10.0].estimate < pooled[10.0].ci_upper
    assert pooled[10.0].i2 > 50  # 35% to 59% at 10 years: the series disagree, and the view says so


def test_readout_marks_reported_and_derived_values():
    mdacc = VIEW.readout[VIEW.readout["Study"] == "MD Anderson 2010 †"].iloc[0]
    assert mdacc["5 y"] == "77.4% (reported)" and mdacc["10 y"] == "50.4% (reported)"
    assert mdacc["3 y"].endswith("(derived: interpolated)")
    assert VIEW.readout[VIEW.readout["Study"] == "Cheung 2014"].iloc[0]["5 y"] == "— (beyond reported data)"
