"""Secondary-only studies (issue 6 item 3): drawn with lower certainty, left out of the pool by
default, pooled only when asked, and the pooled rows say which. Study lists and values are read
off studies.csv (evidence_level) and survival.csv by hand."""

from __future__ import annotations

import pytest

from stats.pooled_survival import pool_survival_at
from tests.support.synthetic import EV, evidence_with, hazard_ratio
from views.filters import Filters
from views.forest import forest_view
from views.labels import Labels
from views.survival import pooled_rows, survival_view

LABELS = Labels.from_evidence(EV)
SECONDARY_WITH_OS_LANDMARKS = {"sarmiento2003", "chamber2008", "boudreaux2014"}
DEFAULT = survival_view(EV, Filters(), LABELS)
INCLUDED = survival_view(EV, Filters(), LABELS, include_secondary=True)


def pooled_at(view, year):
    return next(p for p in view.pooled if p.time_years == year)


def test_secondary_curves_are_marked():
    marked = {c.study_id for c in DEFAULT.curves if c.secondary}
    assert marked == SECONDARY_WITH_OS_LANDMARKS
    assert all("secondary source" in c.name for c in DEFAULT.curves if c.secondary)
    boudreaux = DEFAULT.readout[DEFAULT.readout["Study"].str.startswith("Boudreaux 2014")].iloc[0]
    assert boudreaux["10 y"] == "77.0% (reported, secondary source)"  # survival.csv boudreaux2014-os-10y: 0.77


def test_secondary_studies_are_left_out_of_the_pool_by_default():
    five, ten = pooled_at(DEFAULT, 5), pooled_at(DEFAULT, 10)
    assert not set(five.studies) & SECONDARY_WITH_OS_LANDMARKS
    assert set(five.secondary_left_out) == SECONDARY_WITH_OS_LANDMARKS and five.secondary_included == ()
    assert set(ten.secondary_left_out) == {"boudreaux2014"}  # the only secondary study with a 10-year value
    assert pooled_rows(DEFAULT, LABELS)[0]["Secondary-only studies"] == "3 left out"


def test_the_toggle_pools_them_and_the_rows_say_so():
    five, ten = pooled_at(INCLUDED, 5), pooled_at(INCLUDED, 10)
    # Sarmiento 2003 (Mayo, per the review table) shares Mayo Clinic with the HPB 2013 RFA series (studies.csv
    # overlap_group): the primary source stays in the pool and Sarmiento is named as left out
    assert five.k == pooled_at(DEFAULT, 5).k + 2 and ten.k == pooled_at(DEFAULT, 10).k + 1
    assert set(five.secondary_included) == {"chamber2008", "boudreaux2014"}
    assert five.overlap_left_out == (("sarmiento2003", "hpb2013rfa"),)
    assert pooled_rows(INCLUDED, LABELS)[0]["Secondary-only studies"] == "2 included"
    # the pool is what stats gives for the landmarks of survival.csv and the n of cohorts.csv
    landmarks = {
        "mdacc2010": (0.774, 172),
        "mayo2010": (0.74, 339),
        "elias2003": (0.71, 47),
        "hpb2013rfa": (0.80, 94),
        "jnets2021": (0.702, 222),
        "chamber2008": (0.74, 66),
        "boudreaux2014": (0.87, 189),
    }
    assert set(five.studies) == set(landmarks)
    expected = pool_survival_at(5.0, [s for s, _ in landmarks.values()], [n for _, n in landmarks.values()])
    assert five.estimate == pytest.approx(expected.estimate, abs=1e-9)
    assert five.patients == sum(n for _, n in landmarks.values()) == 1129


def test_secondary_estimates_never_enter_a_forest_pool():
    ev = evidence_with(
        [
            hazard_ratio("mdacc2010", 0.2, 0.2),
            hazard_ratio("mayo2010", 0.6, 0.3),
            hazard_ratio("sarmiento2003", 0.9, 0.2),
        ]
    )
    view = forest_view(ev, Filters(), LABELS, "test_factor:yes_vs_no")
    sarmiento = next(r for r in view.rows if r.study_id == "sarmiento2003")
    assert sarmiento.secondary and not sarmiento.pooled and "secondary source" in sarmiento.why_not_pooled
    assert view.pooled.k == 2
