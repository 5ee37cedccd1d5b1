"""A survival curve through reported points: S(0) = 1, every landmark S(tⱼ) and the median (S = 0.5).

Between points the hazard is taken as constant, i.e. log S is linear in t:
S(t) = S(a)·(S(b)/S(a))^((t − a)/(b − a)) for a ≤ t ≤ b — the usual assumption when only
landmarks are known (it is the exponential model piecewise; Parmar et al. 1998, Stat Med
17:2815, and Guyot et al. 2012 use the same idea). A segment that ends at S = 0 cannot be
log-linear and is drawn linearly. The curve is exact at every point it was built from, is
non-increasing, and is NaN after the last reported time unless extrapolate=True, which
continues the hazard of the last interval (say so wherever it is shown).

Points that cannot all be true — survival rising with time, or a median contradicted by a
landmark — raise InconsistentLandmarksError naming them. With on_conflict="drop_median" a
contradicted median is left out, the curve follows the landmarks, and the dropped median is
recorded in `.excluded` with the reason: this is what the dashboard shows, flagging the median.

Approximate pointwise 95% bands: from CIs reported at landmarks, or from the cohort size n
(binomial, no censoring); both on the complementary log-log scale g(S) = ln(−ln S), the scale
R's survfit uses for conf.type="log-log", with the band's half-widths interpolated linearly in
time between points. They are drawing aids, not inference.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats as sp

Z95 = float(sp.norm.ppf(0.975))
ON_CONFLICT = ("raise", "drop_median")


@dataclass(frozen=True)
class Knots:
    """The points the curve passes through, in time order; `reported` is False only for S(0) = 1."""

    times: tuple[float, ...]
    survival: tuple[float, ...]
    reported: tuple[bool, ...]
    kinds: tuple[str, ...]  # "start", "landmark", "median" or "landmark and median"


@dataclass(frozen=True)
class LandmarkConflict:
    """Two reported points that cannot both hold; each point is (kind, time, survival)."""

    message: str
    points: tuple[tuple[str, float, float], ...]


@dataclass(frozen=True)
class ExcludedPoint:
    kind: str
    time: float
    survival: float
    reason: str


class InconsistentLandmarksError(ValueError):
    """Reported survival points contradict each other; `.conflicts` lists each pair."""

    def __init__(self, conflicts):
        self.conflicts = tuple(conflicts)
        super().__init__("; ".join(c.message for c in self.conflicts))


@dataclass(frozen=True)
class LandmarkCurve:
    """S(t) through reported points; see the module docstring for the assumptions."""

    knots: Knots
    method: str
    extrapolate: bool = False
    excluded: tuple[ExcludedPoint, ...] = ()
    band_method: str | None = None
    unit: str = "y"
    notes: tuple[str, ...] = ()
    # cloglog half-widths (lower, upper) at knots
    _band_widths: tuple[tuple[float, ...], tuple[float, ...]] | None = None

    def at(self, t):
        """S(t) for a scalar or array t (NaN for t < 0, and past the last point unless extrapolating)."""
        values = _evaluate(
            np.asarray(self.knots.times),
            np.asarray(self.knots.survival),
            np.atleast_1d(np.asarray(t, float)),
            self.extrapolate,
        )
        return float(values[0]) if np.ndim(t) == 0 else values.reshape(np.shape(t))

    def band(self, t):
        """Approximate pointwise 95% band (lower, upper) at t, or None when neither CIs nor n were given."""
        if self._band_widths is None:
            return None
        times = np.asarray(self.knots.times)
        grid = np.atleast_1d(np.asarray(t, float))
        s = np.atleast_1d(self.at(grid))
        widths = [np.interp(grid, times, np.asarray(w)) for w in self._band_widths]
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # S at 0 or 1: handled by the where
            g = np.log(-np.log(s))
            lower = np.where((s > 0) & (s < 1), np.exp(-np.exp(g + widths[0])), s)
            upper = np.where((s > 0) & (s < 1), np.exp(-np.exp(g - widths[1])), s)
        if np.ndim(t) == 0:
            return float(lower[0]), float(upper[0])
        return lower.reshape(np.shape(t)), upper.reshape(np.shape(t))


def _evaluate(times: np.ndarray, surv: np.ndarray, t: np.ndarray, extrapolate: bool) -> np.ndarray:
    out = np.full(t.shape, np.nan)
    inside = (t >= 0) & (t <= times[-1])
    index = np.clip(np.searchsorted(times, t[inside], side="right") - 1, 0, times.size - 2)
    t0, t1, s0, s1 = times[index], times[index + 1], surv[index], surv[index + 1]
    frac = (t[inside] - t0) / (t1 - t0)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_linear = s0 * np.power(np.where(s0 > 0, s1 / s0, 0.0), frac)
    value = np.where(s1 > 0, log_linear, s0 * (1 - frac))  # into S = 0: linear, log-linear cannot reach 0
    value = np.where(frac >= 1, s1, np.where(frac <= 0, s0, value))
    out[inside] = np.clip(value, s1, s0)  # rounding must never make the curve rise
    if extrapolate:
        beyond = t > times[-1]
        out[beyond] = _continue_last_hazard(times, surv, t[beyond])
    return out


def _continue_last_hazard(times: np.ndarray, surv: np.ndarray, t: np.ndarray) -> np.ndarray:
    if surv[-1] == 0:
        return np.zeros(t.shape)
    hazard = (math.log(surv[-2]) - math.log(surv[-1])) / (times[-1] - times[-2])  # differences: no overflow for tiny S
    return surv[-1] * np.exp(-hazard * (t - times[-1]))


def curve_from_landmarks(
    times,
    survival,
    median: float | None = None,
    extrapolate: bool = False,
    ci_lower=None,
    ci_upper=None,
    n: int | None = None,
    on_conflict: str = "raise",
    unit: str = "y",
) -> LandmarkCurve:
    """Build the curve through S(0) = 1, the landmarks (`times`, `survival`) and the median.

    Parameters
    ----------
    times, survival : array-like
        Reported landmarks, times > 0 in one unit (`unit`, used in messages), survival in [0, 1].
    median : float, optional
        Reported median survival time (a point with S = 0.5).
    extrapolate : bool
        Continue past the last point with the last interval's constant hazard (default: NaN there).
    ci_lower, ci_upper : array-like, optional
        95% CI of S at each landmark (NaN where not reported) for the approximate band.
    n : int, optional
        Cohort size; used for a binomial band when no CI is reported.
    on_conflict : {"raise", "drop_median"}
        What to do when the median contradicts a landmark (rising landmarks always raise).

    Raises
    ------
    InconsistentLandmarksError
        The points cannot all be true; the message and `.conflicts` name them.
    """
    if on_conflict not in ON_CONFLICT:
        raise ValueError(f"on_conflict must be 'raise' or 'drop_median', not {on_conflict!r}.")
    points = _landmarks(times, survival)
    conflicts = _rising(points, unit)
    median_conflicts = _median_conflicts(points, median, unit) if median is not None else []
    if conflicts or (median_conflicts and on_conflict == "raise"):
        raise InconsistentLandmarksError(conflicts + median_conflicts)
    excluded = ()
    kinds = {t: "landmark" for t, _ in points}
    if median is not None and median_conflicts:
        reason = "; ".join(c.message for c in median_conflicts)
        excluded = (ExcludedPoint("median", float(median), 0.5, f"not used: {reason}"),)
    elif median is not None:
        points, kinds = _with_median(points, kinds, float(median))
    if not points:
        raise ValueError("No landmark and no usable median: there is nothing to draw a curve through.")
    knots = Knots(
        (0.0, *(t for t, _ in points)),
        (1.0, *(s for _, s in points)),
        (False, *([True] * len(points))),
        ("start", *(kinds[t] for t, _ in points)),
    )
    band_widths, band_method, band_notes = _band_widths(knots, points, times, ci_lower, ci_upper, n)
    method = "log-linear survival (constant hazard) between S(0) = 1 and the reported points; exact at each point; " + (
        "past the last point, the last interval's hazard continues (extrapolated)"
        if extrapolate
        else "not drawn past the last reported time"
    )
    return LandmarkCurve(knots, method, extrapolate, excluded, band_method, unit, band_notes, band_widths)


def _landmarks(times, survival) -> list[tuple[float, float]]:
    t = np.atleast_1d(np.asarray([] if times is None else times, float))
    s = np.atleast_1d(np.asarray([] if survival is None else survival, float))
    if t.size != s.size:
        raise ValueError(f"{t.size} times but {s.size} survival values: give one survival value per time.")
    for time, value in zip(t, s, strict=True):
        if not (math.isfinite(time) and time > 0):
            raise ValueError(f"Landmark time {time} must be a positive finite number (S(0) = 1 is implied).")
        if not (math.isfinite(value) and 0 <= value <= 1):
            raise ValueError(f"S({time:g}) = {value} must be a proportion in [0, 1] (not a percentage).")
    merged: dict[float, float] = {}
    for time, value in sorted(zip(t.tolist(), s.tolist(), strict=True)):
        if time in merged and merged[time] != value:
            raise InconsistentLandmarksError(
                [
                    LandmarkConflict(
                        f"two survival values at the same time: S({time:g}) = {merged[time]:g} and {value:g}",
                        (("landmark", time, merged[time]), ("landmark", time, value)),
                    )
                ]
            )
        merged[time] = value
    return list(merged.items())


def _rising(points, unit: str) -> list[LandmarkConflict]:
    return [
        LandmarkConflict(
            f"S rises from {s0:g} at {t0:g} {unit} to {s1:g} at {t1:g} {unit}",
            (("landmark", t0, s0), ("landmark", t1, s1)),
        )
        for (t0, s0), (t1, s1) in zip(points, points[1:], strict=False)
        if s1 > s0
    ]


def _median_conflicts(points, median: float, unit: str) -> list[LandmarkConflict]:
    if not (math.isfinite(median) and median > 0):
        raise ValueError(f"median = {median} must be a positive finite time.")
    out = []
    for t, s in points:
        if t >= median and s > 0.5:
            relation = "> 0.5"
        elif t <= median and s < 0.5:
            relation = "< 0.5"
        else:
            continue
        out.append(
            LandmarkConflict(
                f"median {median:g} {unit} conflicts with S({t:g} {unit}) = {s:g} {relation}",
                (("median", median, 0.5), ("landmark", t, s)),
            )
        )
    return out


def _with_median(points, kinds, median: float):
    if median in kinds:  # a landmark at the median time with S = 0.5: the same point, reported twice
        kinds[median] = "landmark and median"
        return points, kinds
    kinds[median] = "median"
    return sorted([*points, (median, 0.5)]), kinds


def _cloglog(s: float) -> float:
    return math.log(-math.log(s))


def _band_widths(knots: Knots, points, times, ci_lower, ci_upper, n):
    """Half-widths of the band on the cloglog scale at each knot, the band's label, and notes."""
    if ci_lower is not None and ci_upper is not None:
        known, notes = _widths_from_cis(points, times, ci_lower, ci_upper)
        if known:
            label = (
                "approximate: the reported 95% CIs at landmarks, with their widths on the complementary log–log "
                "scale interpolated in time between them (held after the last)"
            )
            return _interpolate_widths(knots, known), label, tuple(notes)
    if n is not None and n > 0:
        known = {}
        for t, s in points:
            width = Z95 * math.sqrt((1 - s) / (n * s)) / abs(math.log(s)) if 0 < s < 1 else 0.0
            known[t] = (width, width)
        label = (
            f"approximate: binomial variance S(1 − S)/n with n = {n} at each point (no censoring assumed, so too "
            "narrow where patients were censored), complementary log–log scale, interpolated in time"
        )
        return _interpolate_widths(knots, known), label, ()
    return None, None, ()


