"""The board's factor evidence: for each profile field the patient has entered, the hazard ratios,
direction-carrying statements and survival comparisons that bear on it, which way each points for
this patient, whether its population fits the patient, and whether the estimates agree. Pure: no streamlit.

A row is this patient's evidence when the patient's own level is one of the compared levels (an
'other primary sites' reference is a mixture, not a level) and its population fits the profile;
every other row is kept as 'other evidence', never first and never counted in the summary."""

from __future__ import annotations

import math
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, replace

import pandas as pd

from evidence.relations import is_within, split_refs
from stats.effects import from_survival_proportions, from_survival_proportions_and_p

from .catalog import catalog
from .filters import UNRESTRICTED, Filters
from .forest import forest_view
from .labels import Labels
from .overlap import OverlapGroups
from .text import counted, p_text

# Profile field -> the comparison-key dimensions of effects that bear on it.
EFFECT_KEYS = {
    "primary_site": ("primary_site",),
    "primary_resected": ("primary_resected",),
    "extrahepatic": ("extrahepatic", "lymph_node"),
    "margin": ("margin",),
    "grade": ("grade",),
    "ki67": ("ki67", "ki67_change"),
    "functional": ("functional",),
    "timing": ("synchronous",),
    "liver_burden": (
        "hepatic_tumour_number",
        "hepatic_tumour_size",
        "liver_tumour_burden",
        "bilateral_liver_metastases",
    ),
    "cytoreduction": ("cytoreduction",),
    "extent": ("extent_of_resection",),
    "recurrence_site": (),
    "recurrence_timing": (),
    "recurrence_treatment": (),
}
# Profile field -> the cohort dimension on which compared cohorts differ (comparisons attach through it).
COHORT_DIMENSION = {
    f: f
    for f in (
        "primary_site",
        "primary_resected",
        "extrahepatic",
        "margin",
        "grade",
        "ki67",
        "functional",
        "cytoreduction",
        "extent",
        "recurrence_site",
        "recurrence_timing",
        "recurrence_treatment",
    )
}
# Levels a patient's value belongs to beyond the vocabulary's own nesting: relative levels of continuous or
# ordinal factors ('more' liver lesions, 'higher' Ki-67) and profile fields named differently in the effects.
PATIENT_LEVELS = {
    ("ki67", "lt3"): {"lower"},
    ("ki67", "gt20"): {"higher"},
    ("liver_burden", "solitary"): {"fewer", "le10", "no", "lower"},
    ("liver_burden", "multiple"): {"more", "no"},
    ("liver_burden", "bilobar"): {"more", "yes"},
    ("timing", "synchronous"): {"yes"},
    ("timing", "metachronous"): {"no"},
    # regional nodes: the primary tumour's nodal metastasis, as several series report it
    ("extrahepatic", "nodes"): {"positive"},
}
# Levels of a continuous or ordinal factor: a patient has one only where the profile says so (size is never entered).
RELATIVE_LEVELS = {
    "higher",
    "lower",
    "more",
    "fewer",
    "larger",
    "smaller",
    "gt10",
    "le10",
    "older",
    "younger",
    "positive",
    "negative",
}
RELATIVE_WORDS = {
    "higher": "higher values",
    "lower": "lower values",
    "more": "more lesions",
    "fewer": "fewer lesions",
    "larger": "larger lesions",
    "smaller": "smaller lesions",
    "gt10": "more than 10 lesions",
    "le10": "10 or fewer lesions",
    "older": "older patients",
    "younger": "younger patients",
    "positive": "node-positive",
    "negative": "node-negative",
}
UNNAMED_LEVELS = ("levels_not_stated", "p_only")  # the statement is about the factor as a whole
GRADE_FOR_KI67 = {"lt3": "g1", "3to20": "g2", "gt20": "g3"}  # WHO 2017/2019: grade by Ki-67 (or mitoses)
KI67_FOR_GRADE = {v: k for k, v in GRADE_FOR_KI67.items()}
GRADE_KI67_NOTE = (
    "Grade and Ki-67 are related, not the same measure: WHO grades G1/G2/G3 by Ki-67 (<3%, 3–20%, >20%) or "
    "mitotic count, and older series grade by differentiation (well / moderately / poorly, read here as G1/G2/G3)."
)
DESCRIPTORS = ("functional", "grade", "treatment")
TREATMENT_FACTORS = ("primary_resected", "extent", "margin", "cytoreduction")  # choices made at or around the operation
SURVIVAL_WORDS = {"worse": "worse", "better": "better"}


