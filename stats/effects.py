"""Log hazard ratios and their standard errors from what papers report.

Tierney JF, Stewart LA, Ghersi D, Burdett S, Sydes MR (2007). Practical methods for
incorporating summary time-to-event data into meta-analysis. Trials 8:16.
Parmar MKB, Torri V, Stewart L (1998). Extracting summary statistics to perform meta-analyses
of the published literature for survival endpoints. Stat Med 17:2815–2834.

Every result is a DerivedEffect that says how it was obtained (`method`, `reference`,
`inputs`), so the app can label it "derived" and show the working. `reported` is True only
when the hazard ratio itself was printed in the paper and just its SE is derived.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from scipy import stats as sp

TIERNEY = "Tierney et al. 2007, Trials 8:16"
PARMAR = "Parmar et al. 1998, Stat Med 17:2815"


@dataclass(frozen=True)
class DerivedEffect:
    """A log hazard ratio with its SE and the 95% CI they imply (ci_* on the HR scale)."""

    log_hr: float
    se: float | None
    hr: float
    ci_lower: float | None
    ci_upper: float | None
    method: str
    reference: str
    inputs: dict = field(default_factory=dict, hash=False)
    reported: bool = False
    assumptions: tuple[str, ...] = ()

    @property
    def variance(self) -> float | None:
        return None if self.se is None else self.se**2


def _effect(
    log_hr: float,
    se: float | None,
    method: str,
    reference: str,
    inputs: dict,
    reported: bool,
    assumptions: tuple[str, ...] = (),
) -> DerivedEffect:
    z = float(sp.norm.ppf(0.975))
    lower = None if se is None else math.exp(log_hr - z * se)
    upper = None if se is None else math.exp(log_hr + z * se)
    return DerivedEffect(
        log_hr, se, math.exp(log_hr), lower, upper, method, reference, dict(inputs), reported, assumptions
    )


def _z_for_level(level: float) -> float:
    if not 0 < level < 1:
        raise ValueError(f"level must be a probability such as 0.95, not {level!r}.")
    return float(sp.norm.ppf(0.5 + level / 2))


def from_ci(hr: float, lower: float, upper: float, level: float = 0.95) -> DerivedEffect:
    """SE of log HR from a reported HR and its confidence interval (Tierney 2007, §"HR and CI").

    SE = (ln U − ln L) / (2·z), z = Φ⁻¹(½ + level/2) (1.959964 for 95%); the log HR is ln(HR) as
    reported. Assumes the CI was computed symmetrically on the log scale (Wald), as Cox-model
    CIs are.
    """
    if not (lower > 0 and hr > 0 and upper > 0):
        raise ValueError(f"HR {hr} and its CI {lower}–{upper} must all be positive (ratios, not log ratios).")
    if not lower <= hr <= upper:
        raise ValueError(f"HR {hr} lies outside its CI {lower}–{upper}: check the extraction (arms swapped or a typo).")
    if lower == upper:
        raise ValueError(f"The CI {lower}–{upper} has zero width: an SE cannot be derived from it.")
    z = _z_for_level(level)
    se = (math.log(upper) - math.log(lower)) / (2 * z)
    label = f"from {level:.0%} CI (Tierney 2007)"
    inputs = {"hr": hr, "lower": lower, "upper": upper, "level": level}
    return _effect(
        math.log(hr), se, label, TIERNEY, inputs, reported=True, assumptions=("CI symmetric on the log scale",)
    )


def _sign(direction: int | None, hr: float | None) -> int:
    if (direction is None) == (hr is None):
        raise ValueError(
            "Give exactly one of direction (+1: HR > 1, −1: HR < 1) or hr (a reported HR): "
            "a p-value alone does not say which arm did better."
        )
    if hr is not None:
        if not hr > 0 or hr == 1:
            raise ValueError(f"hr = {hr} cannot give a direction: it must be positive and not 1.")
        return 1 if hr > 1 else -1
    if direction not in (1, -1):
        raise ValueError(f"direction must be +1 or −1, not {direction!r}.")
    return int(direction)


def from_p_value(
    p: float,
    events: float,
    n1: int | None = None,
    n2: int | None = None,
    direction: int | None = None,
    hr: float | None = None,
    two_sided: bool = True,
) -> DerivedEffect:
    """Log HR and SE from a log-rank (or Cox) p-value and the total number of events (Tierney 2007).

    V = events·n₁n₂/(n₁ + n₂)² (= events/4 with equal arms, used when n₁, n₂ are not given);
    O − E = √V·z, z = Φ⁻¹(1 − p/2) for a two-sided p (Φ⁻¹(1 − p) one-sided);
    ln HR = (O − E)/V = z/√V, SE = 1/√V.
    The sign comes from `direction` or from a reported `hr` (only its side of 1 is used).
    """
    if not 0 < p < 1:
        raise ValueError(
            f"p = {p} must be strictly between 0 and 1: a bound such as 'p < 0.001' gives no exact z; "
            "use the CI or survival proportions instead."
        )
    if not events > 0:
        raise ValueError(f"events = {events}: the total number of events must be positive.")
    if (n1 is None) != (n2 is None) or (n1 is not None and not (n1 > 0 and n2 > 0)):
        raise ValueError("Give both arm sizes n1 and n2 (positive) or neither (equal arms are then assumed).")
    sign = _sign(direction, hr)
    share = 0.25 if n1 is None else n1 * n2 / (n1 + n2) ** 2
    variance = events * share
    z = float(sp.norm.isf(p / 2 if two_sided else p))
    assumptions = [
        "p from a log-rank or Cox score test",
        "equal arms (V = events/4)" if n1 is None else "V = events·n1·n2/(n1+n2)²",
    ]
    inputs = {"p": p, "events": events, "n1": n1, "n2": n2, "direction": direction, "hr": hr, "two_sided": two_sided}
    return _effect(
        sign * z / math.sqrt(variance),
        1 / math.sqrt(variance),
        "from p-value and events (Tierney 2007)",
        TIERNEY,
        inputs,
        reported=False,
        assumptions=tuple(assumptions),
    )


def from_survival_proportions(
    s1: float, s2: float, n1: int | None = None, n2: int | None = None, time: float | None = None
) -> DerivedEffect:
    """HR of arm 1 versus arm 2 from survival proportions at one common time (Parmar 1998).

    Under proportional hazards S₁(t) = S₂(t)^HR, so ln HR = ln(ln S₁ / ln S₂) = ln(−ln S₁) − ln(−ln S₂).
    Its variance, by the delta method with binomial Var(S) = S(1 − S)/n in each arm,
    Var = (1 − S₁)/(n₁ S₁ (ln S₁)²) + (1 − S₂)/(n₂ S₂ (ln S₂)²). This assumes no censoring
    before t, so the SE is too small when many were censored; without n₁, n₂ there is no SE.
    """
    for name, s in (("s1", s1), ("s2", s2)):
        if not 0 < s < 1:
            raise ValueError(
                f"{name} = {s} must be strictly between 0 and 1: at 0 or 1 the log-log ratio is undefined."
            )
    log_hr = math.log(-math.log(s1)) - math.log(-math.log(s2))
    se = None
    if n1 is not None and n2 is not None:
        if not (n1 > 0 and n2 > 0):
            raise ValueError("Arm sizes n1 and n2 must be positive.")
        se = math.sqrt(_cloglog_variance(s1, n1) + _cloglog_variance(s2, n2))
    assumptions = (
        "proportional hazards",
        "same time point in both arms",
        "no censoring before t (binomial variance)" if se is not None else "no SE: arm sizes unknown",
    )
    inputs = {"s1": s1, "s2": s2, "n1": n1, "n2": n2, "time": time}
    return _effect(
        log_hr, se, "from survival proportions at a common time (Parmar 1998)", PARMAR, inputs, False, assumptions
    )


def _cloglog_variance(s: float, n: float) -> float:
    """Var(ln(−ln Ŝ)) ≈ Var(Ŝ)/(Ŝ ln Ŝ)² with Var(Ŝ) = Ŝ(1 − Ŝ)/n."""
    return (1 - s) / (n * s * math.log(s) ** 2)


def implied_p_from_ci(hr: float, lower: float, upper: float, level: float = 0.95) -> float:
    """Two-sided Wald p-value implied by a reported HR and CI: 2·(1 − Φ(|ln HR| / SE)), SE from the CI.

    The data checker compares it with the printed p to flag pairs that cannot both be right.
    """
    effect = from_ci(hr, lower, upper, level)
    return float(2 * sp.norm.sf(abs(effect.log_hr) / effect.se))


def from_survival_proportions_and_p(
    s1: float, s2: float, p: float, p_operator: str = "=", time: float | None = None
) -> DerivedEffect:
    """HR of arm 1 versus arm 2 from survival at a common time (Parmar 1998), its SE from the
    comparison's reported p-value (Tierney 2007: the test's z and the log HR give SE = |ln HR| / z).

    Unlike the binomial SE of `from_survival_proportions`, this keeps the censoring the authors' test
    took into account. z = Φ⁻¹(1 − p/2), so it assumes a two-sided log-rank or Cox test of the same
    comparison. A bound 'p < x' gives the largest SE the bound allows (the widest CI consistent with it);
    'p > x' bounds the SE from below only and gives none.
    """
    if p_operator not in ("=", "~", "<", "<="):
        raise ValueError(f"p {p_operator} {p} bounds the SE from below only: no SE can be taken from it.")
    if not 0 < p < 1:
        raise ValueError(f"p = {p} must be strictly between 0 and 1.")
    proportions = from_survival_proportions(s1, s2, time=time)
    if proportions.log_hr == 0:
        raise ValueError("Equal survival in both arms gives ln HR = 0: the p-value cannot set an SE for it.")
    z = float(sp.norm.isf(p / 2))
    se = abs(proportions.log_hr) / z
    bound = "; p printed as a bound, so the largest SE it allows" if p_operator in ("<", "<=") else ""
    assumptions = (
        "proportional hazards",
        "same time point in both arms",
        f"p {p_operator} {p:g} from a two-sided log-rank or Cox test{bound}",
    )
    inputs = {"s1": s1, "s2": s2, "p": p, "p_operator": p_operator, "time": time}
    return _effect(
        proportions.log_hr,
        se,
        "from survival proportions at a common time (Parmar 1998), SE from the reported p (Tierney 2007)",
        f"{PARMAR}; {TIERNEY}",
        inputs,
        False,
        assumptions,
    )
