"""Forest page numbers a statistician would check: leave-one-out on the hazard-ratio scale."""

from __future__ import annotations

import math

from tests.support.synthetic import EV, FACTOR, evidence_with, hazard_ratio
from views.filters import Filters
from views.forest import describe_forest, forest_view, leave_one_out_rows
from views.labels import Labels

LABELS = Labels.from_evidence(EV)


def test_leave_one_out_is_shown_as_hazard_ratios():
    # equal SEs 0.2, fixed effect: leaving one out gives the plain mean of the other two log HRs
    ev = evidence_with(
        [hazard_ratio("mdacc2010", 0.2, 0.2), hazard_ratio("mayo2010", 0.4, 0.2), hazard_ratio("elias2003", 0.6, 0.2)]
    )
    rows = {r["Study left out"]: r for r in leave_one_out_rows(forest_view(ev, Filters(method="FE"), LABELS, FACTOR))}
    without_mdacc = rows["MD Anderson 2010 †"]["Pooled HR of the others (95% CI), derived"]
    half_width = 1.959964 * 0.2 / math.sqrt(2)
    assert without_mdacc == f"{math.exp(0.5):.2f} ({math.exp(0.5 - half_width):.2f}–{math.exp(0.5 + half_width):.2f})"
    assert rows["Elias 2003"]["Pooled HR of the others (95% CI), derived"].startswith(f"{math.exp(0.3):.2f} ")


def test_the_figure_in_words_gives_each_estimate_and_the_derived_pool():
    # equal SEs, fixed effect: the pooled log HR is the plain mean 0.4
    ev = evidence_with(
        [hazard_ratio("mdacc2010", 0.2, 0.2), hazard_ratio("mayo2010", 0.4, 0.2), hazard_ratio("elias2003", 0.6, 0.2)]
    )
    words = describe_forest(forest_view(ev, Filters(method="FE"), LABELS, FACTOR))
    assert "Elias 2003, multivariable, reported HR and CI" in words and f": {math.exp(0.6):g} (" in words
    assert f"Pooled (derived): {math.exp(0.4):.2f}" in words and "3 estimates" in words


def test_the_factor_summary_lists_each_factor_and_study_adjusted_first_with_its_direction():
    from views.forest import factor_summary

    summary = factor_summary(EV, "OS", LABELS)
    ehd = summary[summary["Factor"] == "Extrahepatic disease"]
    # effects.csv xiang2018-hr-ehd-mv: HR 3.9 (1.7–9.2), multivariable, direction worse
    xiang = ehd[ehd["Study"] == "Xiang 2018"].iloc[0]
    assert xiang["Estimate as printed"] == "HR 3.9 (95% CI 1.7–9.2)" and xiang["Direction of the level"] == "worse"
    for _, rows in summary.groupby("Factor", sort=False):
        analyses = list(rows["Analysis"])
        assert analyses == sorted(analyses, key=lambda a: not a.startswith("adjusted"))
    assert len(summary) == len(EV.effects[EV.effects["endpoint"] == "OS"])  # one row per estimate: none dropped
