"""Tumour-board view model: what the evidence says for one patient profile. Pure: no streamlit.

The profile is the shared filter state (views.filters.Filters): every field may be unknown
('any'/'all'). The board does not select cohorts the way the Survival page does (exact
subgroups only); it ranks them by how closely they describe the patient:

* a cohort matches when every subgroup dimension it restricts holds for the patient (an R1 patient
  is in an 'R1 or R2' cohort); a cohort restricted on something the profile leaves unknown, or on
  something that contradicts it, does not match: we cannot tell whether the patient belongs to it;
* population descriptors (function, grade, treatment) exclude only a cohort that contradicts the
  patient; a cohort broader than the patient (liver surgery for a planned resection, mixed function
  for a non-functional tumour) stays as a broader group, with its composition where the source gives it;
* cohorts defined by a recurrence after surgery match only a 'recurrence' profile;
* whole cohorts are drawn in grey for contrast.

What the evidence does not cover is said first (`coverage`): a grade no surgical cohort reports, a
recurrence. Factor evidence (views.board_factors) says which way each factor points for this patient.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pandas as pd

from evidence.relations import is_within, split_refs

from .board_factors import GRADE_KI67_NOTE, FactorEvidence, effective_profile, factor_evidence
from .bottom_line import AFTER_RECURRENCE, RECURRENCE_ENDPOINTS, EndpointLine, endpoint_line, no_recurrence_line
from .bottom_line import ENDPOINTS as BOTTOM_LINE_ENDPOINTS
from .catalog import catalog
from .filters import DEFAULT, FILTERS, UNRESTRICTED, Filters, value_label
from .labels import Labels
from .survival import (
    CurveView,
    SurvivalView,
    curve_maker,
    median_text,
    readout_row,
    shared_patients_note,
    survival_title,
    time_text,
)
from .text import counted, p_text

# The profile in the order a surgeon presents a case: the tumour, the liver, the plan (declared in views.filters.FILTERS).
PROFILE_FIELDS = tuple((f.name, f.board_label) for f in FILTERS if f.board_label)
PROFILE_LABELS = dict(PROFILE_FIELDS)
PROFILE_HELP = {f.name: f.help for f in FILTERS if f.board_label and f.help}
SUBGROUP_FIELDS = ("primary_site", "primary_resected", "extrahepatic", "margin", "ki67", "cytoreduction", "extent")
RECURRENCE_FIELDS = ("recurrence_site", "recurrence_timing", "recurrence_treatment")
DESCRIPTOR_FIELDS = ("functional", "grade")
COHORT_FIELDS = (*SUBGROUP_FIELDS, *DESCRIPTOR_FIELDS)
POST_OPERATIVE = ("recurrence_site", "recurrence_treatment", "recurrence_timing")
BROAD_GRADE = "well_differentiated"  # the source's words without a WHO grade: G1–G2, possibly some G3 NET
BOARD_YEARS = (5, 10)
CONTRAST_ROW = "— whole cohort, for contrast"
SMALL_N = 30
MAX_CURVES = 8
MAX_CONTRAST = 12  # whole cohorts drawn grey; the shipped evidence has at most 11, a 100x table thousands


@dataclass(frozen=True)
class MatchedCohort:
    cohort_id: str
    study_id: str
    matches: tuple[str, ...]  # profile fields the cohort restricts and the patient satisfies
    broader: tuple[str, ...] = ()  # descriptors on which the cohort is broader than the patient


@dataclass(frozen=True)
class SymptomRow:
    """One reported number about hormonal symptoms after liver surgery."""

    what: str
    value: str
    n: str
    source: str  # study label and locator
    row_ids: tuple[str, ...]


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
    coverage: tuple[str, ...] = ()  # what the evidence does not cover for this patient, said first
    symptom_control: tuple[SymptomRow, ...] = ()  # for a functional profile, whatever the endpoint
    bottom_line: tuple[EndpointLine, ...] = ()  # one sentence per endpoint, read aloud first; none without a profile
    endpoint_label: str = "Overall survival"
    contrast_not_drawn: int = 0  # whole cohorts not drawn beyond the largest MAX_CONTRAST

    @property
    def best_match(self) -> int:
        return max((len(m.matches) for m in self.matched), default=0)

    @property
    def factor_studies(self) -> int:
        return len({r.study_id for f in self.factors for r in f.rows if r.study_id})


def is_known(filters: Filters, name: str) -> bool:
    if name == "setting":
        return filters.setting != "first"
    return getattr(filters, name) not in UNRESTRICTED


def treatment_chosen(filters: Filters) -> bool:
    """A planned liver treatment other than the form's default (any liver surgery) was entered."""
    return is_known(filters, "treatment") and filters.treatment != DEFAULT.treatment


