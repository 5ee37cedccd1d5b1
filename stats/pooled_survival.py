"""Survival pooled across single-arm studies from their reported landmarks.

Two tools, both on the arcsine–square-root scale, the variance-stabilising transform that
Combescure, Foucher & Jackson (2014, Stat Med 33:2521; R packages metaSurvival::msurv and
RISCA::survival.summary) use, with their continuity correction
y = asin √((n·S + 0.25)/(n + 0.5)), Var(y) = 1/(4(n + 0.5)), back-transformed by S = sin² y.

* pool_survival_at — S(t) at one (or each) common time, pooled by univariate random effects
  (stats.pooling: REML by default, DL/PM/FE). n is the cohort size; when the number at risk at t,
  n(t), is known the effective size n(t)/S(t) is used instead (Peto et al. 1977, Br J Cancer
  35:1: Var Ŝ(t) ≈ Ŝ²(1 − Ŝ)/n(t)), which widens the CI for censoring. With n alone censoring is
  ignored and late-time CIs are too narrow; the result says which was used.
* summary_survival_curve — the whole curve as metaSurvival builds it: conditional survival
  over each interval between common times, pooled jointly across times by the multivariate
  DerSimonian–Laird method of moments (Jackson, White & Thompson 2010, Stat Med 29:1282), the
  between-study covariance made positive semi-definite by dropping negative eigenvalues, and the
  summary curve the cumulative product of the pooled conditional survival. CI: delta method on
  log S (metaSurvival's "Greenwood" option). REML is not offered for the multivariate model.

Written by hand: no Python package implements either. Tested against metafor (univariate) and
against metaSurvival's own msurv run in R (tests/stats/test_pooled_survival.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats as sp

from .pooling import MetaResult, random_effects

SCALE = "arcsine square root with continuity correction (n·S + 0.25)/(n + 0.5); variance 1/(4(n + 0.5))"
_MISSING_VARIANCE = 1e12  # a study that has ended gets no weight at later times (as metaSurvival)


def arcsine_survival(survival, n) -> tuple[np.ndarray, np.ndarray]:
    """Transformed survival and its variance for proportions `survival` out of (effective) sizes `n`."""
    s, size = np.asarray(survival, float), np.asarray(n, float)
    return np.arcsin(np.sqrt((size * s + 0.25) / (size + 0.5))), 1.0 / (4.0 * (size + 0.5))


def survival_ci(survival: float, n: int, level: float = 0.95) -> tuple[float, float]:
    """CI of one reported proportion from its (effective) size, on the arcsine scale the pools weigh it on,
    back-transformed; censoring is ignored, so late-time intervals are too narrow."""
    (y,), (v,) = arcsine_survival([survival], [n])
    half = float(sp.norm.ppf(0.5 + level / 2)) * math.sqrt(v)
    return sine_squared(y - half), sine_squared(y + half)


def sine_squared(x: float) -> float:
    """Back from the arcsine scale: sin² x, with x held to [0, π/2]."""
    return math.sin(min(max(x, 0.0), math.pi / 2)) ** 2


@dataclass(frozen=True)
class PooledSurvival:
    """Pooled S(t) at one time, with the random-effects fit on the arcsine scale in `fit`."""

    time: float
    estimate: float
    ci_lower: float
    ci_upper: float
    pi_lower: float
    pi_upper: float
    tau2: float
    i2: float
    k: int
    study_ids: tuple[str, ...]
    method: str
    scale: str
    variance_from: str
    fit: MetaResult
    notes: tuple[str, ...] = ()


def pool_survival_at(
    times,
    survival_by_study,
    n_by_study,
    method: str = "REML",
    n_at_risk_by_study=None,
    study_ids=None,
    test: str = "z",
    level: float = 0.95,
):
    """Pooled survival at common time(s) from each study's reported S(t).

    Parameters
    ----------
    times : float or sequence of float
        One time: `survival_by_study`, `n_by_study` (and `n_at_risk_by_study`) hold one value per
        study and a PooledSurvival is returned. Several times: `survival_by_study` is a
        (studies × times) array or DataFrame (NaN where a study did not report that time) and a
        tuple of PooledSurvival, one per time with at least one study, is returned.
    n_by_study : sequence
        Each study's cohort size.
    n_at_risk_by_study : optional
        Number at risk at t, same shape as `survival_by_study` (NaN where unknown).
    study_ids : optional
        Labels, one per study; default "1", "2", …
    """
    if np.ndim(times) == 0:
        return _pool_one(
            float(times),
            np.atleast_1d(np.asarray(survival_by_study, float)),
            np.asarray(n_by_study, float),
            None if n_at_risk_by_study is None else np.asarray(n_at_risk_by_study, float),
            _ids(study_ids, np.size(survival_by_study)),
            method,
            test,
            level,
        )
    matrix = np.asarray(survival_by_study, float)
    time_values = np.asarray(times, float)
    if matrix.ndim != 2 or matrix.shape[1] != time_values.size:
        raise ValueError(
            f"With {time_values.size} times, survival_by_study must be a (studies × {time_values.size}) table."
        )
    at_risk = None if n_at_risk_by_study is None else np.asarray(n_at_risk_by_study, float)
    ids = _ids(
        study_ids
        if study_ids is not None
        else (survival_by_study.index if isinstance(survival_by_study, pd.DataFrame) else None),
        matrix.shape[0],
    )
    n = np.asarray(n_by_study, float)
    out = []
    for column, time in enumerate(time_values):
        present = ~np.isnan(matrix[:, column])
        if present.any():
            out.append(
                _pool_one(
                    float(time),
                    matrix[present, column],
                    n[present],
                    None if at_risk is None else at_risk[present, column],
                    [ids[i] for i in np.flatnonzero(present)],
                    method,
                    test,
                    level,
                )
            )
    return tuple(out)


def _ids(study_ids, k: int) -> list[str]:
    ids = [str(i + 1) for i in range(k)] if study_ids is None else [str(s) for s in study_ids]
    if len(ids) != k:
        raise ValueError(f"{len(ids)} study ids for {k} studies: give one id per study.")
    return ids


def _effective_size(survival, n, at_risk, ids) -> tuple[np.ndarray, str]:
    if at_risk is None or np.all(np.isnan(at_risk)):
        return n, "cohort size n (no censoring assumed)"
    # Peto: Var S = S²(1 − S)/n(t), i.e. a binomial with n(t)/S(t) patients
    known = ~np.isnan(at_risk) & (survival > 0)
    nobody = np.flatnonzero(~np.isnan(at_risk) & (at_risk <= 0))
    if nobody.size:
        raise ValueError(
            f"Study {ids[nobody[0]]}: nobody at risk at t, so its S(t) carries no information (Peto's "
            "variance is infinite); leave the study out at this time."
        )
    size = np.where(known, at_risk / np.where(survival > 0, survival, 1.0), n)
    label = (
        "number at risk at t (Peto)" if known.all() else "number at risk at t where known (Peto), else cohort size n"
    )
    return size, label


def _pool_one(time, survival, n, at_risk, ids, method, test, level) -> PooledSurvival:
    if survival.size == 0:
        raise ValueError(f"No study reports survival at t = {time:g}: nothing to pool.")
    if survival.size != n.size:
        raise ValueError(f"{survival.size} survival values but {n.size} sample sizes: give one n per study.")
    for sid, s, size in zip(ids, survival, n, strict=True):
        if not (math.isfinite(s) and 0 <= s <= 1):
            raise ValueError(f"Study {sid}: S({time:g}) = {s} must be a proportion in [0, 1].")
        if not (math.isfinite(size) and size > 0):
            raise ValueError(
                f"Study {sid}: n = {size} must be a positive number of patients; leave the study out if unknown."
            )
    size, variance_from = _effective_size(survival, n, at_risk, ids)
    y, v = arcsine_survival(survival, size)
    fit = random_effects(y, v, method=method, test=test, level=level)
    notes = list(fit.notes)
    if variance_from.startswith("cohort"):
        notes.append("Variances use each cohort's size, ignoring censoring: the CI is too narrow at late times.")
    return PooledSurvival(
        time,
        sine_squared(fit.estimate),
        sine_squared(fit.ci_lower),
        sine_squared(fit.ci_upper),
        sine_squared(fit.pi_lower),
        sine_squared(fit.pi_upper),
        fit.tau2,
        fit.i2,
        fit.k,
        tuple(ids),
        f"{method} random effects on the arcsine scale" if method != "FE" else "fixed effect on the arcsine scale",
        SCALE,
        variance_from,
        fit,
        tuple(notes),
    )


@dataclass(frozen=True)
class SummarySurvivalCurve:
    """metaSurvival-style summary curve; one row per common time in `table`.

    `table` columns: time, estimate, ci_lower, ci_upper (random effects), fixed, fixed_lower,
    fixed_upper, tau2 (between-study variance of that interval's arcsine conditional survival),
    i2 (percent, from that τ² and the interval's typical within-study variance), k (studies with
    data at that time) and study_ids. `q`, `q_df`, `h2`, `i2` are the global heterogeneity
    statistics of the fixed-effect fit. `q` is msurv's Q; `h2` = q / q_df with q_df = observations −
    common times, the residual df of the fixed-effect model (one parameter per time). msurv divides
    by observations − studies instead, so `h2` and `i2` differ from the H² and I² it prints
    (stated deviation; tests/stats/test_pooled_survival.py checks Q and shows msurv's H²).
    """

    table: pd.DataFrame
    q: float
    q_df: int
    h2: float
    i2: float
    median: float
    method: str
    notes: tuple[str, ...] = ()


def summary_survival_curve(study, time, survival, n_at_risk, level: float = 0.95) -> SummarySurvivalCurve:
    """Summary survival curve from survival read at common times in each study (Combescure et al. 2014).

    Parameters
    ----------
    study, time, survival, n_at_risk : array-like, one entry per (study, time)
        `n_at_risk` is the number at risk at the start of the interval that ends at `time` (the
        cohort size for the first time), as metaSurvival's NbRisk. Every study must report every
        common time up to its own last one.
    """
    frame = pd.DataFrame(
        {
            "study": np.asarray(study).astype(str),
            "time": np.asarray(time, float),
            "survival": np.asarray(survival, float),
            "n": np.asarray(n_at_risk, float),
        }
    )
    frame = frame.sort_values(["study", "time"], kind="stable")
    grid = np.sort(frame.time.unique())
    ids = list(dict.fromkeys(frame.study))
    y, v = _conditional_arcsine(frame, grid, ids)
    between = _multivariate_dl(y, v)
    observed = v < _MISSING_VARIANCE
    fixed, fixed_cov = _gls(y, v, np.zeros_like(between))
    random, random_cov = _gls(y, v, between)
    q = float(sum(np.sum((y[i] - fixed)[observed[i]] ** 2 / v[i][observed[i]]) for i in range(len(ids))))
    q_df = int(observed.sum()) - grid.size
    z = float(sp.norm.ppf(0.5 + level / 2))
    estimate, lower, upper = _curve_with_ci(random, random_cov, z)
    fixed_s, fixed_lower, fixed_upper = _curve_with_ci(fixed, fixed_cov, z)
    contributors = [tuple(sid for sid, seen in zip(ids, observed[:, j], strict=True) if seen) for j in range(grid.size)]
    table = pd.DataFrame(
        {
            "time": grid,
            "estimate": estimate,
            "ci_lower": lower,
            "ci_upper": upper,
            "fixed": fixed_s,
            "fixed_lower": fixed_lower,
            "fixed_upper": fixed_upper,
            "tau2": np.diag(between),
            "i2": _per_time_i2(np.diag(between), v, observed),
            "k": observed.sum(axis=0),
            "study_ids": contributors,
        }
    )
    h2 = q / q_df if q_df > 0 else math.nan
    notes = [
        "Conditional survival per interval pooled jointly by multivariate DerSimonian–Laird on the arcsine scale; "
        "CI by the delta method on log S."
    ]
    alone = [f"{t:g}" for t, k in zip(grid, observed.sum(axis=0), strict=True) if k < 2]
    if alone:
        notes.append(
            f"Only one study reports t = {', '.join(alone)}: nothing is pooled there and no between-study "
            "variance can be estimated (taken as 0); the curve and CI there rest on that one study."
        )
    return SummarySurvivalCurve(
        table,
        q,
        q_df,
        h2,
        max(0.0, 100 * (h2 - 1) / h2) if q_df > 0 and h2 > 0 else 0.0,
        _median(grid, table.estimate.to_numpy()),
        "multivariate DerSimonian–Laird (metaSurvival)",
        tuple(notes),
    )


def _conditional_arcsine(frame: pd.DataFrame, grid: np.ndarray, ids: list[str]) -> tuple[np.ndarray, np.ndarray]:
    y = np.full((len(ids), grid.size), np.nan)
    v = np.full((len(ids), grid.size), _MISSING_VARIANCE)
    for row, sid in enumerate(ids):
        part = frame[frame.study == sid]
        if not np.array_equal(part.time.to_numpy(), grid[: len(part)]):
            raise ValueError(
                f"Study {sid} reports times {part.time.tolist()}; it must report every common time "
                f"{grid.tolist()} up to its last one (read the missing ones off its curve)."
            )
        s = part.survival.to_numpy()
        if np.any(s <= 0) or np.any(s > 1) or np.any(np.diff(s) > 0):
            raise ValueError(f"Study {sid}: survival must be in (0, 1] and non-increasing, got {s.tolist()}.")
        conditional = s / np.concatenate([[1.0], s[:-1]])
        y[row, : len(part)], v[row, : len(part)] = arcsine_survival(conditional, part.n.to_numpy())
    for column in range(grid.size):  # ended studies: column mean, no weight (metaSurvival's device)
        missing = np.isnan(y[:, column])
        y[missing, column] = np.mean(y[~missing, column])
    return y, v


def _multivariate_dl(y: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Method-of-moments between-study covariance (Jackson et al. 2010), truncated to be PSD.

    A time with fewer than two contributing studies has no between-study spread to estimate: its
    row and column are 0 (metaSurvival's moment formula would divide ~0 by ~0 there and return noise).
    """
    times = y.shape[1]
    estimate = np.zeros((times, times))
    observed = v < _MISSING_VARIANCE
    estimable = np.flatnonzero(observed.sum(axis=0) >= 2)
    for i in estimable:
        for j in estimable[estimable >= i]:
            w = 1.0 / np.sqrt(v[:, i] * v[:, j])
            mean_i, mean_j = np.sum(w * y[:, i]) / np.sum(w), np.sum(w * y[:, j]) / np.sum(w)
            q = np.sum(w * (y[:, i] - mean_i) * (y[:, j] - mean_j))
            scale = np.sum(w) - np.sum(w**2) / np.sum(w)
            expected = (
                np.sum(observed[:, i]) - np.sum(observed[:, i] / v[:, i]) / np.sum(1 / v[:, i]) if i == j else 0.0
            )
            estimate[i, j] = estimate[j, i] = (q - expected) / scale
    values, vectors = np.linalg.eigh(estimate)
    return (vectors * np.maximum(values, 0.0)) @ vectors.T


def _gls(y: np.ndarray, v: np.ndarray, between: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    precision = np.zeros_like(between)
    weighted = np.zeros(between.shape[0])
    for row in range(y.shape[0]):
        inverse = np.linalg.inv(np.diag(v[row]) + between)
        precision += inverse
        weighted += inverse @ y[row]
    cov = np.linalg.inv(precision)
    return cov @ weighted, cov


def _curve_with_ci(beta: np.ndarray, cov: np.ndarray, z: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """S(tⱼ) = Π sin²βₗ and exp(log S ± z·SE), Var log S(tⱼ) = Σₗ,ₘ≤ⱼ gₗgₘ Cov(βₗ, βₘ), g = 2 cot β."""
    survival = np.cumprod(np.sin(beta) ** 2)
    gradient = 2.0 * np.cos(beta) / np.sin(beta)
    contributions = np.outer(gradient, gradient) * cov
    variance = np.array([contributions[: j + 1, : j + 1].sum() for j in range(beta.size)])
    half = z * np.sqrt(variance)
    return survival, survival * np.exp(-half), survival * np.exp(half)


def _per_time_i2(tau2: np.ndarray, v: np.ndarray, observed: np.ndarray) -> np.ndarray:
    out = np.zeros(tau2.size)
    for j in range(tau2.size):
        w = 1.0 / v[observed[:, j], j]
        if w.size > 1:
            typical = (w.size - 1) * w.sum() / (w.sum() ** 2 - np.sum(w**2))
            out[j] = 100.0 * tau2[j] / (tau2[j] + typical)
    return out


def _median(grid: np.ndarray, survival: np.ndarray) -> float:
    """First crossing of 0.5, linearly interpolated between common times (as metaSurvival); NaN if not reached."""
    below = np.flatnonzero(survival < 0.5)
    if below.size == 0:
        return float(grid[-1]) if survival[-1] == 0.5 else math.nan
    j = below[0]
    if j == 0:
        return math.nan  # crosses before the first common time: not estimable from these points
    t0, t1, s0, s1 = grid[j - 1], grid[j], survival[j - 1], survival[j]
    return float(t1 - (t1 - t0) * (s1 - 0.5) / (s1 - s0))