@dataclass(frozen=True)
class FactorRow:
    study_label: str
    endpoint: str
    comparison: str  # 'R1 resection vs not stated (R0)' as the source names the groups
    patient_group: str  # which side of the comparison the profile falls on, in words
    value: str  # 'HR 3.9 (1.4–10.5), p = 0.008', 'p < 0.001'
    analysis: str
    provenance: str  # 'reported' or 'derived: <method>'
    n: str
    source: str
    row_id: str
    # worse / better / no clear difference (points to …) / significant; direction not stated / …
    direction_for_patient: str = ""
    adjusted: bool = False  # from a multivariable model
    population: str = ""  # '' when the row's population fits the profile, else 'different population: …'
    own_level: bool = False  # the patient's own level is one of the compared levels
    lean: str = ""  # 'worse' / 'better' / '' : which way the estimate points for the patient, significant or not
    clear: bool = False  # significant at 5% (CI clear of 1, p < 0.05, or the source says so)
    study_id: str = ""
    versus: str = ""  # the group the patient's group is compared with ('G1', 'other primary sites'): directions against different groups do not conflict
    group_n: int | None = None  # patients in the patient's compared group, where the source says


# a printed ratio, however the source names it: 'HR 3.9', 'hazard ratio [HR] 0.7', 'odds ratio [OR] (from …) 1.9'
RATIO = re.compile(r"(HR|OR|RR|hazard ratio|odds ratio|risk ratio)\b[^0-9]*\d", re.IGNORECASE)
PARTLY_OPERATED = "[in a cohort only partly treated with liver surgery]"


@dataclass(frozen=True)
class FactorEvidence:
    field: str
    label: str
    patient_value: str
    rows: tuple[FactorRow, ...]  # this patient's evidence: own level, population fits
    studies: int
    # fewest distinct patients in the studies behind the rows, a shared database counted once (None if not stated)
    patients: int | None
    overlapping: bool = False  # two of the studies draw on one database or institution
    patients_at_most: int | None = None  # the sum of the studies' sizes: the most there can be
    other_rows: tuple[FactorRow, ...] = ()  # other levels, other populations: kept, folded, never counted
    direction: str = "no evidence for this patient's group"
    direction_note: str = ""  # which estimates decide the direction, or conflict, and which are adjusted
    note: str = ""  # e.g. how grade and Ki-67 relate, how nodes are counted

    @property
    def summary(self) -> str:
        if not self.rows:
            return "no hazard ratio or survival comparison about this patient's group" + (
                f" ({len(self.other_rows)} about other groups or populations)" if self.other_rows else ""
            )
        if self.patients is None:
            people = "patients not all stated"
        elif self.overlapping and self.patients_at_most != self.patients:
            people = f"{self.patients}–{self.patients_at_most} patients: some of these series may share patients"
        else:
            people = f"{self.patients} patients in those studies"
        sizes = [r.group_n for r in self.rows if r.group_n is not None]
        group = ""
        if len(sizes) == len(self.rows) and len(set(sizes)) == 1:
            group = f"; this patient's group: {sizes[0]} patients" + (
                " (small group, imprecise)" if sizes[0] < 30 else ""
            )
        return (
            f"{counted(len(self.rows), 'estimate')} from {counted(self.studies, 'study', 'studies')} ({people}){group}"
        )

    @property
    def all_rows(self) -> tuple[FactorRow, ...]:
        return (*self.rows, *self.other_rows)

    def line(self, endpoint: str) -> tuple[str, str, str]:
        """The feature line: ('Primary tumour site: Pancreas', 'conflicting', ' · 7 estimates … · first estimate: …').
        The counts come before the quote, which a one-page summary may cut."""
        best = self.best_row(endpoint)
        quote = (
            f" · first estimate: {best.value} for {best.comparison}; this patient: {_side_words(best)} "
            f"({best.study_label}, {best.endpoint.lower()}, {'adjusted' if best.adjusted else best.analysis}, "
            f"{best.provenance})"
            if best
            else ""
        )
        return f"{self.label}: {self.patient_value}", self.direction, f" · {self.summary}{quote}."

    def best_row(self, endpoint: str) -> FactorRow | None:
        """The estimate to quote first: `endpoint` before others, then rows that decide the direction (significant,
        with a direction), adjusted before unadjusted, a surgical cohort before one only partly operated, a printed
        ratio before a p-value alone, a reported value before a derived one (the table's order otherwise)."""
        if not self.rows:
            return None
        return min(
            self.rows,
            key=lambda r: (
                r.endpoint != endpoint,
                not (r.clear and r.lean),
                not r.adjusted,
                PARTLY_OPERATED in r.comparison,
                not RATIO.match(r.value),
                r.provenance != "reported",
            ),
        )


