"""Figure builders: traces, log axis, labels, markers at the reported points."""

from __future__ import annotations

import math
import re

import pytest

import evidence
from components.figures.evidence_map import evidence_map_figure
from components.figures.forest import forest_figure
from components.figures.palette import OKABE_ITO, study_colours
from components.figures.survival import survival_figure
from tests.support.synthetic import FACTOR, evidence_with, hazard_ratio
from views.filters import DEFAULT, Filters
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
    # a spline through monotone points can overshoot and draw survival that rises; straight segments cannot
    assert all(t.line.shape in (None, "linear") for t in traces(fig, "curve"))


def test_conflicting_median_is_drawn_open_and_not_used():
    fig = survival_figure(survival_view(EV, Filters(), LABELS), COLOURS)
    mdacc = next(t for t in traces(fig, "reported") if t.meta["cohort_id"] == "mdacc2010-all")
    colours = dict(zip(mdacc.x, mdacc.marker.color, strict=True))
    assert colours[9.64] == "white" and colours[5.0] != "white"


def test_survival_axes_have_titles_with_units():
    fig = survival_figure(survival_view(EV, Filters(), LABELS), COLOURS)
    # most sources do not state their time origin (survival.csv time_origin): the axis does not claim one for them
    assert fig.layout.xaxis.title.text.startswith("Years from liver surgery (or as the source counts")
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
    assert set(colours.values()) <= set(OKABE_ITO) | {"#332288", "#882255"}


def test_eight_studies_take_eight_colours_none_pale_yellow_none_the_pooled_black():
    colours = study_colours([f"s{i}" for i in range(8)])
    assert len(set(colours.values())) == 8
    assert "#F0E442" not in colours.values() and "#000000" not in colours.values()


def test_evidence_map_counts_reported_values():
    fig = evidence_map_figure(EV, LABELS)
    heat = fig.data[0]
    row = list(heat.y).index(LABELS.study("xiang2018"))
    col = list(heat.x).index("Overall survival")
    assert heat.z[row][col] == 8  # survival.csv: Xiang 2018 reports eight OS values
    # every column is named (Plotly would skip every other label of a crowded axis), survival columns first
    assert list(fig.layout.xaxis.tickvals) == list(heat.x) and fig.layout.xaxis.tickangle == -90
    assert list(heat.x).index("Overall survival") < list(heat.x).index("Age")
    assert not any(isinstance(v, float) and math.isnan(v) is False and v == 0 for r in heat.z for v in r)


def test_secondary_only_curves_are_thinner_paler_and_hollow():
    fig = survival_figure(survival_view(EV, Filters(), LABELS), COLOURS)
    lines = {t.meta["study_id"]: t for t in traces(fig, "curve")}
    # studies.csv evidence_level secondary_only / full_text
    secondary, primary = (lines["boudreaux2014"], lines["mdacc2010"])
    assert secondary.meta["secondary"] and not primary.meta["secondary"]
    assert secondary.line.width < primary.line.width and secondary.opacity < 1 == primary.opacity
    assert "secondary source" in secondary.name and "secondary source" in secondary.hovertemplate
    points = next(t for t in traces(fig, "reported") if t.meta["cohort_id"] == "boudreaux2014-all")
    # hollow: 87% at 5 y and 77% at 10 y, both reported by a secondary source
    assert set(points.marker.color) == {"white"}
    assert all("secondary source" in c[2] for c in points.customdata)
    assert not [t for t in traces(fig, "band") if t.meta["cohort_id"] == "boudreaux2014-all"]


def test_pooled_marker_says_when_secondary_studies_are_in_it():
    default = traces(survival_figure(survival_view(EV, Filters(), LABELS), COLOURS), "pooled")[0]
    included = traces(survival_figure(survival_view(EV, Filters(), LABELS, include_secondary=True), COLOURS), "pooled")[
        0
    ]
    assert "secondary" not in default.name and "includes secondary-only studies" in included.name
    # 3 secondary at 5 y, one of them (Sarmiento, Mayo) sharing an institution with a pooled primary series; 1 at 10 y
    assert [k + extra for k, extra in zip(default.meta["k"], (2, 1), strict=True)] == included.meta["k"]


