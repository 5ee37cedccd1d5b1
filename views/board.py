"""Tumour-board view model: what the evidence says for one patient profile. Pure: no streamlit.

The profile is the shared filter state (views.filters.Filters): every field may be unknown
('any'/'all'). The board does not select cohorts the way the Survival page does (exact
subgroups only); it ranks them by how closely they describe the patient:

* a cohort matches when every dimension it restricts holds for the patient: the patient's
  value is the cohort's value or narrower (an R1 patient is in an 'R1 or R2' cohort);
* a cohort restricted on something the profile leaves unknown, on a post-operative event
  (recurrence), or on something that contradicts the profile does not match: we cannot
  tell whether the patient belongs to it;
* cohorts are ranked by how many profile fields they match; whole cohorts (no restriction)
  are drawn in grey for contrast.

Hazard ratios and survival comparisons are attached to a profile field through their
comparison key ('margin:r1_vs_r0') or, for comparisons, through the dimension on which the
compared cohorts differ, so new studies appear without code.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from evidence.relations import is_within
from stats.effects import from_survival_proportions, from_survival_proportions_and_p

from .filters import UNRESTRICTED, Filters
from .forest import forest_view
from .labels import Labels
from .overlap import OverlapGroups
from .select import broader_map, whole_cohorts
from .survival import (
    SurvivalView,
    cohort_curve,
    follow_up_texts,
    how_derived,
    median_text,
    secondary_only,
    tagged_secondary,
    value_at,
)

PROFILE_FIELDS = (
    ("primary_site", "Primary tumour site"),
    ("primary_resected", "Primary tumour"),
    ("extrahepatic", "Extrahepatic disease"),
    ("margin", "Expected resection margin"),
    ("ki67", "Ki-67 index"),
    ("functional", "Hormonal function"),
    ("timing", "Liver metastases"),
    ("cytoreduction", "Expected extent of cytoreduction"),
    ("extent", "Planned extent of resection"),
    ("treatment", "Planned liver treatment"),
)
PROFILE_LABELS = dict(PROFILE_FIELDS)
COHORT_FIELDS = ("primary_site", "primary_resected", "extrahepatic", "margin", "ki67", "cytoreduction", "extent", "functional")
POST_OPERATIVE = ("recurrence_site", "recurrence_treatment", "recurrence_timing")
# Effects name the timing of liver metastases 'synchronous' (yes/no); every other field is named alike.
EFFECT_DIMENSION = {"timing": "synchronous"}
TIMING_AS_EFFECT_LEVEL = {"synchronous": "yes", "metachronous": "no"}
TIMING_LABELS = {"any": "Not known", "synchronous": "Synchronous", "metachronous": "Metachronous"}
BOARD_YEARS = (5, 10)
CONTRAST_ROW = "— whole cohort, for contrast"
SMALL_N = 30
MAX_CURVES = 8


@dataclass(frozen=True)
class MatchedCohort:
    cohort_id: str
    study_id: str
    matches: tuple[str, ...]  # profile fields the cohort restricts and the patient satisfies


@dataclass(frozen=True)
class FactorRow:
    study_label: str
    endpoint: str
    comparison: str  # 'R1 resection vs not stated (R0)' as the source names the groups
    patient_group: str  # which side of the comparison the profile falls on
    value: str  # 'HR 3.9 (1.4–10.5)', 'p = 0.192'
    analysis: str
    provenance: str  # 'reported' or 'derived: <method>'
    n: str
    source: str
    row_id: str


@dataclass(frozen=True)
class FactorEvidence:
    field: str
    label: str
    patient_value: str
    rows: tuple[FactorRow, ...]
    studies: int
    patients: int | None  # patients in the studies behind the rows, a shared database counted once (None if a size is not stated)
    overlapping: bool = False  # two of the studies draw on one database or institution

    @property
    def summary(self) -> str:
        if not self.rows:
            return "no hazard ratio or survival comparison reported"
        if self.patients is None:
            people = "patients not all stated"
        else:
            people = f"{'at most ' if self.overlapping else ''}{self.patients} patients in those studies" + (
                ", series from one database counted once" if self.overlapping else "")
        return f"{len(self.rows)} estimate(s) from {self.studies} stud{'y' if self.studies == 1 else 'ies'} ({people})"


@dataclass(frozen=True)
class BoardView:
    profile: tuple[tuple[str, str], ...]  # (field label, value label) for every field, 'Not known' included
    survival: SurvivalView  # closest cohorts as curves, whole cohorts as contrast
    matched: tuple[MatchedCohort, ...]
    readout: pd.DataFrame
    factors: tuple[FactorEvidence, ...]
    gaps: tuple[str, ...]
    contradictions: tuple[str, ...]
    row_ids: tuple[str, ...] = field(default_factory=tuple)  # every evidence row shown, for the discrepancy panel
    discrepancies: tuple[str, ...] = field(default_factory=tuple)  # ids of recorded source contradictions touching them

    @property
    def best_match(self) -> int:
        return max((len(m.matches) for m in self.matched), default=0)

    @property
    def factor_studies(self) -> int:
        return len({r.study_label for f in self.factors for r in f.rows if not r.study_label.startswith("Pooled")})

    @property
    def known_fields(self) -> int:
        return sum(1 for _, v in self.profile if v != "Not known")


def value_label(labels: Labels, name: str, value: str) -> str:
    if name == "timing":
        return TIMING_LABELS.get(value, value)
    if value in UNRESTRICTED:
        return "Not known"
    return labels.value(name, value)


def is_known(filters: Filters, name: str) -> bool:
    return getattr(filters, name) not in UNRESTRICTED


def profile_contradictions(filters: Filters, labels: Labels) -> list[str]:
    """Profiles that cannot all be true, in words; the board still shows the evidence field by field."""
    notes = []
    no_surgery = filters.treatment == "no_surgery"
    for name in ("margin", "cytoreduction"):
        if no_surgery and is_known(filters, name):
            notes.append(f"{PROFILE_LABELS[name]} is given ({value_label(labels, name, getattr(filters, name))}) but no liver "
                         "surgery is planned: a margin or cytoreduction only exists after an operation.")
    residual = filters.cytoreduction in ("gross_residual", "lt70")
    if filters.margin in ("r0", "r1") and residual:
        notes.append(f"An {filters.margin.upper()} margin means no gross disease is left, but the expected cytoreduction "
                     f"({value_label(labels, 'cytoreduction', filters.cytoreduction)}) leaves gross disease.")
    if filters.margin == "r2" and filters.cytoreduction == "complete":
        notes.append("An R2 margin leaves gross disease, which contradicts a complete cytoreduction.")
    if filters.primary_site == "unknown" and filters.primary_resected == "yes":
        notes.append("The primary tumour is marked unknown but also resected: a primary that was never found cannot have been removed.")
    return notes


def match_cohort(row: dict, filters: Filters, broader) -> tuple[str, ...] | None:
    """Profile fields the cohort matches, or None when the patient may not belong to it."""
    if row["matched"] != "no":
        return None
    if filters.treatment not in UNRESTRICTED and not is_within(broader, "treatment", row["treatment"], filters.treatment):
        return None
    if any(row[d] not in UNRESTRICTED for d in POST_OPERATIVE):
        return None
    matches = []
    for name in COHORT_FIELDS:
        value = row[name]
        if value in UNRESTRICTED:
            continue
        wanted = getattr(filters, name)
        if wanted in UNRESTRICTED:
            if name == "functional":  # a population descriptor (a series of non-functional NELM): no match, no exclusion
                continue
            return None
        if not is_within(broader, name, wanted, value):
            return None
        matches.append(name)
    return tuple(matches)


def matching_cohorts(ev, filters: Filters) -> list[MatchedCohort]:
    broader = broader_map(ev.vocabulary)
    out = []
    for row in ev.cohorts.to_dict("records"):
        if row["study_id"] in filters.exclude:
            continue
        matches = match_cohort(row, filters, broader)
        if matches:
            out.append(MatchedCohort(row["id"], row["study_id"], matches))
    return sorted(out, key=lambda m: (-len(m.matches), m.study_id, m.cohort_id))


def board_view(ev, filters: Filters, labels: Labels) -> BoardView:
    survival = ev.survival[ev.survival["endpoint"] == filters.endpoint]
    cohorts = ev.cohorts.set_index("id", drop=False)
    matched = matching_cohorts(ev, filters)
    broader = broader_map(ev.vocabulary)
    secondary, follow_up = secondary_only(ev), follow_up_texts(ev)

    def curve_of(row: dict, contrast: bool = False):
        return cohort_curve(row, survival, labels, contrast=contrast, secondary=row["study_id"] in secondary, broader=broader, follow_up=follow_up)

    curves, shown = [], []
    for m in matched:
        curve = curve_of(dict(cohorts.loc[m.cohort_id], match="exact"))
        if curve is not None and len(curves) < MAX_CURVES:
            curves.append(curve)
            shown.append(m)
    drawn = {c.cohort_id for c in curves}
    whole = whole_cohorts(ev.cohorts, filters, broader)
    contrast = [c for c in (curve_of(dict(r, match="contrast"), contrast=True) for r in whole.to_dict("records") if r["id"] not in drawn) if c]
    endpoint = labels.value("endpoint", filters.endpoint)
    view = SurvivalView(filters.endpoint, tuple(curves), tuple(contrast), (), pd.DataFrame(), (),
                        tuple(c.name for c in curves if c.n is not None and c.n < SMALL_N))
    factors = tuple(_factor(ev, filters, labels, name) for name, _ in PROFILE_FIELDS if name != "treatment" and is_known(filters, name))
    row_ids = [p.row_id for c in (*curves, *contrast) for p in c.points] + [r.row_id for f in factors for r in f.rows]
    profile = tuple((label, value_label(labels, name, getattr(filters, name))) for name, label in PROFILE_FIELDS)
    return BoardView(
        profile=profile, survival=view, matched=tuple(shown), readout=_readout(curves, contrast, shown, labels),
        factors=factors, gaps=tuple(_gaps(filters, labels, matched, curves, factors, endpoint, len(matched) - len(shown))),
        contradictions=tuple(profile_contradictions(filters, labels)), row_ids=tuple(row_ids),
        discrepancies=_touching(ev.discrepancies, row_ids),
    )


def _touching(discrepancies: pd.DataFrame, row_ids) -> tuple[str, ...]:
    ids = set(row_ids)
    return tuple(d["id"] for d in discrepancies.to_dict("records") if ids & set((d["affected_rows"] or "").split(";")))


def _readout(curves, contrast, shown: list[MatchedCohort], labels: Labels) -> pd.DataFrame:
    why = {m.cohort_id: "; ".join(PROFILE_LABELS[f] for f in m.matches) for m in shown}
    records = []
    for curve in (*curves, *contrast):
        study = tagged_secondary(curve.study_label) if curve.secondary else curve.study_label
        record = {"Study": study, "Group": curve.arm_label, "n": "not stated" if curve.n is None else str(curve.n)}
        for year in BOARD_YEARS:
            record[f"{year} y"] = value_at(curve, year)
        record["How derived"] = how_derived(curve, BOARD_YEARS)
        record["Median"] = median_text(curve)
        record["Matches the profile on"] = why.get(curve.cohort_id, CONTRAST_ROW)
        record["Source"] = "; ".join(sorted({p.locator for p in curve.points}))
        records.append(record)
    return pd.DataFrame(records, columns=["Study", "Group", "n", *(f"{y} y" for y in BOARD_YEARS), "How derived", "Median", "Matches the profile on",
                                          "Source"])


# --- factors --------------------------------------------------------------------------------


def _factor(ev, filters: Filters, labels: Labels, name: str) -> FactorEvidence:
    dimension = EFFECT_DIMENSION.get(name, name)
    patient = TIMING_AS_EFFECT_LEVEL.get(filters.timing) if name == "timing" else getattr(filters, name)
    broader = broader_map(ev.vocabulary)
    effects = ev.effects[(ev.effects["comparison_key"].str.split(":").str[0] == dimension) & ~ev.effects["study_id"].isin(filters.exclude)]
    cohort_n = ev.cohorts.set_index("id")["n"]
    rows = [_effect_row(r, labels, broader, dimension, patient, cohort_n) for r in effects.to_dict("records")]
    rows += _pooled_rows(ev, filters, labels, effects)
    rows += _comparison_rows(ev, filters, labels, name, patient, broader)
    endpoint = labels.value("endpoint", filters.endpoint)
    rows.sort(key=lambda r: (r.endpoint != endpoint, r.provenance == "reported" and r.analysis == "survival comparison"))
    study_ids = set(effects["study_id"]) | _comparison_studies(ev, filters, name)
    groups = OverlapGroups.from_evidence(ev)
    return FactorEvidence(name, PROFILE_LABELS[name], value_label(labels, name, getattr(filters, name)), tuple(rows),
                          len(study_ids), groups.distinct_patients(study_ids), groups.shares(study_ids))


def _side(broader, dimension: str, patient: str | None, comparison_key: str) -> str:
    """Which group of 'dim:level_vs_reference' the patient's value falls in."""
    if patient is None or ":" not in comparison_key or "_vs_" not in comparison_key:
        return "—"
    level, reference = comparison_key.split(":", 1)[1].split("_vs_", 1)
    if is_within(broader, dimension, patient, level):
        return "this patient's group vs the reference"
    if reference == "other" or is_within(broader, dimension, patient, reference):
        return "the reference group is this patient's"
    return "neither group is this patient's"


