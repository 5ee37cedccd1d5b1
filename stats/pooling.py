"""Pooling one effect per study: fixed or random effects, as metafor::rma(yi, vi, method, test).

The pooled estimate is μ̂ = Σwᵢyᵢ / Σwᵢ with wᵢ = 1/(vᵢ + τ̂²) and SE = (Σwᵢ)^(−1/2)
(Viechtbauer 2010, J Stat Softw 36(3)). With test="knha" (Hartung & Knapp 2001; Sidik &
Jonkman 2002) the SE is multiplied by √s², s² = Σwᵢ(yᵢ − μ̂)²/(k − 1), and CI and p use t(k − 1).
The prediction interval is μ̂ ± c·√(SE² + τ̂²), c the normal or t(k − 1) quantile, as metafor's
predict() (Riley et al. 2011, BMJ 342:d549 use t(k − 2); metafor and this module do not).
The τ² estimators and I²/H² live in stats.heterogeneity.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats as sp

from . import heterogeneity as het

TESTS = ("z", "knha")


@dataclass(frozen=True)
class MetaResult:
    """A pooled estimate on the analysis scale (log HR, logit proportion, …) and what was assumed.

    `weights` are percentages in input order, as metafor's weights(). `df` is the t degrees of
    freedom for test="knha" (None for z). `tau2_ci` is the Q-profile interval ((nan, nan) for FE
    or k = 1). `notes` are plain-English caveats for the reader.
    """

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
    df: int | None
    converged: bool
    iterations: int
    notes: tuple[str, ...] = ()

    @property
    def tau(self) -> float:
        return math.sqrt(self.tau2)


def check_effects(yi, vi) -> tuple[np.ndarray, np.ndarray]:
    """Effects and their sampling variances as float arrays, or a ValueError saying what to fix."""
    y = np.asarray(yi, dtype=float).ravel()
    v = np.asarray(vi, dtype=float).ravel()
    if y.size == 0:
        raise ValueError("No studies to pool (k = 0): select at least one study with an effect and its variance.")
    if y.size != v.size:
        raise ValueError(f"yi has {y.size} values but vi has {v.size}: give exactly one sampling variance per effect.")
    for index, (effect, variance) in enumerate(zip(y, v, strict=True)):
        if not math.isfinite(effect):
            raise ValueError(f"yi[{index}] = {effect} is not a finite number: drop the study or supply its effect.")
        if not (math.isfinite(variance) and variance > 0):
            raise ValueError(
                f"vi[{index}] = {variance} is not a positive finite variance: derive it from the study's "
                "CI or p-value (stats.effects) or leave the study out of the pool."
            )
    return y, v


def random_effects(yi, vi, method: str = "REML", test: str = "z", level: float = 0.95) -> MetaResult:
    """Pool effects `yi` (e.g. log hazard ratios) with sampling variances `vi`.

    Parameters
    ----------
    yi, vi : array-like
        One effect and its sampling variance (SE²) per study, on an additive scale.
    method : {"REML", "DL", "PM", "FE"}
        τ² estimator (restricted maximum likelihood, DerSimonian–Laird, Paule–Mandel) or fixed effect.
    test : {"z", "knha"}
        Normal-theory inference, or Hartung–Knapp–Sidik–Jonkman (metafor's test="knha").
    level : float
        Confidence level for the CI, the prediction interval and the Q-profile τ² interval.

    Returns
    -------
    MetaResult

    Notes
    -----
    I² = 100·τ²/(τ² + ṽ) and H² = (τ² + ṽ)/ṽ with ṽ = (k − 1)Σwᵢ/((Σwᵢ)² − Σwᵢ²), wᵢ = 1/vᵢ, for the
    τ² estimators; from Q for FE (metafor's definitions). With k = 1 the single study is returned
    with τ² = 0, test="z", and a note.

    Examples
    --------
    metafor's dat.bcg (log risk ratios, REML): estimate −0.7145, SE 0.1798, τ² 0.3132, I² 92.22%.
    """
    y, v = check_effects(yi, vi)
    if method not in het.TAU2_ESTIMATORS:
        raise ValueError(f"method must be one of {', '.join(het.TAU2_ESTIMATORS)}, not {method!r}.")
    if test not in TESTS:
        raise ValueError(f"test must be 'z' or 'knha' (Hartung–Knapp–Sidik–Jonkman), not {test!r}.")
    if not 0 < level < 1:
        raise ValueError(f"level must be a probability such as 0.95, not {level!r}.")
    notes = []
    k = y.size
    x = np.ones((k, 1))
    if k == 1:
        notes.append(
            "k = 1: a single study; its own estimate is shown, nothing is pooled and no heterogeneity "
            "(τ², I², Q) can be estimated."
        )
        if test == "knha":
            notes.append("Hartung–Knapp needs at least two studies; a normal (z) interval is used instead.")
            test = "z"
        tau = het.Tau2Estimate(0.0, True, 0)
    else:
        tau = het.estimate_tau2(y, v, x, method)
    fit = het.weighted_fit(y, v, x, tau.tau2)
    q = het.generalised_q(y, v, x, 0.0)
    q_df = k - 1
    i2, h2 = het.i2_and_h2(method, q, v, x, tau.tau2)
    estimate = float(fit.beta[0])
    se, crit, p, df = _inference(fit, test, k, level)
    if method == "FE":
        pi_half = crit * se  # a common effect has no spread to predict: metafor prints no PI
    else:
        pi_half = crit * math.sqrt(se**2 + tau.tau2)
    notes.extend(_caveats(k, method, test, tau, q, q_df))
    tau2_ci = het.q_profile_interval(y, v, x, level) if k > 1 and method != "FE" else (math.nan, math.nan)
    return MetaResult(
        estimate=estimate,
        se=se,
        ci_lower=estimate - crit * se,
        ci_upper=estimate + crit * se,
        z_or_t=_ratio(estimate, se),
        p=p,
        tau2=tau.tau2,
        tau2_ci=tau2_ci,
        i2=i2,
        h2=h2,
        q=q,
        q_df=q_df,
        q_p=het.chi2_sf(q, q_df),
        pi_lower=estimate - pi_half,
        pi_upper=estimate + pi_half,
        k=k,
        weights=tuple(float(w) for w in 100 * fit.weights / np.sum(fit.weights)),
        method=method,
        test=test,
        level=level,
        df=df,
        converged=tau.converged,
        iterations=tau.iterations,
        notes=tuple(notes),
    )


def _inference(fit: het.WeightedFit, test: str, k: int, level: float) -> tuple[float, float, float, int | None]:
    """SE, critical value, two-sided p and t df for the pooled estimate."""
    estimate = float(fit.beta[0])
    se = math.sqrt(float(fit.cov[0, 0]))
    upper_tail = 1 - (1 - level) / 2
    if test == "knha":
        se *= math.sqrt(het.knha_scale(fit, k, 1))
        df = k - 1
        return se, float(sp.t.ppf(upper_tail, df)), float(2 * sp.t.sf(abs(_ratio(estimate, se)), df)), df
    return se, float(sp.norm.ppf(upper_tail)), float(2 * sp.norm.sf(abs(_ratio(estimate, se)))), None


def _ratio(estimate: float, se: float) -> float:
    """estimate/SE; SE is 0 only when HKSJ meets studies that agree exactly (then ±inf, or nan for 0/0)."""
    if se > 0:
        return estimate / se
    return math.copysign(math.inf, estimate) if estimate != 0 else math.nan


def _caveats(k: int, method: str, test: str, tau: het.Tau2Estimate, q: float, q_df: int) -> list[str]:
    notes = []
    if 1 < k < 5 and method != "FE":
        notes.append(
            f"Only {k} studies: τ², I² and the prediction interval are very imprecise; read the Q-profile "
            "interval for τ², not the point value."
        )
    if method == "FE" and k > 1:
        notes.append(
            "Fixed (common) effect: assumes every study estimates the same effect; no prediction interval "
            "beyond the CI is given."
        )
        if test == "knha":
            notes.append(
                "Hartung–Knapp is meant for random-effects models; with FE it only rescales the SE by Q/(k − 1)."
            )
    if test == "knha" and k > 1 and q == 0:
        notes.append("The studies agree exactly, so the Hartung–Knapp SE is 0 and its CI has no width; use test='z'.")
    if not tau.converged:
        notes.append(f"The {method} estimate of τ² did not converge; use method='PM' or 'DL' and compare.")
    if method != "FE" and k > 1 and tau.tau2 == 0 and q > q_df:
        notes.append("τ² was estimated at 0 although Q exceeds its degrees of freedom; the CI may be too narrow.")
    return notes


@dataclass(frozen=True)
class NaturalScale:
    """A pooled result back on its natural scale (ratio or proportion)."""

    estimate: float
    ci_lower: float
    ci_upper: float
    pi_lower: float
    pi_upper: float
    transform: str


_INVERSES = {
    "exp": math.exp,  # log ratios (HR, RR, OR) -> ratios
    "expit": lambda value: 1.0 / (1.0 + math.exp(-value)),  # logit proportions -> proportions
    "identity": lambda value: value,
}


def back_transform(result: MetaResult, transform: str = "exp") -> NaturalScale:
    """Estimate, CI and prediction interval on the natural scale.

    `transform` is the inverse of the analysis scale: "exp" for log ratios, "expit" for logit
    proportions, "identity" for effects already on their natural scale. Monotone, so interval
    ends map to interval ends.
    """
    if transform not in _INVERSES:
        raise ValueError(f"transform must be one of {', '.join(_INVERSES)}, not {transform!r}.")
    inverse = _INVERSES[transform]
    return NaturalScale(
        inverse(result.estimate),
        inverse(result.ci_lower),
        inverse(result.ci_upper),
        inverse(result.pi_lower),
        inverse(result.pi_upper),
        transform,
    )
