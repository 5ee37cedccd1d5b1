"""The board's bottom line and feature lines for the three profiles a consultant tried (issue 21), and the empty board.
Expected numbers are read from evidence/data/survival.csv and cohorts.csv by hand (row ids in the comments)."""

from __future__ import annotations

import dataclasses

import evidence
from views.board import board_view, entered_features
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
        "Overall survival: 5 years 19.8% reported; 10 years not reported; median 20 months reported "
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
    assert detail.startswith(" · first estimate: HR 3.9 (95% CI 1.7–9.2), p = 0.002 for Extrahepatic metastasis")
    assert "adjusted" in detail and "5 estimate(s) from 3 studies" in detail