def _effect_row(r: dict, labels: Labels, broader, dimension: str, patient: str | None, cohort_n: pd.Series) -> FactorRow:
    p = "" if pd.isna(r["p_value"]) else f"p {r['p_operator']} {r['p_value']:g}"
    if pd.isna(r["estimate"]):
        value = f"{r['measure_as_stated']} not stated" + (f"; {p}" if p else "")
    else:
        ci = " (CI not stated)" if pd.isna(r["ci_lower"]) else f" ({r['ci_lower']:g}–{r['ci_upper']:g})"
        value = f"{r['measure_as_stated']} {r['estimate']:g}{ci}" + (f", {p}" if p else "")
    n = cohort_n.get(r["cohort_id"])
    return FactorRow(
        study_label=labels.study(r["study_id"]), endpoint=labels.value("endpoint", r["endpoint"]),
        comparison=f"{r['level']} vs {r['reference']}", patient_group=_side(broader, dimension, patient, r["comparison_key"]),
        value=value, analysis=r["analysis"], provenance="reported", n="not stated" if n is None or pd.isna(n) else str(int(n)),
        source=r["locator"], row_id=r["id"],
    )


def _pooled_rows(ev, filters: Filters, labels: Labels, effects: pd.DataFrame) -> list[FactorRow]:
    """A random-effects pool, labelled derived, where the Forest page would pool this comparison."""
    out = []
    for key in sorted(set(effects.loc[effects["endpoint"] == filters.endpoint, "comparison_key"])):
        forest = forest_view(ev, filters, labels, key)
        pooled = forest.pooled
        if forest.not_pooled:
            out.append(FactorRow(
                study_label="Not pooled: the two studies disagree", endpoint=labels.value("endpoint", filters.endpoint), comparison=key,
                patient_group="—", value=forest.not_pooled, analysis=filters.analysis,
                provenance="derived: not pooled, two studies that disagree (I² > 75% or 95% CIs that do not overlap); both are listed",
                n="—", source="Forest plots page", row_id=f"not-pooled:{key}",
            ))
        if pooled is None:
            continue
        est, lo, hi = (math.exp(v) for v in (pooled.estimate, pooled.ci_lower, pooled.ci_upper))
        pi = forest.prediction
        spread = f"95% PI {math.exp(pi.lower):.2f}–{math.exp(pi.upper):.2f}" if pi is not None and pi.available else "no prediction interval (fewer than 3 studies)"
        out.append(FactorRow(
            study_label=f"Pooled, {pooled.k} studies", endpoint=labels.value("endpoint", filters.endpoint), comparison=key,
            patient_group="—", value=f"HR {est:.2f} ({lo:.2f}–{hi:.2f}), {spread}, I² {pooled.i2:.0f}%", analysis=filters.analysis,
            provenance=f"derived: random-effects pool ({pooled.method})", n="—", source="Forest plots page", row_id=f"pooled:{key}",
        ))
    return out


