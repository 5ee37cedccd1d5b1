"""Pooled survival against metafor (one time point) and metaSurvival's msurv (whole curve).

* os5_landmarks.csv: five cohorts' 5-year survival, n and number at risk (constructed); the
  expected numbers are metafor fits on the arcsine values computed in R (calls quoted below).
* msurv_example.csv / msurv_reference.csv: metaSurvival 0.1.0's msurv() — its published R source
  run in R 4.2, since the package is not installable here (its README prints output only for
  an example data set that is not available as text). Deterministic parts only (Greenwood CIs).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from stats.pooled_survival import pool_survival_at, summary_survival_curve

REF = Path(__file__).resolve().parents[1] / "reference"
OS5 = pd.read_csv(REF / "os5_landmarks.csv", comment="#")
PRINTED = 5e-5  # 4 decimals; REML stops at |Δτ²| < 1e-5 in metafor
CLOSED_FORM = 1e-8  # DL: same closed form, floating point only


@pytest.mark.parametrize(
    "method, expected, tolerance",
    [
        # yi <- asin(sqrt((n*s + 0.25)/(n + 0.5))); vi <- 1/(4*(n + 0.5)); res <- rma(yi, vi, method="REML"); predict(res, transf=function(x) sin(x)^2)
        (
            "REML",
            dict(
                estimate=0.6776209981,
                ci_lower=0.5763476627,
                ci_upper=0.7710990292,
                pi_lower=0.4483034328,
                pi_upper=0.8689400776,
                tau2=0.01131132242,
                i2=81.13742389,
            ),
            PRINTED,
        ),
        # yi <- asin(sqrt((n*s + 0.25)/(n + 0.5))); vi <- 1/(4*(n + 0.5)); res <- rma(yi, vi, method="DL"); predict(res, transf=function(x) sin(x)^2)
        (
            "DL",
            dict(
                estimate=0.6774611682,
                ci_lower=0.575217725,
                ci_upper=0.7717718914,
                pi_lower=0.4455497001,
                pi_upper=0.8705740793,
                tau2=0.01157543569,
                i2=81.48813397,
            ),
            CLOSED_FORM,
        ),
    ],
)
def test_pooled_five_year_survival_matches_metafor(method, expected, tolerance):
    pooled = pool_survival_at(5, OS5.s, OS5.n, method=method, study_ids=OS5.study)
    for name, value in expected.items():
        # R printed 10 significant digits: allow that rounding on top of the tolerance
        assert getattr(pooled, name) == pytest.approx(value, abs=tolerance * (100 if name == "i2" else 1) + 1e-9), name
    assert pooled.k == 5 and pooled.study_ids == tuple(OS5.study)
    assert "censoring" in " ".join(pooled.notes)


def test_number_at_risk_gives_peto_variance():
    # neff <- n_risk/s (Peto); yi <- asin(sqrt((neff*s + 0.25)/(neff + 0.5))); vi <- 1/(4*(neff + 0.5));
    # res <- rma(yi, vi, method="REML"); predict(res, transf=function(x) sin(x)^2)
    expected = dict(estimate=0.6799053546, ci_lower=0.5773899153, ci_upper=0.7743152894, tau2=0.01081075)
    pooled = pool_survival_at(5, OS5.s, OS5.n, n_at_risk_by_study=OS5.n_risk)
    for name, value in expected.items():
        assert getattr(pooled, name) == pytest.approx(value, abs=PRINTED), name
    assert pooled.variance_from.startswith("number at risk")


def test_several_times_pool_only_the_studies_that_report_each():
    table = pd.DataFrame({5.0: [0.74, 0.61, np.nan], 10.0: [0.50, np.nan, np.nan]}, index=["a", "b", "c"])
    results = pool_survival_at([5.0, 10.0], table, [120, 45, 60])
    assert [r.time for r in results] == [5.0, 10.0]
    assert results[0].study_ids == ("a", "b") and results[1].study_ids == ("a",)
    # One study: its own value back (sin² of the corrected arcsine, (n·S + 0.25)/(n + 0.5) = 60.25/120.5 = 0.5)
    assert results[1].estimate == pytest.approx(0.5, abs=1e-12) and results[1].k == 1


def test_identical_studies_give_that_survival_and_no_heterogeneity():
    # Hand-checkable: equal S and n -> τ² = 0 and estimate (n·S + 0.25)/(n + 0.5) = (70.25)/(100.5)
    pooled = pool_survival_at(5, [0.7, 0.7, 0.7], [100, 100, 100])
    assert pooled.estimate == pytest.approx(70.25 / 100.5, rel=1e-12)
    assert pooled.tau2 == 0 and pooled.ci_lower < pooled.estimate < pooled.ci_upper


def test_bad_inputs_are_named():
    with pytest.raises(ValueError, match="Study 2"):
        pool_survival_at(5, [0.7, 1.2], [100, 100])
    with pytest.raises(ValueError, match="positive number of patients"):
        pool_survival_at(5, [0.7, 0.6], [100, 0])
    # Nobody at risk at t: Peto's variance is infinite; it used to enter as S = 0.5 (the continuity correction of 0/0)
    with pytest.raises(ValueError, match="Study 2: nobody at risk"):
        pool_survival_at(5, [0.7, 0.3], [100, 100], n_at_risk_by_study=[40, 0])


MSURV = pd.read_csv(REF / "msurv_reference.csv", comment="#")
MSURV_DATA = pd.read_csv(REF / "msurv_example.csv", comment="#")
# msurv multiplies by 1.96; we use Φ⁻¹(0.975) = 1.959964: bounds differ by ≤ 3.6e-5·z·SE(log S) relative, < 2e-6 here.
MSURV_CI = 5e-6
MSURV_POINT = 1e-9  # same arithmetic: floating point only


def test_summary_curve_matches_metasurvival():
    curve = summary_survival_curve(MSURV_DATA.study, MSURV_DATA.time, MSURV_DATA.survival, MSURV_DATA.n_at_risk)
    table = curve.table
    for ours, theirs, tolerance in (
        ("estimate", "re", MSURV_POINT),
        ("fixed", "fe", MSURV_POINT),
        ("tau2", "tau2", MSURV_POINT),
        ("ci_lower", "re_lower", MSURV_CI),
        ("ci_upper", "re_upper", MSURV_CI),
        ("fixed_lower", "fe_lower", MSURV_CI),
        ("fixed_upper", "fe_upper", MSURV_CI),
    ):
        assert table[ours].to_numpy() == pytest.approx(MSURV[theirs].to_numpy(), abs=tolerance), ours
    assert list(table.k) == [5, 5, 5, 4, 3, 2]
    assert table.study_ids.iloc[-1] == ("A", "C")


def test_summary_curve_heterogeneity_q_matches_and_h2_uses_the_usual_df():
    # msurv heterogeneity (Q, H2, I2) = 10.27229904, 0.5406473177, 0 (header of msurv_reference.csv).
    # msurv divides Q by (observations − studies) = 24 − 5 = 19; we divide by (observations − common times) = 24 − 6 = 18,
    # the residual df of the fixed-effect model (which has one parameter per time).
    curve = summary_survival_curve(MSURV_DATA.study, MSURV_DATA.time, MSURV_DATA.survival, MSURV_DATA.n_at_risk)
    assert curve.q == pytest.approx(10.27229904, abs=1e-8)
    assert curve.q / 19 == pytest.approx(0.5406473177, abs=1e-9)
    assert curve.q_df == 18 and curve.i2 == 0
    assert math.isnan(curve.median)  # pooled survival never falls below 0.5 here (msurv: no median either)


def test_summary_curve_single_interval_hand_check():
    # One common time, equal n, no heterogeneity: pooled S = the common corrected value (n·S + 0.25)/(n + 0.5)
    curve = summary_survival_curve(["a", "b"], [1, 1], [0.8, 0.8], [50, 50])
    assert curve.table.estimate.iloc[0] == pytest.approx(40.25 / 50.5, rel=1e-12)


def test_summary_curve_from_one_study_is_that_study_and_says_so():
    # Nothing to pool: the curve is the study's own continuity-corrected conditional survival, multiplied up:
    # t = 1: (50·0.9 + 0.25)/(50 + 0.5) = 45.25/50.5; t = 2: conditional 0.8/0.9 at n = 45 -> (40 + 0.25)/45.5
    curve = summary_survival_curve(["a", "a"], [1, 2], [0.9, 0.8], [50, 45])
    expected = [45.25 / 50.5, 45.25 / 50.5 * 40.25 / 45.5]
    assert curve.table.estimate.to_numpy() == pytest.approx(expected, rel=1e-12)
    assert list(curve.table.tau2) == [0.0, 0.0] and list(curve.table.k) == [1, 1]
    assert np.all(curve.table.ci_lower < curve.table.estimate) and np.all(curve.table.estimate < curve.table.ci_upper)
    assert any("one study" in note for note in curve.notes)


def test_a_time_reached_by_one_study_gets_no_between_study_variance():
    # Study a alone reports t = 2: τ² there is not estimable (metaSurvival's moment estimator divides ~0 by ~0)
    curve = summary_survival_curve(["a", "a", "b"], [1, 2, 1], [0.9, 0.8, 0.85], [50, 45, 40])
    assert curve.table.tau2.iloc[1] == 0.0 and curve.table.k.iloc[1] == 1
    assert any("t = 2" in note for note in curve.notes)


def test_summary_curve_rejects_a_study_with_a_gap():
    with pytest.raises(ValueError, match="Study b reports times"):
        summary_survival_curve(["a", "a", "b"], [1, 2, 2], [0.9, 0.8, 0.7], [50, 45, 40])
