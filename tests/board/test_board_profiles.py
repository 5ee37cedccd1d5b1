"""Issue 15: the board for eight patient profiles a hepatobiliary surgeon would bring, each asserting what the
board shows and what it must not. Expected values are the sources' own words and numbers (evidence rows named)."""

from __future__ import annotations

import io
from dataclasses import replace

import evidence
from views.board import board_view
from views.filters import DEFAULT
from views.labels import Labels

EV = evidence.load()
LABELS = Labels.from_evidence(EV)


def board(**profile):
    return board_view(EV, replace(DEFAULT, **profile), LABELS)


def factor(view, field):
    return next(f for f in view.factors if f.field == field)


def row(fact, row_id):
    return next(r for r in (*fact.rows, *fact.other_rows) if r.row_id == row_id)


G3_PANCREAS = dict(primary_site="pancreas", grade="g3", ki67="gt20")
PANCREAS_G2 = dict(
    primary_site="pancreas", grade="g2", ki67="3to20", primary_resected="yes", extrahepatic="no", treatment="resection"
)
FUNCTIONAL_SMALL_BOWEL = dict(
    primary_site="small_bowel", functional="yes", primary_resected="no", extrahepatic="nodes", cytoreduction="gt70"
)


# --- 1. high grade --------------------------------------------------------------------------------


def test_a_g3_patient_is_told_first_that_no_surgical_cohort_of_that_grade_exists():
    view = board(**G3_PANCREAS)
    first = view.coverage[0]
    assert "G3" in first and "unselected grade" in first and "overstate" in first
    # the only high-grade survival series is shown, labelled with its treatment mix (further_studies.md Appendix A3)
    du = next(c for c in view.survival.curves if c.cohort_id == "du2015-all")
    assert "mixed treatment" in du.arm_label
    # 26 (72%) had resection of primary and/or metastases
    assert any("Du 2015" in s and "72%" in s for s in view.coverage)
    # no well-differentiated or G1 series is offered as this patient's group
    assert not {c.cohort_id for c in view.survival.curves} & {
        "gudmundsdottir2023-all",
        "elias2003-all",
        "xiang2018g1-all",
    }


def test_grade_evidence_reaches_a_g3_patient_with_its_direction():
    grade = factor(board(**G3_PANCREAS), "grade")
    asano = row(grade, "asano-p-grade")  # NET-G1/2 associated with good OS: a G3 patient is in the other group
    assert asano.direction_for_patient == "worse" and asano.adjusted
    jnets = row(grade, "jnets2021-g3-os-mv")
    assert jnets.direction_for_patient == "significant; direction not stated"
    assert grade.direction == "worse than G1 or G2"
    assert "not the same measure" in grade.note  # grade and Ki-67 are related, not interchangeable


# --- 2. direction ---------------------------------------------------------------------------------


def test_a_pancreatic_primary_is_shown_as_worse_after_adjustment_and_the_conflict_is_named():
    site = factor(board(**PANCREAS_G2), "primary_site")
    gudmundsdottir = row(site, "gudmundsdottir2023-pancreas-mv")
    assert gudmundsdottir.direction_for_patient == "worse" and gudmundsdottir.adjusted
    mdacc = row(site, "mdacc2010-hr-pancreas-uv")  # HR 0.53 (0.24–1.13), univariable
    assert mdacc.direction_for_patient == "no clear difference (points to better)" and not mdacc.adjusted
    assert site.direction == "conflicting"
    assert "Gudmundsdottir 2023 (multivariable, adjusted, Overall survival): worse" in site.direction_note
    assert (
        "MD Anderson 2010 † (univariable, unadjusted, Overall survival): no clear difference (points to better)"
        in site.direction_note
    )
    # rows about lung, rectum or colon primaries are not this patient's evidence: folded away, never first
    assert not {"mdacc2010-hr-lung-uv", "mdacc2010-hr-rectum-uv", "mdacc2010-hr-colon-rfs-a"} & {
        r.row_id for r in site.rows
    }


def test_planned_resection_keeps_the_largest_series_as_broader_groups_with_their_composition():
    view = board(**PANCREAS_G2)
    contrast = {c.cohort_id: c for c in view.survival.contrast}
    assert "mdacc2010-all" in contrast and "mayo2010-all" in contrast  # coded liver surgery: 81% and 97% resected
    assert "81.4% hepatic resection" in contrast["mdacc2010-all"].arm_label
    assert "78% hepatic resection" in contrast["mayo2010-all"].arm_label


def test_synchronous_timing_estimates_conflict_and_the_board_says_which_is_adjusted():
    timing = factor(board(timing="synchronous"), "timing")
    assert timing.direction == "conflicting"
    assert "Mayo SC 2010" in timing.direction_note and "multivariable" in timing.direction_note


# --- 3. single-cohort comparisons -----------------------------------------------------------------