def entered_features(filters: Filters, labels: Labels) -> tuple[str, ...]:
    """The profile as the room reads it: the value of every field that is filled in, in the form's order."""
    return tuple(
        value_label(labels, name, getattr(filters, name))
        for name, _ in PROFILE_FIELDS
        if is_known(filters, name) and getattr(filters, name) != getattr(DEFAULT, name)
    )


def profile_contradictions(filters: Filters, labels: Labels) -> list[str]:
    """Profiles that cannot all be true, in words; the board still shows the evidence field by field."""
    notes = []
    no_surgery = filters.treatment == "no_surgery"
    for name in ("margin", "cytoreduction", "extent"):
        if no_surgery and is_known(filters, name):
            notes.append(
                f"{PROFILE_LABELS[name]} is given ({value_label(labels, name, getattr(filters, name))}) but no liver "
                "surgery is planned: a margin, cytoreduction or extent of resection only exists after an operation."
            )
    residual = filters.cytoreduction in ("gross_residual", "lt70")
    if filters.margin in ("r0", "r1") and residual:
        notes.append(
            f"An {filters.margin.upper()} margin means no gross disease is left, but the expected cytoreduction "
            f"({value_label(labels, 'cytoreduction', filters.cytoreduction)}) leaves gross disease."
        )
    if filters.margin == "r2" and filters.cytoreduction == "complete":
        notes.append("An R2 margin leaves gross disease, which contradicts a complete cytoreduction.")
    if filters.primary_site == "unknown" and filters.primary_resected == "yes":
        notes.append(
            "The primary tumour is marked unknown but also resected: a primary that was never found cannot have been removed."
        )
    grade_of_ki67 = {"lt3": "g1", "3to20": "g2", "gt20": "g3"}.get(filters.ki67)
    if grade_of_ki67 and filters.grade in ("g1", "g2", "g3") and grade_of_ki67 != filters.grade:
        notes.append(
            f"Grade {value_label(labels, 'grade', filters.grade)} and {value_label(labels, 'ki67', filters.ki67)} do not "
            "agree by the WHO definition (G1 <3%, G2 3–20%, G3 >20%); the board uses each as entered. "
            + GRADE_KI67_NOTE
        )
    return notes


# --- which cohorts describe the patient -------------------------------------------------------------------


def match_cohort(row: dict, filters: Filters, broader) -> MatchedCohort | None:
    """The profile fields the cohort matches, or None when the patient may not belong to it."""
    if row["matched"] != "no":
        return None
    profile = effective_profile(filters)
    if row["recurrence_site"] == "none":
        return None  # defined by not recurring: a group known only after follow-up, never a patient's own
    recurred = any(row[d] not in UNRESTRICTED for d in POST_OPERATIVE)
    if recurred != (filters.setting == "recurrence"):
        return None
    planned = filters.treatment
    treatment_note = ()
    if not is_within(broader, "treatment", row["treatment"], "liver_surgery") and is_within(
        broader, "treatment", planned, "liver_surgery"
    ):
        return None  # not operated, or only some: never this patient's group when surgery is planned (comparison only)
    if planned not in UNRESTRICTED and not is_within(broader, "treatment", row["treatment"], planned):
        if not is_within(broader, "treatment", planned, row["treatment"]):
            return None
        treatment_note = ("treatment",)
    matches = ["setting"] if recurred else []
    for name in RECURRENCE_FIELDS if recurred else ():
        value, wanted = row[name], getattr(filters, name)
        if name == "recurrence_site" and wanted in UNRESTRICTED:
            wanted = "recurred"  # the patient recurred; where is not entered
        if value in UNRESTRICTED:
            continue
        if wanted in UNRESTRICTED or not is_within(broader, name, wanted, value):
            return None
        if value != "recurred":
            matches.append(name)
    for name in SUBGROUP_FIELDS:
        value = row[name]
        if value in UNRESTRICTED:
            continue
        wanted = profile.get(name, getattr(filters, name))
        if wanted in UNRESTRICTED or not is_within(broader, name, wanted, value):
            return None
        matches.append(name)
    broader_on = list(treatment_note)
    for name in DESCRIPTOR_FIELDS:
        value, wanted = row[name], profile[name]
        if wanted in UNRESTRICTED:
            continue  # the patient's value is not known: a descriptor neither matches nor excludes
        if value in UNRESTRICTED or value == BROAD_GRADE:
            # unrestricted, or 'well differentiated' without a grade (which may hold G3 NETs): a broader group
            broader_on.append(name)
            continue
        if is_within(broader, name, wanted, value):
            # grade and Ki-67 are one feature of the patient: a match on both, or on the one standing in for the other, counts once
            if not (name == "grade" and ("ki67" in matches or filters.grade in UNRESTRICTED)):
                matches.append(name)
        else:
            return None  # contradicts the patient (a G1 series for a G3 tumour, non-functional for a functional one)
    return MatchedCohort(row["id"], row["study_id"], tuple(matches), tuple(broader_on)) if matches else None


