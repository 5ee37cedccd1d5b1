"""The 95% prediction interval shown beside every pooled estimate: where the true effect of a new
setting like those pooled (another unit's survival, another series' hazard ratio) is expected to lie.

μ̂ ± t(k − 2)·√(SE² + τ̂²) on the analysis scale (Higgins, Thompson & Spiegelhalter 2009, J R Stat Soc A
172:137; Riley, Higgins & Deeks 2011, BMJ 342:d549; Cochrane Handbook §10.10.4.3). The t(k − 2) quantile,
not the normal one metafor's predict() uses, because τ² is itself estimated from k studies: with five
studies t(3) = 3.18 against z = 1.96, and a normal interval would claim a precision the few series here
do not have. With fewer than three studies t(k − 2) has no degrees of freedom and no interval is given;
under a fixed-effect model there is no between-study spread to predict. SE is the SE of the pooled
estimate as shown (Hartung–Knapp-adjusted when that is switched on).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy import stats as sp

METHOD = "t(k − 2) prediction interval, √(SE² + τ²) (Higgins 2009; Riley 2011)"


@dataclass(frozen=True)
class PredictionInterval:
    """On the analysis scale; `lower`/`upper` are None when no interval can be given, and `reason` says why."""

    lower: float | None
    upper: float | None
    df: int | None
    method: str = METHOD
    reason: str = ""

    @property
    def available(self) -> bool:
        return self.lower is not None


def prediction_interval(
    estimate: float, se: float, tau2: float, k: int, method: str = "REML", level: float = 0.95
) -> PredictionInterval:
    """Prediction interval for a pooled `estimate` (with its `se`) from `k` studies with between-study variance `tau2`.

    Examples
    --------
    metafor's dat.bcg (log risk ratios, REML, k = 13): estimate −0.7145, SE 0.1798, τ² 0.3132 give
    −2.0084 to 0.5793 (R: b ± qt(0.975, 11)·√(se² + τ²)).
    """
    if method == "FE":
        return PredictionInterval(
            None, None, None, reason="a fixed-effect model assumes one common effect: there is no spread to predict"
        )
    if k < 3:
        return PredictionInterval(
            None,
            None,
            None,
            reason=f"{k} studies: t(k − 2) has no degrees of freedom, so no prediction interval can be given",
        )
    df = k - 2
    half = float(sp.t.ppf(0.5 + level / 2, df)) * math.sqrt(se**2 + tau2)
    return PredictionInterval(estimate - half, estimate + half, df)