def _comparisons_on(ev, filters: Filters, name: str):
    """Survival comparisons whose compared cohorts differ on this profile field."""
    if name not in COHORT_FIELDS:
        return
    cohorts = ev.cohorts.set_index("id")
    for c in ev.comparisons.to_dict("records"):
        ids = [i for i in (c["cohort_ids"] or "").split(";") if i in cohorts.index]
        if len(ids) < 2 or c["study_id"] in filters.exclude:
            continue
        if len({cohorts.loc[i, name] for i in ids}) > 1:
            yield c, [dict(cohorts.loc[i], id=i) for i in ids]


def _comparison_studies(ev, filters: Filters, name: str) -> set[str]:
    return {c["study_id"] for c, _ in _comparisons_on(ev, filters, name)}


def _comparison_rows(ev, filters: Filters, labels: Labels, name: str, patient, broader) -> list[FactorRow]:
    out = []
    for c, arms in _comparisons_on(ev, filters, name):
        mine = [a["label"] for a in arms if patient is not None and is_within(broader, name, patient, a[name])]
        n = ", ".join("not stated" if pd.isna(a["n"]) else str(int(a["n"])) for a in arms)
        test = "" if pd.isna(c["test"]) or not c["test"] else f"{c['test']} "
        p = "" if pd.isna(c["p_value"]) else f"{test}p {c['p_operator']} {c['p_value']:g}"
        out.append(FactorRow(
            study_label=labels.study(c["study_id"]), endpoint=labels.value("endpoint", c["endpoint"]),
            comparison=" vs ".join(a["label"] for a in arms), patient_group=mine[0] if mine else "neither group is this patient's",
            value=p or "p not stated", analysis="survival comparison", provenance="reported", n=n, source=c["locator"], row_id=c["id"],
        ))
        derived = _hr_from_landmarks(ev, c, arms)
        if derived is not None:
            out.append(derived(labels, mine))
    return out


