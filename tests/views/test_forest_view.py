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
