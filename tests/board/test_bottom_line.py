"""The board's bottom line and feature lines for the three profiles a consultant tried (issue 21), and the empty board.
Expected numbers are read from evidence/data/survival.csv and cohorts.csv by hand (row ids in the comments)."""

from __future__ import annotations

import dataclasses

import evidence
from views.board import board_view, entered_features
from views.board_factors import FactorEvidence, FactorRow
from views.filters import DEFAULT
from views.labels import Labels

EV = evidence.load()
LABELS = Labels.from_evidence(EV)
PANCREATIC_G2 = dict(
    primary_site="pancreas", grade="g2", ki67="3to20", primary_resected="yes", extrahepatic="no", treatment="resection"
)
SMALL_BOWEL_DEBULKING = dict(
    primary_site="small_bowel", primary_resected="no", extrahepatic="nodes", cytoreduction="gt70"
)
PANCREATIC_G3 = dict(primary_site="pancreas", grade="g3", ki67="gt20")


def board(**profile):
    return board_view(EV, dataclasses.replace(DEFAULT, **profile), LABELS)


def os_line(view):
    return next(line for line in view.bottom_line if line.endpoint == "OS")


def test_pancreatic_g2_bottom_line_gives_the_reported_ten_year_range_and_what_is_not_covered():
    line = os_line(board(**PANCREATIC_G2))
    # xiang2018-os10-ehd-no 0.693 (intrahepatic-only, n not stated), xiang2018-os10-ptr-yes 0.668 (resected, n = 281)
    assert line.sentence.startswith(
        "Overall survival: 5 years not reported; 10 years 66.8–69.3% reported (2 cohorts from 1 study: Xiang 2018;"
    )
    assert "each match 1 of 4 entered features" in line.sentence  # site, primary, extrahepatic, grade (Ki-67 with it)
    assert (
        "No cohort reporting overall survival is defined by: Primary tumour site: Pancreas; Grade: G2." in line.sentence
    )
    assert line.basis == "match" and line.certainty == "not yet graded"
    kinds = {p.text.strip(): p.kind for p in line.parts}
    assert kinds["66.8–69.3% reported"] == "reported" and kinds["not reported"] == "missing"


def test_small_bowel_debulking_bottom_line_names_the_not_reached_median_and_counts_each_cohort():
    line = os_line(board(**SMALL_BOWEL_DEBULKING))
    # xiang2018-os10-ehd-yes 0.375 and xiang2018-os10-ptr-no 0.54 are the two 10-year values among five cohorts
    assert "10 years 37.5–54.0% reported by 2 of 5" in line.sentence
    assert "not reached" in line.sentence and "134.3 months" in line.sentence  # Maxwell 2015 NR; Scott 2019 134.3 mo
    assert "5 cohorts from 4 studies" in line.sentence


def test_g3_bottom_line_rests_on_the_grades_own_cohort_and_says_so():
    line = os_line(board(**PANCREATIC_G3))
    # du2015-os-5y 0.198, du2015-os-median 20 months, du2015-all n = 36
    assert line.sentence.startswith(
        "Overall survival: 5 years 19.8% reported; 10 years not reported; median 20 months (Du 2015) reported "
        "(1 cohort from 1 study: Du 2015; n = 36)."
    )
    assert line.basis == "grade" and "the grade's own cohorts" in line.sentence
    assert "Grade" not in line.sentence.split("defined by:")[-1]  # Du 2015 is a G3 cohort: grade is covered


def test_a_derived_value_is_said_apart_from_reported_ones():
    view = board(extrahepatic="yes")
    parts = [p for line in view.bottom_line for p in line.parts]
    derived = [p for p in parts if p.kind == "derived"]
    assert all("derived between reported points" in p.text for p in derived)
    assert all(p.kind != "reported" or "derived" not in p.text for p in parts)


def test_no_recurrence_endpoint_close_to_the_patient_is_said():
    lines = board(**PANCREATIC_G2).bottom_line
    assert lines[-1].sentence == (
        "Recurrence: no cohort close to this patient reports disease-free survival or recurrence-free survival."
    )


def test_the_empty_board_has_no_bottom_line_and_no_entered_feature():
    view = board()
    assert view.bottom_line == () and entered_features(DEFAULT, LABELS) == ()