def _side_words(row: FactorRow) -> str:
    """Which group of the comparison the patient is in, named as the source names it."""
    if row.patient_group == "the reference group is this patient's":
        reference = row.comparison.split(" vs ", 1)[-1].split(" [")[0]
        named = (
            reference.removeprefix("not stated (").removesuffix(")")
            if reference.startswith("not stated (")
            else reference
        )
        return f"the reference group ({named})"
    if row.patient_group == "this patient's group vs the reference":
        return row.comparison.split(" vs ", 1)[0]
    return row.patient_group


def effective_profile(filters: Filters) -> dict[str, str]:
    """The profile's values, grade and Ki-67 standing in for each other when only one is entered."""
    values = {name: getattr(filters, name) for name in (*EFFECT_KEYS, "treatment", "setting")}
    if values["grade"] in UNRESTRICTED and values["ki67"] in GRADE_FOR_KI67:
        values["grade"] = GRADE_FOR_KI67[values["ki67"]]
    if values["ki67"] in UNRESTRICTED and values["grade"] in KI67_FOR_GRADE:
        values["ki67"] = KI67_FOR_GRADE[values["grade"]]
    return values


def patient_levels(broader, field: str, value: str) -> set[str]:
    """Every level the patient's value belongs to: itself, what contains it (small bowel ⊂ non-pancreas), and
    relative levels (a solitary metastasis is 'fewer')."""
    levels = set(PATIENT_LEVELS.get((field, value), ()))
    dimension = COHORT_DIMENSION.get(field, field)
    current = value
    while current is not None:
        levels.add(current)
        current = broader.get((dimension, current))
    return levels


def side_of(broader, field: str, value: str, comparison_key: str) -> str:
    """'level', 'reference' (named explicitly), 'other' (the reference is the rest: 'other primary sites'),
    'whole' (the statement names no levels), 'unknown' (levels the profile does not say: lesion size), or 'neither'."""
    if ":" not in comparison_key:
        return "neither"
    levels = comparison_key.split(":", 1)[1]
    if levels in UNNAMED_LEVELS or "_vs_" not in levels:
        return "whole"
    level, reference = levels.split("_vs_", 1)
    mine = patient_levels(broader, field, value)
    if level in mine:
        return "level"
    if reference == "other":  # 'the rest' of a comparison is never the patient's own 'other' level
        return "other"
    if reference in mine:
        return "reference"
    if {level, reference} <= RELATIVE_LEVELS:
        return "unknown"
    return "neither"


def factor_evidence(
    ev, filters: Filters, labels: Labels, name: str, label: str, value_text: str, groups: OverlapGroups
) -> FactorEvidence:
    profile = effective_profile(filters)
    value = profile[name]
    known = catalog(ev)
    broader = known.broader
    dims = EFFECT_KEYS[name]
    effects = ev.effects
    effects = effects[
        effects["comparison_key"].str.split(":").str[0].isin(dims) & ~effects["study_id"].isin(filters.exclude)
    ]
    cohorts = known.cohorts
    rows = [_effect_row(r, labels, broader, name, value, cohorts, profile) for r in effects.to_dict("records")]
    rows += _pooled_rows(ev, filters, labels, effects, broader, name, value)
    rows += _comparison_rows(ev, filters, labels, name, value, broader, profile)
    endpoint = labels.value("endpoint", filters.endpoint)
    rows.sort(key=lambda r: (r.endpoint != endpoint, not r.adjusted, r.analysis == "survival comparison"))
    own = tuple(r for r in rows if r.own_level and not r.population)
    other = tuple(r for r in rows if not (r.own_level and not r.population))  # not `r not in own`: O(n²) at 100x
    study_ids = {r.study_id for r in own if r.study_id}
    direction, why = _direction(own, endpoint)
    deciding = {r.study_id for r in own if r.clear and r.lean and r.study_id}
    if groups.shares(deciding):
        why += " (some of these series share a database: not independent confirmations)"
    note = GRADE_KI67_NOTE if name in ("grade", "ki67") else ""
    if name in ("grade", "ki67") and getattr(filters, name) in UNRESTRICTED:
        value_text = f"{labels.value(name, value)} (from the entered {'Ki-67' if name == 'grade' else 'grade'})"
    span = groups.patient_range(study_ids)
    return FactorEvidence(
        name,
        label,
        value_text,
        own,
        len(study_ids),
        None if span is None else span[0],
        groups.shares(study_ids),
        None if span is None else span[1],
        other,
        direction,
        why,
        note,
    )


