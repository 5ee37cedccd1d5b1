"""Published reviews beside our estimates (issue 6 item 2): which review results the Survival and
Forest pages show, what each number is said to be, and how each review can overlap with our
studies. Expected values are read off evidence/data/reviews.csv and studies.csv by hand."""

from __future__ import annotations

import pytest

from tests.support.synthetic import EV, FACTOR, evidence_with, hazard_ratio
from views.filters import Filters
from views.forest import forest_view
from views.labels import Labels
from views.reviews import at_time, overlap_matrix, review_results, survival_review_rows
from views.survival import survival_view

LABELS = Labels.from_evidence(EV)
OS = survival_view(EV, Filters(), LABELS)


def ids(results) -> set[str]:
    return {r.id for r in results}


def test_survival_page_shows_the_reviews_survival_summaries_for_the_endpoint_only():
    # reviews.csv rows with endpoint OS, measure median_of_studies / range_of_studies
    assert ids(OS.reviews) == {
        "saxena2012-os3",
        "saxena2012-os5",
        "saxena2012-os10",
        "lesurtel2015-os5",
        "lee2012-os5",
        "lee2012-os10",
        "lee2012-median",
    }
    pfs = survival_view(EV, Filters(endpoint="PFS"), LABELS)
    assert ids(pfs.reviews) == {
        "saxena2012-pfs1",
        "saxena2012-pfs3",
        "saxena2012-pfs5",
        "saxena2012-pfs10",
        "saxena2012-pfs-median",
        "lesurtel2015-pfs5",
    }
    assert not {r.endpoint for r in pfs.reviews + pfs.other_reviews} - {"PFS"}  # endpoints never mix


def test_review_results_are_matched_to_our_time_points():
    assert ids(at_time(OS.reviews, 5)) == {"saxena2012-os5", "lesurtel2015-os5", "lee2012-os5"}
    assert ids(at_time(OS.reviews, 10)) == {"saxena2012-os10", "lee2012-os10"}
    median = next(r for r in OS.reviews if r.id == "lee2012-median")
    assert median.time_years is None and median.is_median_time  # 52–123 months: a range of median times, not a landmark


def test_a_mean_duration_is_not_shown_as_a_median_time():
    # Lee 2012, Appendix A1 quote 3: "the mean duration of symptom reduction is between 16–26 months" (further_corrections.md C14)
    sfs = survival_view(EV, Filters(endpoint="SFS"), LABELS)
    assert "lee2012-symptom-duration" not in ids(sfs.reviews)  # would sit in the 'Median time' row
    lee = next(r for r in sfs.other_reviews if r.id == "lee2012-symptom-duration")
    assert not lee.is_median_time and lee.time_years is None and lee.value_text == "16–26 months (range)"
    assert next(r for r in OS.reviews if r.id == "lee2012-median").is_median_time  # 'Median survival …', 52–123 months


def test_survival_after_loco_regional_therapy_is_not_set_beside_surgical_survival():
    # hpbsr-surgery: 36.2% is '5-year survival, patients undergoing loco-regional therapies' (further_studies.md A10,
    # quote 3; further_corrections.md C3): a proportion about non-surgical treatment, never beside our pooled surgery value
    other = {r.id: r for r in OS.other_reviews}
    assert "hpbsr-surgery" in other and other["hpbsr-surgery"].time_years is None
    assert "hpbsr-surgery" not in ids(OS.reviews)


def test_each_number_says_what_it_is():
    saxena5 = next(r for r in OS.reviews if r.id == "saxena2012-os5")
    assert saxena5.value_text == "70.5% (range 31–100%)"  # value 70.5, lower 31, upper 100, interval range
    assert "not a pooled estimate" in saxena5.meaning
    assert saxena5.size_text == "29 studies, patients not stated"
    lesurtel = next(r for r in OS.reviews if r.id == "lesurtel2015-os5")
    assert lesurtel.value_text == "41–100% (range)" and "no summary value" in lesurtel.meaning
    assert lesurtel.size_text == "38 studies, 3,425 patients"
    gong = next(r for r in OS.other_reviews if r.id == "gong2025-ptr")
    assert "not a valid value" in gong.value_text  # a 'hazard ratio' of −1.10 is never shown as one


def test_review_rows_sit_beside_our_pooled_value_at_the_same_time():
    rows = survival_review_rows(OS.reviews, OS.pooled, LABELS)
    pooled5 = next(p for p in OS.pooled if p.time_years == 5)
    five = [r for r in rows if r["Time"] == "5 years"]
    assert len(five) == 3
    assert all(
        r["Our pooled (derived)"].startswith(f"{100 * pooled5.estimate:.1f}%")
        and f"k = {pooled5.k}" in r["Our pooled (derived)"]
        for r in five
    )
    assert all("not re-pooled" in key for key in rows[0] if key.startswith("Published review"))
    three = next(r for r in rows if r["Time"] == "3 years")  # only Cheung 2014 reports 3-year OS: nothing pooled
    assert three["Our pooled (derived)"].startswith("not pooled")