def _hr_from_landmarks(ev, comparison: dict, arms: list[dict]):
    """Parmar's HR from both arms' survival at one common time, when both report it with n."""
    if len(arms) != 2 or any(pd.isna(a["n"]) for a in arms):
        return None
    points = ev.survival[(ev.survival["endpoint"] == comparison["endpoint"]) & (ev.survival["kind"] == "landmark")]
    by_arm = [dict(zip(points.loc[points["cohort_id"] == a["id"], "time_years"], points.loc[points["cohort_id"] == a["id"], "survival"], strict=True)) for a in arms]
    common = sorted(set(by_arm[0]) & set(by_arm[1]))
    common = [t for t in common if 0 < by_arm[0][t] < 1 and 0 < by_arm[1][t] < 1]
    if not common:
        return None
    t = common[-1]
    p, operator = comparison["p_value"], comparison["p_operator"]
    if not pd.isna(p) and operator in ("=", "~", "<", "<=") and 0 < p < 1:
        # Tierney 2007: the reported test's p carries the censoring a binomial SE cannot see
        effect = from_survival_proportions_and_p(by_arm[0][t], by_arm[1][t], float(p), operator, time=t)
        how = f"derived: {effect.method}, at {t:g} y; assumes proportional hazards and that p {operator} {p:g} is a log-rank or Cox test"
    else:
        effect = from_survival_proportions(by_arm[0][t], by_arm[1][t], int(arms[0]["n"]), int(arms[1]["n"]), time=t)
        how = (f"derived: {effect.method}, at {t:g} y; assumes proportional hazards; the CI assumes no censoring before {t:g} y, "
               "so it is too narrow")

    def row(labels: Labels, mine: list[str]) -> FactorRow:
        return FactorRow(
            study_label=labels.study(comparison["study_id"]), endpoint=labels.value("endpoint", comparison["endpoint"]),
            comparison=f"{arms[0]['label']} vs {arms[1]['label']}", patient_group=mine[0] if mine else "neither group is this patient's",
            value=f"HR ≈ {effect.hr:.2f} ({effect.ci_lower:.2f}–{effect.ci_upper:.2f})", analysis="unadjusted",
            provenance=how, n=f"{int(arms[0]['n'])}, {int(arms[1]['n'])}", source=comparison["locator"], row_id=f"{comparison['id']}:derived-hr",
        )

    return row