def matching_cohorts(ev, filters: Filters) -> list[MatchedCohort]:
    broader = catalog(ev).broader
    out = [
        m
        for row in ev.cohorts.to_dict("records")
        if row["study_id"] not in filters.exclude
        for m in [match_cohort(row, filters, broader)]
        if m
    ]
    return sorted(out, key=lambda m: (-len(m.matches), m.study_id, m.cohort_id))


def contrast_cohorts(ev, filters: Filters, broader) -> pd.DataFrame:
    """Whole cohorts treated with liver surgery (no subgroup, no recurrence), unless one contradicts the patient's
    function or grade: broader cohorts (mixed function, unselected grade, liver surgery for a planned resection) stay."""
    cohorts = ev.cohorts
    profile = effective_profile(filters)
    mask = cohorts["matched"] == "no"
    for dim in (*SUBGROUP_FIELDS, *POST_OPERATIVE):
        mask &= cohorts[dim].isin(UNRESTRICTED)
    mask &= cohorts["treatment"].map(lambda t: is_within(broader, "treatment", t, "liver_surgery"))
    for dim in DESCRIPTOR_FIELDS:
        wanted = profile[dim]
        if wanted not in UNRESTRICTED:
            mask &= cohorts[dim].map(
                lambda v, d=dim, w=wanted: (
                    v in UNRESTRICTED
                    or is_within(broader, d, w, v)
                    or (d == "grade" and v == "well_differentiated" and w == "g3")
                )
            )
    return cohorts[mask & ~cohorts["study_id"].isin(filters.exclude)]


def composition(ev, cohort_id: str) -> str:
    """What a broader cohort is made of, as its source counts it ('81.4% hepatic resection of some type'), or ''."""
    mine = catalog(ev).counts_of.get(cohort_id, ())
    # the source's own summary of what was done: the hepatic-resection share where it gives one, else its procedure list
    for measures in (
        ("hepatic_resection", "ablation_alone", "resection_plus_ablation"),
        ("procedure",),
        ("functional",),
    ):
        rows = [r for r in mine if r["measure"] in measures]
        if rows:
            return "; ".join(part for part in (_share(r) for r in rows) if part)
    return ""


def _share(r: dict) -> str:
    share = (
        f"{r['percent']:g}%"
        if not pd.isna(r["percent"])
        else (
            f"{int(r['numerator'])}/{int(r['denominator'])}"
            if not pd.isna(r["numerator"]) and not pd.isna(r["denominator"])
            else ""
        )
    )
    category = r["category"] if r["category"][1:2].isupper() else r["category"][0].lower() + r["category"][1:]
    return f"{share} {category}" if share else ""


@dataclass(frozen=True)
class ProfileCurves:
    """One endpoint's curves for a profile: cohorts matching it in colour (closest first), whole cohorts for contrast."""

    curves: tuple[CurveView, ...]
    contrast: tuple[CurveView, ...]
    shown: tuple[MatchedCohort, ...]  # the matches drawn, in the order of `curves`
    matched: tuple[MatchedCohort, ...]  # every cohort matching the profile, whatever it reports
    grade_coverage: tuple[str, ...]
    contrast_not_drawn: int = 0  # whole cohorts reporting the endpoint beyond MAX_CONTRAST (the largest are drawn)