def test_forest_review_block_sits_below_the_pool_with_hollow_diamonds():
    ev = evidence_with(
        [hazard_ratio("mdacc2010", 0.2, 0.2), hazard_ratio("mayo2010", 0.6, 0.3)],
        review_columns={"comparison_key": {"bacchetti2013-embolisation": FACTOR}},
    )
    fig = forest_figure(forest_view(ev, Filters(), LABELS, FACTOR), COLOURS)
    review = traces(fig, "review")
    assert len(review) == 1 and review[0].marker.symbol == "diamond-open"
    assert review[0].x[0] == pytest.approx(0.34)  # reviews.csv bacchetti2013-embolisation: HR 0.34 (0.21–0.55)
    assert review[0].error_x.array[0] == pytest.approx(0.55 - 0.34) and review[0].error_x.arrayminus[
        0
    ] == pytest.approx(0.34 - 0.21)
    pool_y = min(traces(fig, "pooled")[0].y)
    assert max(review[0].y) < pool_y < min(min(t.y) for t in traces(fig, "estimate"))
    ticks = dict(zip(fig.layout.yaxis.ticktext, fig.layout.yaxis.tickvals, strict=True))
    heading = next(v for label, v in ticks.items() if "not re-pooled" in label)
    assert review[0].y[0] < heading < pool_y + 0.3
    assert "not re-pooled" in review[0].hovertemplate


def test_forest_rows_of_secondary_studies_say_so():
    ev = evidence_with([hazard_ratio("mdacc2010", 0.2, 0.2), hazard_ratio("sarmiento2003", 0.6, 0.3)])
    fig = forest_figure(forest_view(ev, Filters(), LABELS, FACTOR), COLOURS)
    sarmiento = next(t for t in traces(fig, "estimate") if t.meta["secondary"])
    assert sarmiento.marker.symbol == "square-open" and not sarmiento.meta["pooled"]
    assert any("secondary source" in label for label in fig.layout.yaxis.ticktext)


def test_many_curves_get_a_taller_figure_not_a_squeezed_plot():
    few_view, many_view = survival_view(EV, Filters(endpoint="DFS"), LABELS), survival_view(EV, Filters(), LABELS)
    entries = [len(v.curves) + len(v.contrast) for v in (few_view, many_view)]
    assert entries[1] - entries[0] >= 8
    few, many = survival_figure(few_view, COLOURS), survival_figure(many_view, COLOURS)
    # each extra legend row adds height, so the plotting area above the legend stays the same
    assert many.layout.height - few.layout.height >= 20 * (entries[1] - entries[0])


@pytest.mark.parametrize("presenter", [False, True])
def test_axis_text_is_near_black_and_not_smaller_than_the_legend(presenter):
    # Streamlit's chart theme would grey the axis numbers and set them at 12 px unless the figure says otherwise
    survival = survival_figure(survival_view(EV, Filters(), LABELS), COLOURS, presenter=presenter)
    forest = forest_figure(forest_view(EV, Filters(), LABELS, ""), COLOURS, presenter=presenter)
    for fig in (survival, forest):
        for axis in (fig.layout.xaxis, fig.layout.yaxis):
            assert axis.tickfont.color == "#222222" and axis.tickfont.size >= 12 + (5 if presenter else 0)


def test_drawn_line_passes_exactly_through_every_reported_landmark():
    # the line is straight segments between computed times: a reported time must be one of them,
    # or the line would cut the corner and miss the marker
    fig = survival_figure(survival_view(EV, Filters(), LABELS), COLOURS)
    for line in traces(fig, "curve"):
        marks = next(t for t in traces(fig, "reported") if t.meta["cohort_id"] == line.meta["cohort_id"])
        drawn = dict(zip(line.x, line.y, strict=True))
        for x, y, used in zip(marks.x, marks.y, [c != "white" for c in marks.marker.color], strict=True):
            if used and y != 0.5:  # landmarks (a median is a time at S = 0.5, checked by the stats tests)
                assert drawn[x] == pytest.approx(y, abs=1e-9), (line.meta["cohort_id"], x)


# --- issue 14: what the figure must not claim ---------------------------------------------------


def test_lines_between_reported_points_are_dashed_and_a_single_point_gets_none():
    fig = survival_figure(survival_view(EV, Filters(), LABELS), COLOURS)
    assert {t.line.dash for t in traces(fig, "curve")} <= {"dash", "longdash", "dashdot", "longdashdot"}
    lines = {t.meta["cohort_id"] for t in traces(fig, "curve")}
    # Gudmundsdottir 2023 (a median only) and Sarmiento 2003 (5-y only): markers, no line; their marker trace is in the legend
    assert not {"gudmundsdottir2023-all", "sarmiento2003-all"} & lines
    alone = next(t for t in traces(fig, "reported") if t.meta["cohort_id"] == "gudmundsdottir2023-all")
    assert alone.showlegend and list(alone.x) == [pytest.approx(10.1667)]


