"""A unit's series under the dashboard's filters, beside the published evidence: who is selected, what could not be
applied, the values and the funnel plot a surgeon reads."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

import evidence
from local_series.parse import parse_series, patient_vocabulary
from local_series.summary import LocalSummary, summary_problems
from views.filters import DEFAULT
from views.labels import Labels
from views.local_series import describe_unit, readout_rows, unit_view
from views.select import broader_map
from views.survival import survival_view

ROOT = Path(__file__).resolve().parents[2]
EV = evidence.load()
LABELS = Labels.from_evidence(EV)
BROADER = broader_map(EV.vocabulary)
EXAMPLE_BYTES = (ROOT / "local_series" / "synthetic_example_unit.csv").read_bytes()
EXAMPLE = parse_series(EXAMPLE_BYTES, "example.csv", patient_vocabulary(EV.vocabulary))
RAW = pd.read_csv(ROOT / "local_series" / "synthetic_example_unit.csv")


def _view(data=EXAMPLE, **changes):
    filters = replace(DEFAULT, **changes)
    published = survival_view(EV, replace(filters, endpoint="OS"), LABELS, method="REML")
    return unit_view(data, filters, published, LABELS, BROADER)


def test_whole_series_beside_the_pooled_five_year_value():
    view = _view()
    assert (view.n, view.deaths) == (120, 30)
    assert view.value(5).text == "77.7% (68.2–84.7)"  # R survfit: 0.7773, 0.6818–0.8473
    rows = {r["Years"]: r for r in readout_rows(view)}
    assert rows[5]["Published, pooled"].startswith("74.3% (71.0–77.4); 95% PI 67.1–80.8%; derived")
    assert view.funnel.target == pytest.approx(0.743, abs=5e-4)
    assert view.funnel.unit_position.zone == "within the 95% limits"
    assert "within the 95% limits around the pooled 5-year survival 74.3%" in describe_unit(view)
    assert "local data, not published, not checked" in describe_unit(view).lower()


def test_the_funnel_places_only_surgical_series_matching_the_filters_with_their_provenance():
    view = _view()
    placed = {p.label: p for p in view.funnel.points}
    md_anderson = next(p for label, p in placed.items() if label.startswith("MD Anderson 2010"))
    assert (md_anderson.n, round(md_anderson.survival, 3), md_anderson.kind) == (172, 0.774, "reported")
    assert md_anderson.how.startswith("reported (")
    published = survival_view(EV, DEFAULT, LABELS, method="REML")
    surgical = {f"{c.study_label}: {c.arm_label}" for c in published.curves if c.poolable and c.match == "exact"}
    assert set(placed) <= surgical
    assert any("no 5-year value (one reported point)" in n for n in view.funnel.not_placed)


def test_a_filter_selects_the_units_patients_too():
    view = _view(primary_site="pancreas")
    assert view.n == int((RAW["primary_site"] == "pancreas").sum()) == 37
    assert view.applied == ("Primary tumour site: Pancreas (37 of your 120 patients remain)",)
    assert view.funnel is None and "not pooled at 5 years" in view.funnel_reason


def test_patients_without_a_recorded_value_are_left_out_and_counted():
    view = _view(margin="r0")
    assert view.n == int((RAW["margin"] == "r0").sum())
    assert f"; {int(RAW['margin'].isna().sum())} without a recorded value left out" in view.applied[0]


def test_a_filter_the_units_data_cannot_carry_is_named_and_not_applied():
    no_margin = parse_series(b"time_months,event\n12,1\n40,0\n70,0\n", "short.csv", patient_vocabulary(EV.vocabulary))
    view = _view(no_margin, margin="r0", liver_burden="bilobar")
    assert view.n == 3
    assert "Resection margin: R0 (your data have no 'margin' column)" in view.not_applied
    assert "Liver metastases: number and distribution: Bilobar (no column for it in your data)" in view.not_applied


def test_beyond_the_units_follow_up_nothing_is_read_off():
    short = parse_series(b"time_years,event\n1,1\n2,0\n3.5,1\n4,0\n", "short.csv", patient_vocabulary(EV.vocabulary))
    view = _view(short)
    assert view.value(5).text == "— (beyond follow-up)"
    assert view.funnel.unit is None and "Our unit: no 5-year value (beyond follow-up)" in view.funnel.not_placed


def test_another_endpoint_is_said_to_be_compared_on_overall_survival():
    view = _view(endpoint="DFS")
    assert any("Your data are overall survival" in n for n in view.notes)


def test_summary_numbers_are_shown_as_entered_and_placed_on_the_funnel():
    summary = LocalSummary(patients=80, deaths=30, survival={5: 0.70, 10: 0.45}, profile={"primary_site": "pancreas"})
    view = _view(summary, primary_site="small_bowel")
    assert view.value(5).text == "70.0%" and view.value(1).text == "— (not entered)"
    assert view.funnel is None  # small bowel: no pooled 5-year value to draw limits around
    assert view.not_applied == (
        "Primary tumour site (summary numbers describe the whole series you entered)",
        "your series' profile differs from the filters on Primary tumour site",
    )
    assert _view(summary).not_applied == ()  # no filter set: nothing to say
    placed = _view(summary).funnel
    assert (placed.unit.n, placed.unit.survival) == (80, 0.70)


def test_impossible_summary_numbers_are_named():
    problems = summary_problems(LocalSummary(patients=50, deaths=60, survival={1: 0.8, 3: 0.9}))
    assert any("Deaths: 60 is not between 0 and the 50 patients" in p for p in problems)
    assert any("Survival at 3 years (90%) is higher than at 1 year (80%)" in p for p in problems)
    assert summary_problems(LocalSummary(patients=50, survival={5: 0.7})) == []


def test_the_unit_sits_on_the_funnel_at_its_effective_size_and_the_ten_year_value_says_few_are_at_risk():
    view = _view()
    # R: S(5) 0.7773297, Greenwood SE 0.04187137 -> 0.7773297 × 0.2226703 / 0.04187137² = 98.7
    assert view.funnel.unit.n == 99 and "effective size 99 of 120 patients" in view.funnel.unit.how
    assert view.value(10).text == "59.0% (42.5–72.2); only 8 at risk: imprecise"  # R: 8 at risk at 10 years


def test_a_series_whose_patients_all_died_reads_zero():
    died = parse_series(b"time_years,event\n1,1\n2,0\n3.5,1\n4,1\n", "died.csv", patient_vocabulary(EV.vocabulary))
    assert _view(died).value(5).text == "0.0% (every patient followed this long had died)"
