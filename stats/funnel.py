"""Funnel plot limits for comparing institutions (Spiegelhalter DJ, Funnel plots for comparing institutional
performance, Stat Med 2005;24:1185–1202): around a target proportion p0, the limits at n patients are
p0 ± z·√(p0(1 − p0)/n), with z for 95% (1.96) and 99.8% (3.09) two-sided coverage; a unit beyond the 95% limits is
an 'alert', beyond 99.8% an 'alarm'. The normal approximation is the paper's; it is poor for very small n."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats as sp

LEVELS = (0.95, 0.998)


def z_for(level: float) -> float:
    return float(sp.norm.ppf(0.5 + level / 2))


def control_limits(target: float, n, level: float) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper limits at each n (held to 0–1)."""
    half = z_for(level) * np.sqrt(target * (1 - target) / np.asarray(n, float))
    return np.clip(target - half, 0.0, 1.0), np.clip(target + half, 0.0, 1.0)


@dataclass(frozen=True)
class FunnelPosition:
    z: float  # (value − target) / √(target(1 − target)/n)
    zone: str  # 'within the 95% limits' | 'between the 95% and 99.8% limits' | 'beyond the 99.8% limits'
    side: str  # 'above' | 'below' | ''


def position(value: float, n: int, target: float) -> FunnelPosition:
    z = (value - target) / math.sqrt(target * (1 - target) / n)
    inner, outer = (z_for(level) for level in LEVELS)
    if abs(z) <= inner:
        return FunnelPosition(z, "within the 95% limits", "")
    zone = "between the 95% and 99.8% limits" if abs(z) <= outer else "beyond the 99.8% limits"
    return FunnelPosition(z, zone, "above" if z > 0 else "below")