def profile_curves(ev, filters: Filters, labels: Labels, endpoint: str) -> ProfileCurves:
    survival = ev.survival[ev.survival["endpoint"] == endpoint]
    known = catalog(ev)
    cohorts, broader = known.cohorts, known.broader
    matched = matching_cohorts(ev, filters)
    plain_curve = curve_maker(ev, endpoint, labels)

    def curve_of(row: dict, contrast: bool = False, note: str = ""):
        curve = plain_curve(row, contrast)
        if curve is not None and note:
            curve = replace(curve, arm_label=f"{curve.arm_label} ({note})")
        return curve

    curves, shown = [], []
    reporting = set(survival["cohort_id"])
    for m in matched:
        if len(curves) == MAX_CURVES:  # the rest are not drawn: at 100x evidence, building them cost seconds
            break
        if m.cohort_id not in reporting:  # no value at this endpoint: no curve
            continue
        note = _broader_note(ev, m, filters, labels)
        curve = curve_of(dict(cohorts.loc[m.cohort_id], match="exact"), note=note)
        if curve is not None and len(curves) < MAX_CURVES:
            curves.append(curve)
            shown.append(m)
    at_endpoint = replace(filters, endpoint=endpoint)
    high_grade, grade_coverage = _grade_coverage(ev, at_endpoint, labels, curves, cohorts, survival, broader, matched)
    for row in high_grade:
        curve = curve_of(row, note=_treatment_mix(ev, row, labels))
        if curve is not None:
            curves.append(curve)
    drawn = {c.cohort_id for c in curves}
    candidates = [r for r in contrast_cohorts(ev, filters, broader).to_dict("records") if r["id"] not in drawn]
    if len(candidates) > MAX_CONTRAST:  # a larger evidence table: the largest whole cohorts, the rest counted
        order = {r["id"]: i for i, r in enumerate(candidates)}
        candidates.sort(key=lambda r: (pd.isna(r["n"]), -(0 if pd.isna(r["n"]) else r["n"]), order[r["id"]]))
    contrast, not_drawn = [], 0
    for r in candidates:
        if r["id"] not in reporting:  # no value at this endpoint: no curve (asked anyway, thousands cost seconds)
            continue
        if len(contrast) == MAX_CONTRAST:
            not_drawn += 1
            continue
        curve = curve_of(dict(r, match="contrast"), contrast=True, note=_contrast_note(ev, r, filters, broader))
        if curve is not None:
            contrast.append(curve)
    if len(candidates) > MAX_CONTRAST:
        order = {r["id"]: i for i, r in enumerate(contrast_cohorts(ev, filters, broader).to_dict("records"))}
        contrast.sort(key=lambda c: order[c.cohort_id])  # the table's order, as when nothing is left out
    return ProfileCurves(tuple(curves), tuple(contrast), tuple(shown), tuple(matched), tuple(grade_coverage), not_drawn)


def bottom_line(ev, filters: Filters, labels: Labels, drawn: ProfileCurves) -> tuple[EndpointLine, ...]:
    """OS, then the recurrence endpoints a close cohort reports, then the chosen endpoint if it is another one."""
    entered = tuple(name for name, _ in PROFILE_FIELDS if is_known(filters, name) and name != "treatment")
    if filters.grade not in UNRESTRICTED and "ki67" in entered:
        entered = tuple(f for f in entered if f != "ki67")  # grade and Ki-67 count as one feature of the tumour
    if not entered:
        return ()
    recurred = filters.setting == "recurrence"
    endpoints = dict.fromkeys((*BOTTOM_LINE_ENDPOINTS, *((AFTER_RECURRENCE,) if recurred else ()), filters.endpoint))
    lines = (
        endpoint_line(
            endpoint,
            drawn if endpoint == filters.endpoint else profile_curves(ev, filters, labels, endpoint),
            filters,
            labels,
            entered,
            PROFILE_LABELS,
            catalog(ev).ancestors,
        )
        for endpoint in endpoints
    )
    out = [line for line in lines if line is not None]
    if not recurred and not any(line.endpoint in RECURRENCE_ENDPOINTS for line in out):
        out.append(no_recurrence_line(labels, RECURRENCE_ENDPOINTS))
    return tuple(out)


