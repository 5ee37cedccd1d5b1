"""Forest page view model: the hazard ratios for one prognostic factor across studies, which
of them can be pooled (and why not, when not), and the random-effects pool."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from stats.effects import from_ci
from stats.meta import leave_one_out, random_effects

from .filters import Filters
from .labels import Labels


@dataclass(frozen=True)
class ForestRow:
    effect_id: str
    study_id: str
    study_label: str
    level: str
    reference: str
    analysis: str
    endpoint: str
    measure_as_stated: str
    estimate: float | None
    ci_lower: float | None
    ci_upper: float | None
    p_text: str
    n: int | None
    events: int | None
    provenance: str  # 'reported' or 'derived: <method>'
    log_estimate: float | None
    se: float | None
    pooled: bool
    why_not_pooled: str
    locator: str
    quote: str
    flags: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.study_label} — {self.level} ({self.analysis})"


@dataclass(frozen=True)
class ForestView:
    factor: str
    factor_label: str
    endpoint: str
    rows: tuple[ForestRow, ...]
    pooled: object | None  # stats.meta.MetaResult on the log scale
    leave_one_out: pd.DataFrame | None
    notices: tuple[str, ...] = field(default_factory=tuple)


def factor_options(ev, endpoint: str) -> pd.DataFrame:
    """Comparable factors (comparison keys) with the number of estimates and studies behind each."""
    effects = ev.effects
    effects = effects[effects["endpoint"] == endpoint]
    grouped = effects.groupby("comparison_key").agg(estimates=("id", "size"), studies=("study_id", "nunique"), factor=("factor", "first"), level=("level", "first"))
    return grouped.reset_index().sort_values(["studies", "estimates", "comparison_key"], ascending=[False, False, True])


def forest_view(ev, filters: Filters, labels: Labels, factor: str) -> ForestView:
    effects = ev.effects
    effects = effects[(effects["endpoint"] == filters.endpoint) & (effects["comparison_key"] == factor) & ~effects["study_id"].isin(filters.exclude)]
    cohorts = ev.cohorts.set_index("id")
    flags = _flags(ev.discrepancies)
    rows = [_row(r, cohorts, labels, filters, flags) for r in effects.to_dict("records")]
    rows = _one_per_study(rows)
    poolable = [r for r in rows if r.pooled]
    pooled = loo = None
    notices = []
    if len(poolable) >= 2:
        test = "knha" if filters.hksj else "z"
        yi = [r.log_estimate for r in poolable]
        vi = [r.se**2 for r in poolable]
        pooled = random_effects(yi, vi, method=filters.method, test=test)
        if len(poolable) >= 3:
            loo = leave_one_out(yi, vi, method=filters.method, test=test, labels=[r.study_label for r in poolable])
        if len(poolable) == 2:
            notices.append("The pooled estimate rests on two studies: τ² and the prediction interval are very uncertain.")
    elif rows:
        notices.append(_why_no_pool(rows, filters))
    label = labels.value("factor", rows[0].effect_id and effects["factor"].iloc[0]) if rows else factor
    return ForestView(factor, label, filters.endpoint, tuple(rows), pooled, loo, tuple(notices))


def _row(r: dict, cohorts: pd.DataFrame, labels: Labels, filters: Filters, flags: dict[str, tuple[str, ...]]) -> ForestRow:
    n = cohorts.loc[r["cohort_id"], "n"] if r["cohort_id"] in cohorts.index else None
    n = None if n is None or pd.isna(n) else int(n)
    log_est = se = None
    provenance = "reported"
    reasons = []
    if r["measure"] != "HR":
        reasons.append(f"printed as {r['measure_as_stated']}, not a hazard ratio")
    if r["analysis"] != filters.analysis:
        reasons.append(f"{r['analysis']} (pooling {filters.analysis} estimates only)")
    if not pd.isna(r["ci_lower"]) and not pd.isna(r["estimate"]):
        derived = from_ci(r["estimate"], r["ci_lower"], r["ci_upper"], level=r["ci_level"] if not pd.isna(r["ci_level"]) else 0.95)
        log_est, se = derived.log_hr, derived.se
        provenance = f"reported HR and CI; SE derived ({derived.method})"
    else:
        reasons.append("no confidence interval and no event count, so it cannot be weighted")
    if r["id"] in flags:
        reasons.append("source contradicts itself here (see flag)") if any("text_vs_text" in f for f in flags[r["id"]]) else None
    return ForestRow(
        effect_id=r["id"], study_id=r["study_id"], study_label=labels.study(r["study_id"]), level=r["level"], reference=r["reference"],
        analysis=r["analysis"], endpoint=r["endpoint"], measure_as_stated=r["measure_as_stated"],
        estimate=None if pd.isna(r["estimate"]) else float(r["estimate"]),
        ci_lower=None if pd.isna(r["ci_lower"]) else float(r["ci_lower"]), ci_upper=None if pd.isna(r["ci_upper"]) else float(r["ci_upper"]),
        p_text="" if pd.isna(r["p_value"]) else f"p {r['p_operator']} {r['p_value']:g}", n=n,
        events=None if pd.isna(r["events"]) else int(r["events"]), provenance=provenance, log_estimate=log_est, se=se,
        pooled=not reasons, why_not_pooled="; ".join(reasons), locator=r["locator"], quote=r["quote"], flags=flags.get(r["id"], ()),
    )


def _one_per_study(rows: list[ForestRow]) -> list[ForestRow]:
    """A study with two poolable estimates for one factor contradicts itself: pool neither, show both."""
    counts: dict[str, int] = {}
    for r in rows:
        if r.pooled:
            counts[r.study_id] = counts.get(r.study_id, 0) + 1
    out = []
    for r in rows:
        if r.pooled and counts[r.study_id] > 1:
            r = ForestRow(**{**r.__dict__, "pooled": False, "why_not_pooled": "the study gives two different estimates; neither is pooled"})
        out.append(r)
    return out


def _flags(discrepancies: pd.DataFrame) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for d in discrepancies.to_dict("records"):
        for rid in (d["affected_rows"] or "").split(";"):
            out.setdefault(rid, []).append(f"{d['kind']}: {d['summary']}")
    return {k: tuple(v) for k, v in out.items()}


def _why_no_pool(rows: list[ForestRow], filters: Filters) -> str:
    usable = [r for r in rows if r.pooled]
    if len(usable) == 1:
        return f"One {filters.analysis} estimate can be weighted ({usable[0].study_label}): nothing to pool."
    return f"No two {filters.analysis} hazard ratios with confidence intervals are comparable here: nothing is pooled."


def hr_text(estimate: float | None, lower: float | None, upper: float | None) -> str:
    if estimate is None or (isinstance(estimate, float) and math.isnan(estimate)):
        return "not stated"
    if lower is None:
        return f"{estimate:.2f} (CI not stated)"
    return f"{estimate:.2f} ({lower:.2f}–{upper:.2f})"