# --- one row per effect -----------------------------------------------------------------------------


def _effect_row(
    r: dict, labels: Labels, broader, name: str, value: str, cohorts: pd.DataFrame, profile: dict
) -> FactorRow:
    p = p_text(r["p_value"], r["p_operator"])
    if pd.isna(r["estimate"]):
        printed = (
            "no ratio printed"
            if r["measure_as_stated"] in ("P-value only", "direction only")
            else r["measure_as_stated"]
        )
        text = printed + (f"; {p}" if p else "")
    else:
        level = 95 if pd.isna(r["ci_level"]) else round(100 * float(r["ci_level"]))
        ci = " (CI not stated)" if pd.isna(r["ci_lower"]) else f" ({level}% CI {r['ci_lower']:g}–{r['ci_upper']:g})"
        text = f"{_plain_measure(r['measure_as_stated'])} {r['estimate']:g}{ci}" + (f", {p}" if p else "")
    side = side_of(broader, name, value, r["comparison_key"])
    lean, clear = _effect_lean(r)
    cohort = cohorts.loc[r["cohort_id"]] if r["cohort_id"] in cohorts.index else None
    n = None if cohort is None or pd.isna(cohort["n"]) else str(int(cohort["n"]))
    population = _population(cohort, profile, broader, labels, factor=name) if cohort is not None else ""
    mixed = cohort is not None and cohort["treatment"] == "mixed"
    return FactorRow(
        study_label=labels.study(r["study_id"]),
        endpoint=labels.value("endpoint", r["endpoint"]),
        comparison=f"{r['level']} vs {r['reference']}"
        + (f" {PARTLY_OPERATED}" if mixed else "")
        + (
            " [nodal metastasis of the primary: the patient's entered regional nodes]"
            if r["comparison_key"].startswith("lymph_node:")
            else ""
        )
        + (
            " [extrahepatic disease as the source defines it; whether regional nodes count is not stated]"
            if r["comparison_key"].startswith("extrahepatic:") and profile.get("extrahepatic") == "nodes"
            else ""
        ),
        patient_group=_group_words(side, population),
        value=text,
        analysis=r["analysis"],
        provenance="reported",
        n=n or "not stated",
        source=r["locator"],
        row_id=r["id"],
        direction_for_patient=_for_patient(side, lean, clear, r["direction"], has_estimate=not pd.isna(r["estimate"])),
        adjusted=r["analysis"] == "multivariable",
        population=population,
        own_level=side in ("level", "reference"),
        lean=_flip(lean) if side == "reference" else lean if side == "level" else "",
        clear=clear,
        study_id=r["study_id"],
        versus=_versus(labels, name, r["comparison_key"], side, r["reference"] if side == "level" else r["level"]),
    )


def _versus(labels: Labels, field: str, key: str, side: str, other_words: str) -> str:
    """The group the patient's group is compared with, named from the comparison key's slug ('G1'), or the source's words."""
    if side not in ("level", "reference") or "_vs_" not in key:
        return ""
    level, reference = key.split(":", 1)[1].split("_vs_", 1)
    slug = reference if side == "level" else level
    dimension = COHORT_DIMENSION.get(field, field)
    if slug == "other":
        return "the other groups"
    named = labels.values.get((dimension, slug)) or RELATIVE_WORDS.get(slug) or other_words
    first = named.split(" ", 1)[0]
    plain = first.replace("-", "")
    # 'liver-only disease'; 'G3', 'Ki-67' stay
    return named[0].lower() + named[1:] if plain.isalpha() and plain[1:].islower() else named


def _plain_measure(as_stated: str) -> str:
    """The printed label in plain words: 'HR (95th percentile CI)' is a CI mislabelled by the source (flagged elsewhere)."""
    return "HR" if as_stated.startswith("HR (95th percentile") else as_stated