def board_view(ev, filters: Filters, labels: Labels) -> BoardView:
    known = catalog(ev)
    drawn = profile_curves(ev, filters, labels, filters.endpoint)
    curves, contrast, shown, matched = list(drawn.curves), list(drawn.contrast), list(drawn.shown), list(drawn.matched)
    grade_coverage = list(drawn.grade_coverage)
    endpoint = labels.value("endpoint", filters.endpoint)
    view = SurvivalView(
        filters.endpoint,
        tuple(curves),
        tuple(contrast),
        (),
        pd.DataFrame(),
        (),
        tuple(c.name for c in curves if c.n is not None and c.n < SMALL_N),
    )
    groups = known.overlap
    factors = tuple(
        factor_evidence(ev, filters, labels, name, label, value_label(labels, name, getattr(filters, name)), groups)
        for name, label in _factor_fields(filters)
    )
    symptoms = tuple(symptom_control(ev, labels)) if filters.functional == "yes" else ()
    row_ids = (
        [p.row_id for c in (*curves, *contrast) for p in c.points]
        + [c.cohort_id for c in curves]
        + [r.row_id for f in factors for r in f.all_rows]
        + [i for s in symptoms for i in s.row_ids]
    )
    profile = tuple((label, value_label(labels, name, getattr(filters, name))) for name, label in PROFILE_FIELDS)
    coverage = [*_setting_coverage(filters, curves), *grade_coverage]
    return BoardView(
        profile=profile,
        survival=view,
        matched=tuple(shown),
        readout=_readout(curves, contrast, shown),
        factors=factors,
        gaps=tuple(_gaps(filters, labels, matched, curves, contrast, factors, endpoint, len(matched) - len(shown))),
        contradictions=tuple(profile_contradictions(filters, labels)),
        row_ids=tuple(row_ids),
        discrepancies=tuple(d["id"] for d in known.touching(row_ids)),
        coverage=tuple(coverage),
        symptom_control=symptoms,
        bottom_line=bottom_line(ev, filters, labels, drawn),
        endpoint_label=endpoint,
        contrast_not_drawn=drawn.contrast_not_drawn,
    )


def _factor_fields(filters: Filters) -> list[tuple[str, str]]:
    """Fields with factor evidence: those entered, plus grade or Ki-67 standing in for the other."""
    entered = {name for name, _ in PROFILE_FIELDS if is_known(filters, name)}
    if "grade" in entered or "ki67" in entered:
        entered |= {"grade", "ki67"} & {
            n for n in ("grade", "ki67") if effective_profile(filters)[n] not in UNRESTRICTED
        }
    return [(name, label) for name, label in PROFILE_FIELDS if name in entered and name not in ("treatment", "setting")]


def _broader_note(ev, m: MatchedCohort, filters: Filters, labels: Labels) -> str:
    parts = []
    if "treatment" in m.broader:
        mix = composition(ev, m.cohort_id)
        parts.append("broader group: liver surgery" + (f", {mix}" if mix else ", share resected not stated"))
    return "; ".join(parts)


def _contrast_note(ev, row: dict, filters: Filters, broader) -> str:
    notes = []
    if filters.treatment not in UNRESTRICTED and not is_within(
        broader, "treatment", row["treatment"], filters.treatment
    ):
        mix = composition(ev, row["id"])
        notes.append("broader group: liver surgery" + (f", {mix}" if mix else ", share resected not stated"))
    if filters.functional not in UNRESTRICTED and row["functional"] in UNRESTRICTED:
        functional = [r for r in catalog(ev).counts_of.get(row["id"], ()) if r["measure"] == "functional"]
        notes.append("mixed function" + (f": {_share(functional[0])}" if functional else ", share not stated"))
    return "; ".join(notes)


def _treatment_mix(ev, row: dict, labels: Labels) -> str:
    mix = composition(ev, row["id"])
    return f"{labels.value('treatment', row['treatment']).lower()}" + (f": {mix}" if mix else "")


# --- what the evidence does not cover, said first --------------------------------------------------------