# --- what the evidence does not cover ------------------------------------------------------


def _gaps(filters: Filters, labels: Labels, matched, curves, factors, endpoint: str, not_drawn: int) -> list[str]:
    gaps = []
    known = [name for name, _ in PROFILE_FIELDS if name != "treatment" and is_known(filters, name)]
    if not known:
        gaps.append("No profile field is filled in: the board shows every whole cohort. Enter what is known about the patient.")
    if known and not curves:
        gaps.append(f"No cohort that matches this profile reports {endpoint}: only the whole-cohort curves (grey) are shown.")
    best = max((len(m.matches) for m in matched), default=0)
    if len(known) >= 2 and best < 2:
        gaps.append("No study reports patients with this combination of features: each curve and estimate below describes one feature at a time.")
    cohort_fields = {f for m in matched for f in m.matches}
    by_field = {f.field: f for f in factors}
    for name in known:
        label = f"{PROFILE_LABELS[name]}: {value_label(labels, name, getattr(filters, name))}"
        has_cohort = name in cohort_fields
        evidence = by_field.get(name)
        studies = 0 if evidence is None else evidence.studies
        if not has_cohort and studies == 0:
            gaps.append(f"{label} — no cohort and no hazard ratio or comparison in the evidence table.")
        elif studies <= 1 and not has_cohort:
            gaps.append(f"{label} — one study only; no survival curve for this group.")
        elif studies == 1:
            gaps.append(f"{label} — one study only.")
    small = [c.name for c in curves if c.n is not None and c.n < SMALL_N]
    if small:
        gaps.append("Small groups (n < 30, imprecise): " + "; ".join(small) + ".")
    if not_drawn > 0:
        gaps.append(f"{not_drawn} further matching cohort(s) report no {endpoint} or were not drawn (at most {MAX_CURVES} curves).")
    return gaps


