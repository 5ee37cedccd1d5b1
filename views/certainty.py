"""Summary of findings: each outcome's estimate with its GRADE certainty, for the current view (issue 17).

Survival at 5 and 10 years is graded over the cohorts whose values the page gives (the Survival page's pool on
Overview; the closest cohorts on the board), the three best-supported prognostic factors over their Forest-page
estimates. The rules are `stats.certainty`'s; the QUIPS judgements and curators' overrides come from the evidence.
Pure: no Streamlit."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import pandas as pd

from stats.certainty import BodyOfEvidence, Certainty, StudyEvidence, grade, study_risk
from stats.pooled_survival import arcsine_survival, sine_squared

from .catalog import catalog
from .filters import Filters
from .forest import factor_options, forest_view
from .labels import Labels
from .survival import CurveView, pool_landmarks, survival_view

YEARS = (5, 10)
FACTORS_SHOWN = 3
Z95 = 1.959963984540054


@dataclass(frozen=True)
class Finding:
    """One row of the summary of findings."""

    key: str  # 'OS@5', 'OS@10', 'factor:<comparison key>': what an override names
    outcome: str
    studies: int
    patients: str
    estimate: str  # with its CI and, where there is one, the prediction interval
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

    @property
    def changes(self) -> tuple[str, ...]:
        return tuple(f"{f.outcome}: {f.changed}" for f in self.findings if f.changed)


def study_inputs(ev) -> dict[str, tuple[str, int | None]]:
    """study -> (overall QUIPS risk, year accrual ended): read once per evidence."""

    def build():
        rob = ev.risk_of_bias
        risks = {s: study_risk(g["judgement"]) for s, g in rob.groupby("study_id")}
        ends = dict(zip(ev.studies["id"], ev.studies["period_end"], strict=True))
        return {
            s: (risks.get(s, "moderate"), None if ends.get(s) is None or _missing(ends[s]) else int(ends[s]))
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


def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _study(ev, study_id: str, label: str, weight: float, lower, upper, **kw) -> StudyEvidence:
    risk, end = study_inputs(ev).get(study_id, ("moderate", None))
    return StudyEvidence(label, weight, risk, lower, upper, end, **kw)


def _survival_ci(value: float, n: int) -> tuple[float, float]:
    """95% CI of a reported proportion from its cohort size, on the arcsine scale (as the pools weigh it)."""
    (y,), (v,) = arcsine_survival([value], [n])
    half = Z95 * math.sqrt(v)
    return sine_squared(y - half), sine_squared(y + half)


def survival_finding(
    ev, labels: Labels, curves: tuple[CurveView, ...], year: int, indirect: tuple[str, ...] = ()
) -> Finding:
    """Survival at `year` over `curves`: their pool where two or more report it, the one cohort's value otherwise."""
    known = catalog(ev)
    key, outcome = f"OS@{year}", f"Overall survival at {year} years"
    exact = tuple(replace(c, match="exact") for c in curves)
    pooled, refused = pool_landmarks(exact, "REML", known.secondary, known.overlap)
    point = next((p for p in pooled if abs(p.time_years - year) < 1e-6), None)
    if point is not None:
        names = [labels.study(s) for s in point.studies]
        studies = tuple(
            _study(ev, s, name, w, *_survival_ci(v, n))
            for s, name, w, v, n in zip(point.studies, names, point.weights, point.values, point.sizes, strict=True)
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
            indirect=indirect,
        )
        return Finding(
            key,
            outcome,
            point.k,
            str(point.patients) if point.patients else "not stated",
            f"{100 * point.estimate:.1f}% ({100 * point.ci_lower:.1f}–{100 * point.ci_upper:.1f}){pi}",
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
            "reported, each study apart",
            None,
            "the studies disagree, so there is no one estimate to grade",
            study_labels=tuple(labels.study(s) for s in disagree.studies),
        )
    single = [
        (c, p)
        for c in exact
        if c.poolable and c.n and c.study_id not in known.secondary
        for p in c.points
        if p.kind == "landmark" and abs(p.time_years - year) < 1e-6
    ]
    if single:  # one study, or one database's studies (they share patients): the largest cohort stands for them
        curve, p = max(single, key=lambda cp: cp[0].n)
        shared = f"; the largest of {len(single)} cohorts that share patients" if len(single) > 1 else ""
        lower, upper = _survival_ci(p.survival, curve.n)
        body = BodyOfEvidence(
            "survival",
            (_study(ev, curve.study_id, curve.study_label, 1.0, lower, upper),),
            p.survival,
            lower,
            upper,
            False,
            indirect=indirect,
        )
        return Finding(
            key,
            outcome,
            1,
            str(curve.n),
            f"{100 * p.survival:.1f}% ({100 * lower:.1f}–{100 * upper:.1f})",
            f"reported by {curve.study_label}{shared}; its CI derived from the cohort's size (arcsine), ignoring "
            "censoring",
            grade(body, overrides_of(ev, key)),
            study_labels=(curve.study_label,),
        )
    return Finding(key, outcome, 0, "—", "no cohort reports it", "", None, "no surgical cohort here reports this time")