def _grade_coverage(
    ev, filters: Filters, labels: Labels, curves, cohorts: pd.DataFrame, survival: pd.DataFrame, broader, matched=()
):
    """For an entered grade (or Ki-67) that no surgical cohort of the endpoint is restricted to: say so, and
    return the cohorts of that grade that exist whatever their treatment, to draw labelled with their mix."""
    grade = effective_profile(filters)["grade"]
    if grade in UNRESTRICTED:
        return [], []
    endpoint = labels.value("endpoint", filters.endpoint)
    exact = [c for c in curves if is_within(broader, "grade", cohorts.loc[c.cohort_id, "grade"], grade)]
    if exact:
        return [], []
    broader_graded = sorted(
        {
            f"{c.study_label} ({labels.value('grade', cohorts.loc[c.cohort_id, 'grade']).lower()})"
            for c in curves
            if cohorts.loc[c.cohort_id, "grade"] not in UNRESTRICTED
        }
    )
    reporting = set(survival["cohort_id"])
    same = cohorts[
        (cohorts["grade"] == grade) & cohorts["id"].isin(reporting) & ~cohorts["study_id"].isin(filters.exclude)
    ]
    grade_label = labels.value("grade", grade)
    unselected = {
        "g3": "of unselected grade (mostly low grade) and likely overstate survival for this patient",
        "g1": "of unselected grade, including higher grades: they may understate survival for this patient",
    }.get(grade, "of unselected grade, which may not describe this patient")
    closest = f"; the closest are broader: {', '.join(broader_graded)}" if broader_graded else ""
    sentences = [
        f"No cohort restricted to {grade_label} and treated with liver surgery reports {endpoint.lower()}{closest}. "
        f"The other curves shown are {unselected}."
    ]
    rows = []
    for r in same.to_dict("records"):
        whole = not isinstance(r["parent_id"], str) or cohorts.loc[r["parent_id"], "grade"] != grade
        if not whole:
            continue
        treatment = labels.value("treatment", r["treatment"]).lower()
        mix = composition(ev, r["id"])
        points = "; ".join(f"{_said_point(p)}" for p in survival[survival["cohort_id"] == r["id"]].to_dict("records"))
        operated = is_within(broader, "treatment", r["treatment"], "liver_surgery")
        study = catalog(ev).studies.loc[r["study_id"]]
        older = grade == "g3" and not pd.isna(study["period_end"]) and study["period_end"] < 2017
        sentences.append(
            f"The {grade_label} survival evidence that exists: {labels.study(r['study_id'])}, {r['label']} "
            f"(n = {'not stated' if pd.isna(r['n']) else int(r['n'])}; {treatment}"
            + (f": {mix}" if mix else "")
            + f"): {points}."
            + (
                ""
                if operated
                else " Not a surgical series: its curve is drawn for "
                "comparison, not as this patient's group; its factor findings are marked as from a mixed-treatment cohort."
            )
            + (
                f" It does not say whether poorly differentiated carcinomas (NEC) are included; its patients were treated by "
                f"{int(study['period_end'])}, before the WHO 2017 classification separated well-differentiated NET G3 from NEC, so "
                "it may understate survival for a well-differentiated G3 tumour."
                if older
                else ""
            )
        )
        if not any(c.cohort_id == r["id"] for c in curves):
            rows.append(dict(r, match="exact"))
    nearest = [m for m in matched if ("ki67" in m.matches or "grade" in m.matches) and m.cohort_id not in reporting]
    by_study: dict[str, list[str]] = {}
    for m in nearest:
        row = cohorts.loc[m.cohort_id]
        by_study.setdefault(m.study_id, []).append(f"{row['label']} ({labels.value('grade', row['grade']).lower()})")
    if by_study:
        named = "; ".join(f"{labels.study(study)}: {', '.join(groups)}" for study, groups in by_study.items())
        sentences.append(
            f"Nearest surgical evidence, without survival values: {named}. See their rows under Ki-67 and grade below."
        )
    others = cohorts[(cohorts["grade"] == grade) & ~cohorts["id"].isin(reporting) & cohorts["parent_id"].isna()]
    for r in others.to_dict("records"):
        sentences.append(
            f"{labels.study(r['study_id'])} ({r['label']}) reports no {endpoint.lower()} for its whole cohort"
            + (", only by recurrence after surgery." if ev.cohorts["parent_id"].eq(r["id"]).any() else ".")
        )
    return rows, sentences


def _said_point(p: dict) -> str:
    if p["kind"] == "landmark":
        return f"{100 * p['survival']:.1f}% at {time_text(p['time_value'], p['time_unit'])}"
    if p["kind"] == "median":
        return f"median {time_text(p['time_value'], p['time_unit'])}"
    return "median not reached"


