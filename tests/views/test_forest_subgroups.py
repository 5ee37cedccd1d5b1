"""The Forest page's subgroup-difference test (issue 4): which splits the data support, the
per-subgroup pools and Q between them, checked by hand, and plain words when no test is valid.

The shipped effects have no factor with two poolable estimates, so the arithmetic is checked on
test rows (tests/views/synthetic.py) attached to real studies, whose `centres` column in
studies.csv gives the split: mdacc2010, gudmundsdottir2023, elias2003 single; xiang2018, du2015 multi (two studies
that share no database: xiang2018 and mayo2010 would, and only one of them would be pooled)."""

from __future__ import annotations

import math

import pytest
from scipy import stats as sp

from stats.meta import subgroup_analysis
from tests.support.synthetic import EV, FACTOR, evidence_with, hazard_ratio
from views.filters import Filters
from views.forest import forest_view, subgroup_rows
from views.labels import Labels

LABELS = Labels.from_evidence(EV)
SINGLE = [("mdacc2010", 0.2, 0.2), ("gudmundsdottir2023", 0.4, 0.2), ("elias2003", 0.6, 0.2)]
MULTI = [("xiang2018", 0.9, 0.1), ("du2015", 1.1, 0.2)]
SPLIT = evidence_with([hazard_ratio(*row) for row in SINGLE + MULTI])


def test_fixed_effect_subgroups_and_q_between_by_hand():
    test = forest_view(SPLIT, Filters(method="FE"), LABELS, FACTOR, subgroup_by="centres").subgroups
    groups = {g.group: g for g in test.groups}
    # single: equal SEs 0.2, mean log HR (0.2 + 0.4 + 0.6)/3 = 0.4, SE 0.2/√3, weight 75
    # multi: weights 100 and 25, mean (100·0.9 + 25·1.1)/125 = 0.94, SE 1/√125, weight 125
    assert math.log(groups["single"].hr) == pytest.approx(0.4)
    assert math.log(groups["multi"].hr) == pytest.approx(0.94)
    assert math.log(groups["multi"].ci_upper) == pytest.approx(0.94 + 1.959964 / math.sqrt(125), abs=1e-6)
    # overall mean (75·0.4 + 125·0.94)/200 = 0.7375; Q = 75·0.3375² + 125·0.2025² = 13.66875
    assert test.statistic == pytest.approx(13.66875)
    assert test.df == 1 and test.distribution == "chi2"
    assert test.p == pytest.approx(sp.chi2.sf(13.66875, 1))
    # cohorts.csv n of xiang2018-all and du2015-all
    assert groups["single"].k == 3 and groups["multi"].patients == 332 + 36
    assert "derived" in test.text and "Q between subgroups = 13.67 on 1 df" in test.text


def test_random_effects_subgroups_match_stats_with_the_same_inputs():
    test = forest_view(SPLIT, Filters(method="REML"), LABELS, FACTOR, subgroup_by="centres").subgroups
    rows = SINGLE + MULTI
    direct = subgroup_analysis(
        [y for _, y, _ in rows], [se**2 for _, _, se in rows], ["single"] * 3 + ["multi"] * 2, method="REML"
    )
    assert test.statistic == pytest.approx(direct.statistic, rel=1e-6)  # only the CI → SE round trip differs
    assert math.log(next(g.hr for g in test.groups if g.group == "single")) == pytest.approx(
        direct.groups["single"].estimate, rel=1e-6
    )
    table = subgroup_rows(test)
    assert [r["Subgroup"] for r in table] == ["single", "multi"] and "Pooled HR (95% CI), derived" in table[0]


def test_selector_offers_only_splits_with_two_subgroups():
    options = dict(forest_view(SPLIT, Filters(), LABELS, FACTOR).subgroup_options)
    assert "centres" in options and "evidence_level" in options  # mdacc2010 full_text, the rest abstracts
    assert "analysis" not in options  # every test row is multivariable
    assert "primary_site" not in options  # every cohort is 'all': no subgroup to compare
    assert "treatment" not in options  # resection lies within liver surgery: nested values are no split


def test_a_split_with_a_missing_value_leaves_the_estimate_out_and_says_so():
    test = forest_view(SPLIT, Filters(), LABELS, FACTOR, subgroup_by="country").subgroups
    # country: mdacc2010 USA, elias2003 France, du2015 China, the others not stated
    assert {g.group for g in test.groups} == {"USA", "France", "China"}
    assert len(test.left_out) == 2


def test_univariable_and_multivariable_from_one_cohort_are_not_tested():
    # effects.csv: mdacc2010-hr-interval-uv 1.11 (1.04–1.18) and -mv 1.11 (1.02–1.20), both in mdacc2010-all
    view = forest_view(EV, Filters(), LABELS, "interval_to_liver_metastases:per_year", subgroup_by="analysis")
    assert "analysis" in dict(view.subgroup_options)
    assert not view.subgroups.tested and "share patients" in view.subgroups.message


