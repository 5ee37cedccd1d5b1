"""Between-study variance τ² and the weighted least-squares fit it implies, as metafor's rma.uni.

The model is yᵢ = xᵢ'β + uᵢ + εᵢ with εᵢ ~ N(0, vᵢ) (vᵢ known) and uᵢ ~ N(0, τ²). With one
column of ones in X this is the ordinary random-effects model; with subgroup indicators it is
the common-τ² subgroup model. Everything is written in terms of the projection

    W = diag(1 / (vᵢ + τ²)),   P = W − W X (X'W X)⁻¹ X'W,   Q(τ²) = y' P y,

so the estimators below are those of Viechtbauer (2005) J Educ Behav Stat 30:261 and
Viechtbauer (2010) J Stat Softw 36(3) §3:

* DL  (DerSimonian & Laird 1986): τ² = max(0, (Q(0) − (k − p)) / tr P(0)).
* PM  (Paule & Mandel 1982): the τ² ≥ 0 solving Q(τ²) = k − p, to 1e-13. metafor's default stops
  its root finder at |Δτ²| ≈ 1.2e-4, so on dat.bcg its printed z and PI bound differ from ours by
  one or two units in the 4th decimal; with control=list(tol=1e-12) metafor agrees with us to 1e-12.
* REML: Fisher scoring τ² ← τ² + (y'PPy − tr P) / tr(PP), with step halving at the 0 bound
  (metafor's algorithm); if it oscillates, the root of the score y'PPy − tr P by bracketing.
* Q-profile CI (Viechtbauer 2007, Stat Med 26:37): the τ² where Q(τ²) crosses the χ²(k − p)
  quantiles.

Written by hand rather than taken from statsmodels or PyMARE: statsmodels' `combine_effects`
has DL and PM but no REML, no Q-profile interval, no prediction interval and no HKSJ with
REML; PyMARE has REML but no Q-profile interval, no leave-one-out/cumulative helpers and no
metafor-style I²/H² for each estimator. Both are tested against metafor 3.8 in tests/stats.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import optimize
from scipy import stats as sp

TAU2_ESTIMATORS = ("FE", "DL", "REML", "PM")
_TOLERANCE = 1e-10  # on τ²; metafor stops at 1e-5, so we are at least as close to the optimum
_MAX_ITER = 100


@dataclass(frozen=True)
class WeightedFit:
    """β̂ = (X'WX)⁻¹X'Wy and its covariance (X'WX)⁻¹ for a given τ²."""

    beta: np.ndarray
    cov: np.ndarray
    weights: np.ndarray  # 1 / (vᵢ + τ²)
    residual_q: float  # Σ wᵢ (yᵢ − xᵢ'β̂)², i.e. Q(τ²)


@dataclass(frozen=True)
class Tau2Estimate:
    tau2: float
    converged: bool
    iterations: int


def weighted_fit(y: np.ndarray, v: np.ndarray, x: np.ndarray, tau2: float) -> WeightedFit:
    w = 1.0 / (v + tau2)
    xtw = x.T * w
    cov = np.linalg.inv(xtw @ x)
    beta = cov @ (xtw @ y)
    resid = y - x @ beta
    return WeightedFit(beta, cov, w, float(np.sum(w * resid**2)))


def _projection_traces(v: np.ndarray, x: np.ndarray, tau2: float) -> tuple[float, float]:
    """tr P and tr(PP) without forming the k × k matrix P = W − WXCX'W, C = (X'WX)⁻¹.

    tr P = Σw − tr(C·X'W²X); tr(PP) = Σw² − 2·tr(C·X'W³X) + tr(C·X'W²X·C·X'W²X) — O(k·p²), so
    pooling 500 studies costs no more than a few vector operations.
    """
    w = 1.0 / (v + tau2)
    c = np.linalg.inv((x.T * w) @ x)
    m2 = (x.T * w**2) @ x
    m3 = (x.T * w**3) @ x
    c_m2 = c @ m2
    trace_p = float(np.sum(w) - np.trace(c_m2))
    trace_pp = float(np.sum(w**2) - 2 * np.trace(c @ m3) + np.trace(c_m2 @ c_m2))
    return trace_p, trace_pp


def generalised_q(y: np.ndarray, v: np.ndarray, x: np.ndarray, tau2: float) -> float:
    """Q(τ²) = y'P(τ²)y, decreasing in τ²."""
    return weighted_fit(y, v, x, tau2).residual_q


def estimate_tau2(y: np.ndarray, v: np.ndarray, x: np.ndarray, method: str) -> Tau2Estimate:
    """τ² by `method` ("FE" gives 0). Needs k > p; the caller handles k = p."""
    if method == "FE":
        return Tau2Estimate(0.0, True, 0)
    if method == "DL":
        return Tau2Estimate(_tau2_dl(y, v, x), True, 0)
    if method == "PM":
        return Tau2Estimate(_root_of_q(y, v, x, target=x.shape[0] - x.shape[1]), True, 0)
    if method == "REML":
        return _tau2_reml(y, v, x)
    raise ValueError(f"method must be one of {', '.join(TAU2_ESTIMATORS)}, not {method!r}.")


def _tau2_dl(y: np.ndarray, v: np.ndarray, x: np.ndarray) -> float:
    k, p = x.shape
    trace_p, _ = _projection_traces(v, x, 0.0)
    return max(0.0, (generalised_q(y, v, x, 0.0) - (k - p)) / trace_p)


def _reml_score(y: np.ndarray, v: np.ndarray, x: np.ndarray, tau2: float) -> tuple[float, float]:
    """Twice the REML score, y'PPy − tr P, and the expected information term tr(PP)."""
    fit = weighted_fit(y, v, x, tau2)
    py = fit.weights * (y - x @ fit.beta)  # P y
    trace_p, trace_pp = _projection_traces(v, x, tau2)
    return float(py @ py - trace_p), trace_pp


def _tau2_reml(y: np.ndarray, v: np.ndarray, x: np.ndarray) -> Tau2Estimate:
    tau2 = _tau2_dl(y, v, x)  # metafor starts elsewhere (HE); both reach the same maximum when it converges
    for iteration in range(1, _MAX_ITER + 1):
        score, information = _reml_score(y, v, x, tau2)
        step = score / information
        while tau2 + step < 0:
            step /= 2
            if abs(step) < _TOLERANCE:  # the maximum is on the boundary
                return Tau2Estimate(0.0, True, iteration)
        tau2 += step
        if abs(step) < _TOLERANCE:
            return Tau2Estimate(max(0.0, tau2), True, iteration)
    return _tau2_reml_by_root(y, v, x)


def _tau2_reml_by_root(y: np.ndarray, v: np.ndarray, x: np.ndarray) -> Tau2Estimate:
    # Fisher scoring can oscillate (it does on some small, discrete data sets, in metafor too):
    # solve score(τ²) = 0 by bracketing instead, which always converges.
    if _reml_score(y, v, x, 0.0)[0] <= 0:
        return Tau2Estimate(0.0, True, _MAX_ITER)
    upper = _bracket_upper(y, v, x)
    while _reml_score(y, v, x, upper)[0] > 0:
        upper *= 10
    root, report = optimize.brentq(
        lambda t: _reml_score(y, v, x, t)[0], 0.0, upper, xtol=1e-14, rtol=1e-13, full_output=True, disp=False
    )
    return Tau2Estimate(float(root), bool(report.converged), _MAX_ITER + int(report.iterations))


def _bracket_upper(y: np.ndarray, v: np.ndarray, x: np.ndarray) -> float:
    return max(100.0, 10.0 * float(np.var(y)) + 10.0 * float(np.max(v)))


def _root_of_q(y: np.ndarray, v: np.ndarray, x: np.ndarray, target: float) -> float:
    """The τ² ≥ 0 with Q(τ²) = target (0 when Q(0) is already below it); Q decreases in τ²."""
    if generalised_q(y, v, x, 0.0) <= target:
        return 0.0
    upper = _bracket_upper(y, v, x)
    while generalised_q(y, v, x, upper) > target:
        upper *= 10
    return float(optimize.brentq(lambda t: generalised_q(y, v, x, t) - target, 0.0, upper, xtol=1e-13, rtol=1e-13))


def q_profile_interval(y: np.ndarray, v: np.ndarray, x: np.ndarray, level: float = 0.95) -> tuple[float, float]:
    """Q-profile CI for τ² (Viechtbauer 2007): bounds where Q(τ²) equals χ²(k − p) quantiles, floored at 0."""
    df = x.shape[0] - x.shape[1]
    alpha = 1.0 - level
    lower = _root_of_q(y, v, x, float(sp.chi2.ppf(1 - alpha / 2, df)))
    upper = _root_of_q(y, v, x, float(sp.chi2.ppf(alpha / 2, df)))
    return lower, upper


def typical_within_variance(v: np.ndarray, x: np.ndarray) -> float:
    """metafor's ṽ = (k − p) / tr P(0), which is (k − 1)Σw / ((Σw)² − Σw²) for the intercept-only model."""
    k, p = x.shape
    return (k - p) / _projection_traces(v, x, 0.0)[0]


def i2_and_h2(method: str, q: float, v: np.ndarray, x: np.ndarray, tau2: float) -> tuple[float, float]:
    """I² (percent) and H² as metafor defines them for each estimator.

    FE: I² = max(0, (Q − df)/Q), H² = Q/df (Higgins & Thompson 2002, from Q).
    τ² estimators: I² = τ²/(τ² + ṽ), H² = (τ² + ṽ)/ṽ, ṽ the typical within-study variance —
    so I² agrees with the reported τ², not with Q.
    """
    df = x.shape[0] - x.shape[1]
    if df <= 0:
        return 0.0, 1.0
    if method == "FE":
        return (max(0.0, 100.0 * (q - df) / q) if q > 0 else 0.0), q / df
    typical = typical_within_variance(v, x)
    return 100.0 * tau2 / (tau2 + typical), (tau2 + typical) / typical


def knha_scale(fit: WeightedFit, k: int, p: int) -> float:
    """Hartung–Knapp/Sidik–Jonkman factor s² = Σwᵢ(yᵢ − ŷᵢ)²/(k − p), not truncated at 1 (metafor's default)."""
    return fit.residual_q / (k - p)


def chi2_sf(q: float, df: int) -> float:
    return float(sp.chi2.sf(q, df)) if df > 0 else 1.0
