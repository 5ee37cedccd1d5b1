"""Log hazard ratios and their standard errors from what papers report.

Tierney JF, Stewart LA, Ghersi D, Burdett S, Sydes MR (2007) Trials 8:16;
Parmar MKB, Torri V, Stewart L (1998) Stat Med 17:2815. Every result says how it was derived,
so the app labels it 'derived' with its method.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from scipy import stats as sp


@dataclass(frozen=True)
class DerivedEffect:
    log_hr: float
    se: float | None
    method: str
    reference: str
    inputs: dict = field(default_factory=dict)
    reported: bool = False  # the HR itself was reported; only its SE is derived

    @property
    def hr(self) -> float:
        return math.exp(self.log_hr)

    def ci(self, level: float = 0.95) -> tuple[float, float] | None:
        if self.se is None:
            return None
        z = sp.norm.ppf(0.5 + level / 2)
        return math.exp(self.log_hr - z * self.se), math.exp(self.log_hr + z * self.se)


def from_ci(hr: float, lower: float, upper: float, level: float = 0.95) -> DerivedEffect:
    """SE = (ln U − ln L) / (2 z); the HR is as reported (Tierney 2007, method 1)."""
    if not (0 < lower <= hr <= upper):
        raise ValueError(f"HR {hr} must lie within its CI {lower}–{upper}, all positive.")
    z = sp.norm.ppf(0.5 + level / 2)
    se = (math.log(upper) - math.log(lower)) / (2 * z)
    return DerivedEffect(math.log(hr), se, f"SE from the {level:.0%} CI (Tierney 2007)", "Tierney et al. 2007, Trials 8:16",
                         {"hr": hr, "lower": lower, "upper": upper, "level": level}, reported=True)


def from_p_value(p: float, events: int, hr_direction: float, n1: int | None = None, n2: int | None = None) -> DerivedEffect:
    """ln HR = (O − E)/V with V = events·n₁n₂/(n₁+n₂)² (events/4 with equal arms) and
    O − E = √V·z, z the normal quantile of a two-sided p (Tierney 2007, methods 4–6).
    `hr_direction` > 1 or < 1 gives the sign, which a p-value cannot."""
    if not 0 < p < 1:
        raise ValueError(f"p = {p} must be strictly between 0 and 1 (an exact p, not a bound).")
    if events <= 0:
        raise ValueError("The number of events must be positive.")
    share = 0.25 if n1 is None or n2 is None else n1 * n2 / (n1 + n2) ** 2
    v = events * share
    z = sp.norm.isf(p / 2)
    log_hr = math.copysign(z / math.sqrt(v), math.log(hr_direction))
    return DerivedEffect(log_hr, 1 / math.sqrt(v), "HR from p-value and events (Tierney 2007)", "Tierney et al. 2007; Parmar et al. 1998",
                         {"p": p, "events": events, "n1": n1, "n2": n2})


def from_survival_proportions(s1: float, s2: float, n1: int | None = None, n2: int | None = None) -> DerivedEffect:
    """HR ≈ ln S₁(t) / ln S₂(t) at a common time (proportional hazards; Parmar 1998).
    With arm sizes, SE from the delta method with binomial variances S(1−S)/n (no censoring assumed);
    without them, no SE (the estimate cannot be weighted)."""
    if not (0 < s1 < 1 and 0 < s2 < 1):
        raise ValueError("Survival proportions must be strictly between 0 and 1.")
    log_hr = math.log(math.log(s1) / math.log(s2))
    se = None
    if n1 and n2:
        var = (1 - s1) / (n1 * s1 * math.log(s1) ** 2) + (1 - s2) / (n2 * s2 * math.log(s2) ** 2)
        se = math.sqrt(var)
    return DerivedEffect(log_hr, se, "HR from survival proportions at a common time (Parmar 1998)", "Parmar et al. 1998, Stat Med 17:2815",
                         {"s1": s1, "s2": s2, "n1": n1, "n2": n2})


def implied_p_from_ci(hr: float, lower: float, upper: float, level: float = 0.95) -> float:
    """Two-sided Wald p-value a reported HR and CI imply."""
    effect = from_ci(hr, lower, upper, level)
    return float(2 * sp.norm.sf(abs(effect.log_hr) / effect.se))
