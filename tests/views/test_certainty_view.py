"""The summary of findings grades what the page shows and follows the filters (issue 17). Expected levels are read
from the rules by hand: every pooled study is at moderate or high risk (QUIPS), so risk of bias is serious; the
rest follows from I², the prediction interval and the CI width the pools print (checked against metafor elsewhere)."""

from __future__ import annotations

from dataclasses import replace

import pytest

import evidence
from tests.support.files import SOURCES, read_rows, write_rows
from views.board import board_view
from views.certainty import board_findings, graded, overview_findings, with_changes
from views.filters import DEFAULT
from views.labels import Labels

EV = evidence.load()
LABELS = Labels.from_evidence(EV)


def finding(sof, key):
    return next(f for f in sof.findings if f.key == key)


@pytest.fixture(scope="module")
def default():
    return overview_findings(EV, DEFAULT, LABELS)


def test_five_year_os_is_moderate_rated_down_for_risk_of_bias_only(default):
    five = finding(default, "OS@5")
    assert (five.studies, five.patients) == (5, "874")
    assert five.estimate == "74.3% (71.0–77.4); 95% PI 67.1–80.8%"
    assert five.certainty.text == "⊕⊕⊕◯ moderate"
    assert five.certainty.footnotes == (
        "Risk of bias: serious, 100% of the pooled weight from studies at moderate or high risk in at least one "
        "QUIPS domain.",
    )


def test_ten_year_os_is_low_rated_down_for_risk_of_bias_and_inconsistency(default):
    ten = finding(default, "OS@10")
    assert ten.certainty.text == "⊕⊕◯◯ low"
    assert ten.certainty.footnotes[1] == (
        "Inconsistency: serious, I² = 67%; the 95% prediction interval spans 39.9 percentage points."
    )


def test_leaving_out_a_study_that_raises_i2_lowers_the_ten_year_certainty(default):
    without = with_changes(overview_findings(EV, replace(DEFAULT, exclude=("mdacc2010",)), LABELS), default)
    ten = finding(without, "OS@10")
    assert ten.studies == 4
    assert ten.certainty.text == "⊕◯◯◯ very low"
    assert "Inconsistency: very serious, I² = 78%" in ten.certainty.footnotes[1]
    assert ten.changed == "low with no filters, very low here (inconsistency)"
    assert without.changes == (
        "Overall survival at 10 years: low with no filters, very low here (inconsistency)",
        "Pancreas (HR for overall survival): very low with no filters, not graded here",  # MD Anderson's own estimates
        "Synchronous disease at diagnosis (HR for overall survival): very low with no filters, not graded here",
    )


def test_narrowing_k_widens_the_prediction_interval_and_lowers_five_year_certainty(default):
    without = with_changes(overview_findings(EV, replace(DEFAULT, exclude=("mayo2010",)), LABELS), default)
    five = finding(without, "OS@5")
    assert (five.studies, five.certainty.level) == (4, "low")
    assert "the 95% prediction interval spans 33.7 percentage points" in five.certainty.footnotes[1]


def test_a_subgroup_no_cohort_reports_is_not_graded():
    pancreas = overview_findings(EV, replace(DEFAULT, primary_site="pancreas"), LABELS)
    assert finding(pancreas, "OS@5").certainty is None
    assert finding(pancreas, "OS@5").certainty_text == "not graded: no surgical cohort here reports this time"


def test_factors_are_the_best_supported_with_their_imprecision(default):
    factors = [f for f in default.findings if f.key.startswith("factor:")]
    assert [f.key for f in factors] == [
        "factor:extrahepatic:yes_vs_no",
        "factor:primary_site:pancreas_vs_other",
        "factor:synchronous:yes_vs_no",
    ]
    pancreas = factors[1]
    assert pancreas.estimate == "HR 0.53 (0.24–1.13)"
    # MD Anderson's univariable HR: high risk of confounding for this estimate (two levels), and its CI includes 1
    # and 0.80 (one level): very low, whatever the study's multivariable model did for other factors
    assert pancreas.certainty.footnotes == (
        "Risk of bias: very serious, 1 of 1 study at high risk (MD Anderson 2010 † (unadjusted)).",
        "Imprecision: serious, the 95% CI 0.24–1.13 includes 1 and 0.80.",
    )
    assert pancreas.certainty.level == "very low"
    # the estimates without a CI are named where the graded one is
    assert "not graded, no CI to weigh: Gudmundsdottir 2023" in pancreas.provenance


def test_the_board_grades_the_closest_cohorts_and_names_the_features_they_miss():
    profile = replace(DEFAULT, primary_site="pancreas", grade="g2", extrahepatic="no", primary_resected="yes")
    board = board_view(EV, profile, LABELS)
    sof = board_findings(EV, profile, LABELS, board)
    ten = finding(sof, "OS@10")
    assert ten.study_labels == ("Xiang 2018",)
    # the graded cohort (Xiang 2018, primary resected, n = 281) is not defined by three of the four entered features:
    # indirectness very serious; one cohort's CI ignores censoring: imprecision serious; risk of bias serious
    assert ten.certainty.footnotes[2] == (
        "Indirectness: very serious, not defined by Primary tumour site: Pancreas; not defined by Extrahepatic disease: "
        "Liver-only disease; not defined by Grade: G2."
    )
    assert ten.certainty.level == "very low"
    line = next(b for b in graded(board, sof).bottom_line if b.endpoint == "OS")
    assert line.certainty.startswith("5 y not graded; 10 y 66.8% (Xiang 2018) ⊕◯◯◯ very low")


def test_a_curator_override_is_applied_and_shown_beside_the_rule(data_copy):
    path = data_copy / "certainty_overrides.csv"
    header, _ = read_rows(path)
    write_rows(
        path,
        header,
        [
            {
                "id": "os10-inconsistency",
                "outcome": "OS@10",
                "domain": "inconsistency",
                "rating": "not_serious",
                "rationale": "The spread is explained by era.",
                "curator": "A. Curator",
                "decided_on": "2026-12-02",
            }
        ],
    )
    ev = evidence.load(data_copy, SOURCES)
    ten = finding(overview_findings(ev, DEFAULT, Labels.from_evidence(ev)), "OS@10")
    assert ten.certainty.level == "moderate"
    note = next(n for n in ten.certainty.footnotes if n.startswith("Inconsistency"))
    assert note.startswith("Inconsistency: not serious (curator's override; the rule proposed serious: I² = 67%")
    assert note.endswith("The spread is explained by era. (A. Curator, 2026-12-02)")
