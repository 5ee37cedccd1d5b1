"""When two studies are not pooled: a pool of two that disagree describes neither of them.

With k = 2, τ² rests on one difference and the random-effects average sits between two results that
cannot both describe the same population. The rule, written once and applied to every pool the app
shows (survival at a time, hazard ratios): two studies are not pooled when I² exceeds 75% ("considerable"
heterogeneity, Cochrane Handbook §10.10.2) or their own 95% confidence intervals do not overlap.
Three or more studies are pooled and their heterogeneity shown (I², τ², prediction interval).
"""

from __future__ import annotations

import math

I2_LIMIT = 75.0  # percent
Z95 = 1.959963984540054
RULE = (
    "Two studies are not pooled when they disagree: I² above 75%, or 95% confidence intervals that do not overlap. "
    "Both values are shown instead."
)


def two_studies_disagree(yi, vi, i2: float) -> str:
    """Why two studies must not be pooled ('' when they may be, and always '' unless k = 2).

    yi, vi : the two effects and their sampling variances on the analysis scale (the scale the
        pool uses: log HR, arcsine survival); a CI on that scale maps one-to-one to the natural scale.
    i2 : I² of the two-study fit, in percent.
    """
    if len(yi) != 2:
        return ""
    reasons = []
    if i2 > I2_LIMIT:
        reasons.append(f"I² = {i2:.0f}% (above {I2_LIMIT:.0f}%)")
    (y1, y2), (s1, s2) = yi, (math.sqrt(v) for v in vi)
    if y1 + Z95 * s1 < y2 - Z95 * s2 or y2 + Z95 * s2 < y1 - Z95 * s1:
        reasons.append("their 95% confidence intervals do not overlap")
    return " and ".join(reasons)
