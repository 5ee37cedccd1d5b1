"""A survival curve through reported points: S(0) = 1, every landmark, and the median (S = 0.5).

Between points the hazard is constant (log S linear in time), the usual assumption when only
landmarks are known; a segment ending at S = 0 is drawn linearly. Nothing is extrapolated past
the last reported time unless asked. Points that cannot all be true raise
InconsistentLandmarksError naming them; with on_conflict="drop_median" the curve uses the
landmarks only and records the dropped median (what the app shows, with the median flagged).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from scipy import stats as sp

Z95 = sp.norm.ppf(0.975)


class InconsistentLandmarksError(ValueError):
    def __init__(self, conflicts: list[str]):
        self.conflicts = conflicts
        super().__init__("; ".join(conflicts))


@dataclass(frozen=True)
class LandmarkCurve:
    knot_times: tuple[float, ...]
    knot_survival: tuple[float, ...]
    reported: tuple[bool, ...]
    extrapolate: bool = False
    excluded: tuple[str, ...] = ()
    band_method: str = ""
    _band_se: tuple[float, ...] = field(default=(), repr=False)  # cloglog SE at each knot
    method: str = "piecewise-constant hazard between reported points (log-linear survival)"

    @property
    def knots(self) -> list[tuple[float, float, bool]]:
        return list(zip(self.knot_times, self.knot_survival, self.reported, strict=True))

    def at(self, t):
        t_arr = np.atleast_1d(np.asarray(t, dtype=float))
        out = np.array([self._one(x) for x in t_arr])
        return float(out[0]) if np.ndim(t) == 0 else out

    def _one(self, t: float) -> float:
        times, surv = self.knot_times, self.knot_survival
        if t < 0:
            return math.nan
        if t > times[-1] + 1e-12:
            if not self.extrapolate or len(times) < 2 or surv[-1] == 0:
                return math.nan if not (self.extrapolate and surv[-1] == 0) else 0.0
            hazard = -math.log(surv[-1] / surv[-2]) / (times[-1] - times[-2])
            return surv[-1] * math.exp(-hazard * (t - times[-1]))
        i = int(np.searchsorted(times, t, side="right")) - 1
        if i >= len(times) - 1:
            return surv[-1]
        t0, t1, s0, s1 = times[i], times[i + 1], surv[i], surv[i + 1]
        frac = (t - t0) / (t1 - t0)
        if s1 == 0 or s0 == 0:
            return s0 + (s1 - s0) * frac
        return s0 * (s1 / s0) ** frac

    def band(self, t):
        """Approximate pointwise 95% band (cloglog scale), or None when neither CIs nor n are known."""
        if not self._band_se:
            return None
        t_arr = np.atleast_1d(np.asarray(t, dtype=float))
        s = self.at(t_arr)
        se = np.interp(t_arr, self.knot_times, self._band_se)
        with np.errstate(divide="ignore", invalid="ignore"):
            g = np.log(-np.log(s))
            lower = np.exp(-np.exp(g + Z95 * se))
            upper = np.exp(-np.exp(g - Z95 * se))
        lower = np.where((s >= 1) | np.isnan(s), s, lower)
        upper = np.where((s >= 1) | np.isnan(s), s, upper)
        return np.where(s <= 0, 0, lower), np.where(s <= 0, 0, upper)


def curve_from_landmarks(times, survival, median: float | None = None, extrapolate: bool = False, ci_lower=None, ci_upper=None,
                         n: int | None = None, on_conflict: str = "raise") -> LandmarkCurve:
    """Build the curve; see the module docstring. Times in one unit (the app uses years)."""
    times = [float(t) for t in np.atleast_1d(times)] if times is not None and len(np.atleast_1d(times)) else []
    survival = [float(s) for s in np.atleast_1d(survival)] if times else []
    if len(times) != len(survival):
        raise ValueError("times and survival must have the same length.")
    for t, s in zip(times, survival, strict=True):
        if t <= 0 or not 0 <= s <= 1:
            raise ValueError(f"Landmark ({t}, {s}) is invalid: times must be > 0 and survival within [0, 1].")
    points = sorted(zip(times, survival, strict=True))
    conflicts = [f"S rises from {a[1]:g} at t = {a[0]:g} to {b[1]:g} at t = {b[0]:g}" for a, b in zip(points, points[1:], strict=False) if b[1] > a[1] + 1e-12]
    if conflicts:
        raise InconsistentLandmarksError(conflicts)
    excluded = ()
    if median is not None:
        median_conflicts = [f"median {median:g} conflicts with S({t:g}) = {s:g} > 0.5" for t, s in points if t >= median and s > 0.5]
        median_conflicts += [f"median {median:g} conflicts with S({t:g}) = {s:g} < 0.5 at an earlier time" for t, s in points if t < median and s < 0.5]
        if median_conflicts:
            if on_conflict != "drop_median":
                raise InconsistentLandmarksError(median_conflicts)
            excluded = tuple(f"median {median:g} not used: " + c for c in median_conflicts)
        elif not any(math.isclose(t, median) for t, _ in points):
            points = sorted([*points, (float(median), 0.5)])
    if not points:
        raise ValueError("No landmark and no median: nothing to draw.")
    knot_t = (0.0, *(p[0] for p in points))
    knot_s = (1.0, *(p[1] for p in points))
    band_se, band_method = _band(points, times, survival, ci_lower, ci_upper, n)
    return LandmarkCurve(knot_t, knot_s, (False, *([True] * len(points))), extrapolate, excluded, band_method, band_se)


def _band(points, times, survival, ci_lower, ci_upper, n) -> tuple[tuple[float, ...], str]:
    if ci_lower is not None and ci_upper is not None:
        se_at = {}
        for t, s, lo, hi in zip(times, survival, np.atleast_1d(ci_lower), np.atleast_1d(ci_upper), strict=True):
            if 0 < lo < s < hi < 1:
                se_at[t] = (math.log(-math.log(lo)) - math.log(-math.log(hi))) / (2 * Z95)
        if se_at:
            known_t, known_se = zip(*sorted(se_at.items()), strict=True)
            ses = [0.0] + [float(np.interp(t, known_t, known_se)) for t, _ in points]
            return tuple(ses), "from the reported 95% CIs, interpolated on the complementary log–log scale (approximate)"
    if n:
        ses = [0.0]
        for _, s in points:
            ses.append(math.sqrt((1 - s) / (n * s)) / abs(math.log(s)) if 0 < s < 1 else 0.0)
        return tuple(ses), f"binomial approximation with n = {n} and no censoring (approximate; too narrow when patients were censored)"
    return (), ""