# --- words for what the figure shows (caption, alt text, the minutes) ------------------------


def describe_figure(view: BoardView, labels: Labels) -> str:
    """The survival figure in one paragraph, for people who cannot see it and for the minutes."""
    endpoint = labels.value("endpoint", view.survival.endpoint)
    curves = view.survival.curves
    if not curves and not view.survival.contrast:
        return f"No cohort reports {endpoint}: there is no figure."
    parts = [f"{endpoint} after liver surgery."]
    if curves:
        parts.append(f"{len(curves)} cohort(s) matching the profile: " + "; ".join(_curve_words(c) for c in curves) + ".")
    else:
        parts.append("No cohort matching the profile reports this endpoint.")
    if view.survival.contrast:
        parts.append(f"Grey dotted lines: {len(view.survival.contrast)} whole cohorts for contrast.")
    parts.append("Markers are reported values; lines between them are reconstructed (derived).")
    return " ".join(parts)


def _curve_words(curve) -> str:
    reported = [p for p in curve.points if p.kind == "landmark" and p.time_years in BOARD_YEARS]
    said = ", ".join(f"{100 * p.survival:.1f}% at {p.time_years:g} y" for p in reported) or "no 5- or 10-year value reported"
    median = median_text(curve)
    return f"{curve.name}: {said}" + ("" if median.startswith("—") else f"; median {median}")
