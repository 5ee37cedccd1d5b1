"""Rules a curator can trip over, each tested with a real edited file."""

from __future__ import annotations

import pytest

import evidence
from tests.support.files import SOURCES, read_rows, set_cell, write_rows


def problems(data_dir) -> list[str]:
    with pytest.raises(evidence.EvidenceError) as caught:
        evidence.load(data_dir, SOURCES)
    return [str(p) for p in caught.value.problems]


def test_survival_that_rises_needs_a_discrepancy(data_copy):
    set_cell(data_copy / "survival.csv", "spolverato2017-dfs-10y", "survival", "0.5")
    set_cell(
        data_copy / "survival.csv", "spolverato2017-dfs-10y", "quote", "intrahepatic only, 42.5%, 95%CI, 24.9-59.0"
    )
    found = problems(data_copy)
    assert any(
        "spolverato2017-dfs-10y" in p and "survival rises from 0.404 at 5 y to 0.5 at 10 y" in p for p in found
    ), found


def test_source_contradiction_passes_only_when_recorded(data_copy):
    path = data_copy / "discrepancies.csv"
    header, rows = read_rows(path)
    write_rows(path, header, [r for r in rows if r["id"] != "d-mdacc2010-median-vs-10y"])
    found = problems(data_copy)
    assert any("median 9.64 y but S(10 y) = 0.504 > 0.5" in p and "impossible_landmarks" in p for p in found), found


def test_unrecorded_p_that_its_ci_cannot_give(data_copy):
    path = data_copy / "discrepancies.csv"
    header, rows = read_rows(path)
    write_rows(path, header, [r for r in rows if r["id"] != "d-mdacc2010-lung-p"])
    found = problems(data_copy)
    assert any("mdacc2010-hr-lung-mv" in p and "cannot come from CI 4.3–56.8" in p for p in found), found


def test_percent_entered_as_fraction(data_copy):
    set_cell(data_copy / "counts.csv", "mdacc2010-recurrence", "percent", "0.465")
    assert any("0.465 looks like a fraction; the percent column takes 0–100" in p for p in problems(data_copy))


def test_months_entered_as_years(data_copy):
    path = data_copy / "survival.csv"
    set_cell(path, "gudmundsdottir2023-os-median", "time_unit", "years")
    set_cell(path, "gudmundsdottir2023-os-median", "time_years", "122")
    assert any(
        "122 years is longer than any NELM series: was a time in months entered as years?" in p
        for p in problems(data_copy)
    )


def test_normalised_time_that_does_not_match_its_unit(data_copy):
    set_cell(data_copy / "survival.csv", "gudmundsdottir2023-os-median", "time_years", "122")
    assert any(
        "gudmundsdottir2023-os-median field 'time_years': 122 does not equal 122 months" in p
        for p in problems(data_copy)
    )


def test_ci_typed_in_the_wrong_order(data_copy):
    path = data_copy / "effects.csv"
    set_cell(path, "xiang2018-hr-ehd-mv", "ci_lower", "9.2")
    set_cell(path, "xiang2018-hr-ehd-mv", "ci_upper", "1.7")
    assert any(
        "lower limit 9.2 is above upper limit 1.7: were the limits typed in the wrong order?" in p
        for p in problems(data_copy)
    )


def test_duplicate_of_a_study_already_present(data_copy):
    path = data_copy / "studies.csv"
    header, rows = read_rows(path)
    copy = dict(next(r for r in rows if r["id"] == "gudmundsdottir2023"), id="gudmundsdottir2023b")
    write_rows(path, header, [*rows, copy])
    found = problems(data_copy)
    assert any("gudmundsdottir2023b" in p and "same DOI as study 'gudmundsdottir2023'" in p for p in found), found


def test_cohort_value_outside_the_vocabulary(data_copy):
    set_cell(data_copy / "cohorts.csv", "xiang2018-ehd-yes", "extrahepatic", "maybe")
    assert any(
        "xiang2018-ehd-yes field 'extrahepatic': 'maybe' must be one of: any, distant, no, nodes, yes" in p
        for p in problems(data_copy)
    )


def test_subgroup_larger_than_its_parent(data_copy):
    set_cell(data_copy / "cohorts.csv", "xiang2018-ptr-no", "n", "400")
    assert any("xiang2018-ptr-no field 'n': 400 is larger than its parent cohort" in p for p in problems(data_copy))


def test_loaded_tables_are_read_only_copies():
    ev = evidence.load()
    frame = ev.survival
    frame.loc[:, "survival"] = 0.0
    assert ev.survival["survival"].max() > 0.9


def test_pure_layer_imports_no_ui():
    import subprocess
    import sys

    code = "import evidence, sys; evidence.load(); print(sorted(m for m in sys.modules if m.split('.')[0] in ('streamlit', 'plotly')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"


# --- issue 14: what a pool may take ---------------------------------------------------------------


