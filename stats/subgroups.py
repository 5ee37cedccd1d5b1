"""Subgroup analysis: pool within each subgroup, then test whether the subgroups differ.

Two models, both as metafor fits them (the dashboard uses the first):

* ``tau2="separate"`` (default): each subgroup gets its own τ² (rma(..., subset=group == g)).
  The test for subgroup differences is Cochran's Q between the subgroup estimates,
  Q_b = Σ_g (μ̂_g − μ̄)² / SE_g², μ̄ their inverse-SE² mean, referred to χ²(G − 1) — i.e. a
  fixed-effect meta-analysis of the subgroup estimates, rma(estimate, sei=se, method="FE"),
  which is also what R meta's update(..., subgroup=, tau.common=FALSE) reports.
* ``tau2="common"``: one τ² for all studies, subgroup means as moderators,
  rma(yi, vi, mods = ~ factor(group)); the test is the omnibus Wald QM on G − 1 df (with
  test="knha", F(G − 1, k − G) as metafor).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats as sp

from . import heterogeneity as het
from .pooling import MetaResult, check_effects, random_effects


@dataclass(frozen=True)
class SubgroupResult:
    """Per-subgroup fits (in order of first appearance) and the test for a difference between them.

    `groups` always holds each subgroup pooled on its own (its own τ²), for display, whichever
    model the test uses; `common_tau2` is the shared τ² of the common model.

    `statistic` is χ² (Q between) for test "z" or F for the common-τ² model with "knha"; `df` is
    G − 1 and, for F, `df_residual` is k − G.
    """

    groups: dict[str, MetaResult]
    statistic: float
    df: int
    p: float
    distribution: str
    tau2_model: str
    df_residual: int | None = None
    common_tau2: float | None = None
    notes: tuple[str, ...] = ()

    @property
    def q_between(self) -> float:
        return self.statistic


def subgroup_analysis(
    yi, vi, groups, method: str = "REML", test: str = "z", level: float = 0.95, tau2: str = "separate"
) -> SubgroupResult:
    """Pool each subgroup and test the difference between subgroups (see the module docstring).

    Parameters
    ----------
    groups : array-like
        A label per study; studies with the same label form one subgroup.
    tau2 : {"separate", "common"}
        Whether each subgroup has its own τ² or all share one.
    """
    y, v = check_effects(yi, vi)
    labels = np.asarray([str(g) for g in np.asarray(groups, dtype=object).ravel()])
    if labels.size != y.size:
        raise ValueError(f"{labels.size} group labels for {y.size} studies: give one label per study.")
    if tau2 not in ("separate", "common"):
        raise ValueError(f"tau2 must be 'separate' or 'common', not {tau2!r}.")
    names = list(dict.fromkeys(labels))
    fits = {name: random_effects(y[labels == name], v[labels == name], method, test, level) for name in names}
    if len(names) < 2:
        return SubgroupResult(
            fits, math.nan, 0, math.nan, "none", tau2, notes=("Only one subgroup: there is no difference to test.",)
        )
    if tau2 == "separate":
        return _separate(fits)
    return _common(y, v, labels, names, fits, method, test)


def _separate(fits: dict[str, MetaResult]) -> SubgroupResult:
    estimates = np.array([fit.estimate for fit in fits.values()])
    variances = np.array([fit.se**2 for fit in fits.values()])
    x = np.ones((estimates.size, 1))
    q_between = het.generalised_q(estimates, variances, x, 0.0)
    df = estimates.size - 1
    notes = ["Separate τ² within each subgroup; Q between the subgroup estimates (χ², G − 1 df)."]
    if any(fit.k == 1 for fit in fits.values()):
        notes.append("A subgroup has a single study: its estimate carries only that study's sampling error.")
    return SubgroupResult(fits, q_between, df, het.chi2_sf(q_between, df), "chi2", "separate", notes=tuple(notes))


def _common(y, v, labels, names, fits, method: str, test: str) -> SubgroupResult:
    x = np.column_stack([np.ones(y.size)] + [(labels == name).astype(float) for name in names[1:]])
    k, p = x.shape
    if k <= p:
        raise ValueError(f"{k} studies in {p} subgroups: a common-τ² model needs more studies than subgroups.")
    tau = het.estimate_tau2(y, v, x, method)
    fit = het.weighted_fit(y, v, x, tau.tau2)
    contrast, cov = fit.beta[1:], fit.cov[1:, 1:]
    if test == "knha":
        cov = cov * het.knha_scale(fit, k, p)
        f_stat = float(contrast @ np.linalg.solve(cov, contrast)) / (p - 1)
        return SubgroupResult(
            fits,
            f_stat,
            p - 1,
            float(sp.f.sf(f_stat, p - 1, k - p)),
            "F",
            "common",
            k - p,
            tau.tau2,
            ("Common τ² across subgroups; Hartung–Knapp F test of the subgroup means.",),
        )
    qm = float(contrast @ np.linalg.solve(cov, contrast))
    return SubgroupResult(
        fits,
        qm,
        p - 1,
        het.chi2_sf(qm, p - 1),
        "chi2",
        "common",
        None,
        tau.tau2,
        ("Common τ² across subgroups; Wald test QM of the subgroup means (χ², G − 1 df).",),
    )
