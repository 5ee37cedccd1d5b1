"""Derived effects (Tierney 2007 worked relations) and curves from landmarks."""

from __future__ import annotations

import math

import pytest

from stats.effects import from_ci, from_p_value, implied_p_from_ci
from stats.pooled_survival import pool_survival_at
from stats.survival import InconsistentLandmarksError, curve_from_landmarks


def test_se_from_a_95_ci():
    # Xiang 2018: HR 3.9 (1.7–9.2): SE = (ln 9.2 − ln 1.7) / (2 × 1.959964) = 0.430726
    effect = from_ci(3.9, 1.7, 9.2)
    assert effect.se == pytest.approx((math.log(9.2) - math.log(1.7)) / (2 * 1.959963985), rel=1e-9)
    assert effect.reported and "Tierney" in effect.method


def test_p_implied_by_a_ci_flags_the_md_anderson_lung_estimate():
    # Table 5: 15.63 (4.30–56.8) printed with p = 0.002; the CI implies p ≈ 3e-5
    assert implied_p_from_ci(15.63, 4.30, 56.8) < 1e-4
    assert implied_p_from_ci(22.94, 4.39, 120.0) == pytest.approx(0.0002, abs=0.00005)  # consistent with its printed p


def test_hr_from_p_value_and_events():
    # O − E = √V·z with V = d/4: d = 100, two-sided p = 0.05 -> z = 1.959964, ln HR = z / √25 = 0.391993
    effect = from_p_value(0.05, 100, hr_direction=2.0)
    assert effect.log_hr == pytest.approx(1.959963985 / 5, rel=1e-9) and effect.se == pytest.approx(0.2)
    assert from_p_value(0.05, 100, hr_direction=0.5).log_hr < 0


def test_curve_stops_at_the_last_reported_time_and_extrapolates_only_when_asked():
    curve = curve_from_landmarks([5, 10], [0.774, 0.504])
    assert math.isnan(curve.at(12))
    hazard = -math.log(0.504 / 0.774) / 5
    assert curve_from_landmarks([5, 10], [0.774, 0.504], extrapolate=True).at(12) == pytest.approx(0.504 * math.exp(-2 * hazard))


def test_median_that_conflicts_with_a_landmark_is_named():
    with pytest.raises(InconsistentLandmarksError, match=r"median 9.64 conflicts with S\(10\) = 0.504 > 0.5"):
        curve_from_landmarks([5, 10], [0.774, 0.504], median=9.64)
    curve = curve_from_landmarks([5, 10], [0.774, 0.504], median=9.64, on_conflict="drop_median")
    assert curve.excluded and curve.at(10) == pytest.approx(0.504)


def test_curve_passes_through_a_consistent_median():
    curve = curve_from_landmarks([1, 5, 10], [0.755, 0.404, 0.321], median=3.1)  # Spolverato DFS
    assert curve.at(3.1) == pytest.approx(0.5) and curve.at(5) == pytest.approx(0.404)


def test_pooled_survival_of_identical_studies_is_that_survival():
    pooled = pool_survival_at(5, [0.7, 0.7, 0.7], [100, 200, 300])
    assert pooled.estimate == pytest.approx(0.7) and pooled.tau2 == 0 and pooled.k == 3
    assert pooled.ci_lower < 0.7 < pooled.ci_upper
