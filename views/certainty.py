"""Summary of findings: each outcome's estimate with its GRADE certainty, for the current view (issue 17).

Survival at 5 and 10 years is graded over the cohorts whose values the page gives (the Survival page's pool on
Overview; the closest cohorts on the board), the three best-supported prognostic factors over their Forest-page
estimates. The rules are `stats.certainty`'s; the QUIPS judgements and curators' overrides come from the evidence.
Pure: no Streamlit."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from stats.certainty import LEVELS, STEPS, BodyOfEvidence, Certainty, StudyEvidence, grade, study_risk
from stats.pooled_survival import arcsine_survival, survival_ci

from .board_factors import kept_forest
from .catalog import catalog
from .filters import Filters
from .forest import factor_options
from .labels import Labels
from .survival import CurveView, pool_landmarks, survival_view
from .text import is_missing

YEARS = (5, 10)
FACTORS_SHOWN = 3


@dataclass(frozen=True)
class Finding:
    """One row of the summary of findings."""

    key: str  # 'OS@5', 'OS@10', 'factor:<comparison key>': what an override names
    outcome: str
    studies: int
    patients: str
    estimate: str  # with its CI and, where there is one, the prediction interval
    value: str  # the number graded alone ('66.8%', 'HR 3.90'), '' when there is none
    provenance: str  # reported (one study) or derived (a pool, or a CI from n), and how
    certainty: Certainty | None
    not_graded: str = ""  # why there is no certainty (no estimate to grade)
    study_labels: tuple[str, ...] = ()
    changed: str = ""  # how the filters changed the certainty, against the same outcome with none

    @property
    def certainty_text(self) -> str:
        return self.certainty.text if self.certainty else f"not graded: {self.not_graded}"


@dataclass(frozen=True)
class SummaryOfFindings:
    scope: str  # whose evidence: 'the selected filters' or 'the closest cohorts to this patient'
    findings: tuple[Finding, ...]
    note: str = ""  # what the table leaves out, and where it is
    baseline: str = "with no filters"  # what a changed certainty is compared with

    @property
    def changes(self) -> tuple[str, ...]:
        return tuple(f"{f.outcome}: {f.changed}" for f in self.findings if f.changed)


# QUIPS domains that bear on each kind of outcome: survival at a time (overall prognosis, Iorio 2015) does not rest
# on adjustment or on how a factor was measured; a factor's hazard ratio (Foroutan 2020) rests on all six.
PROGNOSIS_DOMAINS = ("study_participation", "study_attrition", "outcome_measurement", "statistical_analysis_reporting")


def study_inputs(ev) -> dict[str, tuple[str, str, int | None]]:
    """study -> (QUIPS risk for survival, QUIPS risk for a factor, year accrual ended): read once per evidence. The
    checker refuses evidence with a study not assessed in every domain, so every study has both."""

    def build():
        rob = ev.risk_of_bias
        survival = {
            s: study_risk(g.loc[g["domain"].isin(PROGNOSIS_DOMAINS), "judgement"]) for s, g in rob.groupby("study_id")
        }
        factor = {s: study_risk(g["judgement"]) for s, g in rob.groupby("study_id")}
        ends = dict(zip(ev.studies["id"], ev.studies["period_end"], strict=True))
        return {
            s: (
                survival.get(s, "moderate"),
                factor.get(s, "moderate"),
                None if is_missing(ends.get(s)) else int(ends[s]),
            )
            for s in ends
        }

    return ev.memo("certainty: study inputs", build)


def overrides_of(ev, key: str) -> dict[str, tuple[str, str]]:
    table = ev.certainty_overrides
    rows = table[table["outcome"] == key]
    return {
        r["domain"]: (r["rating"], f"{r['rationale']} ({r['curator']}, {r['decided_on']})")
        for r in rows.to_dict("records")
    }


def _study(ev, study_id: str, label: str, weight: float, lower, upper, kind: str, univariable: bool = False, **kw):
    """A study's share of a body: its QUIPS risk for this kind of outcome; an unadjusted (univariable) hazard ratio is
    at high risk of confounding whatever the study's other analyses did."""
    risk_survival, risk_factor, end = study_inputs(ev).get(study_id, ("moderate", "moderate", None))
    risk = risk_survival if kind == "survival" else "high" if univariable else risk_factor
    return StudyEvidence(label + (" (unadjusted)" if univariable else ""), weight, risk, lower, upper, end, **kw)


