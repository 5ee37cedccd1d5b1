"""Individual patient data reconstructed from a digitised Kaplan–Meier curve and its risk table.

Guyot P, Ades AE, Ouwens MJNM, Welton NJ (2012). Enhanced secondary analysis of survival data:
reconstructing the data from published Kaplan-Meier survival curves. BMC Med Res Methodol 12:9.
The algorithm is theirs, as R's IPDfromKM and survHE::digitise implement it: within each
risk-table interval, censorings are spread evenly and their number adjusted until the KM
recomputed from the implied events reproduces the next number at risk; events at each
digitised point are those that carry the KM from the previous drop down to the digitised S;
censored patients are placed midway between digitised points. In the last interval (no next
risk count) the censoring rate of the earlier intervals is carried on, or, with total_events,
the censorings are adjusted until the events add up.

Written by hand: no maintained Python package implements Guyot's algorithm. The result feeds
lifelines (Kaplan–Meier, log-rank, Cox) through km_from_ipd, logrank_from_ipd, cox_from_ipd.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

_MAX_ADJUSTMENTS = 1000  # Guyot's loop has no cap; it settles in a few steps on sane input


@dataclass(frozen=True)
class TidiedCurve:
    times: np.ndarray
    survival: np.ndarray
    changed: int  # points moved to keep the curve within [0, 1] and non-increasing


def tidy_digitised_curve(times, survival) -> TidiedCurve:
    """Sort by time, clip S to [0, 1] and make it non-increasing (running minimum).

    Digitising adds small errors (a point read 0.003 above its predecessor); Guyot et al. apply
    the same monotone correction before reconstructing. `changed` says how many points moved.
    """
    t = np.asarray(times, float)
    s = np.asarray(survival, float)
    order = np.lexsort((-s, t))  # by time, and at equal times from the top of the step down
    t, s = t[order], np.clip(s[order], 0.0, 1.0)
    tidy = np.minimum.accumulate(s)
    return TidiedCurve(t, tidy, int(np.sum(tidy != np.asarray(survival, float)[order])))


def _check_inputs(times, survival, risk_times, n_at_risk):
    t = np.asarray(times, float)
    s = np.asarray(survival, float)
    rt = np.asarray(risk_times, float)
    nr = np.asarray(n_at_risk, float)
    if t.size != s.size or t.size == 0:
        raise ValueError("times and survival must be non-empty and of equal length (one S per digitised time).")
    if rt.size != nr.size or rt.size == 0:
        raise ValueError("risk_times and n_at_risk must be non-empty and of equal length.")
    if not (np.all(np.isfinite(t)) and np.all(np.isfinite(s))) or np.any(t < 0) or np.any((s < 0) | (s > 1)):
        raise ValueError("Digitised times must be finite and ≥ 0, survival within [0, 1].")
    if not np.all(np.isfinite(rt)):
        raise ValueError("risk_times must be finite numbers (the times printed above the risk table).")
    for value in nr:
        if not (math.isfinite(value) and value >= 0 and float(value).is_integer()):
            raise ValueError(
                f"n_at_risk holds {value:g}, not a number of patients: each entry must be a whole number ≥ 0 "
                "as printed in the risk table."
            )
    for name, values in (("times", t), ("risk_times", rt)):
        bad = np.flatnonzero(np.diff(values) < 0)
        if bad.size:
            raise ValueError(
                f"{name} are out of order at index {bad[0] + 1} ({values[bad[0]]:g} then {values[bad[0] + 1]:g}): "
                "sort them (tidy_digitised_curve does this for the curve)."
            )
    rising = np.flatnonzero(np.diff(s) > 0)
    if rising.size:
        i = rising[0] + 1
        raise ValueError(
            f"Digitised survival rises at index {i} (S = {s[i - 1]:g} at t = {t[i - 1]:g}, then {s[i]:g} at "
            f"t = {t[i]:g}); clean the digitisation first, e.g. with tidy_digitised_curve()."
        )
    increasing = np.flatnonzero(np.diff(nr) > 0)
    if increasing.size:
        i = increasing[0] + 1
        raise ValueError(
            f"The number at risk increases from {nr[i - 1]:g} to {nr[i]:g} at t = {rt[i]:g}; a risk table can "
            "only fall: check the row was read for the right arm and time."
        )
    if rt[0] != 0 or nr[0] <= 0:
        raise ValueError("The risk table must start at time 0 with the number of patients (n_at_risk[0] > 0).")
    if np.any(np.diff(rt) == 0):
        raise ValueError("risk_times must be strictly increasing.")
    if t[0] > 0:  # the curve starts at S(0) = 1
        t, s = np.concatenate([[0.0], t]), np.concatenate([[1.0], s])
    t, s = _with_risk_time_points(t, s, rt)
    return t, s, rt, np.round(nr).astype(int)


def _with_risk_time_points(t: np.ndarray, s: np.ndarray, rt: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Add a point at each risk time that has none, at the curve's level there.

    A flat stretch often has no digitised point, leaving a risk-table interval empty, which
    Guyot's algorithm cannot handle; the added points lie on the step curve, so they change nothing else.
    """
    missing = [r for r in rt if r <= t[-1] and r not in set(t.tolist())]
    if not missing:
        return t, s
    level = s[np.searchsorted(t, missing, side="right") - 1]
    order = np.argsort(np.concatenate([t, missing]), kind="stable")
    return np.concatenate([t, missing])[order], np.concatenate([s, level])[order]