def test_overlap_by_search_end_year():
    # Saxena 2012: search_end_year 2010, no includes_studies. Years from studies.csv.
    saxena = next(r for r in OS.reviews if r.id == "saxena2012-os5").overlap
    assert not saxena.inclusions_listed
    assert {"mdacc2010", "mayo2010", "elias2003"} <= set(saxena.could_include)  # published 2010, 2010, 2003
    assert {"jnets2021", "gudmundsdottir2023", "cheung2014"} <= set(saxena.cannot_include)  # 2021, 2023, 2014
    # the AR vs NAR study (no year in studies.csv) reports only its two arms: it is on screen when they are compared
    by_extent = survival_view(EV, Filters(compare="extent"), LABELS)
    assert "arnar2018" in next(r for r in by_extent.reviews if r.id == "saxena2012-os5").overlap.year_not_stated
    assert saxena.status("jnets2021") == "✗ after search" and saxena.status("elias2003") == "possible"


def test_overlap_names_listed_studies_when_a_review_lists_them():
    ev = evidence_with(review_columns={"includes_studies": {"lee2012-os5": "elias2003;mdacc2010"}})
    lee = next(
        r for r in review_results(ev, "OS", ["elias2003", "mdacc2010", "mayo2010"], LABELS) if r.id == "lee2012-os5"
    )
    assert lee.overlap.listed == ("elias2003", "mdacc2010")
    assert lee.overlap.status("mdacc2010").startswith("✓") and lee.overlap.status("mayo2010") == "✗ not listed"
    assert lee.overlap.summary(LABELS).startswith("includes Elias 2003")


def test_overlap_matrix_has_one_row_per_study_and_one_column_per_review():
    matrix = overlap_matrix(OS.reviews, LABELS)
    assert len(matrix) == len(OS.study_ids)
    assert {"Saxena 2012 † (to 2010)", "Lesurtel 2015 (to ?)", "Lee 2012 (to ?)"} <= set(matrix[0])


def test_a_review_with_no_stated_search_period_shows_it_as_unknown():
    # further_studies.md §12 and Appendix A1 state no search period: 2012 is the year Lesurtel's consensus
    # conference met, and Lee states no year at all (further_corrections.md C11, C12). No search year is shown.
    rows = {r["Published review (not re-pooled)"]: r for r in survival_review_rows(OS.reviews, OS.pooled, LABELS)}
    for review_id in ("lesurtel2015-os5", "lesurtel2015-pfs5", "lee2012-os5", "lee2012-os10", "lee2012-median"):
        result = next(
            r
            for r in review_results(EV, EV.reviews.set_index("id").loc[review_id, "endpoint"], OS.study_ids, LABELS)
            if r.id == review_id
        )
        assert result.search_end_year is None
        assert result.overlap.summary(LABELS) == "not listed; search end not stated"
        assert {result.overlap.status(s) for s in OS.study_ids} <= {"? search end not stated", "? year not stated"}
    for label in ("Lesurtel 2015 (consensus review)", "Lee 2012 (narrative review)"):
        assert rows[label]["Overlap with our studies"] == "not listed; search end not stated"
        assert "search to" not in rows[label]["Overlap with our studies"]


def test_forest_page_lists_the_reviews_ratios_for_the_endpoint_apart_from_the_factor():
    view = forest_view(EV, Filters(), LABELS, "extrahepatic:yes_vs_no")
    # reviews.csv OS rows with measure HR / OR / as_printed_unusable
    assert ids(view.endpoint_reviews) == {
        "kacmaz2019-chemo",
        "kacmaz2019-embolization",
        "kacmaz2019-resection",
        "bacchetti2013-embolisation",
        "bacchetti2013-nonsurgical",
        "bacchetti-gs-curative",
        "xiao2026-ptr",
        "gong2025-ptr",
    }
    assert view.reviews == () and not view.reviews_linkable  # reviews.csv has no column linking a result to a factor


def test_a_review_linked_by_a_comparison_key_column_joins_its_factor():
    ev = evidence_with(review_columns={"comparison_key": {"bacchetti2013-embolisation": "extrahepatic:yes_vs_no"}})
    view = forest_view(ev, Filters(), LABELS, "extrahepatic:yes_vs_no")
    assert ids(view.reviews) == {"bacchetti2013-embolisation"} and "bacchetti2013-embolisation" not in ids(
        view.endpoint_reviews
    )
    assert view.reviews[0].value == pytest.approx(0.34) and view.reviews[0].interval == "ci95"
    other = forest_view(ev, Filters(), LABELS, "synchronous:yes_vs_no")
    assert other.reviews == ()


def test_reviews_are_never_pooled_with_the_primary_estimates():
    ev = evidence_with(
        [hazard_ratio("mdacc2010", 0.2, 0.2), hazard_ratio("mayo2010", 0.6, 0.3)],
        review_columns={"comparison_key": {"xiao2026-ptr": FACTOR}},
    )
    view = forest_view(ev, Filters(), LABELS, FACTOR)
    assert len(view.reviews) == 1 and view.pooled.k == 2  # the review's HR 0.48 is not a third study
