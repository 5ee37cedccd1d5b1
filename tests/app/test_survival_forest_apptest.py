"""Survival and Forest pages through AppTest: published reviews appear beside our pooled values,
the secondary-only toggle changes the pool, and the subgroup selector answers in plain words.
Widgets are driven by key (the design notes: the sidebar may come back empty after a rerun)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from components.widgets.reviews import OTHER_REVIEWS_OPEN, OVERLAP_OPEN
from tests.support.apptest import run as run_page
from tests.support.apptest import shown
from tests.support.html_tables import page_tables

SURVIVAL, FOREST = "app_pages/survival.py", "app_pages/forest.py"


def run(page: str, state: dict | None = None, params: dict | None = None) -> AppTest:
    at = run_page(page, params, state)
    assert not at.error, [e.value for e in at.error]
    return at


def tables(at: AppTest) -> list:
    return page_tables(at) + [d.value for d in at.dataframe]


def pooled_table(at: AppTest):
    return next(t for t in tables(at) if "Pooled survival" in t.columns)


def text(at: AppTest) -> str:
    parts = (
        [e.value for e in at.markdown]
        + [e.value for e in at.caption]
        + [e.value for e in at.info]
        + [e.value for e in at.warning]
    )
    parts += [e.label for e in at.expander] + [e.value for e in at.header]
    parts += [t.to_csv() for t in tables(at)]
    return "\n".join(shown(p) for p in parts)


def test_survival_shows_reviews_beside_the_pooled_values():
    at = run(SURVIVAL)
    reviews = next(t for t in tables(at) if "Published review (not re-pooled)" in t.columns)
    saxena5 = reviews[
        (reviews["Time"] == "5 years") & reviews["Published review (not re-pooled)"].str.startswith("Saxena 2012")
    ].iloc[0]
    assert saxena5["Review's number"].startswith("70.5% (range 31–100%)")  # reviews.csv saxena2012-os5
    assert "not a pooled estimate" in saxena5["Review's number"] and saxena5["Review size"].startswith("29 studies")
    pooled = pooled_table(at)
    assert saxena5["Our pooled (derived)"].startswith(pooled.loc[pooled["Years"] == "5", "Pooled survival"].iloc[0])
    assert "Published reviews beside our pooled values (not re-pooled)" in text(at)
    assert "Which of our studies each review could contain" in text(at)
    at.session_state[OVERLAP_OPEN] = True
    at.run()
    overlap = next(t for t in tables(at) if "Our study" in t.columns)  # opened: one row per study of ours
    assert "MD Anderson 2010 †" in set(overlap["Our study"])
    assert any(col.startswith("Saxena 2012") for col in overlap.columns)


def test_secondary_toggle_changes_the_pooled_k():
    default = pooled_table(run(SURVIVAL)).set_index("Years")
    included_at = run(SURVIVAL, state={"f_secondary": True})
    included = pooled_table(included_at).set_index("Years")
    # 5 y: Sarmiento 2003, Chamber 2008, Boudreaux 2014 (secondary_only) report it, and Sarmiento (Mayo) shares an
    # institution with the pooled HPB 2013 RFA series, so it stays out and is named; 10 y: Boudreaux 2014 only
    assert int(included.loc["5", "Studies (k)"]) == int(default.loc["5", "Studies (k)"]) + 2
    assert int(included.loc["10", "Studies (k)"]) == int(default.loc["10", "Studies (k)"]) + 1
    assert (
        default.loc["5", "Secondary-only studies"] == "3 left out"
        and included.loc["5", "Secondary-only studies"] == "2 included"
    )
    assert "Sarmiento 2003 (secondary) left out of the pool: it shares a database or institution with HPB 2013" in text(
        included_at
    )
    assert any("include secondary-only studies" in w.value for w in included_at.warning)


def test_subgroup_filter_folds_the_reviews_away_from_the_subgroup():
    at = run(SURVIVAL, state={"f_extrahepatic": "no"})
    assert any("not this subgroup" in e.label for e in at.expander)
    assert "Published reviews beside our pooled values" not in text(at)


@pytest.mark.parametrize("endpoint", ["OS", "PFS", "RFS", "DSS"])
def test_both_pages_run_for_each_endpoint(endpoint):
    for page in (SURVIVAL, FOREST):
        run(page, state={"f_endpoint": endpoint})


def test_forest_lists_the_reviews_ratios_apart_and_unlinked():
    at = run(FOREST, state={"f_factor": "extrahepatic:yes_vs_no"})
    label = next(e.label for e in at.expander if e.label.startswith("Published meta-analyses for Overall survival"))
    assert "not re-pooled" in label
    assert "Review (not re-pooled)" not in text(at)  # folded: drawn only when opened
    at.session_state[OTHER_REVIEWS_OPEN] = True
    at.run()
    reviews = next(t for t in tables(at) if "Review (not re-pooled)" in t.columns)
    bacchetti = reviews[reviews["What it reports"] == "Hepatic resection vs embolisation"].iloc[0]
    assert bacchetti["Value as printed"] == "0.34 (95% CI 0.21–0.55)"  # reviews.csv bacchetti2013-embolisation
    assert "no column linking a result to a factor" in text(at)


def test_forest_says_plainly_when_no_split_can_be_tested():
    at = run(FOREST, state={"f_factor": "extrahepatic:yes_vs_no"})
    assert "there is no subgroup difference to test" in text(at)
    assert not [s for s in at.selectbox if s.label == "Compare subgroups by"]


def test_forest_subgroup_selector_explains_a_dependent_split():
    factor = "interval_to_liver_metastases:per_year"
    at = run(FOREST, state={"f_factor": factor})
    selector = next(s for s in at.selectbox if s.label == "Compare subgroups by")
    # MD Anderson gives uv and mv HRs
    assert selector.options == [
        "No subgroup comparison",
        "Analysis (univariable / multivariable)",
    ]
    at = run(FOREST, state={"f_factor": factor, "f_subgroup_by": "analysis"})
    assert "The subgroups share patients" in text(at)


def test_comparing_groups_folds_the_reviews_and_says_why_nothing_is_pooled():
    at = run(SURVIVAL, state={"f_compare": "primary_resected"})
    assert any("not this subgroup" in e.label for e in at.expander)
    reviews = next(t for t in tables(at) if "Published review (not re-pooled)" in t.columns)
    assert set(reviews["Our pooled (derived)"]) <= {"not pooled while comparing groups", "medians are not pooled"}


def test_the_link_carries_the_secondary_pool_and_the_subgroup_split():
    # both used to be page-local: a copied link lost them
    pooled = pooled_table(run(SURVIVAL, params={"secondary": "1"})).set_index("Years")
    assert pooled.loc["5", "Secondary-only studies"] == "2 included"
    factor = "interval_to_liver_metastases:per_year"
    at = run(FOREST, params={"factor": factor, "subgroup_by": "analysis"})
    assert next(s for s in at.selectbox if s.label == "Compare subgroups by").value == "analysis"
    assert "The subgroups share patients" in text(at)


def test_a_subgroup_split_the_estimates_do_not_have_falls_back_with_a_notice():
    at = run(FOREST, params={"factor": "interval_to_liver_metastases:per_year", "subgroup_by": "nonsense"})
    assert any("No subgroup split “nonsense”" in shown(i.value) for i in at.info)
    assert next(s for s in at.selectbox if s.label == "Compare subgroups by").value == ""


def test_page_local_choices_survive_reruns_and_visits_to_other_pages():
    # Each page draws only its own widgets; the others' values must outlive runs that do not draw them.
    at = run(
        FOREST, state={"f_factor": "interval_to_liver_metastases:per_year", "f_analysis": "univariable", "f_hksj": True}
    )
    at.switch_page(SURVIVAL).run()
    at.session_state["f_compare"] = "primary_resected"
    at.run()
    at.session_state["f_extrahepatic"] = "no"  # a sidebar change: a rerun that draws neither Forest widget
    at.run()
    at.switch_page("app_pages/evidence_table.py").run()
    at.run()
    at.switch_page(FOREST).run()
    kept = at.session_state["filters"]
    assert (kept.factor, kept.analysis, kept.hksj) == ("interval_to_liver_metastases:per_year", "univariable", True)
    assert (kept.compare, kept.extrahepatic) == ("primary_resected", "no")
    assert (
        next(s for s in at.selectbox if s.label == "Open a factor's forest plot").value
        == "interval_to_liver_metastases:per_year"
    )
    at.switch_page(SURVIVAL).run()
    assert next(s for s in at.selectbox if s.label == "Compare groups by").value == "primary_resected"


@pytest.mark.parametrize(("page", "key"), [(SURVIVAL, "survival_words_open"), (FOREST, "forest_words_open")])
def test_the_figure_in_words_opens_on_demand_and_says_what_the_alt_text_says(page, key):
    at = run(page)
    alt = at.get("plotly_chart")[0].proto.alt
    assert alt and alt not in [shown(m.value) for m in at.markdown]  # closed: not drawn
    at.session_state[key] = True
    at.run()
    assert alt in [shown(m.value) for m in at.markdown]


def test_the_forest_page_opens_on_the_summary_of_every_factor_and_keeps_the_pooling_options_folded():
    at = run(FOREST)
    assert [h.value for h in at.header][:2] == ["Every reported factor at a glance", "One factor in detail"]
    summary = next(t for t in tables(at) if "Direction of the level" in t.columns)
    assert "Extrahepatic disease" in set(summary["Factor"])
    options = next(e for e in at.expander if e.label.startswith("Analysis options"))
    assert [s.label for s in options.selectbox] == ["Between-study variance (τ²) estimator"]


def test_forest_says_so_when_the_studies_left_out_were_the_only_ones_reporting_the_endpoint():
    # effects.csv: Elias 2003 is the only study with a disease-free survival estimate
    at = run(FOREST, params={"endpoint": "DFS", "exclude": "elias2003"})
    assert "Every estimate for disease-free survival comes from a study left out" in text(at)


def test_the_forest_summary_says_when_an_estimate_comes_from_a_cohort_not_all_operated():
    at = run(FOREST)
    summary = next(t for t in tables(at) if "Direction of the level" in t.columns)
    # cohorts.csv du2015-all: treatment 'mixed'; effects du2015-pancreas-uv belongs to it
    du = summary[summary["Study"] == "Du 2015"]
    assert not du.empty and du["Population"].str.contains("only partly treated with liver surgery").all()
    xiang = summary[(summary["Study"] == "Xiang 2018") & (summary["Factor"] == "Extrahepatic disease")]
    assert (xiang["Population"] == "whole cohort after liver surgery").any()
