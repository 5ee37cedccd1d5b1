"""Meta-analysis of one effect per study, as R's metafor 3.8 computes it — the public entry point.

The pieces live in their own modules: stats.pooling (random_effects, MetaResult, back_transform),
stats.heterogeneity (τ² estimators, Q-profile interval, I²/H²), stats.sensitivity
(leave_one_out, cumulative) and stats.subgroups (subgroup_analysis). Every number is tested
against metafor output embedded in tests/reference/.
"""

from .pooling import MetaResult, NaturalScale, back_transform, check_effects, random_effects
from .sensitivity import cumulative, leave_one_out
from .subgroups import SubgroupResult, subgroup_analysis

__all__ = [
    "MetaResult",
    "NaturalScale",
    "SubgroupResult",
    "back_transform",
    "check_effects",
    "cumulative",
    "leave_one_out",
    "random_effects",
    "subgroup_analysis",
]