def factor_finding(ev, filters: Filters, labels: Labels, comparison_key: str) -> Finding:
    """A prognostic factor's hazard ratio for OS: the Forest page's pool, or its one weightable estimate."""
    key = f"factor:{comparison_key}"
    forest = forest_view(ev, replace(filters, endpoint="OS"), labels, comparison_key)
    usable = [r for r in forest.rows if r.weightable and r.se]
    levels = _os_factors(ev).set_index("comparison_key")["level"]
    outcome = f"{levels.get(comparison_key, forest.factor_label)} (HR for overall survival)"
    sizes = [r.n for r in usable]
    patients = str(sum(sizes)) if usable and all(n is not None for n in sizes) else "not all stated"
    labels_of = tuple(r.study_label for r in usable)
    if forest.pooled is not None:
        pooled, pi = forest.pooled, forest.prediction
        in_pool = [r for r in forest.rows if r.pooled]  # the order random_effects weighed them in
        studies = tuple(
            _study(ev, r.study_id, r.study_label, w, r.ci_lower, r.ci_upper, log_estimate=r.log_estimate, se=r.se)
            for r, w in zip(in_pool, pooled.weights, strict=True)
        )
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
            f"derived: random-effects pool ({pooled.method}) of {pooled.k} studies",
            grade(body, overrides_of(ev, key)),
            study_labels=tuple(s.label for s in studies),
        )
    if not usable:
        return Finding(
            key,
            outcome,
            len({r.study_id for r in forest.rows}),
            "—",
            "no hazard ratio with a CI",
            "",
            None,
            "no estimate with a confidence interval to grade",
            study_labels=tuple(dict.fromkeys(r.study_label for r in forest.rows)),
        )
    studies = tuple(
        _study(ev, r.study_id, r.study_label, 1.0, r.ci_lower, r.ci_upper, log_estimate=r.log_estimate, se=r.se)
        for r in usable
    )
    if len(usable) == 1:
        r = usable[0]
        body = BodyOfEvidence("hazard_ratio", studies, r.estimate, r.ci_lower, r.ci_upper, False)
        return Finding(
            key,
            outcome,
            1,
            patients,
            f"HR {r.estimate:.2f} ({r.ci_lower:.2f}–{r.ci_upper:.2f})",
            f"{r.provenance} by {r.study_label} ({r.analysis})",
            grade(body, overrides_of(ev, key)),
            study_labels=labels_of,
        )
    body = BodyOfEvidence("hazard_ratio", studies, None, None, None, False)
    return Finding(
        key,
        outcome,
        len(usable),
        patients,
        "not pooled: " + "; ".join(f"HR {r.estimate:.2f} ({r.study_label})" for r in usable),
        "not pooled: " + (forest.not_pooled or (forest.notices[0] if forest.notices else "see the Forest page")),
        grade(body, overrides_of(ev, key)),
        study_labels=labels_of,
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
    """Survival at 5 and 10 years over the closest cohorts the bottom line names (indirect by each entered feature they
    are not defined by), and the factors for the patient's entered features."""
    line = next((b for b in board.bottom_line if b.endpoint == "OS"), None)
    curves = (*board.survival.curves, *board.survival.contrast)
    closest = tuple(c for c in curves if line and c.cohort_id in line.cohort_ids)
    indirect = ()
    if line is not None:
        indirect = tuple(f"no closest cohort is defined by {f}" for f in line.unmatched)
        if line.basis == "whole":
            indirect = ("whole cohorts, not defined by any entered feature", *indirect)
    findings = [survival_finding(ev, labels, closest, year, indirect) for year in YEARS]
    key_of = ev.memo(
        "certainty: comparison key of each effect",
        lambda: dict(zip(ev.effects["id"], ev.effects["comparison_key"], strict=True)),
    )
    keys = [k for f in board.factors for k in _keys_of(f, key_of)]
    graded_factors = [factor_finding(ev, filters, labels, k) for k in dict.fromkeys(keys)]
    findings += [f for f in graded_factors if f.certainty][:FACTORS_SHOWN]
    return SummaryOfFindings("the closest cohorts to this patient", tuple(findings))


def _keys_of(factor, key_of: dict[str, str]) -> list[str]:
    """Comparison keys of a board feature's own estimates (this patient's group, a fitting population): pooled ones
    first (the Forest page's pool), then each estimate's in the feature's order."""
    keys = [r.comparison for r in factor.rows if r.row_id.startswith("pooled:")]
    keys += [r.row_id.split(":", 1)[1] for r in factor.rows if r.row_id.startswith("not-pooled:")]
    keys += [key_of[r.row_id] for r in factor.rows if r.row_id in key_of]
    return keys


def with_changes(current: SummaryOfFindings, baseline: SummaryOfFindings) -> SummaryOfFindings:
    """Say, on each outcome whose certainty differs from the same outcome with no filters, how and why."""
    before = {f.key: f for f in baseline.findings}
    out = []
    for f in current.findings:
        old = before.get(f.key)
        if old is None or f.certainty_text == old.certainty_text:
            out.append(f)
            continue
        was = old.certainty.level if old.certainty else "not graded"
        now = f.certainty.level if f.certainty else "not graded"
        reasons = [d.label.lower() for d in (f.certainty.domains if f.certainty else ())]
        old_domains = {d.domain: d.rating for d in (old.certainty.domains if old.certainty else ())}
        moved = [
            d.label.lower()
            for d in (f.certainty.domains if f.certainty else ())
            if old_domains.get(d.domain) != d.rating
        ]
        because = f" ({', '.join(moved or reasons)})" if f.certainty and old.certainty else ""
        out.append(replace(f, changed=f"{was} with no filters, {now} here{because}"))
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
    """The bottom line's certainty: '5 y ⊕⊕⊕◯ moderate; 10 y ⊕⊕◯◯ low' (or why a time is not graded)."""
    words = []
    for f in sof.findings:
        if f.key.startswith("OS@"):
            words.append(f"{f.key.removeprefix('OS@')} y {f.certainty.text if f.certainty else 'not graded'}")
    return "; ".join(words) + " (GRADE; the summary of findings says why)"


NOT_GRADED_ENDPOINT = "not graded: the summary of findings grades overall survival"


def graded(board, sof: SummaryOfFindings):
    """The board with its bottom line's certainty filled in from the summary of findings."""
    words = survival_certainty_words(sof)
    lines = tuple(
        replace(line, certainty=words if line.endpoint == "OS" else NOT_GRADED_ENDPOINT) for line in board.bottom_line
    )
    return replace(board, bottom_line=lines)