def test_median_not_reached_is_a_marker_at_the_follow_up_or_a_legend_entry():
    by_extent = survival_figure(survival_view(EV, Filters(compare="extent"), LABELS), COLOURS)
    ar = next(t for t in traces(by_extent, "not_reached") if t.meta["cohort_id"] == "arnar2018-ar")
    # a bar from 50% up at the study's median follow-up (47.7 months): survival stayed above 50%, never a point at 50%
    assert list(ar.x) == [pytest.approx(47.7 / 12)] * 2 and list(ar.y) == [0.5, 1.0]
    assert ar.marker.symbol[0] == "triangle-up" and "median not reached" in ar.text[0] and ar.showlegend
    assert not [t for t in traces(by_extent, "reported") if t.meta["cohort_id"] == "arnar2018-ar"]
    debulking = survival_figure(survival_view(EV, Filters(cytoreduction="gt70"), LABELS), COLOURS)
    maxwell = next(t for t in traces(debulking, "not_reached_unplaced") if t.meta["cohort_id"] == "maxwell2015-gt70")
    assert "median not reached (follow-up not stated)" in maxwell.name and maxwell.showlegend


def test_pooled_values_show_their_prediction_interval_in_hover_and_as_a_line():
    view = survival_view(EV, Filters(), LABELS)
    fig = survival_figure(view, COLOURS)
    pi = traces(fig, "prediction_interval")[0]
    ten = next(p for p in view.pooled if p.time_years == 10)
    assert (ten.pi_lower, ten.pi_upper) == (pi.y[3], pi.y[4])  # second segment: 10 years
    pooled = traces(fig, "pooled")[0]
    assert any("95% prediction interval 28.7–68.6%" in c[1] for c in pooled.customdata)


def test_a_refused_pool_is_said_on_the_figure():
    fig = survival_figure(survival_view(EV, Filters(endpoint="DFS"), LABELS), COLOURS)
    assert not traces(fig, "pooled")
    assert [a.text for a in fig.layout.annotations if a.name == "not_pooled_label"] == [
        "not pooled: the studies disagree"
    ]


def test_two_cohorts_of_one_study_get_two_colours_and_their_labels_do_not_overprint():
    import dataclasses

    from components.figures.board import board_survival_figure
    from views.board import board_view
    from views.filters import DEFAULT

    # Xiang 2018's intrahepatic-only (69.3%) and primary-resected (66.8%) cohorts both report 10-year survival
    profile = dataclasses.replace(DEFAULT, primary_site="pancreas", primary_resected="yes", extrahepatic="no")
    fig = board_survival_figure(board_view(EV, profile, LABELS).survival, study_colours(EV.studies["id"]))
    labelled = [t for t in fig.data if "text" in (t.mode or "")]
    assert {t.text[0] for t in labelled} == {"69.3%", "66.8%"}
    assert len({t.marker.line.color for t in labelled}) == 2
    position = {t.text[0]: t.textposition[0] for t in labelled}
    assert position["69.3%"].startswith("top") and position["66.8%"].startswith("bottom")


def test_three_labels_at_one_time_take_three_places():
    import plotly.graph_objects as go

    from components.figures.survival import separate_labels

    fig = go.Figure(
        [
            go.Scatter(x=[10], y=[y], mode="markers+text", text=[f"{y:.0%}"], textposition=["top right"])
            for y in (0.52, 0.50, 0.48)
        ]
    )
    separate_labels(fig, gap=0.06)
    assert len({t.textposition[0] for t in fig.data}) == 3


def test_forest_rows_and_curves_carry_their_risk_of_bias_letters_and_words():
    from views.risk_of_bias import judgements

    risk = judgements(EV)
    forest = forest_figure(forest_view(EV, DEFAULT, LABELS, "extrahepatic:yes_vs_no"), COLOURS, risk=risk)
    xiang = next(t for t in forest.layout.yaxis.ticktext if t.startswith("Xiang 2018"))
    # Xiang 2018: participation, attrition and factor measurement moderate; outcome, confounding, analysis low
    assert re.sub(r"<[^>]+>", "", xiang).endswith(" MMMLLL")
    hover = next(t for t in forest.data if (t.meta or {}).get("effect_id", "").startswith("xiang2018-")).customdata[0]
    assert hover[-1] == (
        "Risk of bias (QUIPS): participation moderate · attrition moderate · factor measurement moderate · "
        "outcome measurement low · confounding low · analysis and reporting low"
    )
    curves = survival_figure(survival_view(EV, DEFAULT, LABELS), COLOURS, risk=risk)
    names = [re.sub(r"<[^>]+>", "", t.name or "") for t in curves.data]
    # one reported point, no line: the legend entry is the point's; confounding high (unadjusted comparison)
    assert "Hepatogastroenterology 2000 (authors not stated): Liver resection (n = 19) MMMMHM" in names
