"""Properties a statistician would check, on random inputs (hypothesis)."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from stats.effects import from_ci, from_survival_proportions
from stats.meta import random_effects
from stats.survival import curve_from_landmarks

effects = st.lists(st.tuples(st.floats(-2, 2), st.floats(0.01, 1.0)), min_size=2, max_size=12)


@settings(max_examples=60, deadline=None)
@given(effects, st.randoms())
def test_permuting_studies_changes_no_pooled_result(data, rnd):
    y, v = map(np.array, zip(*data, strict=True))
    order = list(range(len(y)))
    rnd.shuffle(order)
    for method in ("DL", "REML", "PM"):
        a, b = random_effects(y, v, method), random_effects(y[order], v[order], method)
        assert math.isclose(a.estimate, b.estimate, abs_tol=1e-8) and math.isclose(a.tau2, b.tau2, abs_tol=1e-7)


@settings(max_examples=60, deadline=None)
@given(effects)
def test_a_study_with_almost_no_weight_changes_nothing(data):
    """Fixed effect only: under DL/REML a new study changes k − 1 and so τ², whatever its weight."""
    y, v = map(np.array, zip(*data, strict=True))
    base = random_effects(y, v, "FE")
    more = random_effects(np.append(y, 0.3), np.append(v, 1e12), "FE")
    assert math.isclose(base.estimate, more.estimate, abs_tol=1e-6)


@settings(max_examples=60, deadline=None)
@given(st.floats(0.05, 0.95), st.floats(0.05, 0.95), st.integers(5, 500), st.integers(5, 500))
def test_swapping_arms_inverts_the_hazard_ratio(s1, s2, n1, n2):
    ab, ba = from_survival_proportions(s1, s2, n1, n2), from_survival_proportions(s2, s1, n2, n1)
    assert math.isclose(ab.log_hr, -ba.log_hr, abs_tol=1e-12) and math.isclose(ab.se, ba.se)
    hr = math.exp(ab.log_hr)
    lo, hi = hr * 0.5, hr * 2
    assert math.isclose(from_ci(hr, lo, hi).log_hr, -from_ci(1 / hr, 1 / hi, 1 / lo).log_hr, abs_tol=1e-12)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.floats(0.1, 20), st.floats(0.0, 1.0)), min_size=1, max_size=6, unique_by=lambda p: round(p[0], 3)))
def test_a_curve_from_consistent_landmarks_is_monotone_and_exact(points):
    times = sorted(p[0] for p in points)
    surv = sorted((p[1] for p in points), reverse=True)  # any non-increasing set is consistent
    curve = curve_from_landmarks(times, surv)
    grid = np.linspace(0, times[-1], 300)
    values = curve.at(grid)
    assert values[0] == 1.0
    assert np.all(np.diff(values) <= 1e-12)
    for t, s in zip(times, surv, strict=True):
        assert math.isclose(curve.at(t), s, abs_tol=1e-12)
    assert math.isnan(curve.at(times[-1] + 1))  # no extrapolation unless asked