def test_no_split_when_a_factor_has_one_weightable_estimate():
    # Mayo 2010 gives no CI: only Xiang 2018 can be weighted
    view = forest_view(EV, Filters(), LABELS, "extrahepatic:yes_vs_no")
    assert view.subgroup_options == ()


def test_two_estimates_from_one_database_are_not_pooled_together():
    # xiang2018 (332) and mayo2010 (339) draw on one international database (studies.csv overlap_group)
    view = forest_view(
        evidence_with(
            [
                hazard_ratio("xiang2018", 0.9, 0.1),
                hazard_ratio("mayo2010", 1.1, 0.2),
                hazard_ratio("mdacc2010", 0.9, 0.2),
            ]
        ),
        Filters(),
        LABELS,
        FACTOR,
    )
    xiang = next(r for r in view.rows if r.study_id == "xiang2018")
    assert not xiang.pooled and "shares a database or institution with Mayo SC 2010" in xiang.why_not_pooled
    assert view.pooled.k == 2


def test_two_estimates_that_disagree_are_not_pooled_and_the_view_says_why():
    # log HRs 0 and 1.5 with SE 0.2: 95% CIs −0.39–0.39 and 1.11–1.89 do not overlap
    view = forest_view(
        evidence_with([hazard_ratio("mdacc2010", 0.0, 0.2), hazard_ratio("elias2003", 1.5, 0.2)]),
        Filters(),
        LABELS,
        FACTOR,
    )
    assert view.pooled is None and view.prediction is None
    assert "do not overlap" in view.not_pooled and any("disagree" in n for n in view.notices)


def test_pooled_hazard_ratio_carries_a_t_k_minus_2_prediction_interval():
    view = forest_view(SPLIT, Filters(), LABELS, FACTOR)
    # r <- rma(yi=c(.2,.4,.6,.9,1.1), sei=c(.2,.2,.2,.1,.2), method="REML", control=list(threshold=1e-12))
    # r$b ± qt(.975, 3)*sqrt(r$se^2 + r$tau2)  ->  -0.455126901426, 1.76304415715
    # CI→SE round trip
    assert (view.prediction.lower, view.prediction.upper) == pytest.approx((-0.455126901426, 1.76304415715), abs=1e-6)
    assert view.prediction.df == 3


def test_a_subgroup_split_keeps_one_estimate_per_database_and_never_pools_two_that_disagree():
    # by centres: xiang2018 and mayo2010 (one database) both 'multi'; mdacc2010 and elias2003 'single' disagree
    ev = evidence_with(
        [
            hazard_ratio("xiang2018", 0.9, 0.1),
            hazard_ratio("mayo2010", 1.1, 0.2),
            hazard_ratio("du2015", 1.0, 0.2),
            hazard_ratio("mdacc2010", 0.0, 0.2),
            hazard_ratio("elias2003", 1.5, 0.2),
            hazard_ratio("gudmundsdottir2023", 0.1, 0.2),
        ]
    )
    view = forest_view(ev, Filters(), LABELS, FACTOR, subgroup_by="centres")
    xiang = next(r for r in view.rows if r.study_id == "xiang2018")
    assert not xiang.pooled and "shares a database" in xiang.why_not_pooled
    multi = next(g for g in view.subgroups.groups if g.group == "multi")
    assert set(multi.studies) == {"Mayo SC 2010, international database †", "Du 2015"}


def test_a_subgroup_of_two_that_disagree_is_not_pooled():
    ev = evidence_with(
        [
            hazard_ratio("mdacc2010", 0.0, 0.2),
            hazard_ratio("elias2003", 1.5, 0.2),
            hazard_ratio("xiang2018", 0.9, 0.1),
            hazard_ratio("du2015", 1.1, 0.2),
            hazard_ratio("jnets2021", 1.0, 0.2),
        ]
    )
    test = forest_view(ev, Filters(), LABELS, FACTOR, subgroup_by="centres").subgroups
    assert not test.tested and any("Subgroup 'single' not pooled: its two studies disagree" in n for n in test.notes)


def test_studies_of_one_database_in_two_subgroups_share_patients():
    # analysis split: Xiang 2018 multivariable, Mayo SC 2010 univariable (one database), two other pairs
    ev = evidence_with(
        [
            hazard_ratio("xiang2018", 0.9, 0.1),
            hazard_ratio("mayo2010", 1.1, 0.2, analysis="univariable"),
            hazard_ratio("du2015", 1.0, 0.2),
            hazard_ratio("elias2003", 0.8, 0.2, analysis="univariable"),
        ]
    )
    test = forest_view(ev, Filters(), LABELS, FACTOR, subgroup_by="analysis").subgroups
    assert not test.tested and "share patients" in test.message and "Xiang 2018 and Mayo SC 2010" in test.message