def survival_finding(
    ev,
    labels: Labels,
    curves: tuple[CurveView, ...],
    year: int,
    indirect_of: dict[str, tuple[str, ...]] | None = None,
    closest: bool = False,
) -> Finding:
    """Survival at `year` over `curves`: their pool where two or more report it (the Survival page's rules: exact
    matches only), the one cohort's value otherwise. closest: the board's closest cohorts, which the bottom line
    already chose (they enter as they are, each indirect on the entered features it is not defined by, `indirect_of`)."""
    known = catalog(ev)
    key, outcome = f"OS@{year}", f"Overall survival at {year} years"
    used = tuple(replace(c, match="exact") for c in curves) if closest else curves
    pooled, refused = pool_landmarks(used, "REML", known.secondary, known.overlap)
    point = next((p for p in pooled if abs(p.time_years - year) < 1e-6), None)

    def indirect(study_ids) -> tuple[str, ...]:
        words = [w for c in used if c.study_id in study_ids for w in (indirect_of or {}).get(c.cohort_id, ())]
        return tuple(f"not defined by {w}" for w in dict.fromkeys(words))

    if point is not None:
        names = [labels.study(s) for s in point.studies]
        ys, vs = arcsine_survival(point.values, point.sizes)
        studies = tuple(
            _study(ev, s, name, w, *survival_ci(v, n), kind="survival", log_estimate=float(y), se=math.sqrt(var))
            for s, name, w, v, n, y, var in zip(
                point.studies, names, point.weights, point.values, point.sizes, ys, vs, strict=True
            )
        )
        pi = f"; 95% PI {100 * point.pi_lower:.1f}–{100 * point.pi_upper:.1f}%" if point.pi_lower is not None else ""
        body = BodyOfEvidence(
            "survival",
            studies,
            point.estimate,
            point.ci_lower,
            point.ci_upper,
            True,
            i2=point.i2,
            pi_lower=point.pi_lower,
            pi_upper=point.pi_upper,
            indirect=indirect(set(point.studies)),
        )
        return Finding(
            key,
            outcome,
            point.k,
            str(point.patients) if point.patients else "not stated",
            f"{100 * point.estimate:.1f}% ({100 * point.ci_lower:.1f}–{100 * point.ci_upper:.1f}){pi}",
            f"{100 * point.estimate:.1f}%",
            f"derived: random-effects pool ({point.method}) of {point.k} studies' reported values",
            grade(body, overrides_of(ev, key)),
            study_labels=tuple(names),
        )
    disagree = next((r for r in refused if abs(r.time_years - year) < 1e-6), None)
    if disagree is not None:
        return Finding(
            key,
            outcome,
            len(disagree.studies),
            str(sum(disagree.patients)),
            "not pooled: " + ", ".join(f"{100 * v:.1f}%" for v in disagree.values),
            "",
            "reported, each study apart",
            None,
            "the studies disagree, so there is no one estimate to grade",
            study_labels=tuple(labels.study(s) for s in disagree.studies),
        )
    single = [
        (c, p)
        for c in used
        if c.match == "exact" and c.poolable and c.n and c.study_id not in known.secondary
        for p in c.points
        if p.kind == "landmark" and abs(p.time_years - year) < 1e-6
    ]
    if single:  # one study, or one database's studies (they share patients): the largest cohort stands for them
        curve, p = max(single, key=lambda cp: cp[0].n)
        shared = f"; the largest of {len(single)} cohorts that share patients" if len(single) > 1 else ""
        lower, upper = survival_ci(p.survival, curve.n)
        body = BodyOfEvidence(
            "survival",
            (_study(ev, curve.study_id, curve.study_label, 1.0, lower, upper, kind="survival"),),
            p.survival,
            lower,
            upper,
            False,
            indirect=tuple(f"not defined by {w}" for w in (indirect_of or {}).get(curve.cohort_id, ())),
        )
        return Finding(
            key,
            outcome,
            1,
            str(curve.n),
            f"{100 * p.survival:.1f}% ({100 * lower:.1f}–{100 * upper:.1f})",
            f"{100 * p.survival:.1f}%",
            f"reported by {curve.study_label} ({curve.arm_label}){shared}; its CI derived from the cohort's size "
            "(arcsine), ignoring censoring",
            grade(body, overrides_of(ev, key)),
            study_labels=(curve.study_label,),
        )
    return Finding(
        key, outcome, 0, "—", "no cohort reports it", "", "", None, "no surgical cohort here reports this time"
    )


