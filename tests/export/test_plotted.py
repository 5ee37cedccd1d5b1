"""The plotted data behind the forest plot and the unit's survival figure: every row says where it comes from."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import evidence
from export.plotted import forest_points, survival_points
from local_series.parse import parse_series, patient_vocabulary
from views.filters import DEFAULT
from views.forest import forest_view
from views.labels import Labels
from views.local_series import unit_view
from views.select import broader_map
from views.survival import survival_view

EV = evidence.load()
LABELS = Labels.from_evidence(EV)


def test_every_forest_row_carries_its_estimate_provenance_and_locator():
    view = forest_view(EV, DEFAULT, LABELS, "extrahepatic:yes_vs_no")
    frame = forest_points(view)
    assert len(frame) == len(view.rows) >= 2
    xiang = frame[frame["study"] == "Xiang 2018"].iloc[0]
    assert (xiang["estimate"], xiang["ci_lower"], xiang["ci_upper"]) == (3.9, 1.7, 9.2)  # Abstract: Results
    assert frame["reported_or_derived"].str.match(r"^(reported|derived: )").all()
    assert frame["locator"].str.len().gt(0).all()


def test_the_units_curve_is_in_its_figures_plotted_data_marked_local():
    series = parse_series(
        (Path(__file__).resolve().parents[2] / "local_series" / "synthetic_example_unit.csv").read_bytes(),
        "example.csv",
        patient_vocabulary(EV.vocabulary),
    )
    published = survival_view(EV, DEFAULT, LABELS, method="REML")
    unit = unit_view(series, replace(DEFAULT), published, LABELS, broader_map(EV.vocabulary))
    frame = survival_points(published, unit)
    ours = frame[frame["kind"] == "kaplan_meier"]
    assert len(ours) == len(unit.curve.times)
    assert set(ours["study"]) == {"Our unit (local data, not published, not checked)"}
    at_five = ours[ours["time_years"] <= 5].iloc[-1]
    assert round(at_five["survival"], 4) == 0.7773  # R survfit at 5 years