def _effect_lean(r: dict) -> tuple[str, bool]:
    """Which way the level points ('worse'/'better'/''), and whether the source shows it significant."""
    if not pd.isna(r["estimate"]) and r["estimate"] != 1:
        lean = "worse" if r["estimate"] > 1 else "better"
        return lean, r["direction"] in ("worse", "better")
    if r["direction"] in ("worse", "better"):
        return r["direction"], True
    return "", r["direction"] == "significant"


def _flip(lean: str) -> str:
    return {"worse": "better", "better": "worse"}.get(lean, lean)


def _for_patient(side: str, lean: str, clear: bool, stated: str, has_estimate: bool) -> str:
    if side in ("neither", "other"):
        return "not this patient's group"
    if side == "unknown":
        return "not known for this patient (the profile does not say which group)"
    mine = _flip(lean) if side == "reference" else lean
    if side == "whole":
        return {"no_difference": "no clear difference", "significant": "significant; direction not stated"}.get(
            stated, "not stated"
        )
    if mine and clear:
        return mine
    if stated == "significant":
        return "significant; direction not stated"
    if mine and has_estimate:
        return f"no clear difference (points to {mine})"
    if stated == "no_difference":
        return "no clear difference"
    return "not stated"


def _group_words(side: str, population: str) -> str:
    if population:
        return population
    return {
        "level": "this patient's group vs the reference",
        "reference": "the reference group is this patient's",
        "whole": "the factor as a whole (no levels named)",
        "other": "neither group is this patient's (reference: all other groups)",
        "unknown": "not known (the profile does not give this measure)",
        "neither": "neither group is this patient's",
    }[side]


def _population(cohort, profile: dict, broader, labels: Labels, skip: str = "", factor: str = "") -> str:
    """'' when the population the estimate comes from fits the profile, else 'different population: …'.
    `skip`: the dimension the comparison is about (its arms differ on it by design). A treatment comparison (primary
    resection, extent, margin, cytoreduction) from a cohort only partly operated on the liver does not carry to a
    planned liver operation; a tumour's own features (grade, site) are read from such cohorts, marked as mixed."""
    reasons = []
    for dim in (
        "primary_site",
        "primary_resected",
        "extrahepatic",
        "margin",
        "ki67",
        "cytoreduction",
        "extent",
        "grade",
        "functional",
    ):
        if dim == skip:
            continue
        restricted = cohort[dim]
        mine = profile.get(dim, "any")
        if restricted in UNRESTRICTED or mine in UNRESTRICTED:
            continue
        if dim == "grade" and restricted == "well_differentiated" and mine == "g3":
            continue  # a well-differentiated series may hold G3 NETs: not a contradiction
        if not (is_within(broader, dim, mine, restricted) or is_within(broader, dim, restricted, mine)):
            reasons.append(f"{labels.value(dim, restricted)} only")
    surgical = is_within(broader, "treatment", profile.get("treatment", "liver_surgery"), "liver_surgery")
    if surgical and cohort["treatment"] == "no_surgery":
        reasons.append("liver metastases not operated")
    elif surgical and cohort["treatment"] == "mixed" and factor in TREATMENT_FACTORS:
        reasons.append("liver surgery in only some patients, or not stated")
    post_operative = any(
        cohort[d] not in UNRESTRICTED for d in ("recurrence_site", "recurrence_treatment", "recurrence_timing")
    )
    if post_operative and profile.get("setting") != "recurrence":
        reasons.append("patients who recurred after liver surgery")
    return f"different population: {'; '.join(reasons)}" if reasons else ""


# --- comparisons between cohorts ------------------------------------------------------------------------