def factor_finding(ev, filters: Filters, labels: Labels, comparison_key: str) -> Finding:
    """A prognostic factor's hazard ratio for OS: the Forest page's pool, or its one weightable estimate. Estimates
    that cannot be weighed (no CI, a p-value only) are named, not graded."""
    key = f"factor:{comparison_key}"
    forest = kept_forest(ev, replace(filters, endpoint="OS"), labels, comparison_key)  # the board read it too
    usable = [r for r in forest.rows if r.weightable and r.se]
    levels = _os_factors(ev).set_index("comparison_key")["level"]
    outcome = f"{levels.get(comparison_key, forest.factor_label)} (HR for overall survival)"
    sizes = [r.n for r in usable]
    patients = str(sum(sizes)) if usable and all(n is not None for n in sizes) else "not all stated"
    labels_of = tuple(r.study_label for r in usable)
    others = [r for r in forest.rows if not (r.weightable and r.se)]
    also = (
        "; not graded, no CI to weigh: "
        + "; ".join(f"{r.study_label} ({r.measure_as_stated or 'no ratio'}, {r.analysis})" for r in others)
        if others
        else ""
    )

    def study_of(r, weight):
        return _study(
            ev,
            r.study_id,
            r.study_label,
            weight,
            r.ci_lower,
            r.ci_upper,
            kind="hazard_ratio",
            univariable=r.analysis == "univariable",
            log_estimate=r.log_estimate,
            se=r.se,
        )

    if forest.pooled is not None:
        pooled, pi = forest.pooled, forest.prediction
        in_pool = [r for r in forest.rows if r.pooled]  # the order random_effects weighed them in
        studies = tuple(study_of(r, w) for r, w in zip(in_pool, pooled.weights, strict=True))
        est, lo, hi = (math.exp(v) for v in (pooled.estimate, pooled.ci_lower, pooled.ci_upper))
        pi_lo, pi_hi = (math.exp(pi.lower), math.exp(pi.upper)) if pi is not None and pi.available else (None, None)
        body = BodyOfEvidence("hazard_ratio", studies, est, lo, hi, True, i2=pooled.i2, pi_lower=pi_lo, pi_upper=pi_hi)
        pi_text = f"; 95% PI {pi_lo:.2f}–{pi_hi:.2f}" if pi_lo is not None else ""
        return Finding(
            key,
            outcome,
            pooled.k,
            patients,
            f"HR {est:.2f} ({lo:.2f}–{hi:.2f}){pi_text}",
            f"HR {est:.2f}",
            f"derived: random-effects pool ({pooled.method}) of {pooled.k} studies{also}",
            grade(body, overrides_of(ev, key)),
            study_labels=tuple(s.label for s in studies),
        )
    if len(usable) == 1:
        r = usable[0]
        body = BodyOfEvidence("hazard_ratio", (study_of(r, 1.0),), r.estimate, r.ci_lower, r.ci_upper, False)
        return Finding(
            key,
            outcome,
            1,
            patients,
            f"HR {r.estimate:.2f} ({r.ci_lower:.2f}–{r.ci_upper:.2f})",
            f"HR {r.estimate:.2f}",
            f"{r.provenance} by {r.study_label} ({r.analysis}){also}",
            grade(body, overrides_of(ev, key)),
            study_labels=labels_of,
        )
    if usable:  # two or more estimates the Forest page does not pool: as for survival, no one number to grade
        why = forest.not_pooled or (forest.notices[0] if forest.notices else "see the Forest page")
        return Finding(
            key,
            outcome,
            len(usable),
            patients,
            "not pooled: " + "; ".join(f"HR {r.estimate:.2f} ({r.study_label})" for r in usable),
            "",
            f"reported, each study apart{also}",
            None,
            f"not pooled ({why}), so there is no one estimate to grade",
            study_labels=labels_of,
        )
    return Finding(
        key,
        outcome,
        len({r.study_id for r in forest.rows}),
        "—",
        "no hazard ratio with a CI",
        "",
        also.removeprefix("; "),
        None,
        "no estimate with a confidence interval to grade",
        study_labels=tuple(dict.fromkeys(r.study_label for r in forest.rows)),
    )