def test_an_unknown_primary_sees_its_own_comparison_and_only_that_is_counted():
    site = factor(board(primary_site="unknown"), "primary_site")
    unknown = row(site, "mdacc2010-cmp-unknown")
    assert (
        unknown in site.rows
        and unknown.direction_for_patient == "better"
        and "p < 0.001" in unknown.value
        and unknown.n == "8"
    )
    assert len(site.rows) == 1 and site.summary.startswith("1 estimate from 1 study")
    assert "this patient's group: 8 patients (small group, imprecise)" in site.summary  # MD Anderson Table 3: unknown 8
    assert site.direction == "better than the rest of the study"


def test_functional_r0_r1_result_reaches_a_functional_patient():
    function = factor(board(functional="yes"), "functional")
    mayo = row(function, "mayo2010-cmp-functional")
    # "benefited the most from surgery (P = 0.01)": better than whom is not stated, so the source's words are shown
    assert (
        mayo in function.rows
        and mayo.direction_for_patient == "significant; direction not stated"
        and "p = 0.01" in mayo.value
    )
    assert "benefited the most from surgery" in mayo.comparison


# --- 4. functional tumours ------------------------------------------------------------------------


def test_a_functional_small_bowel_debulking_board_is_not_empty_and_shows_symptom_control():
    view = board(**FUNCTIONAL_SMALL_BOWEL)
    assert view.survival.contrast  # mixed-function whole cohorts stay as grey contrast
    relief = {s.what: s for s in view.symptom_control}
    assert any("96%" in s.value and s.source.startswith("Gudmundsdottir 2023") for s in relief.values())
    # SFS by completeness of cytoreduction
    assert any("62 months" in s.value and "21 months" in s.value for s in relief.values())
    # mixed-function whole cohorts say what they are made of (Gudmundsdottir 2023: functional disease 37%)
    assert any("mixed function: 37% functional disease" in c.arm_label for c in view.survival.contrast)


def test_symptom_control_appears_for_a_functional_profile_whatever_the_endpoint():
    assert board(functional="yes", endpoint="PFS").symptom_control
    assert not board(functional="no").symptom_control


# --- 5. population fit ----------------------------------------------------------------------------


def test_pancreas_only_unresectable_series_are_a_different_population_for_a_small_bowel_hepatectomy():
    primary = factor(
        board(primary_site="small_bowel", treatment="resection", primary_resected="yes"), "primary_resected"
    )
    for row_id in ("surgery2014ptr-hr-ptr", "tao2017-cmp-os"):
        r = row(primary, row_id)
        assert r.population.startswith("different population") and "pancrea" in r.population.lower()
        assert r not in primary.rows and "this patient" not in r.patient_group


# --- 6. broader groups ----------------------------------------------------------------------------


def test_non_functional_keeps_mixed_cohorts_as_broader_groups():
    view = board(functional="no", treatment="resection")
    contrast = {c.cohort_id for c in view.survival.contrast}
    assert {"mdacc2010-all", "jnets2021-all", "elias2003-all"} <= contrast


# --- 7. fields in the surgeon's words -------------------------------------------------------------


def test_regional_nodes_link_to_nodal_metastasis_of_the_primary_and_the_gap_says_what_is_not_known():
    view = board(extrahepatic="nodes")
    ehd = factor(view, "extrahepatic")
    xiang2020 = row(ehd, "xiang2020-hr-ln")  # lymph node metastasis, positive vs negative, RFS HR 2.6, p = 0.002
    assert xiang2020 in ehd.rows and xiang2020.direction_for_patient == "worse"
    xiang2018 = row(ehd, "xiang2018-hr-ehd-mv")
    assert "whether regional nodes count is not stated" in xiang2018.comparison
    gap = next(g for g in view.gaps if "regional (mesenteric) nodes" in g)
    assert "Zhang 2017" in gap and "Xiang 2020" in gap


def test_liver_burden_and_planned_extent_link_to_their_evidence():
    burden = factor(board(liver_burden="multiple"), "liver_burden")
    assert row(burden, "gudmundsdottir2023-number-mv").direction_for_patient == "worse"
    extent = factor(board(extent="parenchymal_sparing"), "extent")
    assert row(extent, "xiang2020-hr-major").direction_for_patient == "worse"  # major vs parenchymal-sparing RFS HR 0.3


def test_every_entered_field_the_evidence_cannot_match_is_named():
    view = board(primary_site="thyroid", liver_burden="solitary")
    assert any(g.startswith("Primary tumour site: Thyroid") for g in view.gaps)


# --- 8. recurrence --------------------------------------------------------------------------------