def _comparison_rows(
    ev, filters: Filters, labels: Labels, name: str, value: str, broader, profile: dict
) -> list[FactorRow]:
    dim = COHORT_DIMENSION.get(name)
    if dim is None or value in UNRESTRICTED:
        return []
    out = []
    known = catalog(ev)
    rows_of = known.cohort_rows  # the catalog's dicts: pandas row indexing here cost a cold board ~40 ms
    for c in known.comparison_rows:
        ids = [i for i in split_refs(c["cohort_ids"]) if i in rows_of]
        if not ids or c["study_id"] in filters.exclude:
            continue
        arms = [rows_of[i] for i in ids]
        single = len(arms) == 1
        if single:
            parent = rows_of.get(arms[0]["parent_id"]) if isinstance(arms[0]["parent_id"], str) else None
            if parent is None or parent[dim] == arms[0][dim]:
                continue
        elif len({a[dim] for a in arms}) < 2:
            continue
        if c["endpoint"] == "other":
            out.append(_baseline_row(c, arms, labels))
            continue
        mine = [i for i, a in enumerate(arms) if a[dim] not in UNRESTRICTED and is_within(broader, dim, value, a[dim])]
        has_parent = isinstance(arms[0]["parent_id"], str) and arms[0]["parent_id"] in rows_of
        population = _population(
            rows_of[arms[0]["parent_id"]] if has_parent else arms[0],
            profile,
            broader,
            labels,
            skip=dim,
            factor=name,
        )
        lean = _comparison_lean(c["direction"], mine, len(arms))
        clear = c["direction"] in ("first_better", "first_worse")
        comparison = (
            f"{c['description']} (the source: “{c['quote']}”)" if single else " vs ".join(a["label"] for a in arms)
        )
        n = ", ".join("not stated" if pd.isna(a["n"]) else str(int(a["n"])) for a in arms)
        p = p_text(c["p_value"], c["p_operator"], c["test"])
        side = "level" if mine else "other" if single else "neither"
        direction = (
            "not this patient's group"
            if not mine
            else lean
            if clear
            else {"no_difference": "no clear difference", "significant": "significant; direction not stated"}.get(
                c["direction"], "not stated"
            )
        )
        others = [a for i, a in enumerate(arms) if i not in mine]
        versus = (
            "the rest of the study"
            if single
            else ", ".join(labels.value(dim, a[dim]) for a in others)
            if others
            else ""
        )
        group_n = None if not mine or pd.isna(arms[mine[0]]["n"]) else int(arms[mine[0]]["n"])
        out.append(
            FactorRow(
                study_label=labels.study(c["study_id"]),
                endpoint=labels.value("endpoint", c["endpoint"]),
                comparison=comparison,
                patient_group=population or (arms[mine[0]]["label"] if mine else _group_words(side, "")),
                value=p or "p not stated",
                analysis="survival comparison",
                provenance="reported",
                n=n,
                source=c["locator"],
                row_id=c["id"],
                direction_for_patient=direction,
                adjusted=False,
                population=population,
                own_level=bool(mine),
                lean=lean if mine else "",
                clear=clear,
                study_id=c["study_id"],
                versus=versus,
                group_n=group_n,
            )
        )
        derived = _hr_from_landmarks(ev, c, arms)
        if derived is not None:
            out.append(derived(labels, mine, population))
    return out


def _baseline_row(c: dict, arms: list[dict], labels: Labels) -> FactorRow:
    """A difference between the compared groups at baseline (not an outcome): a possible confounder of the comparison."""
    p = p_text(c["p_value"], c["p_operator"])
    return FactorRow(
        study_label=labels.study(c["study_id"]),
        endpoint="groups at baseline",
        comparison=c["description"],
        patient_group="how the compared groups differ: a possible confounder",
        value=p or "p not stated",
        analysis="baseline difference",
        provenance="reported",
        n=", ".join("not stated" if pd.isna(a["n"]) else str(int(a["n"])) for a in arms),
        source=c["locator"],
        row_id=c["id"],
        direction_for_patient="—",
        study_id=c["study_id"],
    )


def _comparison_lean(direction: str, mine: list[int], arms: int) -> str:
    """How the patient's arm fares, from 'first_better'/'first_worse': the first arm as stated, any other arm the opposite."""
    if not mine or direction not in ("first_better", "first_worse"):
        return ""
    first = "better" if direction == "first_better" else "worse"
    return first if mine[0] == 0 else _flip(first)


def _landmarks_by_cohort(survival: pd.DataFrame) -> dict[tuple[str, str], dict[float, float]]:
    """(endpoint, cohort) -> {time in years: survival} of its landmarks: built once per evidence, read per comparison."""
    out: dict[tuple[str, str], dict[float, float]] = {}
    points = survival[survival["kind"] == "landmark"]
    for endpoint, cohort, time, value in zip(
        points["endpoint"], points["cohort_id"], points["time_years"], points["survival"], strict=True
    ):
        out.setdefault((endpoint, cohort), {})[time] = value
    return out