def _interval_bounds(t: np.ndarray, rt: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """lower[i]: first digitised index at or after risk time i; upper[i]: last index before risk time i + 1."""
    if rt[-1] > t[-1]:
        raise ValueError(
            f"The risk table reaches t = {rt[-1]:g}, beyond the last digitised point ({t[-1]:g}): "
            "drop the later risk-table columns or digitise the curve further."
        )
    lower = np.searchsorted(t, rt, side="left")
    if np.any(np.diff(lower) == 0):
        i = int(np.flatnonzero(np.diff(lower) == 0)[0])
        raise ValueError(
            f"No digitised point between risk times {rt[i]:g} and {rt[i + 1]:g}: digitise more points there."
        )
    upper = np.append(lower[1:] - 1, t.size - 1)
    return lower, upper


@dataclass
class _State:
    """Working arrays of the Guyot algorithm, indexed by digitised point."""

    s: np.ndarray
    n_hat: np.ndarray
    deaths: np.ndarray
    censored: np.ndarray
    km: np.ndarray


def _spread_censoring(state: _State, t: np.ndarray, lo: int, hi: int, count: int, end_time: float) -> None:
    """Put `count` censorings evenly in (t[lo], end_time) and count them per digitised point lo..hi."""
    state.censored[lo : hi + 1] = 0
    if count <= 0:
        return
    cen_times = t[lo] + np.arange(1, count + 1) * (end_time - t[lo]) / (count + 1)
    edges = t[lo : hi + 2] if hi + 1 < t.size else np.append(t[lo : hi + 1], np.inf)
    counts, _ = np.histogram(cen_times, bins=edges)
    state.censored[lo : lo + counts.size] = counts


def _walk_interval(state: _State, lo: int, hi: int, last: int, first_interval: bool, start_n: int) -> int:
    """Events and KM through points lo..hi; returns the index of the last KM drop."""
    state.n_hat[lo] = start_n
    for k in range(lo, hi + 1):
        if first_interval and k == lo:
            state.deaths[k], state.km[k] = 0, 1.0
        else:
            ratio = state.s[k] / state.km[last] if state.km[last] > 0 else 0.0
            state.deaths[k] = min(max(0, int(round(state.n_hat[k] * (1 - ratio)))), max(state.n_hat[k], 0))
            state.km[k] = (
                state.km[last] * (1 - state.deaths[k] / state.n_hat[k]) if state.n_hat[k] > 0 else state.km[last]
            )
        state.censored[k] = min(state.censored[k], max(state.n_hat[k] - state.deaths[k], 0))  # nobody is lost twice
        state.n_hat[k + 1] = state.n_hat[k] - state.deaths[k] - state.censored[k]
        if state.deaths[k] != 0:
            last = k
    return last


def reconstruct_ipd(times, survival, risk_times, n_at_risk, total_events: int | None = None) -> pd.DataFrame:
    """Rebuild patient-level (time, event) data from a digitised KM curve (Guyot et al. 2012).

    Parameters
    ----------
    times, survival : array-like
        Digitised points of the curve in time order, S non-increasing (both corners of each step
        if possible); (0, 1) is added if missing.
    risk_times, n_at_risk : array-like
        The published risk table, starting at time 0 with the number of patients.
    total_events : int, optional
        Total number of events if the paper gives it; used to settle censoring in the last interval.

    Returns
    -------
    DataFrame with columns time and event (1 = event, 0 = censored), one row per patient.
    `.attrs` holds "converged" (every interval settled) and "notes".
    """
    t, s, rt, nr = _check_inputs(times, survival, risk_times, n_at_risk)
    lower, upper = _interval_bounds(t, rt)
    state = _State(s, np.zeros(t.size + 1, int), np.zeros(t.size, int), np.zeros(t.size, int), np.ones(t.size))
    risk = nr.copy()
    last, unsettled, censor_counts = 0, [], []
    for i in range(rt.size - 1):
        lo, hi, nxt = lower[i], upper[i], lower[i + 1]
        walked = {}

        def surplus_at_risk(count: int, lo=lo, hi=hi, nxt=nxt, i=i, last=last, walked=walked) -> int:
            _spread_censoring(state, t, lo, hi, count, t[nxt])
            walked["last drop"] = _walk_interval(state, lo, hi, last, i == 0, risk[i])
            return int(state.n_hat[nxt] - risk[i + 1])

        first_guess = int(round(risk[i] * s[nxt] / s[lo] - risk[i + 1])) if s[lo] > 0 else 0
        count, settled = _settle_censoring(surplus_at_risk, first_guess)
        if not settled:
            unsettled.append(f"{rt[i]:g} to {rt[i + 1]:g}")
        if state.n_hat[nxt] < risk[i + 1]:  # more lost than the table allows: carry the implied number on (Guyot)
            risk[i + 1] = state.n_hat[nxt]
        censor_counts.append(count)
        last = walked["last drop"]
    notes = _last_interval(state, t, lower, upper, risk, censor_counts, last, total_events, unsettled)
    if unsettled:
        notes.insert(
            0,
            f"The censoring adjustment did not settle in the interval(s) {'; '.join(unsettled)}: "
            "check the risk table (arm, times, numbers).",
        )
    ipd = _patients(t, state, int(nr[0]))
    ipd.attrs["converged"] = not unsettled
    ipd.attrs["notes"] = tuple(notes)
    return ipd


def _settle_censoring(surplus, count: int) -> tuple[int, bool]:
    """Guyot's adjustment loop, shared by every interval: change the number censored by the surplus it leaves.

    `surplus(count)` spreads `count` censorings over the interval, recomputes events and KM, and
    returns how many more patients (at risk at the next risk time, or events in total) the rebuilt
    data have than the published figure. Stops when that is 0, or negative with nobody left to
    un-censor. Returns the count last used and whether it settled.
    """
    for _ in range(_MAX_ADJUSTMENTS):
        count = max(count, 0)
        gap = surplus(count)
        if gap == 0 or (gap < 0 and count == 0):
            return count, True
        count += gap
    return max(count - gap, 0), False


def _last_interval(
    state: _State, t, lower, upper, risk, censor_counts, last: int, total_events: int | None, unsettled: list[str]
) -> list[str]:
    """Censoring and events after the last risk time, where no later count pins them down; returns notes."""
    i = lower.size - 1
    lo, hi = lower[i], upper[i]

    def walk(censorings: int) -> float:
        _spread_censoring(state, t, lo, hi, max(censorings, 0), t[hi])
        _walk_interval(state, lo, hi, last, i == 0, risk[i])
        return float(np.max(np.abs(state.km[lo : hi + 1] - state.s[lo : hi + 1])))

    count = _guyot_last_interval_censoring(t, lower, upper, risk, censor_counts)
    notes = []
    if total_events is not None:
        events_before = int(state.deaths[:lo].sum())
        if events_before <= total_events:

            def surplus_events(censorings: int) -> int:
                walk(censorings)
                return int(state.deaths.sum() - total_events)

            _, settled = _settle_censoring(surplus_events, count)
            if not settled:
                unsettled.append(f"after {t[lo]:g} (total events)")
            return notes
        notes.append(
            f"The earlier intervals already hold {events_before} events, more than total_events = "
            f"{total_events}: the total was not used and the last interval follows the curve."
        )
    walk(_censoring_that_follows_the_curve(walk, count))
    return notes


def _guyot_last_interval_censoring(t, lower, upper, risk, censor_counts) -> int:
    """Guyot's carried-on count: the earlier intervals' censorings per unit time, times the last interval's length.

    As their appendix code (and survHE::digitise): sum(n.censor) · (t[upper_last] − t[lower_last]) /
    (t[upper_(last−1)] − t[lower_1]), capped at the number at risk; 0 when there is no earlier interval.
    """
    if not censor_counts:
        return 0
    i = lower.size - 1
    elapsed = float(t[upper[i - 1]] - t[lower[0]])
    rate = sum(censor_counts) / elapsed if elapsed > 0 else 0.0
    return min(int(round(rate * (t[upper[i]] - t[lower[i]]))), int(risk[i]))


def _censoring_that_follows_the_curve(walk, guyot_count: int) -> int:
    """Guyot's carried-on censoring count, unless it leaves too few at risk for the last digitised drops.

    Deviation from Guyot et al., stated: their rule can censor everyone before the final drops,
    so the rebuilt KM stays flat where the curve falls. Among counts 0..guyot_count, keep the one
    closest to Guyot's whose worst error in the interval is within 0.005 of the best achievable.
    """
    errors = {count: walk(count) for count in range(max(guyot_count, 0), -1, -1)}
    best = min(errors.values())
    return max(count for count, error in errors.items() if error <= best + 0.005)


def _patients(t: np.ndarray, state: _State, n: int) -> pd.DataFrame:
    event_times = np.repeat(t, state.deaths)
    censor_mid = (t[:-1] + t[1:]) / 2  # Guyot: censored midway between digitised points
    censor_times = np.repeat(np.append(censor_mid, t[-1]), state.censored)
    rest = max(0, n - event_times.size - censor_times.size)  # still at risk at the end: censored there
    time = np.concatenate([event_times, censor_times, np.full(rest, t[-1])])[:n]
    event = np.concatenate([np.ones(event_times.size, int), np.zeros(censor_times.size + rest, int)])[:n]
    frame = pd.DataFrame({"time": time, "event": event})
    return frame.sort_values(["time", "event"], ascending=[True, False], kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class ReconstructionQuality:
    """Vertical distance between the rebuilt KM step function and the digitised points."""

    max_abs_difference: float
    rms_difference: float
    n_points: int


def reconstruction_quality(ipd: pd.DataFrame, times, survival) -> ReconstructionQuality:
    """Max and RMS |KM_rebuilt − S_digitised| over the digitised points.

    A point on a vertical step counts as on the curve: the distance at t is to the segment between
    KM(t−) and KM(t), so reading the top or the bottom of a drop is not penalised.
    """
    km = km_from_ipd(ipd)
    t = np.asarray(times, float)
    s = np.asarray(survival, float)
    step_times, step_s = np.asarray(km.times), np.asarray(km.survival)
    right = np.atleast_1d(km.at(t))
    left = np.where(t > step_times[0], step_s[np.maximum(np.searchsorted(step_times, t, side="left") - 1, 0)], 1.0)
    distance = np.where(s > left, s - left, np.where(s < right, right - s, 0.0))
    return ReconstructionQuality(float(np.max(distance)), float(np.sqrt(np.mean(distance**2))), int(t.size))


@dataclass(frozen=True)
class KaplanMeier:
    """The KM step function (times from 0, S just after each time) with lifelines' 95% CI (log-log)."""

    times: tuple[float, ...]
    survival: tuple[float, ...]
    ci_lower: tuple[float, ...]
    ci_upper: tuple[float, ...]
    median: float
    n: int
    events: int

    def at(self, t):
        """S(t) of the step function (right-continuous); 1 before the first time (0)."""
        grid = np.atleast_1d(np.asarray(t, float))
        index = np.searchsorted(np.asarray(self.times), grid, side="right") - 1
        values = np.where(index >= 0, np.asarray(self.survival)[np.maximum(index, 0)], 1.0)
        return float(values[0]) if np.ndim(t) == 0 else values

    def interval_at(self, t: float) -> tuple[float, float]:
        """The 95% CI of S(t) (right-continuous, as `at`); (1, 1) before the first time."""
        index = int(np.searchsorted(np.asarray(self.times), t, side="right")) - 1
        return (self.ci_lower[index], self.ci_upper[index]) if index >= 0 else (1.0, 1.0)


def _check_ipd(ipd: pd.DataFrame, name: str = "ipd") -> None:
    if not {"time", "event"} <= set(ipd.columns) or len(ipd) == 0:
        raise ValueError(f"{name} must be a non-empty DataFrame with columns time and event (1 = event, 0 = censored).")


def km_from_ipd(ipd: pd.DataFrame) -> KaplanMeier:
    """Kaplan–Meier estimate (lifelines.KaplanMeierFitter)."""
    from lifelines import KaplanMeierFitter

    _check_ipd(ipd)
    fitter = KaplanMeierFitter().fit(ipd["time"], ipd["event"])
    sf = fitter.survival_function_.iloc[:, 0]
    ci = fitter.confidence_interval_survival_function_
    return KaplanMeier(
        tuple(float(x) for x in sf.index),
        tuple(float(x) for x in sf.to_numpy()),
        tuple(float(x) for x in ci.iloc[:, 0]),
        tuple(float(x) for x in ci.iloc[:, 1]),
        float(fitter.median_survival_time_),
        int(len(ipd)),
        int(ipd["event"].sum()),
    )


@dataclass(frozen=True)
class LogRankResult:
    statistic: float
    p: float
    df: int
    method: str = "log-rank test (lifelines.statistics.logrank_test)"


def logrank_from_ipd(ipd_a: pd.DataFrame, ipd_b: pd.DataFrame) -> LogRankResult:
    """Log-rank χ² (1 df) comparing two arms."""
    from lifelines.statistics import logrank_test

    _check_ipd(ipd_a, "ipd_a")
    _check_ipd(ipd_b, "ipd_b")
    result = logrank_test(ipd_a["time"], ipd_b["time"], ipd_a["event"], ipd_b["event"])
    return LogRankResult(float(result.test_statistic), float(result.p_value), 1)


@dataclass(frozen=True)
class CoxResult:
    """Hazard ratio of arm A relative to arm B from a Cox model with one arm indicator (Efron ties)."""

    hr: float
    ci_lower: float
    ci_upper: float
    log_hr: float
    se: float
    p: float
    converged: bool
    method: str = "Cox proportional hazards, Efron ties (lifelines.CoxPHFitter); HR of A vs B"


def cox_from_ipd(ipd_a: pd.DataFrame, ipd_b: pd.DataFrame) -> CoxResult:
    """Cox model on the two arms stacked, arm A coded 1."""
    from lifelines import CoxPHFitter
    from lifelines.exceptions import ConvergenceError

    _check_ipd(ipd_a, "ipd_a")
    _check_ipd(ipd_b, "ipd_b")
    data = pd.concat(
        [ipd_a[["time", "event"]].assign(arm_a=1), ipd_b[["time", "event"]].assign(arm_a=0)], ignore_index=True
    )
    try:
        fitter = CoxPHFitter().fit(data, duration_col="time", event_col="event")
    except ConvergenceError as error:
        raise ValueError(
            f"The Cox model did not converge ({error}); an arm may have no events. Report the log-rank test instead."
        ) from error
    row = fitter.summary.loc["arm_a"]
    return CoxResult(
        float(math.exp(row["coef"])),
        float(row["exp(coef) lower 95%"]),
        float(row["exp(coef) upper 95%"]),
        float(row["coef"]),
        float(row["se(coef)"]),
        float(row["p"]),
        True,
    )