def _os_factors(ev):
    return ev.memo("certainty: factors for OS", lambda: factor_options(ev, "OS"))


def best_supported_factors(ev, n: int = FACTORS_SHOWN) -> tuple[str, ...]:
    """The factors for OS with the most studies, then the most printed ratios (the Forest page's own count)."""
    options = _os_factors(ev)
    ranked = options.sort_values(["studies", "ratios", "estimates", "comparison_key"], ascending=[False] * 3 + [True])
    return tuple(ranked["comparison_key"].head(n))


def overview_findings(ev, filters: Filters, labels: Labels) -> SummaryOfFindings:
    """Survival at 5 and 10 years over the Survival page's cohorts for these filters, and the best-supported factors."""
    view = survival_view(ev, replace(filters, endpoint="OS", compare="none"), labels)
    findings = [survival_finding(ev, labels, view.curves, year) for year in YEARS]
    findings += [factor_finding(ev, filters, labels, key) for key in best_supported_factors(ev)]
    return SummaryOfFindings("the selected filters", tuple(findings))


def board_findings(ev, filters: Filters, labels: Labels, board) -> SummaryOfFindings:
    """Survival at 5 and 10 years over the closest cohorts the bottom line names, each indirect on every entered
    feature it is not defined by, and the factors for the patient's entered features (the rest named, not dropped)."""
    line = next((b for b in board.bottom_line if b.endpoint == "OS"), None)
    curves = (*board.survival.curves, *board.survival.contrast)
    closest = tuple(c for c in curves if line and c.cohort_id in line.cohort_ids)
    indirect_of = dict(line.missing) if line is not None else {}
    findings = [survival_finding(ev, labels, closest, year, indirect_of, closest=True) for year in YEARS]
    key_of = ev.memo(
        "certainty: comparison key of each effect",
        lambda: dict(zip(ev.effects["id"], ev.effects["comparison_key"], strict=True)),
    )
    keys = [k for f in board.factors for k in _keys_of(f, key_of)]
    graded_factors = [factor_finding(ev, filters, labels, k) for k in dict.fromkeys(keys)]
    shown = [f for f in graded_factors if f.certainty][:FACTORS_SHOWN]
    left = [f.outcome.removesuffix(" (HR for overall survival)") for f in graded_factors if f not in shown]
    ungraded = [f.label for f in board.factors if not _keys_of(f, key_of)]
    note = ""
    if left or ungraded:
        note = (
            "Not in this table: "
            + "; ".join(
                ([f"further estimates ({', '.join(left)})"] if left else [])
                + ([f"no hazard ratio for {', '.join(ungraded)}"] if ungraded else [])
            )
            + ". Their rows are in the feature lines above."
        )
    return SummaryOfFindings(
        "the closest cohorts to this patient",
        tuple([*findings, *shown]),
        note=note,
        baseline="on Overview with no filters",
    )


