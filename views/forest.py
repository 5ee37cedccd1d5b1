"""Forest page view model: the hazard ratios for one prognostic factor across studies, which
of them can be pooled (and why not, when not), the random-effects pool, a test of whether
subgroups of the estimates differ, and the published meta-analyses for the same endpoint
(shown beside the pool, never pooled again)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import pandas as pd

from evidence.relations import is_within
from evidence.schema import COHORT_DIMENSIONS
from stats.agreement import two_studies_disagree
from stats.effects import from_ci
from stats.meta import leave_one_out, random_effects, subgroup_analysis
from stats.prediction import PredictionInterval, prediction_interval

from .catalog import catalog
from .filters import UNRESTRICTED, Filters
from .labels import Labels
from .overlap import OverlapGroups
from .reviews import ReviewResult, for_factor, has_factor_column, ratio_results, review_results
from .text import counted, is_missing, p_text

# Study-level columns a set of estimates can be split by; effect-level 'analysis' and the
# cohort dimensions of the population each model was fitted in come first.
STUDY_GROUPINGS = {
    "centres": "Centres (single / multi / registry)",
    "country": "Country",
    "evidence_level": "Evidence level",
}
NOT_A_GROUP = {*UNRESTRICTED, "not_stated", ""}  # values that say nothing about the subgroup
SECONDARY_REASON = "known only from another paper's table (secondary source)"


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
    cohort_id: str = ""
    secondary: bool = False  # the study is known only from another paper's table
    weightable: bool = False  # a hazard ratio with an SE, not contradicted, from a primary source (either analysis)

    @property
    def label(self) -> str:
        return f"{self.study_label} — {self.level} ({self.analysis})"


@dataclass(frozen=True)
class SubgroupEstimate:
    """One subgroup pooled on its own (its own τ²), on the hazard-ratio scale."""

    group: str
    label: str
    k: int
    hr: float
    ci_lower: float
    ci_upper: float
    tau2: float
    i2: float
    studies: tuple[str, ...]  # study labels
    patients: int | None  # sum of n where every estimate states it


@dataclass(frozen=True)
class SubgroupTest:
    """Pooled estimate per subgroup and the test for a difference between them (derived).

    `message` is set, and the numbers are empty, when no test can be made; it says why.
    """

    grouping: str
    grouping_label: str
    groups: tuple[SubgroupEstimate, ...] = ()
    statistic: float | None = None
    df: int = 0
    p: float | None = None
    distribution: str = ""
    method: str = ""
    left_out: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    message: str = ""

    @property
    def tested(self) -> bool:
        return self.statistic is not None

    @property
    def text(self) -> str:
        if not self.tested:
            return self.message
        name = "Q between subgroups" if self.distribution == "chi2" else "F"
        return f"{name} = {self.statistic:.2f} on {self.df} df, p = {self.p:.3g} (derived: {self.method})"


@dataclass(frozen=True)
class ForestView:
    factor: str
    factor_label: str
    endpoint: str
    rows: tuple[ForestRow, ...]
    pooled: object | None  # stats.meta.MetaResult on the log scale
    leave_one_out: pd.DataFrame | None
    notices: tuple[str, ...] = field(default_factory=tuple)
    # meta-analyses linked to this factor (drawn in the figure)
    reviews: tuple[ReviewResult, ...] = field(default_factory=tuple)
    # the reviews' other ratios for this endpoint
    endpoint_reviews: tuple[ReviewResult, ...] = field(default_factory=tuple)
    reviews_linkable: bool = False  # whether the reviews table has a column that links a result to a factor
    subgroup_options: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # (grouping, label) the data support
    subgroups: SubgroupTest | None = None
    prediction: PredictionInterval | None = None  # t(k − 2), log scale (stats.prediction); None when nothing is pooled
    not_pooled: str = ""  # why two weightable estimates were not pooled ('' when pooled or fewer than two)


def factor_options(ev, endpoint: str) -> pd.DataFrame:
    """Comparable factors (comparison keys) with the number of estimates, studies and printed ratios behind each."""
    effects = ev.effects
    effects = effects[effects["endpoint"] == endpoint]
    effects = effects.assign(drawable=effects["estimate"].notna())
    grouped = effects.groupby("comparison_key").agg(
        estimates=("id", "size"),
        studies=("study_id", "nunique"),
        factor=("factor", "first"),
        level=("level", "first"),
        ratios=("drawable", "sum"),
    )
    # factors with printed ratios first: a forest of statements without a number draws nothing to open on
    return grouped.reset_index().sort_values(
        ["ratios", "studies", "estimates", "comparison_key"], ascending=[False, False, False, True]
    )


DIRECTION_WORDS = {
    "worse": "worse",
    "better": "better",
    "no_difference": "no clear difference",
    "significant": "significant; direction not stated",
    "not_stated": "not stated",
}


SUMMARY_COLUMNS = (
    "Factor",
    "Level vs reference",
    "Direction of the level",
    "Study",
    "Population",
    "Analysis",
    "Estimate as printed",
    "Source",
    "comparison_key",
)
TREATMENT_WORDS = {
    "resection": "after liver surgery",
    "liver_surgery": "after liver surgery",
    "mixed": "only partly treated with liver surgery",
    "no_surgery": "not treated with liver surgery",
}


def factor_summary(ev, endpoint: str, labels: Labels, exclude=()) -> pd.DataFrame:
    """One row per factor and study for `endpoint`: which way the named level points, adjusted estimates first, the
    population the estimate comes from, the estimate as printed, and where. What the Forest page opens on."""
    effects = ev.effects
    effects = effects[(effects["endpoint"] == endpoint) & ~effects["study_id"].isin(exclude)]
    cohort_rows = catalog(ev).cohort_rows
    rows = []
    for r in effects.to_dict("records"):
        adjusted = r["analysis"] == "multivariable"
        if is_missing(r["estimate"]):
            value = p_text(r["p_value"], r["p_operator"]) or "no number printed"
        else:
            ci = "" if is_missing(r["ci_lower"]) else f" (95% CI {r['ci_lower']:g}–{r['ci_upper']:g})"
            value = f"{r['measure']} {r['estimate']:g}{ci}"
        rows.append(
            {
                "Factor": labels.value("factor", r["factor"]),
                "Level vs reference": f"{r['level']} vs {r['reference']}",
                "Direction of the level": DIRECTION_WORDS.get(r["direction"], r["direction"]),
                "Study": labels.study(r["study_id"]),
                "Population": _population_words(cohort_rows.get(r["cohort_id"])),
                "Analysis": "adjusted (multivariable)" if adjusted else "unadjusted (univariable)",
                "Estimate as printed": value,
                "Source": r["locator"],
                "comparison_key": r["comparison_key"],
                "_unadjusted": not adjusted,
            }
        )
    frame = pd.DataFrame(rows, columns=[*SUMMARY_COLUMNS, "_unadjusted"])
    ordered = frame.sort_values(["Factor", "_unadjusted", "Study"], kind="stable")
    return ordered.drop(columns="_unadjusted").reset_index(drop=True)


def _population_words(cohort) -> str:
    """'whole cohort after liver surgery', 'subgroup (G1 tumours) only partly treated with liver surgery'."""
    if cohort is None:
        return "cohort not recorded"
    whole = is_missing(cohort["parent_id"])
    who = "whole cohort" if whole else f"subgroup ({cohort['label']})"
    return f"{who} {TREATMENT_WORDS.get(cohort['treatment'], cohort['treatment'])}"


def forest_view(ev, filters: Filters, labels: Labels, factor: str, subgroup_by: str = "") -> ForestView:
    """Estimates for one factor (a comparison key) and endpoint.

    subgroup_by : a grouping from `subgroup_options` ('analysis', a cohort dimension, or a study
        column); the view then holds the per-subgroup pools and the test for a difference.
    """
    effects = ev.effects
    effects = effects[
        (effects["endpoint"] == filters.endpoint)
        & (effects["comparison_key"] == factor)
        & ~effects["study_id"].isin(filters.exclude)
    ]
    known = catalog(ev)
    cohorts, secondary = known.cohorts, known.secondary
    flags = {rid: tuple(f"{d['kind']}: {d['summary']}" for d in ds) for rid, ds in known.discrepancies_of.items()}
    rows = [_row(r, cohorts, labels, filters, flags, secondary) for r in effects.to_dict("records")]
    rows = _one_per_overlap_group(_one_per_study(rows), known.overlap, secondary)
    poolable = [r for r in rows if r.pooled]
    pooled = loo = prediction = None
    refused = ""
    notices = []
    if len(poolable) >= 2:
        test = "knha" if filters.hksj else "z"
        yi = [r.log_estimate for r in poolable]
        vi = [r.se**2 for r in poolable]
        pooled = random_effects(yi, vi, method=filters.method, test=test)
        refused = two_studies_disagree(yi, vi, pooled.i2)
        if refused:
            pooled = None
            notices.append(f"The two studies disagree ({refused}): not pooled; both estimates are shown.")
        else:
            prediction = prediction_interval(pooled.estimate, pooled.se, pooled.tau2, pooled.k, method=filters.method)
        if len(poolable) >= 3:
            loo = leave_one_out(yi, vi, method=filters.method, test=test, labels=[r.study_label for r in poolable])
        if len(poolable) == 2 and not refused:
            notices.append(
                "The pooled estimate rests on two studies: τ² is very uncertain and no prediction interval can be given."
            )
    elif rows:
        notices.append(_why_no_pool(rows, filters))
    label = labels.value("factor", rows[0].effect_id and effects["factor"].iloc[0]) if rows else factor
    reviews = ratio_results(review_results(ev, filters.endpoint, {r.study_id for r in rows}, labels))
    linked = for_factor(reviews, factor)
    values = _grouping_values(ev, rows)
    options = tuple(
        (g, _grouping_label(g, labels)) for g in values if len(_candidates(rows, g, values, filters)[0]) >= 2
    )
    subgroups = None
    if subgroup_by:
        subgroups = (
            subgroup_test(rows, subgroup_by, values, filters, labels, known.ancestors, known.overlap)
            if subgroup_by in values
            else SubgroupTest(
                subgroup_by, subgroup_by, message=f"'{subgroup_by}' is not a column these estimates can be split by."
            )
        )
    return ForestView(
        factor,
        label,
        filters.endpoint,
        tuple(rows),
        pooled,
        loo,
        tuple(notices),
        reviews=linked,
        endpoint_reviews=tuple(r for r in reviews if r not in linked),
        reviews_linkable=has_factor_column(ev),
        subgroup_options=options,
        subgroups=subgroups,
        prediction=prediction,
        not_pooled=refused,
    )


def subgroup_test(
    rows,
    grouping: str,
    values: dict[str, dict[str, str]],
    filters: Filters,
    labels: Labels,
    ancestors: dict[str, set[str]] | None = None,
    overlap: OverlapGroups | None = None,
) -> SubgroupTest:
    """Pool each subgroup on its own and test the difference (stats.subgroups, separate τ²), under the rules of
    every pool: one estimate per database or institution within a subgroup, no pool of two that disagree.

    ancestors : cohort id → the cohorts that contain it (cohorts.parent_id, transitively); two
        subgroups holding the same cohort, or a cohort and one it lies within, share patients.
    overlap : studies.overlap_group; two subgroups holding studies of one database share patients too.
    """
    title = _grouping_label(grouping, labels)
    groups, left_out = _candidates(rows, grouping, values, filters)
    groups, dropped, notes = _pool_rules(groups, overlap, filters)
    left_out = (*left_out, *dropped)
    if len(groups) < 2:
        return SubgroupTest(
            grouping,
            title,
            left_out=left_out,
            notes=tuple(notes),
            message=f"Fewer than two subgroups by {title.lower()} have an estimate that can be weighted: there is no difference to test.",
        )
    shared = _shared_cohorts(groups, ancestors or {}, overlap)
    if shared:
        return SubgroupTest(
            grouping,
            title,
            left_out=left_out,
            notes=tuple(notes),
            message=(
                f"The subgroups share patients: {' and '.join(shared)} give estimates in more than one subgroup from the same cohort or "
                "database. A test of their difference would treat shared patients as independent samples, so none is made."
            ),
        )
    members = [(name, r) for name, rs in groups.items() for r in rs]
    test = "knha" if filters.hksj else "z"
    result = subgroup_analysis(
        [r.log_estimate for _, r in members],
        [r.se**2 for _, r in members],
        [name for name, _ in members],
        method=filters.method,
        test=test,
        tau2="separate",
    )
    estimates = []
    for name, fit in result.groups.items():
        group_rows = groups[str(name)]
        ns = [r.n for r in group_rows]
        estimates.append(
            SubgroupEstimate(
                group=str(name),
                label=_value_label(grouping, str(name), labels),
                k=fit.k,
                hr=math.exp(fit.estimate),
                ci_lower=math.exp(fit.ci_lower),
                ci_upper=math.exp(fit.ci_upper),
                tau2=fit.tau2,
                i2=fit.i2,
                studies=tuple(r.study_label for r in group_rows),
                patients=None if None in ns else sum(ns),
            )
        )
    # stats' notes describe the test (separate τ², Q between on G − 1 df); this names the estimator
    method = (
        "fixed effect within each subgroup"
        if filters.method == "FE"
        else (f"{filters.method} random effects within each subgroup{', Hartung–Knapp' if test == 'knha' else ''}")
    )
    return SubgroupTest(
        grouping,
        title,
        tuple(estimates),
        result.statistic,
        result.df,
        result.p,
        result.distribution,
        method,
        left_out,
        (*notes, *result.notes),
    )


def _pool_rules(groups: dict[str, list[ForestRow]], overlap: OverlapGroups | None, filters: Filters):
    """Within each subgroup: one estimate per database or institution, and no pool of two studies that disagree
    (stats.agreement). Returns the groups kept, the labels left out and a note per subgroup dropped."""
    kept, dropped, notes = {}, [], []
    for name, members in groups.items():
        if overlap is not None:
            chosen, left = overlap.one_per_group({r.study_id: r.n or 0 for r in members})
            dropped += [
                f"{r.label} (shares a database or institution with another estimate in the subgroup)"
                for r in members
                if r.study_id not in chosen
            ]
            members = [r for r in members if r.study_id in chosen]
        if len(members) == 2:
            yi, vi = [r.log_estimate for r in members], [r.se**2 for r in members]
            why = two_studies_disagree(yi, vi, random_effects(yi, vi, method=filters.method).i2)
            if why:
                dropped += [r.label for r in members]
                notes.append(f"Subgroup '{name}' not pooled: its two studies disagree ({why}).")
                continue
        kept[name] = members
    return kept, tuple(dropped), notes


def _grouping_values(ev, rows: list[ForestRow]) -> dict[str, dict[str, str]]:
    """For each grouping, the value of every estimate (effect id → value); values that do not
    name a subgroup ('all', 'any', 'not_stated', missing) are left out, and a cohort dimension
    whose values nest (resection within liver surgery) is not a split at all."""
    known = catalog(ev)
    cohorts, studies, broader = known.cohorts, known.studies, known.broader
    out: dict[str, dict[str, str]] = {"analysis": {r.effect_id: r.analysis for r in rows}}
    for dim in COHORT_DIMENSIONS:
        out[dim] = {r.effect_id: _clean(cohorts.at[r.cohort_id, dim]) for r in rows if r.cohort_id in cohorts.index}
    for column in STUDY_GROUPINGS:
        if column in studies.columns:
            out[column] = {
                r.effect_id: _clean(studies.at[r.study_id, column]) for r in rows if r.study_id in studies.index
            }
    out = {g: {k: v for k, v in vals.items() if v not in NOT_A_GROUP} for g, vals in out.items()}
    return {g: vals for g, vals in out.items() if not _nested(broader, g, set(vals.values()))}


def _nested(broader: dict[tuple[str, str], str], dim: str, values: set[str]) -> bool:
    return any(a != b and is_within(broader, dim, a, b) for a in values for b in values)


def _candidates(
    rows: list[ForestRow], grouping: str, values: dict[str, dict[str, str]], filters: Filters
) -> tuple[dict[str, list[ForestRow]], tuple[str, ...]]:
    """Estimates that enter a split by `grouping`, by subgroup, and the labels of those left out.

    Split by analysis, univariable and multivariable estimates each form their own subgroup
    (never pooled together); split by anything else, the estimates the main pool uses. Within a
    subgroup one estimate per study: a study giving two contradicts itself and neither enters."""
    if grouping == "analysis":
        eligible = [r for r in rows if r.weightable]
    else:
        eligible = [r for r in rows if r.pooled]
    by_value = values.get(grouping, {})
    groups: dict[str, list[ForestRow]] = {}
    left_out = []
    for r in eligible:
        value = by_value.get(r.effect_id)
        if value is None:
            left_out.append(r.label)
        else:
            groups.setdefault(value, []).append(r)
    for value, members in list(groups.items()):
        per_study: dict[str, int] = {}
        for r in members:
            per_study[r.study_id] = per_study.get(r.study_id, 0) + 1
        keep = [r for r in members if per_study[r.study_id] == 1]
        left_out += [r.label for r in members if per_study[r.study_id] > 1]
        if keep:
            groups[value] = keep
        else:
            del groups[value]
    return groups, tuple(left_out)


def _shared_cohorts(
    groups: dict[str, list[ForestRow]], ancestors: dict[str, set[str]], overlap: OverlapGroups | None = None
) -> list[str]:
    """Studies whose estimates in different subgroups come from the same patients (the same cohort, a cohort and one
    that contains it, or two studies of one database or institution)."""
    members = [(name, r) for name, rs in groups.items() for r in rs]
    shared = set()
    for i, (name_a, a) in enumerate(members):
        for name_b, b in members[i + 1 :]:
            if name_a == name_b:
                continue
            if a.study_id != b.study_id:
                if overlap is not None and overlap.of(a.study_id) == overlap.of(b.study_id):
                    shared.add(f"{a.study_label} and {b.study_label}")
                continue
            if (
                a.cohort_id == b.cohort_id
                or a.cohort_id in ancestors.get(b.cohort_id, ())
                or b.cohort_id in ancestors.get(a.cohort_id, ())
            ):
                shared.add(a.study_label)
    return sorted(shared)


def _grouping_label(grouping: str, labels: Labels) -> str:
    if grouping == "analysis":
        return "Analysis (univariable / multivariable)"
    if grouping in STUDY_GROUPINGS:
        return STUDY_GROUPINGS[grouping]
    return (
        labels.value("factor", grouping)
        if ("factor", grouping) in labels.values
        else grouping.replace("_", " ").capitalize()
    )


def _value_label(grouping: str, value: str, labels: Labels) -> str:
    return labels.value(grouping, value) if (grouping, value) in labels.values else value.replace("_", " ")


def _clean(value) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def _row(
    r: dict,
    cohorts: pd.DataFrame,
    labels: Labels,
    filters: Filters,
    flags: dict[str, tuple[str, ...]],
    secondary: set[str] = frozenset(),
) -> ForestRow:
    n = cohorts.loc[r["cohort_id"], "n"] if r["cohort_id"] in cohorts.index else None
    n = None if n is None or pd.isna(n) else int(n)
    log_est = se = None
    provenance = "reported"
    reasons = []  # why the estimate cannot be weighted at all
    if r["measure"] != "HR":
        reasons.append(f"printed as {r['measure_as_stated']}, not a hazard ratio")
    if not pd.isna(r["ci_lower"]) and not pd.isna(r["estimate"]):
        derived = from_ci(
            r["estimate"], r["ci_lower"], r["ci_upper"], level=r["ci_level"] if not pd.isna(r["ci_level"]) else 0.95
        )
        log_est, se = derived.log_hr, derived.se
        provenance = f"reported HR and CI; SE derived ({derived.method})"
    else:
        reasons.append("no confidence interval and no event count, so it cannot be weighted")
    if r["id"] in flags and any("text_vs_text" in f for f in flags[r["id"]]):
        reasons.append("source contradicts itself here (see flag)")
    if r["study_id"] in secondary:
        reasons.append(SECONDARY_REASON)
    weightable = not reasons
    if r["analysis"] != filters.analysis:
        reasons.insert(1 if r["measure"] != "HR" else 0, f"{r['analysis']} (pooling {filters.analysis} estimates only)")
    return ForestRow(
        effect_id=r["id"],
        study_id=r["study_id"],
        study_label=labels.study(r["study_id"]),
        level=r["level"],
        reference=r["reference"],
        analysis=r["analysis"],
        endpoint=r["endpoint"],
        measure_as_stated=r["measure_as_stated"],
        estimate=None if pd.isna(r["estimate"]) else float(r["estimate"]),
        ci_lower=None if pd.isna(r["ci_lower"]) else float(r["ci_lower"]),
        ci_upper=None if pd.isna(r["ci_upper"]) else float(r["ci_upper"]),
        p_text=p_text(r["p_value"], r["p_operator"]),
        n=n,
        events=None if pd.isna(r["events"]) else int(r["events"]),
        provenance=provenance,
        log_estimate=log_est,
        se=se,
        pooled=not reasons,
        why_not_pooled="; ".join(reasons),
        locator=r["locator"],
        quote=r["quote"],
        flags=flags.get(r["id"], ()),
        cohort_id=r["cohort_id"],
        secondary=r["study_id"] in secondary,
        weightable=weightable,
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
            r = replace(r, pooled=False, why_not_pooled="the study gives two different estimates; neither is pooled")
        out.append(r)
    return out


def _one_per_overlap_group(rows: list[ForestRow], groups: OverlapGroups, secondary: set[str]) -> list[ForestRow]:
    """Two estimates from one database or institution share patients: the one from the largest cohort is
    pooled, the other shown and named (views.overlap)."""
    candidates = {r.study_id: r.n or 0 for r in rows if r.pooled}
    _, dropped = groups.one_per_group(candidates, prefer_not=secondary)
    kept_instead = dict(dropped)
    label = {r.study_id: r.study_label for r in rows}
    return [
        replace(
            r,
            pooled=False,
            why_not_pooled=f"shares a database or institution with {label[kept_instead[r.study_id]]}: its patients are counted once",
        )
        if r.pooled and r.study_id in kept_instead
        else r
        for r in rows
    ]


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


def subgroup_rows(test: SubgroupTest) -> list[dict]:
    """Per-subgroup pooled hazard ratios (derived), for a table under the test."""
    return [
        {
            "Subgroup": g.label,
            "Estimates (k)": g.k,
            "Patients (n)": "not stated" if g.patients is None else g.patients,
            "Pooled HR (95% CI), derived": hr_text(g.hr, g.ci_lower, g.ci_upper),
            "τ²": "— (one estimate)" if g.k == 1 else f"{g.tau2:.3f}",
            "I²": "—" if g.k == 1 else f"{g.i2:.0f}%",
            "Studies": ", ".join(g.studies),
        }
        for g in test.groups
    ]


def leave_one_out_rows(view: ForestView) -> list[dict]:
    """The leave-one-out refits on the hazard-ratio scale (stats gives log HRs), labelled derived."""
    if view.leave_one_out is None:
        return []
    return [
        {
            "Study left out": r["omitted"],
            "Pooled HR of the others (95% CI), derived": hr_text(
                math.exp(r["estimate"]), math.exp(r["ci_lower"]), math.exp(r["ci_upper"])
            ),
            "p": f"{r['p']:.2g}",
            "I²": f"{r['i2']:.0f}%",
            "τ²": f"{r['tau2']:.3f}",
        }
        for r in view.leave_one_out.to_dict("records")
    ]


def as_printed(row: ForestRow, missing: str = "not stated") -> str:
    """The row's ratio and CI with the digits the source printed (never rounded for display)."""
    if row.estimate is None:
        return missing
    return f"{row.estimate:g}" + ("" if row.ci_lower is None else f" ({row.ci_lower:g}–{row.ci_upper:g})")


def describe_forest(view: ForestView) -> str:
    """The forest plot in words: for screen readers (alt text) and for anyone who cannot see it."""
    if not view.rows:
        return "No estimate for this factor and endpoint: there is no figure."
    parts = [f"Hazard ratios for {view.factor_label}, {counted(len(view.rows), 'estimate')}."]
    for row in view.rows:
        value = as_printed(row, missing="no ratio stated")
        parts.append(
            f"{row.study_label}, {row.analysis}, {row.provenance}: {value}{'' if row.pooled else ', not pooled'}."
        )
    if view.pooled is not None:
        p = view.pooled
        parts.append(
            f"Pooled (derived): {math.exp(p.estimate):.2f} (95% CI {math.exp(p.ci_lower):.2f}–{math.exp(p.ci_upper):.2f}), "
            f"{p.k} estimates, I² {p.i2:.0f}%."
        )
    return " ".join(parts)
