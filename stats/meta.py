"""Random-effects meta-analysis of one effect per study, as R's metafor::rma computes it.

Written by hand because no maintained Python library matches metafor on everything the
dashboard shows: statsmodels' `combine_effects` has DL/PM but no REML, no Q-profile CI for
τ², no Hartung–Knapp with REML and no metafor-style prediction interval; PyMARE lacks the
Q-profile interval and leave-one-out. Every number is tested against metafor 3.8 output.

References: Viechtbauer W (2010) J Stat Softw 36(3); Viechtbauer W (2005) J Educ Behav Stat
30:261 (REML by Fisher scoring); Paule & Mandel (1982); Hartung & Knapp (2001); Viechtbauer
(2007) Stat Med 26:37 (Q-profile).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import optimize
from scipy import stats as sp

METHODS = ("FE", "DL", "REML", "PM")
TESTS = ("z", "knha")


@dataclass(frozen=True)
class MetaResult:
    """A pooled estimate on the analysis scale (log HR, logit proportion…) and what was assumed."""

    estimate: float
    se: float
    ci_lower: float
    ci_upper: float
    z_or_t: float
    p: float
    tau2: float
    tau2_ci: tuple[float, float]
    i2: float
    h2: float
    q: float
    q_df: int
    q_p: float
    pi_lower: float
    pi_upper: float
    k: int
    weights: tuple[float, ...]
    method: str
    test: str
    level: float
    converged: bool
    notes: tuple[str, ...] = field(default_factory=tuple)


def random_effects(yi, vi, method: str = "REML", test: str = "z", level: float = 0.95) -> MetaResult:
    """Pool effects `yi` with sampling variances `vi`.

    Parameters
    ----------
    method : "FE" (inverse variance), "DL" (DerSimonian–Laird), "REML" (Fisher scoring) or "PM" (Paule–Mandel).
    test : "z" (normal) or "knha" (Hartung–Knapp–Sidik–Jonkman: t with k − 1 df, variance scaled by
        Σw(y − μ)²/(k − 1), not truncated, as metafor does).

    Notes
    -----
    I² and H² follow metafor: for τ² estimators I² = τ²/(τ² + ṽ) with the typical within-study
    variance ṽ = (k − 1)Σw / ((Σw)² − Σw²); for FE they come from Q. The prediction interval is
    μ ± c·√(SE² + τ²), c the normal or t(k − 1) quantile (metafor's predict()).

    Examples
    --------
    dat.bcg, log risk ratios, REML: estimate −0.7145, SE 0.1798, τ² 0.3132, I² 92.22%.
    """
    y, v = _check(yi, vi)
    method, test = _choice(method, METHODS, "method"), _choice(test, TESTS, "test")
    k = len(y)
    notes = []
    w = 1 / v
    q = float(np.sum(w * (y - np.sum(w * y) / np.sum(w)) ** 2))
    q_df = k - 1
    q_p = float(sp.chi2.sf(q, q_df)) if q_df > 0 else 1.0
    if k == 1:
        notes.append("k = 1: a single study; no heterogeneity (τ², I², Q) can be estimated and nothing is pooled.")
        tau2, converged = 0.0, True
    elif method == "FE":
        tau2, converged = 0.0, True
    else:
        tau2, converged = _TAU2[method](y, v)
    ws = 1 / (v + tau2)
    mu = float(np.sum(ws * y) / np.sum(ws))
    se = math.sqrt(1 / np.sum(ws))
    alpha = 1 - level
    if test == "knha" and k > 1:
        s2w = float(np.sum(ws * (y - mu) ** 2) / (k - 1))
        se *= math.sqrt(s2w)
        crit = sp.t.ppf(1 - alpha / 2, k - 1)
        stat = mu / se
        p = float(2 * sp.t.sf(abs(stat), k - 1))
    else:
        crit = sp.norm.ppf(1 - alpha / 2)
        stat = mu / se
        p = float(2 * sp.norm.sf(abs(stat)))
    i2, h2 = _i2_h2(method, q, q_df, tau2, w)
    pi_half = crit * math.sqrt(se**2 + tau2)
    if k < 3 and k > 1:
        notes.append(f"Only {k} studies: τ² and the prediction interval are very uncertain.")
    if not converged:
        notes.append(f"The {method} estimator of τ² did not converge; treat τ² with caution.")
    return MetaResult(
        estimate=mu, se=se, ci_lower=mu - crit * se, ci_upper=mu + crit * se, z_or_t=stat, p=p, tau2=tau2,
        tau2_ci=q_profile_ci(y, v, level) if k > 1 and method != "FE" else (math.nan, math.nan),
        i2=i2, h2=h2, q=q, q_df=q_df, q_p=q_p, pi_lower=mu - pi_half, pi_upper=mu + pi_half, k=k,
        weights=tuple(100 * ws / np.sum(ws)), method=method, test=test, level=level, converged=converged, notes=tuple(notes),
    )


def _check(yi, vi) -> tuple[np.ndarray, np.ndarray]:
    y, v = np.asarray(yi, dtype=float).ravel(), np.asarray(vi, dtype=float).ravel()
    if len(y) == 0:
        raise ValueError("No studies to pool (k = 0): select at least one estimate with a variance.")
    if len(y) != len(v):
        raise ValueError(f"yi has {len(y)} values but vi has {len(v)}; give one variance per effect.")
    for i, (a, b) in enumerate(zip(y, v, strict=True)):
        if not math.isfinite(a):
            raise ValueError(f"yi[{i}] = {a} is not a finite number.")
        if not (math.isfinite(b) and b > 0):
            raise ValueError(f"vi[{i}] = {b} is not a positive finite variance; derive it from the CI or drop the study.")
    return y, v


def _choice(value: str, allowed: tuple[str, ...], name: str) -> str:
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(allowed)}, not {value!r}.")
    return value


def _generalised_q(tau2: float, y: np.ndarray, v: np.ndarray) -> float:
    w = 1 / (v + tau2)
    mu = np.sum(w * y) / np.sum(w)
    return float(np.sum(w * (y - mu) ** 2))


def _tau2_dl(y: np.ndarray, v: np.ndarray) -> tuple[float, bool]:
    w = 1 / v
    q = _generalised_q(0.0, y, v)
    c = np.sum(w) - np.sum(w**2) / np.sum(w)
    return max(0.0, float((q - (len(y) - 1)) / c)), True


def _tau2_reml(y: np.ndarray, v: np.ndarray, tol: float = 1e-10, max_iter: int = 200) -> tuple[float, bool]:
    """Fisher scoring with step halving, started at the DL estimate (as metafor)."""
    tau2 = _tau2_dl(y, v)[0]
    for _ in range(max_iter):
        w = 1 / (v + tau2)
        sw = np.sum(w)
        mu = np.sum(w * y) / sw
        resid = y - mu
        tr_p = sw - np.sum(w**2) / sw
        tr_pp = np.sum(w**2) - 2 * np.sum(w**3) / sw + (np.sum(w**2) / sw) ** 2
        step = (np.sum((w * resid) ** 2) - tr_p) / tr_pp
        new = tau2 + step
        while new < 0:
            step /= 2
            new = tau2 + step
            if abs(step) < tol:
                new = 0.0
                break
        if abs(new - tau2) < tol:
            return float(new), True
        tau2 = new
    return float(tau2), False


def _tau2_pm(y: np.ndarray, v: np.ndarray) -> tuple[float, bool]:
    target = len(y) - 1
    if _generalised_q(0.0, y, v) <= target:
        return 0.0, True
    upper = max(1.0, float(np.var(y)) * 10)
    while _generalised_q(upper, y, v) > target:
        upper *= 10
    return float(optimize.brentq(lambda t: _generalised_q(t, y, v) - target, 0.0, upper, xtol=1e-12)), True


_TAU2 = {"DL": _tau2_dl, "REML": _tau2_reml, "PM": _tau2_pm}


def q_profile_ci(y, v, level: float = 0.95) -> tuple[float, float]:
    """Q-profile confidence interval for τ² (Viechtbauer 2007), bounded below at 0."""
    y, v = np.asarray(y, float), np.asarray(v, float)
    df = len(y) - 1
    alpha = 1 - level
    bounds = []
    for quantile in (1 - alpha / 2, alpha / 2):
        target = sp.chi2.ppf(quantile, df)
        if _generalised_q(0.0, y, v) < target:
            bounds.append(0.0)
            continue
        upper = max(1.0, float(np.var(y)) * 10)
        while _generalised_q(upper, y, v) > target:
            upper *= 10
        bounds.append(float(optimize.brentq(lambda t, tg=target: _generalised_q(t, y, v) - tg, 0.0, upper, xtol=1e-12)))
    return bounds[0], bounds[1]


def _i2_h2(method: str, q: float, df: int, tau2: float, w: np.ndarray) -> tuple[float, float]:
    if df <= 0:
        return 0.0, 1.0
    if method == "FE":
        return max(0.0, 100 * (q - df) / q) if q > 0 else 0.0, q / df
    typical = df * np.sum(w) / (np.sum(w) ** 2 - np.sum(w**2))
    return float(100 * tau2 / (tau2 + typical)), float((tau2 + typical) / typical)


def back_transform(result: MetaResult, transform: str = "exp") -> dict[str, float]:
    """Estimate, CI and prediction interval on the natural scale ('exp' for log ratios, 'expit' for logits)."""
    f = {"exp": math.exp, "expit": lambda x: 1 / (1 + math.exp(-x))}[transform]
    return {name: f(getattr(result, name)) for name in ("estimate", "ci_lower", "ci_upper", "pi_lower", "pi_upper")}


def leave_one_out(yi, vi, method: str = "REML", test: str = "z", labels=None, level: float = 0.95) -> pd.DataFrame:
    """Refit without each study in turn (metafor::leave1out)."""
    y, v = _check(yi, vi)
    labels = list(labels) if labels is not None else [str(i + 1) for i in range(len(y))]
    records = []
    for i in range(len(y)):
        keep = np.arange(len(y)) != i
        r = random_effects(y[keep], v[keep], method, test, level)
        records.append({"omitted": labels[i], "estimate": r.estimate, "se": r.se, "ci_lower": r.ci_lower, "ci_upper": r.ci_upper, "p": r.p, "tau2": r.tau2, "i2": r.i2, "q": r.q})
    return pd.DataFrame(records)


def cumulative(yi, vi, order=None, method: str = "REML", test: str = "z", labels=None, level: float = 0.95) -> pd.DataFrame:
    """Pool the first 1, 2, …, k studies in `order` (metafor::cumul; ties keep input order)."""
    y, v = _check(yi, vi)
    labels = list(labels) if labels is not None else [str(i + 1) for i in range(len(y))]
    idx = np.argsort(np.asarray(order), kind="stable") if order is not None else np.arange(len(y))
    records = []
    for n in range(1, len(y) + 1):
        sel = idx[:n]
        r = random_effects(y[sel], v[sel], method, test, level)
        records.append({"added": labels[idx[n - 1]], "k": n, "estimate": r.estimate, "se": r.se, "ci_lower": r.ci_lower, "ci_upper": r.ci_upper, "tau2": r.tau2, "i2": r.i2})
    return pd.DataFrame(records)


@dataclass(frozen=True)
class SubgroupResult:
    groups: dict[str, MetaResult]
    q_between: float
    df: int
    p: float
    note: str


def subgroup_analysis(yi, vi, groups, method: str = "REML", test: str = "z", level: float = 0.95) -> SubgroupResult:
    """Pool within each subgroup (a separate τ² per subgroup) and test whether the subgroup
    estimates differ: Q_between = Σ (μ_g − μ̄)²/SE_g² on g − 1 df, μ̄ their inverse-variance mean
    (R meta's test for subgroup differences with separate τ²)."""
    y, v = _check(yi, vi)
    groups = np.asarray(groups)
    fits = {str(g): random_effects(y[groups == g], v[groups == g], method, test, level) for g in dict.fromkeys(groups)}
    if len(fits) < 2:
        return SubgroupResult(fits, math.nan, 0, math.nan, "Only one subgroup: no difference to test.")
    mu = np.array([f.estimate for f in fits.values()])
    w = 1 / np.array([f.se**2 for f in fits.values()])
    q_between = float(np.sum(w * (mu - np.sum(w * mu) / np.sum(w)) ** 2))
    df = len(fits) - 1
    return SubgroupResult(fits, q_between, df, float(sp.chi2.sf(q_between, df)), "Separate τ² within each subgroup; Wald-type test between subgroup estimates.")
