"""Survival pooled across studies at a common time point from reported landmarks.

In the manner of R's metaSurvival (Combescure et al. 2014, Stat Med 33:2521), which pools
survival at common times with DerSimonian–Laird random effects on a transformed scale. Written
by hand (no Python package does this). Simplification, stated: each time point is pooled on its
own (not the multivariate model across times), on the arcsine–square-root scale with variance
1/(4n), n being each study's cohort size. Censoring makes the true variance larger at late times,
so the CI is too narrow there; the app says so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .meta import random_effects


@dataclass(frozen=True)
class PooledSurvival:
    time: float
    estimate: float
    ci_lower: float
    ci_upper: float
    tau2: float
    i2: float
    k: int
    method: str
    scale: str = "arcsine square root, variance 1/(4n)"


def pool_survival_at(time: float, survival, n, method: str = "DL") -> PooledSurvival:
    s, n = np.asarray(survival, float), np.asarray(n, float)
    if len(s) != len(n) or len(s) == 0:
        raise ValueError("Give one survival value and one n per study (at least one study).")
    if np.any((s < 0) | (s > 1)) or np.any(n <= 0):
        raise ValueError("Survival must be within [0, 1] and n positive.")
    y = np.arcsin(np.sqrt(s))
    v = 1 / (4 * n)
    fit = random_effects(y, v, method=method)

    def back(x: float) -> float:
        return math.sin(min(max(x, 0.0), math.pi / 2)) ** 2

    return PooledSurvival(time, back(fit.estimate), back(fit.ci_lower), back(fit.ci_upper), fit.tau2, fit.i2, fit.k, f"{method} random effects, arcsine-transformed")