def _keys_of(factor, key_of: dict[str, str]) -> list[str]:
    """Comparison keys of a board feature's own estimates (this patient's group, a fitting population): pooled ones
    first (the Forest page's pool), then each estimate's in the feature's order."""
    keys = [r.comparison for r in factor.rows if r.row_id.startswith("pooled:")]
    keys += [r.row_id.split(":", 1)[1] for r in factor.rows if r.row_id.startswith("not-pooled:")]
    keys += [key_of[r.row_id] for r in factor.rows if r.row_id in key_of]
    return keys


def with_changes(current: SummaryOfFindings, baseline: SummaryOfFindings) -> SummaryOfFindings:
    """Say, on each outcome whose certainty differs from the same outcome with no filters (Overview's), how and why."""
    before = {f.key: f for f in baseline.findings}
    out = []
    for f in current.findings:
        old = before.get(f.key)
        if old is None or f.certainty_text == old.certainty_text:
            out.append(f)
            continue
        was = old.certainty.level if old.certainty else "not graded"
        now = f.certainty.level if f.certainty else "not graded"
        because = ""
        if f.certainty and old.certainty:  # the domains that moved the way the level moved
            lower = LEVELS.index(f.certainty.level) < LEVELS.index(old.certainty.level)
            old_steps = {d.domain: STEPS[d.rating] for d in old.certainty.domains}
            moved = [
                d.label.lower()
                for d in f.certainty.domains
                if (STEPS[d.rating] - old_steps[d.domain]) * (1 if lower else -1) > 0
            ]
            because = f" ({', '.join(moved)})" if moved else ""
        out.append(replace(f, changed=f"{was} {current.baseline}, {now} here{because}"))
    return replace(current, findings=tuple(out))


def finding_line(f: Finding) -> str:
    """One line for the minutes: outcome, estimate, studies, certainty and each downgrade's reason."""
    reasons = " ".join(f.certainty.footnotes) if f.certainty else ""
    studies = f"{f.studies} {'study' if f.studies == 1 else 'studies'}"
    return f"{f.outcome}: {f.estimate} ({studies}) · certainty {f.certainty_text}" + (
        f" · {reasons}" if reasons else ""
    )


def findings_rows(sof: SummaryOfFindings) -> list[dict[str, str]]:
    """The summary-of-findings table: one row per outcome, downgrade reasons one per line in the last column."""
    return [
        {
            "Outcome": f.outcome,
            "Studies (patients)": f"{f.studies} ({f.patients})",
            "Estimate (95% CI; 95% PI)": f.estimate,
            "How obtained": f.provenance,
            "Certainty": f.certainty_text,
            "Why rated down": " · ".join(f.certainty.footnotes) if f.certainty and f.certainty.footnotes else "—",
            "Changed by the filters": f.changed or "—",
        }
        for f in sof.findings
    ]


def survival_certainty_words(sof: SummaryOfFindings) -> str:
    """The bottom line's certainty, with the number it grades: '10 y 66.8% (Xiang 2018) ⊕⊕◯◯ low'."""
    words = []
    for f in sof.findings:
        if f.key.startswith("OS@"):
            year = f.key.removeprefix("OS@")
            if f.certainty is None:
                words.append(f"{year} y not graded")
            else:
                whose = f.study_labels[0] if f.studies == 1 and f.study_labels else f"pool of {f.studies} studies"
                words.append(f"{year} y {f.value} ({whose}) {f.certainty.text}")
    return "; ".join(words) + " (GRADE; the summary of findings says why)"


NOT_GRADED_ENDPOINT = "not graded: the summary of findings grades overall survival"


def graded(board, sof: SummaryOfFindings):
    """The board with its bottom line's certainty filled in from the summary of findings."""
    words = survival_certainty_words(sof)
    lines = tuple(
        replace(line, certainty=words if line.endpoint == "OS" else NOT_GRADED_ENDPOINT) for line in board.bottom_line
    )
    return replace(board, bottom_line=lines)