def _hr_from_landmarks(ev, comparison: dict, arms: list[dict]):
    """Parmar's HR from both arms' survival at one common time, when both report it with n."""
    if len(arms) != 2 or any(pd.isna(a["n"]) for a in arms):
        return None
    landmarks = ev.memo("landmarks by endpoint and cohort", lambda: _landmarks_by_cohort(ev.survival))
    by_arm = [landmarks.get((comparison["endpoint"], a["id"]), {}) for a in arms]
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
        how = (
            f"derived: {effect.method}, at {t:g} y; assumes proportional hazards; the CI assumes no censoring before {t:g} y, "
            "so it is too narrow"
        )
    clear = not (effect.ci_lower < 1 < effect.ci_upper)

    def row(labels: Labels, mine: list[int], population: str) -> FactorRow:
        lean = (
            ("worse" if effect.hr > 1 else "better")
            if mine and mine[0] == 0
            else ("better" if effect.hr > 1 else "worse")
            if mine
            else ""
        )
        direction = (
            "not this patient's group" if not mine else lean if clear else f"no clear difference (points to {lean})"
        )
        return FactorRow(
            study_label=labels.study(comparison["study_id"]),
            endpoint=labels.value("endpoint", comparison["endpoint"]),
            comparison=f"{arms[0]['label']} vs {arms[1]['label']}",
            patient_group=population or (arms[mine[0]]["label"] if mine else "neither group is this patient's"),
            value=f"HR ≈ {effect.hr:.2f} ({effect.ci_lower:.2f}–{effect.ci_upper:.2f})",
            analysis="unadjusted",
            provenance=how,
            n=f"{int(arms[0]['n'])}, {int(arms[1]['n'])}",
            source=comparison["locator"],
            row_id=f"{comparison['id']}:derived-hr",
            direction_for_patient=direction,
            population=population,
            own_level=bool(mine),
            lean=lean,
            clear=clear,
            study_id=comparison["study_id"],
        )

    return row


# --- pools ---------------------------------------------------------------------------------------------


# the board's own, not the Forest page's choice
BOARD_POOLING = {"method": "REML", "hksj": False, "analysis": "multivariable"}


FORESTS_KEPT = 512  # a board reads a few per factor; most boards share them (same endpoint, same studies left out)


def kept_forest(ev, filters: Filters, labels: Labels, key: str):
    """forest_view kept per evidence for the filters it reads (its scope), most recent FORESTS_KEPT: a cold board built
    ~13 of them, nearly always the same ones, and its summary of findings grades the same factors again."""
    if not hasattr(ev, "memo"):  # a stand-in table set (tests): nothing kept
        return forest_view(ev, filters, labels, key)
    kept, lock = ev.memo("board forests", OrderedDict), ev.memo("board forests lock", threading.Lock)
    wanted = (key, replace(filters.only("forest"), factor=""))
    with lock:  # sessions run in threads: look-up, use and eviction of one table
        if wanted in kept:
            kept.move_to_end(wanted)
            return kept[wanted]
    forest = forest_view(ev, filters, labels, key)
    with lock:
        kept[wanted] = forest
        while len(kept) > FORESTS_KEPT:
            kept.popitem(last=False)
    return forest


def _pooled_rows(
    ev, filters: Filters, labels: Labels, effects: pd.DataFrame, broader, name: str, value: str
) -> list[FactorRow]:
    """A random-effects pool of adjusted estimates (REML), labelled derived, under the Forest page's rules."""
    filters = replace(filters, **BOARD_POOLING)
    out = []
    for key in sorted(set(effects.loc[effects["endpoint"] == filters.endpoint, "comparison_key"])):
        forest = kept_forest(ev, filters, labels, key)
        side = side_of(broader, name, value, key)
        if forest.not_pooled:
            out.append(
                FactorRow(
                    study_label="Not pooled: the two studies disagree",
                    endpoint=labels.value("endpoint", filters.endpoint),
                    comparison=key,
                    patient_group=_group_words(side, ""),
                    value=forest.not_pooled,
                    analysis=filters.analysis,
                    provenance="derived: not pooled, two studies that disagree (I² > 75% or 95% CIs that do not overlap); both are listed",
                    n="—",
                    source="Forest plots page",
                    row_id=f"not-pooled:{key}",
                    direction_for_patient="conflicting",
                    own_level=side in ("level", "reference"),
                )
            )
        pooled = forest.pooled
        if pooled is None:
            continue
        est, lo, hi = (math.exp(v) for v in (pooled.estimate, pooled.ci_lower, pooled.ci_upper))
        pi = forest.prediction
        spread = (
            f"95% PI {math.exp(pi.lower):.2f}–{math.exp(pi.upper):.2f}"
            if pi is not None and pi.available
            else "no prediction interval (fewer than 3 studies)"
        )
        lean, clear = ("worse" if est > 1 else "better"), not (lo < 1 < hi)
        out.append(
            FactorRow(
                study_label=f"Pooled, {pooled.k} studies",
                endpoint=labels.value("endpoint", filters.endpoint),
                comparison=key,
                patient_group=_group_words(side, ""),
                value=f"HR {est:.2f} ({lo:.2f}–{hi:.2f}), {spread}, I² {pooled.i2:.0f}%",
                analysis=filters.analysis,
                provenance=f"derived: random-effects pool ({pooled.method})",
                n="—",
                source="Forest plots page",
                row_id=f"pooled:{key}",
                direction_for_patient=_for_patient(side, lean, clear, "", True),
                adjusted=filters.analysis == "multivariable",
                own_level=side in ("level", "reference"),
                lean=_flip(lean) if side == "reference" else lean if side == "level" else "",
                clear=clear,
            )
        )
    return out