def test_a_recurrence_profile_gets_the_recurrence_cohorts_and_a_plain_statement():
    view = board(setting="recurrence")
    assert (
        "recurred after liver surgery" in view.coverage[0]
        and "Enter the recurrence's site, timing and treatment" in view.coverage[0]
    )
    assert any("time origin" in s.lower() for s in view.coverage)
    by_site = board(setting="recurrence", recurrence_site="intrahepatic")
    assert [c.cohort_id for c in by_site.survival.curves] == ["spolverato2017-rec-intra"]
    treated = board(setting="recurrence", recurrence_treatment="repeat_surgery")
    assert "spolverato2017-tx-surgery" in {c.cohort_id for c in treated.survival.curves}
    # Spolverato 2017: ten-year OS 60.3% after repeat surgery; SSA and chemotherapy "had a shorter long-term survival" (P=0.001)
    assert factor(treated, "recurrence_treatment").direction.startswith("better")


def test_a_group_defined_by_not_recurring_is_never_a_patients_own():
    for view in (board(setting="recurrence"), board(setting="recurrence", exclude=("spolverato2017",)), board()):
        assert not {"spolverato2017-norec", "xiang2018g1-none"} & {c.cohort_id for c in view.survival.curves}


def test_a_first_operation_profile_never_shows_recurrence_cohorts_as_its_own():
    view = board(primary_site="small_bowel", grade="g1", ki67="lt3", extrahepatic="no", margin="r0")
    assert not any(c.post_operative for c in view.survival.curves)
    margin = factor(view, "margin")
    assert row(margin, "xiang2018g1-hr-r1-late").direction_for_patient == "better"  # R1 worse, so R0 fares better
    assert any("G1" in s for s in view.coverage)


# --- the minutes carry the same labels ------------------------------------------------------------


def test_the_pdf_for_a_debulking_board_keeps_secondary_not_reached_time_origin_and_direction():
    from datetime import UTC, datetime

    from pypdf import PdfReader

    from export import summary_pdf
    from export.board_summary import board_summary

    view = board(**FUNCTIONAL_SMALL_BOWEL)
    pdf = summary_pdf(
        board_summary(
            view, None, "words", EV, "https://board.example/board?functional=yes", datetime(2026, 12, 2, 9, tzinfo=UTC)
        )
    )
    flat = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "not reached (follow-up not stated)" in flat  # Maxwell 2015, debulking >70%
    assert "secondary source" in flat and "time counted from: not stated" in flat
    # Maxwell 2015: median OS not reached for >70% vs 6.5 months <70% (p < 0.05): this patient's group fared better
    assert "Expected extent of cytoreduction: Debulking >70% — better than Debulking <70% (derived) · " in flat
    assert "Symptom control: Symptomatic relief 96%" in flat


def test_a_registry_of_mostly_unresectable_pnets_does_not_decide_primary_resection_for_a_planned_hepatectomy():
    primary = factor(board(**PANCREAS_G2), "primary_resected")
    # SEER stage IV PNET: liver surgery not stated (further_studies.md Appendix A9)
    tao = row(primary, "tao2017-cmp-os")
    assert tao not in primary.rows and "liver surgery in only some patients" in tao.population
    # Xiang 2018, all resected for NELM: HR 0.7 (0.4–1.2), p = 0.195 -- no clear difference for this patient
    assert primary.direction == "no clear difference"


def test_a_g2_patient_is_better_than_g3_and_worse_than_g1_which_is_no_conflict():
    view = board(**PANCREAS_G2)
    # Asano: NET-G1/2 associated with good OS (p < 0.001), adjusted
    assert factor(view, "grade").direction == "better than G3"
    assert factor(view, "ki67").direction == "worse than Ki-67 <3%"  # Gudmundsdottir: Ki-67 3-20% OR 1.9, p = 0.018
    assert not any(f.direction.startswith("conflicting") for f in view.factors if f.field in ("grade", "ki67"))


def test_an_unknown_primary_liver_only_r0_board_says_no_cohort_combines_them():
    view = board(primary_site="unknown", extrahepatic="no", margin="r0")
    assert any("No study reports patients with this combination" in g for g in view.gaps)
    site = factor(view, "primary_site")
    assert [r.row_id for r in site.rows] == ["mdacc2010-cmp-unknown"]
    assert factor(view, "extrahepatic").direction.startswith("better")


def test_a_patient_with_an_other_primary_site_is_not_the_rest_of_a_lung_comparison():
    view = board_view(EV, replace(DEFAULT, primary_site="other"), LABELS)
    site = next(f for f in view.factors if f.field == "primary_site")
    # mdacc2010-hr-lung-mv: lung/thymus vs all other sites; 'other primary sites' there is not this patient's 'other'
    assert "mdacc2010-hr-lung-mv" not in {r.row_id for r in site.rows}
    assert "mdacc2010-hr-lung-mv" in {r.row_id for r in site.other_rows}
    # as for a small-bowel patient: a comparison of one site against the rest is about that site, folded for others
    assert "xiang2020-hr-pancreas" in {r.row_id for r in site.other_rows}