def _setting_coverage(filters: Filters, curves) -> list[str]:
    if filters.setting != "recurrence":
        return []
    entered = [PROFILE_LABELS[f] for f in RECURRENCE_FIELDS if getattr(filters, f) not in UNRESTRICTED]
    return [
        "This patient recurred after liver surgery: the curves in colour are cohorts of patients who recurred after liver surgery "
        "(by site, timing or treatment of the recurrence, as entered); grey curves are survival after a first operation, for contrast. "
        "Factor rows about the recurrence itself are marked; the others come from first operations."
        + (
            ""
            if entered
            else " Enter the recurrence's site, timing and treatment to see the cohorts and comparisons about them."
        ),
        "Time origin: these sources do not say whether survival is counted from the liver operation or from the recurrence "
        "(survival after recurrence is marked as such).",
    ]


# --- tables --------------------------------------------------------------------------------------------


def _readout(curves, contrast, shown: list[MatchedCohort]) -> pd.DataFrame:
    why = {m.cohort_id: "; ".join(PROFILE_LABELS[f] for f in m.matches) for m in shown}
    fallback = {True: CONTRAST_ROW, False: "— shown for comparison (see above)"}
    rows = [
        readout_row(
            curve, BOARD_YEARS, **{"Matches the profile on": why.get(curve.cohort_id, fallback[curve.contrast])}
        )
        for curve in (*curves, *contrast)
    ]
    columns = ["Study", "Group", "n", *(f"{y} y" for y in BOARD_YEARS), "How derived", "Median", "Time counted from"]
    return pd.DataFrame(rows, columns=[*columns, "Matches the profile on", "Source"])


def symptom_control(ev, labels: Labels) -> list[SymptomRow]:
    """Symptom relief and the symptom-free interval after liver surgery, each with n and source."""
    out = []
    counts = ev.counts
    for r in counts[counts["measure"].isin(("symptom_relief", "symptom_improvement"))].to_dict("records"):
        share = f"{r['percent']:g}%" if not pd.isna(r["percent"]) else f"{int(r['numerator'])}/{int(r['denominator'])}"
        study = labels.study(r["study_id"])
        out.append(
            SymptomRow(
                r["category"],
                share,
                "not stated" if pd.isna(r["denominator"]) else str(int(r["denominator"])),
                f"{study}, {r['locator']}",
                (r["id"],),
            )
        )
    sfs = ev.survival[ev.survival["endpoint"] == "SFS"]
    cohorts = catalog(ev).cohorts
    in_comparison = set()
    for c in ev.comparisons[ev.comparisons["endpoint"] == "SFS"].to_dict("records"):
        ids = split_refs(c["cohort_ids"])
        medians = [sfs[(sfs["cohort_id"] == i) & (sfs["kind"] == "median")] for i in ids]
        if all(len(m) for m in medians):
            parts = [
                f"{m['time_value'].iloc[0]:g} {m['time_unit'].iloc[0]} ({cohorts.loc[i, 'label']})"
                for i, m in zip(ids, medians, strict=True)
            ]
            p = p_text(c["p_value"], c["p_operator"])
            p = f", {p}" if p else ""
            out.append(
                SymptomRow(
                    "Median symptom-free interval by completeness of cytoreduction"
                    if "cytoreduction" in c["description"]
                    else f"Median symptom-free interval: {c['description']}",
                    " vs ".join(parts) + p,
                    "not stated",
                    f"{labels.study(c['study_id'])}, {c['locator']}",
                    (c["id"], *(m["id"].iloc[0] for m in medians)),
                )
            )
            in_comparison |= set(ids)
    for r in sfs[~sfs["cohort_id"].isin(in_comparison)].to_dict("records"):
        cohort = cohorts.loc[r["cohort_id"]]
        out.append(
            SymptomRow(
                f"Symptom-free interval, {cohort['label']}",
                _said_point(r),
                "not stated" if pd.isna(cohort["n"]) else str(int(cohort["n"])),
                f"{labels.study(r['study_id'])}, {r['locator']}",
                (r["id"],),
            )
        )
    return out


# --- what the evidence does not cover ------------------------------------------------------------------


