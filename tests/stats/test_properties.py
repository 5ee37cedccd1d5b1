"""Properties a statistician would check, on random inputs (hypothesis)."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from stats.effects import from_ci, from_p_value, from_survival_proportions
from stats.meta import random_effects, subgroup_analysis
from stats.pooled_survival import pool_survival_at
from stats.survival import curve_from_landmarks

studies = st.lists(st.tuples(st.floats(-2, 2), st.floats(0.005, 1.0)), min_size=2, max_size=12)


@settings(max_examples=40, deadline=None)
@given(
    studies,
    st.randoms(use_true_random=False),
    st.sampled_from(["FE", "DL", "REML", "PM"]),
    st.sampled_from(["z", "knha"]),
)
def test_permuting_studies_changes_no_pooled_result(data, rnd, method, test):
    y, v = map(np.array, zip(*data, strict=True))
    order = list(range(len(y)))
    rnd.shuffle(order)
    a, b = random_effects(y, v, method, test), random_effects(y[order], v[order], method, test)
    for name in ("estimate", "se", "ci_lower", "ci_upper", "tau2", "i2", "q", "pi_lower", "pi_upper"):
        assert math.isclose(getattr(a, name), getattr(b, name), rel_tol=1e-7, abs_tol=1e-9), name
    if method != "FE":
        assert np.allclose(a.tau2_ci, b.tau2_ci, rtol=1e-6, atol=1e-9)
    assert np.allclose(np.array(a.weights)[order], b.weights, rtol=1e-7, atol=1e-9)


@settings(max_examples=40, deadline=None)
@given(studies, st.floats(-3, 3), st.sampled_from(["FE", "REML"]))
def test_a_study_with_almost_no_weight_changes_nothing(data, effect, method):
    """FE and REML only, z test: DL and PM compare Q with k − 1, and HKSJ and I² divide by k − 1, so
    one more study moves them whatever its weight; the REML likelihood gains only a constant."""
    y, v = map(np.array, zip(*data, strict=True))
    base = random_effects(y, v, method)
    more = random_effects(np.append(y, effect), np.append(v, 1e12), method)
    for name in ("estimate", "se", "tau2"):
        assert math.isclose(getattr(base, name), getattr(more, name), rel_tol=1e-6, abs_tol=1e-8), name
    assert more.weights[-1] < 1e-8


@settings(max_examples=60, deadline=None)
@given(
    st.floats(0.02, 0.98),
    st.floats(0.02, 0.98),
    st.integers(5, 500),
    st.integers(5, 500),
    st.floats(0.2, 5.0),
    st.floats(0.001, 0.9),
    st.integers(5, 400),
)
def test_swapping_arms_inverts_the_hazard_ratio(s1, s2, n1, n2, hr, p, events):
    ab, ba = from_survival_proportions(s1, s2, n1, n2), from_survival_proportions(s2, s1, n2, n1)
    assert math.isclose(ab.log_hr, -ba.log_hr, abs_tol=1e-12) and math.isclose(ab.se, ba.se)
    lo, hi = hr * 0.6, hr * 1.7
    forward, backward = from_ci(hr, lo, hi), from_ci(1 / hr, 1 / hi, 1 / lo)
    assert math.isclose(forward.log_hr, -backward.log_hr, abs_tol=1e-12) and math.isclose(forward.se, backward.se)
    one, other = from_p_value(p, events, n1, n2, direction=1), from_p_value(p, events, n2, n1, direction=-1)
    assert math.isclose(one.log_hr, -other.log_hr, abs_tol=1e-12) and math.isclose(one.se, other.se)


consistent_points = st.lists(
    st.tuples(st.floats(0.05, 30), st.floats(0.0, 1.0)), min_size=1, max_size=7, unique_by=lambda point: point[0]
)


@settings(max_examples=80, deadline=None)
@given(consistent_points, st.booleans(), st.booleans())
def test_a_curve_from_consistent_landmarks_is_monotone_and_exact(points, with_median, extrapolate):
    times = sorted(p[0] for p in points)
    survival = sorted((p[1] for p in points), reverse=True)  # any non-increasing set is consistent
    median = None
    if with_median and survival[0] > 0.5 > survival[-1]:  # a median between the last S > 0.5 and the first S < 0.5
        above = max(t for t, s in zip(times, survival, strict=True) if s > 0.5)
        below = min(t for t, s in zip(times, survival, strict=True) if s < 0.5)
        median = (above + below) / 2
    curve = curve_from_landmarks(times, survival, median=median, extrapolate=extrapolate, n=50)
    grid = np.sort(np.concatenate([np.linspace(0, times[-1] * (1.5 if extrapolate else 1), 400), times]))
    values = curve.at(grid)
    assert values[0] == 1.0 and np.all(np.diff(values) <= 0)
    for t, s in zip(times, survival, strict=True):
        assert curve.at(t) == s
    if median is not None:
        assert curve.at(median) == 0.5
    if not extrapolate:
        assert math.isnan(curve.at(times[-1] * 1.01 + 0.01))
    lower, upper = curve.band(grid)
    assert np.all(lower <= values + 1e-12) and np.all(values <= upper + 1e-12)


cohorts = st.lists(
    st.tuples(st.floats(0.05, 0.95), st.integers(10, 400), st.sampled_from(["a", "b", "c"])), min_size=2, max_size=10
)


@settings(max_examples=30, deadline=None)
@given(cohorts, st.randoms(use_true_random=False), st.sampled_from(["DL", "REML"]))
def test_permuting_studies_changes_no_pooled_survival_or_subgroup_test(data, rnd, method):
    survival, n, group = map(np.array, zip(*data, strict=True))
    order = list(range(len(survival)))
    rnd.shuffle(order)
    a = pool_survival_at(5.0, survival, n, method=method)
    b = pool_survival_at(5.0, survival[order], n[order], method=method)
    for name in ("estimate", "ci_lower", "ci_upper", "tau2"):
        assert math.isclose(getattr(a, name), getattr(b, name), rel_tol=1e-7, abs_tol=1e-9), name
    effects, variances = np.log(survival), 1 / n  # any effects with positive variances will do
    first = subgroup_analysis(effects, variances, group, method=method)
    second = subgroup_analysis(effects[order], variances[order], group[order], method=method)
    if first.df > 0:
        assert math.isclose(first.q_between, second.q_between, rel_tol=1e-6, abs_tol=1e-9)
    for name, fit in first.groups.items():
        assert math.isclose(fit.estimate, second.groups[name].estimate, rel_tol=1e-7, abs_tol=1e-9)
