"""Issue 14 on the pages, through AppTest: each rule as the page shows it (links as a surgeon would
open them). The view-model tests (tests/views/test_pooling_honesty.py) check the numbers."""

from __future__ import annotations

from tests.support.apptest import run, shown, texts
from tests.support.html_tables import page_tables

SURVIVAL, BOARD, METHODS = "app_pages/survival.py", "app_pages/board.py", "app_pages/methods.py"


def table_with(at, column):
    return next(t for t in page_tables(at) if column in t.columns)


def captions(at) -> str:
    return "\n".join(shown(c.value) for c in at.caption)


def test_treatment_any_titles_the_page_as_mixed_and_pools_operated_cohorts_only():
    at = run(SURVIVAL, params={"treatment": "any"})
    title = at.title[0].value
    assert "after liver surgery" not in title and "not operated" in title
    pooled = table_with(at, "Pooled survival").set_index("Years")
    assert "Du 2015" not in pooled.loc["5", "Studies"] and pooled.loc["5", "Pooled survival"] == "74.3%"
    assert "Du 2015" in set(table_with(at, "1 y")["Study"])  # drawn, as a comparison curve


def test_default_title_says_after_liver_surgery():
    assert run(SURVIVAL).title[0].value == "Overall survival after liver surgery"


def test_disagreeing_dfs_series_are_shown_side_by_side_not_pooled():
    at = run(SURVIVAL, params={"endpoint": "DFS"})
    assert not [t for t in page_tables(at) if "Pooled survival" in t.columns]
    refused = table_with(at, "Why not pooled").iloc[0]
    assert refused["Values (reported)"] == "Cheung 2014 33.3% (n = 12); Spolverato 2017 75.5% (n = 322)"
    assert "the studies disagree" in refused["Why not pooled"]
    assert "Two studies are not pooled when they disagree" in captions(at)


def test_pooled_table_carries_the_prediction_interval():
    pooled = table_with(run(SURVIVAL), "95% prediction interval").set_index("Years")
    assert pooled.loc["10", "95% CI"] == "42.4–54.8%" and pooled.loc["10", "95% prediction interval"] == "28.7–68.6%"


def test_median_not_reached_is_in_the_readout_and_subgroup_only_studies_are_named():
    default = captions(run(SURVIVAL))
    assert "Reported only for subgroups, so not drawn here" in default and "AR vs NAR study" in default
    readout = table_with(run(SURVIVAL, params={"compare": "extent"}), "Median").set_index("Group")
    assert (
        readout.loc["Anatomic resection (AR)", "Median"]
        == "not reached (reported; the study's median follow-up 47.7 months)"
    )
    assert readout.loc["Non-anatomic resection (NAR)", "Median"] == "138.3 months (reported)"


def test_one_reported_point_gives_no_derived_values_and_the_time_origin_warning():
    at = run(SURVIVAL, params={"recurrence_site": "extrahepatic"})
    row = table_with(at, "Median").iloc[0]
    assert row["5 y"] == "— (one reported point)" and row["10 y"] == "0.0% (reported)"
    assert row["How derived"] == "one reported point: no curve, nothing derived"
    assert row["Time counted from"] == "not stated"
    assert "does not say whether survival is counted from the liver operation or from the recurrence" in texts(at)


def test_board_keeps_secondary_labels_and_median_not_reached():
    at = run(BOARD, params={"cytoreduction": "gt70"})
    matching = table_with(at, "Matches the profile on")
    maxwell = matching[matching["Study"].str.startswith("Maxwell 2015")].iloc[0]
    assert "secondary" in maxwell["Study"] and maxwell["Median"] == "not reached (reported; follow-up not stated)"


def test_board_counts_patients_of_one_database_once():
    at = run(BOARD, params={"extrahepatic": "yes"})
    # Xiang 2018 (332) and Mayo SC 2010 (339) share a database: at least 339 of them, at most 671; Gudmundsdottir 2023 adds 546
    assert "885–1217 patients: some of these series may share patients" in texts(at)


def test_methods_page_states_every_rule_in_plain_words():
    shown = texts(run(METHODS))
    for rule in (
        "Only cohorts treated with liver surgery",
        "A line needs two reported points above 0%",
        "Median not reached",
        "Patients counted once",
        "When two studies are not pooled",
        "t(k − 2)",
        "Time origin",
        "SE comes from the comparison's reported p-value",
    ):
        assert rule in shown, rule