def _gaps(
    filters: Filters, labels: Labels, matched, curves, contrast, factors, endpoint: str, not_drawn: int
) -> list[str]:
    gaps = []
    known = [name for name, _ in PROFILE_FIELDS if name not in ("treatment",) and is_known(filters, name)]
    if not known:
        gaps.append(
            "Only the planned liver treatment is entered: the board shows every whole cohort. Enter what is known "
            "about the tumour."
            if treatment_chosen(filters)
            else "No profile field is filled in: the board shows every whole cohort. Enter what is known about the "
            "patient."
        )
    if known and not any(not c.contrast for c in curves):
        gaps.append(
            f"No cohort that matches this profile reports {endpoint}: "
            + (
                "only the whole-cohort curves (grey) are shown."
                if contrast
                else "and no whole cohort reports it either, so there is no figure."
            )
        )
    best = max((len(m.matches) for m in matched), default=0)
    if len(known) >= 2 and best < 2:
        gaps.append(
            "No study reports patients with this combination of features: each curve and estimate below describes one feature at a time."
        )
    cohort_fields = {f for m in matched for f in m.matches}
    by_field = {f.field: f for f in factors}
    for name in known:
        label = f"{PROFILE_LABELS[name]}: {value_label(labels, name, getattr(filters, name))}"
        evidence = by_field.get(name)
        studies = 0 if evidence is None else evidence.studies
        has_cohort = name in cohort_fields
        if name == "setting":
            continue
        if not has_cohort and studies == 0:
            other = (
                ""
                if evidence is None or not evidence.other_rows
                else f" (only evidence about other groups or populations: {counted(len(evidence.other_rows), 'row')}, folded)"
            )
            gaps.append(f"{label} — no cohort and no estimate for this patient's group in the evidence table{other}.")
        elif studies <= 1 and not has_cohort:
            gaps.append(f"{label} — one study only; no survival curve for this group.")
        elif studies == 1:
            gaps.append(f"{label} — one study only.")
    if filters.extrahepatic in ("nodes", "distant", "yes"):
        nodal = sorted(
            {r.study_label for f in factors for r in f.all_rows if "[nodal metastasis of the primary" in r.comparison}
        )
        gaps.append(
            "The series of 'extrahepatic disease' do not say whether regional (mesenteric) nodes count as extrahepatic disease"
            + (
                f"; nodal metastasis of the primary is reported separately by {', '.join(nodal)} (linked above)."
                if nodal
                else "."
            )
        )
    if filters.extent in ("anatomic", "non_anatomic", "major", "parenchymal_sparing"):
        gaps.append(
            "Anatomic and major resection are not the same (nor non-anatomic and parenchymal-sparing): each estimate is shown "
            "under the name its source uses."
        )
    if shared := shared_patients_note([c.study_id for c in curves], labels):
        gaps.append(shared)
    small = [c.name for c in curves if c.n is not None and c.n < SMALL_N]
    if small:
        gaps.append("Small groups (n < 30, imprecise): " + "; ".join(small) + ".")
    if not_drawn > 0:
        gaps.append(
            f"{not_drawn} cohort(s) match the profile but report no {endpoint}, or were not drawn (at most {MAX_CURVES} curves): "
            "the headline counts drawn cohorts."
        )
    return gaps


# --- words for what the figure shows (caption, alt text, the minutes) ------------------------


def describe_figure(view: BoardView, labels: Labels) -> str:
    """The survival figure in one paragraph, for people who cannot see it and for the minutes."""
    endpoint = labels.value("endpoint", view.survival.endpoint)
    curves = view.survival.curves
    if not curves and not view.survival.contrast:
        return f"No cohort reports {endpoint}: there is no figure."
    # grey curves count: they are drawn too
    every = [replace(c, contrast=False) for c in (*curves, *view.survival.contrast)]
    parts = [f"{survival_title(endpoint, every)}."]
    if curves:
        parts.append(f"{len(curves)} cohort(s) shown in colour: " + "; ".join(_curve_words(c) for c in curves) + ".")
    else:
        parts.append("No cohort matching the profile reports this endpoint.")
    if view.survival.contrast:
        parts.append(f"Grey dotted lines: {len(view.survival.contrast)} whole cohorts for contrast.")
    if view.contrast_not_drawn:
        parts.append(
            f"{view.contrast_not_drawn} further whole cohorts report it and are not drawn (the {MAX_CONTRAST} largest are)."
        )
    parts.append("Markers are reported values; dashed lines between them are a model (derived).")
    return " ".join(parts)


def _curve_words(curve) -> str:
    reported = [p for p in curve.points if p.kind == "landmark" and p.time_years in BOARD_YEARS]
    said = (
        ", ".join(f"{100 * p.survival:.1f}% at {p.time_years:g} y" for p in reported)
        or "no 5- or 10-year value reported"
    )
    median = median_text(curve)
    return f"{curve.name}: {said}" + ("" if median.startswith("—") else f"; median {median}")