def test_each_feature_line_quotes_the_same_endpoint_first_and_says_which_way():
    view = board(**PANCREATIC_G2)
    by_field = {f.field: f for f in view.factors}
    head, direction, detail = by_field["extrahepatic"].line("Overall survival")
    assert head == "Extrahepatic disease: Liver-only disease" and direction == "better"
    # xiang2018-hr-ehd-mv: HR 3.9 (95% CI 1.7–9.2), p = 0.002, multivariable: the adjusted OS estimate is quoted first
    assert " · first estimate: HR 3.9 (95% CI 1.7–9.2), p = 0.002 for Extrahepatic metastasis" in detail
    assert "adjusted" in detail and "5 estimates from 3 studies" in detail


# --- review findings: what the bottom line must not let the room hear ------------------------------------------------


def test_a_cohort_not_all_operated_is_said_so_in_the_bottom_line():
    line = os_line(board(**PANCREATIC_G3))
    # cohorts.csv du2015-all: treatment 'mixed' (12/36 locoregional, 22/36 systemic therapy)
    assert "Du 2015 is not a surgical series" in line.sentence


def test_cohorts_matching_different_features_are_not_summed_into_one_claim():
    line = os_line(board(extrahepatic="yes", functional="no", primary_resected="yes"))
    assert "each match 2 of 3 entered features (" not in line.sentence
    assert "none is defined by all of them" in line.sentence


def test_a_recurred_patient_is_not_answered_with_survival_after_a_first_operation():
    line = os_line(board(setting="recurrence"))
    assert "whole cohorts after liver surgery" not in line.sentence
    assert "enter the recurrence's site, timing or treatment" in line.sentence


def test_whole_cohorts_count_a_cohort_once_not_with_its_own_subgroups():
    line = next(line for line in board(primary_site="pancreas", endpoint="DSS").bottom_line if line.endpoint == "DSS")
    # cohorts.csv graffbaker2014-all (n = 52) and its two age subgroups: one cohort, not three
    assert "(1 cohort from 1 study: Graff-Baker 2014; n = 52)" in line.sentence


def test_each_median_names_its_study():
    line = os_line(board(**PANCREATIC_G3))
    assert "median 20 months (Du 2015) reported" in line.sentence


def test_a_feature_line_says_which_side_of_its_first_estimate_the_patient_is():
    head, direction, detail = {f.field: f for f in board(**PANCREATIC_G2).factors}["extrahepatic"].line(
        "Overall survival"
    )
    # xiang2018-hr-ehd-mv compares extrahepatic metastasis with intrahepatic-only: this patient is liver-only
    assert "this patient: the reference group (intrahepatic-only)" in detail


def test_the_first_estimate_quoted_decides_the_direction_comes_from_surgery_and_prints_a_ratio():
    def row(value, comparison="G2 vs G1", adjusted=True, clear=True, lean="worse"):
        return FactorRow(
            "S",
            "Overall survival",
            comparison,
            "G2",
            value,
            "multivariable",
            "reported",
            "100",
            "src",
            value,
            adjusted=adjusted,
            clear=clear,
            lean=lean,
        )

    partly = "G2 vs G1 [in a cohort only partly treated with liver surgery]"
    rows = (
        row("HR 0.9 (95% CI 0.5–1.6)", adjusted=True, clear=False, lean="better"),  # does not decide the direction
        row("hazard ratio [HR] 2.4 (95% CI 1.2–4.8)", comparison=partly),
        row("no ratio printed; p = 0.01"),
        row("odds ratio [OR] (from a multivariable Cox regression) 2.1 (CI not stated), p = 0.02"),
    )
    factor = FactorEvidence("grade", "Grade", "G2", rows, studies=1, patients=100)
    # deciding rows first, the surgical cohort before the partly operated one, a printed ratio before none
    assert factor.best_row("Overall survival").value.startswith("odds ratio [OR]")


def test_counts_come_before_the_quote_and_read_as_plain_plurals():
    view = board(**PANCREATIC_G2)
    details = [f.line("Overall survival")[2] for f in view.factors]
    assert all(
        detail.index("from ") < detail.index("first estimate") for detail in details if "first estimate" in detail
    )
    assert not any("estimate(s)" in detail for detail in details)
    assert any(" 1 estimate from 1 study" in detail or " 4 estimates from 1 study" in detail for detail in details)


def test_cohorts_that_do_not_say_when_survival_time_starts_are_named_once_together():
    line = os_line(board(**SMALL_BOWEL_DEBULKING))
    # survival.csv time_origin 'not_stated' for the four studies' cohorts behind the small-bowel bottom line
    assert (
        " Not stated when survival time starts: California Cancer Registry (authors not stated), Maxwell 2015 "
        "(secondary), Scott 2019 (secondary), Xiang 2018." in line.sentence
    )
    assert line.sentence.count("survival time starts") == 1
