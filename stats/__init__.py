"""Statistics for the evidence dashboard. Pure: numpy, scipy, pandas, lifelines; never streamlit or plotly.

Modules: meta (pooling, leave-one-out, cumulative, subgroups; pieces in pooling, heterogeneity,
sensitivity, subgroups), effects (derived log HRs), survival (curves through landmarks),
pooled_survival (survival pooled across studies), reconstruct (Guyot IPD and lifelines helpers).
"""

from .effects import DerivedEffect, from_ci, from_p_value, from_survival_proportions, implied_p_from_ci
from .meta import (
    MetaResult,
    NaturalScale,
    SubgroupResult,
    back_transform,
    cumulative,
    leave_one_out,
    random_effects,
    subgroup_analysis,
)
from .pooled_survival import PooledSurvival, SummarySurvivalCurve, pool_survival_at, summary_survival_curve
from .reconstruct import (
    CoxResult,
    KaplanMeier,
    LogRankResult,
    ReconstructionQuality,
    cox_from_ipd,
    km_from_ipd,
    logrank_from_ipd,
    reconstruct_ipd,
    reconstruction_quality,
    tidy_digitised_curve,
)
from .survival import InconsistentLandmarksError, LandmarkCurve, curve_from_landmarks

__all__ = [
    "CoxResult",
    "DerivedEffect",
    "InconsistentLandmarksError",
    "KaplanMeier",
    "LandmarkCurve",
    "LogRankResult",
    "MetaResult",
    "NaturalScale",
    "PooledSurvival",
    "ReconstructionQuality",
    "SubgroupResult",
    "SummarySurvivalCurve",
    "back_transform",
    "cox_from_ipd",
    "cumulative",
    "curve_from_landmarks",
    "from_ci",
    "from_p_value",
    "from_survival_proportions",
    "implied_p_from_ci",
    "km_from_ipd",
    "leave_one_out",
    "logrank_from_ipd",
    "pool_survival_at",
    "random_effects",
    "reconstruct_ipd",
    "reconstruction_quality",
    "subgroup_analysis",
    "summary_survival_curve",
    "tidy_digitised_curve",
]