# --- which way the factor points ------------------------------------------------------------------------


def _direction(rows: tuple[FactorRow, ...], endpoint: str) -> tuple[str, str]:
    """The factor's direction for this patient, from their own rows for the board's endpoint (or, when none of
    those is significant, every endpoint, named). Estimates against the same comparison group must agree, or the
    factor is 'conflicting'; against different groups they may differ without conflict ('better than G3; worse than
    G1'). The note names the deciding rows and whether they were adjusted."""
    if not rows:
        return "no evidence for this patient's group", ""
    on_endpoint = [r for r in rows if r.endpoint == endpoint]
    scope, suffix = (on_endpoint, "") if any(r.clear and r.lean for r in on_endpoint) else (list(rows), "")
    if scope is not on_endpoint:
        endpoints = sorted({r.endpoint for r in scope if r.clear and r.lean})
        suffix = f" ({'; '.join(e.lower() for e in endpoints)})" if endpoints and endpoints != [endpoint] else ""
    by_versus: dict[str, list[FactorRow]] = {}
    for r in scope:
        by_versus.setdefault(r.versus, []).append(r)
    results = {versus: _one_direction(members) for versus, members in by_versus.items()}
    conflicting = [note for (direction, note) in results.values() if direction == "conflicting"]
    if conflicting:
        return "conflicting" + suffix, "; ".join(conflicting)
    decided = {versus: (d, note) for versus, (d, note) in results.items() if d in ("worse", "better")}
    if len({d for d, _ in decided.values()}) == 1:
        lean = next(iter(decided.values()))[0]
        clear = [r for r in scope if r.clear and r.lean]
        against = {r.versus for r in clear}
        named = f" than {against.pop()}" if len(against) == 1 and not against & {"", "the other groups"} else ""
        return lean + named + suffix, f"{'adjusted' if any(r.adjusted for r in clear) else 'unadjusted'}: " + "; ".join(
            _said(r) for r in clear
        )
    if decided:
        named = [f"{d} than {v or 'the comparison group'}" for v, (d, _) in decided.items()]
        return "; ".join(named) + suffix, "; ".join(note for _, note in decided.values())
    if any(r.direction_for_patient.startswith("significant") for r in scope):
        return "significant association, direction not stated", "; ".join(
            _said(r) for r in scope if r.direction_for_patient.startswith("significant")
        )
    return "no clear difference", ""


def _one_direction(rows: list[FactorRow]) -> tuple[str, str]:
    """Direction over rows against one comparison group: conflicting when significant estimates disagree, or one is
    opposed by another estimate's point."""
    clear = [r for r in rows if r.clear and r.lean]
    leaning = [r for r in rows if r.lean and not r.clear and "points to" in r.direction_for_patient]
    clear_leans = {r.lean for r in clear}
    if len(clear_leans) > 1 or (len(clear_leans) == 1 and any(r.lean not in clear_leans for r in leaning)):
        return "conflicting", "; ".join(_said(r) for r in (*clear, *(r for r in leaning if r.lean not in clear_leans)))
    if clear_leans:
        return clear_leans.pop(), "; ".join(_said(r) for r in clear)
    return "", ""


def _said(r: FactorRow) -> str:
    kind = (
        "multivariable, adjusted"
        if r.adjusted
        else f"{r.analysis}, unadjusted"
        if r.analysis != "survival comparison"
        else "survival comparison, unadjusted"
    )
    return f"{r.study_label} ({kind}, {r.endpoint}): {r.direction_for_patient}, {r.value}"