def _widths_from_cis(points, times, ci_lower, ci_upper):
    lows = np.atleast_1d(np.asarray(ci_lower, float))
    highs = np.atleast_1d(np.asarray(ci_upper, float))
    t_in = np.atleast_1d(np.asarray(times, float))
    if not (lows.size == highs.size == t_in.size):
        raise ValueError("ci_lower and ci_upper need one value per landmark time (NaN where not reported).")
    survival_at = dict(points)
    known, notes = {}, []
    for t, low, high in zip(t_in.tolist(), lows.tolist(), highs.tolist(), strict=True):
        if math.isnan(low) or math.isnan(high):
            continue
        s = survival_at[t]
        if 0 < low <= s <= high < 1 and 0 < s < 1:
            known[t] = (_cloglog(low) - _cloglog(s), _cloglog(s) - _cloglog(high))
        else:
            notes.append(
                f"CI {low:g}–{high:g} at t = {t:g} not used for the band: it must contain S = {s:g} "
                "and lie strictly between 0 and 1."
            )
    return known, notes


def _interpolate_widths(knots: Knots, known: dict[float, tuple[float, float]]):
    anchor_t = [0.0, *sorted(known)]
    lower = [0.0, *(known[t][0] for t in sorted(known))]
    upper = [0.0, *(known[t][1] for t in sorted(known))]
    return (
        tuple(float(w) for w in np.interp(knots.times, anchor_t, lower)),
        tuple(float(w) for w in np.interp(knots.times, anchor_t, upper)),
    )
