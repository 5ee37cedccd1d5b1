"""The tumour-board view model: which cohorts match a profile, which side of each published
comparison the patient is on, what the board says it cannot answer. Expected values come from
the evidence rows (the sources' own numbers) or from the definitions, never from the code."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

import evidence
from export.board_summary import board_summary, readout_numbers
from views.board import board_view, describe_figure, match_cohort, profile_contradictions
from views.filters import DEFAULT, allowed_values, from_params, to_params
from views.labels import Labels
from views.select import broader_map

EV = evidence.load()
LABELS = Labels.from_evidence(EV)
BROADER = broader_map(EV.vocabulary)
COHORTS = EV.cohorts.set_index("id", drop=False)
CASE = replace(DEFAULT, primary_site="pancreas", primary_resected="yes", extrahepatic="no", ki67="3to20", margin="r1")


def cohort(cohort_id: str) -> dict:
    return dict(COHORTS.loc[cohort_id])


def test_an_r1_patient_belongs_to_an_r1_or_r2_cohort_and_an_r0_patient_does_not():
    assert match_cohort(cohort("mdacc2010-r1r2"), replace(DEFAULT, margin="r1"), BROADER).matches == ("margin",)
    assert match_cohort(cohort("mdacc2010-r1r2"), replace(DEFAULT, margin="r0"), BROADER) is None


def test_a_cohort_defined_by_something_the_profile_leaves_unknown_does_not_match():
    assert match_cohort(cohort("mdacc2010-r1r2"), DEFAULT, BROADER) is None


def test_a_contradicting_cohort_does_not_match():
    assert match_cohort(cohort("xiang2018-ehd-no"), replace(DEFAULT, extrahepatic="yes"), BROADER) is None


def test_propensity_matched_samples_are_not_offered_as_the_patients_cohort():
    assert match_cohort(cohort("xiang2018-ehd-no-m"), replace(DEFAULT, extrahepatic="no"), BROADER) is None


def test_the_example_case_shows_the_liver_only_and_primary_resected_cohorts_with_their_reported_10_year_survival():
    view = board_view(EV, CASE, LABELS)
    matched = {m.cohort_id for m in view.matched}
    assert {"xiang2018-ehd-no", "xiang2018-ptr-yes"} <= matched
    rows = view.readout.set_index("Group")
    # Xiang 2018 abstract: 10-year OS 69.3% intrahepatic-only, 66.8% primary resected
    assert rows.loc["Intrahepatic-only metastasis", "10 y"] == "69.3% (reported)"
    assert rows.loc["Primary tumour resected", "10 y"] == "66.8% (reported)"
    assert rows.loc["Primary tumour resected", "n"] == "281"
    # Xiang reports no 5-year value, and one point carries no curve: nothing is derived from it (issue 14)
    assert rows.loc["Primary tumour resected", "5 y"] == "— (one reported point)"


def test_no_cohort_combines_two_features_of_the_example_and_the_board_says_so():
    view = board_view(EV, CASE, LABELS)
    assert view.best_match == 1
    assert any("No study reports patients with this combination" in g for g in view.gaps)


def test_a_profile_no_cohort_matches_says_so_and_still_shows_whole_cohorts():
    view = board_view(EV, replace(DEFAULT, primary_site="thyroid"), LABELS)
    assert not view.survival.curves and view.survival.contrast
    assert any("No cohort that matches this profile reports Overall survival" in g for g in view.gaps)


def test_an_empty_profile_asks_for_fields_and_lists_no_factor():
    view = board_view(EV, DEFAULT, LABELS)
    assert view.factors == () and any("No profile field is filled in" in g for g in view.gaps)


def sides(view, field: str) -> dict[str, str]:
    factor = next(f for f in view.factors if f.field == field)
    return {r.row_id: r.patient_group for r in factor.all_rows}


def test_a_liver_only_patient_is_the_reference_group_of_the_extrahepatic_hazard_ratio():
    view = board_view(EV, replace(DEFAULT, extrahepatic="no"), LABELS)
    assert sides(view, "extrahepatic")["xiang2018-hr-ehd-mv"] == "the reference group is this patient's"
    view = board_view(EV, replace(DEFAULT, extrahepatic="yes"), LABELS)
    assert sides(view, "extrahepatic")["xiang2018-hr-ehd-mv"] == "this patient's group vs the reference"


def test_timing_of_metastases_links_to_the_synchronous_hazard_ratios():
    synchronous = sides(board_view(EV, replace(DEFAULT, timing="synchronous"), LABELS), "timing")
    metachronous = sides(board_view(EV, replace(DEFAULT, timing="metachronous"), LABELS), "timing")
    assert synchronous["mdacc2010-hr-synchronous-uv"] == "this patient's group vs the reference"
    assert metachronous["mayo2010-hr-synchronous-mv"] == "the reference group is this patient's"


def test_a_ki67_above_20_is_in_neither_group_of_the_3_to_20_estimate():
    assert (
        sides(board_view(EV, replace(DEFAULT, ki67="gt20"), LABELS), "ki67")["gudmundsdottir2023-ki-3to20-mv"]
        == "neither group is this patient's"
    )


def test_the_derived_hazard_ratio_from_xiangs_10_year_survival_is_parmars_and_says_so():
    factor = next(f for f in board_view(EV, CASE, LABELS).factors if f.field == "primary_resected")
    row = next(r for r in factor.rows if r.row_id == "xiang2018-cmp-ptr:derived-hr")
    # Parmar 1998: HR = ln S1(t) / ln S2(t); Xiang 2018 abstract: 66.8% (n = 281) vs 54.0% (n = 51) at 10 years
    expected = math.log(0.668) / math.log(0.540)
    assert row.value.startswith(f"HR ≈ {expected:.2f}")
    assert (
        row.provenance.startswith("derived:")
        and "Parmar" in row.provenance
        and "proportional hazards" in row.provenance
    )
    assert row.n == "281, 51"


def test_every_reported_hazard_ratio_keeps_its_printed_label_and_source():
    factor = next(f for f in board_view(EV, replace(DEFAULT, ki67="3to20"), LABELS).factors if f.field == "ki67")
    row = next(r for r in factor.rows if r.row_id == "gudmundsdottir2023-ki-3to20-mv")
    assert (
        "odds ratio" in row.value
        and "1.9" in row.value
        and row.provenance == "reported"
        and row.source == "Abstract: Results"
    )


@pytest.mark.parametrize(
    ("profile", "words"),
    [
        ({"margin": "r0", "treatment": "no_surgery"}, "no liver surgery is planned"),
        ({"cytoreduction": "complete", "treatment": "no_surgery"}, "no liver surgery is planned"),
        ({"margin": "r0", "cytoreduction": "gross_residual"}, "leaves gross disease"),
        ({"margin": "r2", "cytoreduction": "complete"}, "contradicts a complete cytoreduction"),
        ({"primary_site": "unknown", "primary_resected": "yes"}, "cannot have been removed"),
    ],
)
def test_impossible_profiles_get_a_plain_notice(profile, words):
    notes = profile_contradictions(replace(DEFAULT, **profile), LABELS)
    assert len(notes) == 1 and words in notes[0]


def test_a_possible_profile_gets_no_notice():
    assert profile_contradictions(CASE, LABELS) == []


def test_the_figure_is_described_in_words_with_the_reported_values():
    words = describe_figure(board_view(EV, CASE, LABELS), LABELS)
    assert "69.3% at 10 y" in words and "66.8% at 10 y" in words and "a model (derived)" in words


def test_the_minutes_carry_reported_and_derived_values_with_their_provenance():
    numbers = readout_numbers(board_view(EV, CASE, LABELS))
    by_what = {n.what: n for n in numbers}
    reported = next(n for w, n in by_what.items() if "Primary tumour resected" in w and "10 y" in w)
    # Xiang 2018 does not say from when it counts the primary-resection arms' survival (survival.csv time_origin)
    assert (reported.value, reported.provenance) == ("66.8%", "reported (time counted from: not stated)")
    # Xiang 2018 reports 10-year OS only: no 5-year value is derived from one point (issue 14)
    assert not any("Primary tumour resected" in w and "5 y" in w for w in by_what)
    median = next(n for w, n in by_what.items() if w.startswith("MD Anderson 2010") and "median" in w)
    # MD Anderson: origin stated
    assert median.value == "9.64 years (conflicts with the landmarks)" and median.provenance == "reported"
    assert not any("beyond" in n.value or n.value.startswith("—") for n in numbers)


def test_secondary_curves_keep_their_label_in_the_minutes():
    numbers = readout_numbers(board_view(EV, replace(DEFAULT, cytoreduction="gt70"), LABELS))
    scott = next(n for n in numbers if n.what.startswith("Scott 2019") and "median" in n.what)
    assert (
        scott.value == "134.3 months"
        and "secondary source" in scott.provenance
        and "time counted from: not stated" in scott.provenance
    )
    maxwell = next(n for n in numbers if n.what.startswith("Maxwell 2015") and "median" in n.what)
    assert maxwell.value == "not reached (follow-up not stated)"


def test_the_summary_for_the_minutes_lists_matching_cohorts_before_the_contrast():
    from datetime import UTC, datetime

    view = board_view(EV, CASE, LABELS)
    summary = board_summary(view, None, "words", EV, "http://x/board?margin=r1", datetime.now(UTC))
    whats = [n.what for n in summary.numbers]
    # the bottom line and one line per entered feature lead the page; the table starts with the matching cohorts
    assert summary.bottom_line[0].startswith("Overall survival: 5 years not reported; 10 years 66.8–69.3% reported")
    assert len(summary.feature_lines) == len(view.factors)
    assert all(" (derived) · " in f for f in summary.feature_lines)
    first_match = next(i for i, w in enumerate(whats) if "[matches:" in w)
    first_contrast = next(i for i, w in enumerate(whats) if w.startswith("MD Anderson 2010 †: All operated"))
    assert first_match == 0 < first_contrast
    assert ("Expected resection margin", "R1") in summary.profile


def test_a_g3_summary_prints_the_grades_own_cohort_first_not_as_contrast():
    from datetime import UTC, datetime

    view = board_view(EV, replace(DEFAULT, primary_site="pancreas", grade="g3", ki67="gt20"), LABELS)
    summary = board_summary(view, None, "words", EV, "http://x/board", datetime.now(UTC))
    # survival.csv du2015-os-5y 0.198: the value the bottom line reads aloud heads the table, with its provenance
    first = summary.numbers[0]
    assert first.what.startswith("Du 2015") and first.value == "19.8%" and first.group == "the grade's own cohorts"
    assert "[grade's own cohort]" in first.what


def test_the_profile_round_trips_through_the_url():
    allowed = allowed_values(EV.vocabulary)
    profile = replace(CASE, timing="metachronous", presenter=True)
    parsed, notices = from_params(to_params(profile), allowed, set(EV.studies["id"]))
    assert parsed == profile and notices == []
    assert to_params(profile)["presenter"] == "1"


def test_an_unknown_timing_falls_back_with_a_notice():
    parsed, notices = from_params({"timing": "sometimes"}, allowed_values(EV.vocabulary), set())
    assert parsed.timing == "any" and "timing=“sometimes”" in notices[0]
