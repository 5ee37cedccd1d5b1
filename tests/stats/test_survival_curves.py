"""Curves through reported landmarks (stats.survival).

No library draws a curve through landmarks, so these are hand-checkable special cases: the
expected values follow from S(t) = S(a)·(S(b)/S(a))^((t − a)/(b − a)) and are computed inline.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from stats.survival import InconsistentLandmarksError, curve_from_landmarks


def test_curve_is_one_at_zero_exact_at_landmarks_and_log_linear_between():
    curve = curve_from_landmarks([1, 5, 10], [0.9, 0.6, 0.4])
    assert curve.at(0) == 1.0 and curve.at(1) == 0.9 and curve.at(5) == 0.6 and curve.at(10) == 0.4
    assert curve.at(3) == pytest.approx(0.9 * (0.6 / 0.9) ** 0.5, rel=1e-12)
    assert curve.at(0.5) == pytest.approx(0.9**0.5, rel=1e-12)
    assert curve.knots.reported == (False, True, True, True) and curve.knots.kinds[0] == "start"


def test_curve_stops_at_the_last_reported_time_and_extrapolates_only_when_asked():
    curve = curve_from_landmarks([5, 10], [0.774, 0.504])
    assert math.isnan(curve.at(12)) and math.isnan(curve.at(-1))
    hazard = math.log(0.774 / 0.504) / 5
    extrapolated = curve_from_landmarks([5, 10], [0.774, 0.504], extrapolate=True)
    assert extrapolated.at(12) == pytest.approx(0.504 * math.exp(-2 * hazard), rel=1e-12)
    assert "extrapolated" in extrapolated.method and "not drawn past" in curve.method


def test_array_input_gives_array_output():
    values = curve_from_landmarks([2], [0.5]).at(np.array([0.0, 1.0, 2.0, 3.0]))
    assert values[:3] == pytest.approx([1.0, math.sqrt(0.5), 0.5]) and math.isnan(values[3])


def test_median_that_conflicts_with_a_landmark_is_named():
    with pytest.raises(
        InconsistentLandmarksError, match=r"median 9.64 y conflicts with S\(10 y\) = 0.504 > 0.5"
    ) as error:
        curve_from_landmarks([5, 10], [0.774, 0.504], median=9.64)
    assert error.value.conflicts[0].points == (("median", 9.64, 0.5), ("landmark", 10.0, 0.504))
    curve = curve_from_landmarks([5, 10], [0.774, 0.504], median=9.64, on_conflict="drop_median")
    assert (
        curve.at(10) == 0.504 and curve.excluded[0].kind == "median" and "S(10 y) = 0.504" in curve.excluded[0].reason
    )


def test_median_longer_than_a_time_with_survival_below_half_is_named():
    with pytest.raises(InconsistentLandmarksError, match=r"median 6 y conflicts with S\(5 y\) = 0.45 < 0.5"):
        curve_from_landmarks([5], [0.45], median=6)


def test_rising_survival_is_named_even_when_dropping_the_median():
    with pytest.raises(InconsistentLandmarksError, match="S rises from 0.6 at 3 y to 0.65 at 5 y"):
        curve_from_landmarks([3, 5], [0.6, 0.65], median=9, on_conflict="drop_median")


def test_curve_passes_through_a_consistent_median():
    curve = curve_from_landmarks([1, 5, 10], [0.755, 0.404, 0.321], median=3.1)
    assert curve.at(3.1) == 0.5 and curve.at(5) == 0.404 and "median" in curve.knots.kinds


def test_band_reproduces_reported_cis_and_widens_in_between():
    curve = curve_from_landmarks([1, 5], [0.9, 0.6], ci_lower=[0.85, 0.5], ci_upper=[0.94, 0.7])
    lower, upper = curve.band(np.array([1.0, 5.0]))
    assert lower == pytest.approx([0.85, 0.5], rel=1e-12) and upper == pytest.approx([0.94, 0.7], rel=1e-12)
    assert curve.band(0.0) == (1.0, 1.0) and "reported 95% CIs" in curve.band_method


def test_band_from_n_is_binomial_on_the_cloglog_scale():
    # At a landmark: S^exp(±1.96·√((1 − S)/(nS))/|ln S|), the log–log binomial interval
    curve = curve_from_landmarks([5], [0.6], n=100)
    se = math.sqrt(0.4 / (100 * 0.6)) / abs(math.log(0.6))
    lower, upper = curve.band(5.0)
    assert lower == pytest.approx(0.6 ** math.exp(1.959963985 * se), rel=1e-9)
    assert upper == pytest.approx(0.6 ** math.exp(-1.959963985 * se), rel=1e-9)
    assert "approximate" in curve.band_method and curve_from_landmarks([5], [0.6]).band(5.0) is None


def test_bad_input_is_a_plain_value_error():
    with pytest.raises(ValueError, match="proportion in"):
        curve_from_landmarks([5], [60])
    with pytest.raises(ValueError, match="on_conflict"):
        curve_from_landmarks([5], [0.6], on_conflict="ignore")