def test_a_survival_cohort_without_a_treatment_code_is_rejected(data_copy):
    # the G3 series partly treated without surgery, coded 'any' as it once was: it would enter a surgical pool
    line = set_cell(data_copy / "cohorts.csv", "du2015-all", "treatment", "any")
    found = problems(data_copy)
    assert any(
        f"cohorts.csv:{line} row id=du2015-all field 'treatment': 'any' is a filter value, not a treatment" in p
        and "only cohorts treated with liver surgery are pooled" in p
        for p in found
    ), found


def test_a_study_without_an_overlap_decision_is_rejected(data_copy):
    line = set_cell(data_copy / "studies.csv", "xiang2020", "overlap_status", "")
    found = problems(data_copy)
    assert any(f"studies.csv:{line} row id=xiang2020 field 'overlap_status'" in p and "required" in p for p in found), (
        found
    )


def test_an_overlap_group_no_other_study_shares_is_a_typo(data_copy):
    set_cell(data_copy / "studies.csv", "zhang2017", "overlap_group", "intl_nelm_dbb")
    assert any(
        "row id=zhang2017 field 'overlap_group': 'intl_nelm_dbb' is shared by no other study" in p
        for p in problems(data_copy)
    )


def test_an_overlap_group_needs_its_status_and_a_stated_one_its_words(data_copy):
    path = data_copy / "studies.csv"
    set_cell(path, "scott2019", "overlap_status", "none")
    set_cell(path, "maxwell2015", "overlap_status", "stated")
    set_cell(path, "maxwell2015", "overlap_quote", "")
    found = problems(data_copy)
    assert any(
        "row id=scott2019 field 'overlap_status': overlap_group 'iowa' with overlap_status 'none'" in p for p in found
    ), found
    assert any(
        "row id=maxwell2015 field 'overlap_quote': an overlap the source states needs the source's words" in p
        for p in found
    ), found


def test_overlap_words_must_be_the_sources_own(data_copy):
    set_cell(data_copy / "studies.csv", "scott2019", "overlap_quote", "Scott et al. (Mayo)")
    assert any(
        "row id=scott2019 field 'overlap_quote': is not found verbatim in further_studies.md" in p
        for p in problems(data_copy)
    )


def test_a_stated_time_origin_needs_the_sources_words(data_copy):
    path = data_copy / "survival.csv"
    set_cell(path, "mayo2010-os-5y", "time_origin", "liver_surgery")
    set_cell(path, "xiang2018g1-prs36-early", "time_origin", "liver_surgery")
    found = problems(data_copy)
    assert any(
        "row id=mayo2010-os-5y field 'time_origin_quote': time counted from 'liver_surgery' needs the source's words"
        in p
        for p in found
    ), found
    assert any(
        "row id=xiang2018g1-prs36-early field 'time_origin': survival after recurrence is counted from recurrence" in p
        for p in found
    ), found


# --- issue 15: directions and grade -----------------------------------------------------------------


def test_a_direction_that_contradicts_the_printed_ratio_is_rejected(data_copy):
    path = data_copy / "effects.csv"
    set_cell(path, "xiang2018-hr-ehd-mv", "direction", "better")  # HR 3.9 (1.7–9.2)
    set_cell(path, "mdacc2010-hr-pancreas-uv", "direction", "better")  # HR 0.53 (0.24–1.13): not significant
    set_cell(path, "mdacc2010-hr-lung-mv", "direction", "no_difference")  # HR 15.63 (4.30–56.8)
    found = problems(data_copy)
    assert any("xiang2018-hr-ehd-mv field 'direction': 'better' but the ratio is 3.9" in p for p in found), found
    assert any(
        "mdacc2010-hr-pancreas-uv field 'direction': 'better' but the estimate is not significant" in p for p in found
    ), found
    assert any("mdacc2010-hr-lung-mv field 'direction': 'no_difference' but the CI excludes 1" in p for p in found), (
        found
    )


def test_an_effect_with_no_number_and_no_stated_direction_is_rejected(data_copy):
    set_cell(data_copy / "effects.csv", "gudmundsdottir2023-pancreas-mv", "direction", "not_stated")
    assert any(
        "gudmundsdottir2023-pancreas-mv field 'estimate': an effect needs an estimate, a p-value, or the direction" in p
        for p in problems(data_copy)
    )


def test_a_graded_cohort_needs_the_sources_words(data_copy):
    path = data_copy / "cohorts.csv"
    set_cell(path, "du2015-all", "grade_quote", "")
    set_cell(path, "lv2019-all", "grade_quote", "metachronous G3 GEP-NET liver metastases")
    found = problems(data_copy)
    assert any("row id=du2015-all field 'grade_quote': grade 'g3' needs the source's words" in p for p in found), found
    assert any(
        "row id=lv2019-all field 'grade_quote': is not found verbatim in further_studies.md" in p for p in found
    ), found


def test_an_inferred_overlap_says_what_it_rests_on(data_copy):
    set_cell(data_copy / "studies.csv", "arnar2018", "overlap_note", "")
    assert any(
        "row id=arnar2018 field 'overlap_note': an inferred overlap needs a note" in p for p in problems(data_copy)
    )
