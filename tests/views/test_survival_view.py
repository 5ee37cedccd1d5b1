"""The Survival page's numbers: pooled 5- and 10-year OS across primary series (issue 6)."""

from __future__ import annotations

import pandas as pd

import evidence
from views.filters import Filters
from views.labels import Labels
from views.survival import cohort_curve, describe_survival, pooling_caveats, survival_view, value_at

EV = evidence.load()
VIEW = survival_view(EV, Filters(), Labels.from_evidence(EV))


def test_pooled_5_and_10_year_os_rest_on_the_primary_series_only():
    pooled = {p.time_years: p for p in VIEW.pooled}
    assert {5.0, 10.0} <= set(pooled)
    # whole-cohort OS landmarks with a stated n at 5 and 10 years, as reported (further_studies.md §1, §2, §4, §9; seed 001)
    assert set(pooled[10.0].studies) == {"mdacc2010", "mayo2010", "elias2003", "hpb2013rfa", "jnets2021"}
    # secondary-only: never pooled
    assert not set(pooled[5.0].studies) & {"sarmiento2003", "chamber2008", "boudreaux2014"}
    reported_10y = [0.504, 0.51, 0.35, 0.59, 0.434]
    assert min(reported_10y) < pooled[10.0].estimate < max(reported_10y)
    assert pooled[10.0].ci_lower < pooled[10.0].estimate < pooled[10.0].ci_upper
    assert pooled[10.0].i2 > 50  # 35% to 59% at 10 years: the series disagree, and the view says so


def test_readout_marks_reported_and_derived_values():
    mdacc = VIEW.readout[VIEW.readout["Study"] == "MD Anderson 2010 †"].iloc[0]
    assert mdacc["5 y"] == "77.4% (reported)" and mdacc["10 y"] == "50.4% (reported)"
    assert mdacc["3 y"] == "— (before the first reported time)"  # the line from 100% to 5 years rests on one value
    assert VIEW.readout[VIEW.readout["Study"] == "Cheung 2014"].iloc[0]["5 y"] == "— (beyond reported data)"


def _landmark(row_id: str, years: float, survival: float) -> dict:
    return {
        "id": row_id,
        "kind": "landmark",
        "time_value": years,
        "time_unit": "years",
        "time_years": years,
        "survival": survival,
        "ci_lower": float("nan"),
        "ci_upper": float("nan"),
        "locator": "test",
        "quote": "",
    }


def test_rising_landmarks_draw_no_curve_but_keep_the_reported_points():
    # A typo a curator could make: 10-year survival above 5-year survival. No curve can pass through both.
    cohort = {"id": "c1", "study_id": "mdacc2010", "label": "All patients", "n": 100, "match": "exact"}
    rows = pd.DataFrame(
        [dict(_landmark("r5", 5.0, 0.60), cohort_id="c1"), dict(_landmark("r10", 10.0, 0.70), cohort_id="c1")]
    )
    curve = cohort_curve(cohort, rows, Labels.from_evidence(EV))
    assert len(curve.times) == 0 and len(curve.survival) == 0
    assert [p.survival for p in curve.points] == [0.60, 0.70]
    assert not any(p.used_in_curve for p in curve.points)
    assert "no curve is drawn" in curve.notes[0] and "5" in curve.notes[0] and "10" in curve.notes[0]
    assert value_at(curve, 5.0) == "60.0% (reported)"
    assert value_at(curve, 3.0).startswith("— (reported points conflict")


def test_pooled_points_say_their_ci_ignores_censoring():
    # Studies give survival and cohort size, not numbers at risk: the variance cannot see censoring.
    pooled = {p.time_years: p for p in VIEW.pooled}
    assert pooled[10.0].variance_from.startswith("cohort")
    assert any("censoring" in note for note in pooling_caveats(VIEW, Labels.from_evidence(EV)))


def test_the_figure_in_words_names_each_curve_its_reported_values_and_the_pool():
    words = describe_survival(VIEW, Labels.from_evidence(EV))
    assert "MD Anderson 2010 †: All operated" in words and "77.4% at 5 years" in words
    pooled10 = next(p for p in VIEW.pooled if p.time_years == 10.0)
    assert f"Pooled (derived) at 10 years: {100 * pooled10.estimate:.1f}%" in words


def test_derived_readout_values_are_the_curve_itself_not_a_chord_between_drawn_points():
    """Between reported points the curve has a constant hazard: S(t) = S(a)·(S(b)/S(a))^((t − a)/(b − a)). The
    readout must give that value to the 0.1% it prints (a straight line would not). Spolverato 2017 DFS: 75.5% at
    1 year, median 3.1 years (002_*.txt)."""
    dfs = survival_view(EV, Filters(endpoint="DFS"), Labels.from_evidence(EV)).readout.set_index("Study")
    expected = 0.755 * (0.5 / 0.755) ** ((3 - 1) / (3.1 - 1))
    assert dfs.loc["Spolverato 2017", "3 y"] == f"{100 * expected:.1f}% (derived)"


def test_a_cohort_with_one_reported_point_gives_no_value_at_any_other_time():
    """A median alone (Gudmundsdottir 2023: 122 months) or one landmark (the 2000 series: 92.6% at 4 years)
    carries no curve: any value read off one would come from the model alone (issue 14)."""
    rows = {r["Study"]: r for r in VIEW.readout.to_dict("records")}
    for study in ("Gudmundsdottir 2023", "Hepatogastroenterology 2000 (authors not stated)"):
        for year in (1, 3, 5, 10):
            assert rows[study][f"{year} y"] == "— (one reported point)", (study, year)
        assert rows[study]["How derived"] == "one reported point: no curve, nothing derived"
    assert rows["Gudmundsdottir 2023"]["Median"] == "122 months (reported)"
