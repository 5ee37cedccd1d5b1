"""Figure builders: traces, log axis, labels, markers at the reported points."""

from __future__ import annotations

import math

import pytest

import evidence
from components.evidence_map import evidence_map_figure
from components.forest_plot import forest_figure
from components.palette import OKABE_ITO, study_colours
from components.survival_plot import survival_figure
from views.filters import Filters
from views.forest import forest_view
from views.labels import Labels
from views.survival import survival_view

EV = evidence.load()
LABELS = Labels.from_evidence(EV)
COLOURS = study_colours(EV.studies["id"])


def traces(fig, role):
    return [t for t in fig.data if (t.meta or {}).get("role") == role]


def test_reported_points_are_marked_at_their_values_with_locators():
    fig = survival_figure(survival_view(EV, Filters(), LABELS), COLOURS)
    mdacc = next(t for t in traces(fig, "reported") if t.meta["cohort_id"] == "mdacc2010-all")
    points = dict(zip(mdacc.x, mdacc.y, strict=True))
    assert points[5.0] == pytest.approx(0.774) and points[10.0] == pytest.approx(0.504)
    assert points[9.64] == 0.5  # the median, drawn at S = 0.5
    assert "77.4%" in mdacc.text
    assert all("Results: Survival analysis" in c[3] for c in mdacc.customdata)


def test_curve_passes_through_reported_points_and_stops_at_the_last():
    fig = survival_figure(survival_view(EV, Filters(), LABELS), COLOURS)
    line = next(t for t in traces(fig, "curve") if t.meta["cohort_id"] == "mdacc2010-all")
    assert line.meta["derived"] is True
    assert line.x[0] == 0 and line.y[0] == pytest.approx(1.0)
    assert max(line.x) == pytest.approx(10.0)
    assert all(b <= a + 1e-12 for a, b in zip(line.y, line.y[1:], strict=False))


def test_conflicting_median_is_drawn_open_and_not_used():
    fig = survival_figure(survival_view(EV, Filters(), LABELS), COLOURS)
    mdacc = next(t for t in traces(fig, "reported") if t.meta["cohort_id"] == "mdacc2010-all")
    colours = dict(zip(mdacc.x, mdacc.marker.color, strict=True))
    assert colours[9.64] == "white" and colours[5.0] != "white"


def test_survival_axes_have_titles_with_units():
    fig = survival_figure(survival_view(EV, Filters(), LABELS), COLOURS)
    assert fig.layout.xaxis.title.text == "Years since liver surgery"
    assert "%" in fig.layout.yaxis.title.text


def test_forest_plot_uses_a_log_axis_and_one_row_per_estimate():
    view = forest_view(EV, Filters(analysis="univariable"), LABELS, "primary_site:lung_thymus_vs_other")
    fig = forest_figure(view, COLOURS)
    assert fig.layout.xaxis.type == "log"
    estimates = traces(fig, "estimate")
    assert sorted(t.x[0] for t in estimates) == [5.69, 15.63]
    uv = next(t for t in estimates if t.x[0] == 5.69)
    assert uv.error_x.array[0] == pytest.approx(17.43 - 5.69) and uv.error_x.arrayminus[0] == pytest.approx(5.69 - 1.86)
    assert any("⚑" in label for label in fig.layout.yaxis.ticktext)  # the p-vs-CI flag on the multivariable row


def test_study_colours_are_colour_blind_safe_and_stable():
    colours = study_colours(["b", "a", "c"])
    assert colours == study_colours(["c", "b", "a"])
    assert set(colours.values()) <= set(OKABE_ITO)


def test_evidence_map_counts_reported_values():
    fig = evidence_map_figure(EV, LABELS)
    heat = fig.data[0]
    row = list(heat.y).index(LABELS.study("xiang2018"))
    col = list(heat.x).index("Survival: Overall survival")
    assert heat.z[row][col] == 8
    assert not any(isinstance(v, float) and math.isnan(v) is False and v == 0 for r in heat.z for v in r)
