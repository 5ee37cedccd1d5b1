"""Filters round-trip through the URL; selection picks the right cohorts across studies."""

from __future__ import annotations

import evidence
from views.filters import DEFAULT, Filters, allowed_values, from_params, to_params
from views.select import broader_map, select_cohorts

EV = evidence.load()
ALLOWED = allowed_values(EV.vocabulary)
STUDIES = set(EV.studies["id"])


def ids(filters: Filters) -> set[str]:
    return set(select_cohorts(EV.cohorts, filters, broader_map(EV.vocabulary))["id"])


def test_url_round_trip_keeps_every_field():
    f = Filters(
        endpoint="DFS",
        extrahepatic="yes",
        margin="r1",
        matched="yes",
        exclude=("mdacc2010",),
        method="DL",
        hksj=True,
        compare="extrahepatic",
    )
    parsed, notices = from_params(to_params(f), ALLOWED, STUDIES)
    assert parsed == f and notices == []


def test_default_view_has_an_empty_url():
    assert to_params(DEFAULT) == {}


def test_bad_parameters_fall_back_with_a_notice():
    parsed, notices = from_params(
        {"extrahepatic": "perhaps", "margin": "R9", "bogus": "1", "exclude": "nobody2020", "hksj": "x"},
        ALLOWED,
        STUDIES,
    )
    assert parsed == DEFAULT
    assert len(notices) == 5
    assert any("extrahepatic=“perhaps” is not one of any, yes, no" in n for n in notices)
    assert any("unknown URL parameter “bogus”" in n for n in notices)


def test_default_selects_whole_unmatched_operated_cohorts_only():
    chosen = ids(DEFAULT)
    assert {
        "xiang2018-all",
        "mdacc2010-all",
        "spolverato2017-all",
        "gudmundsdottir2023-all",
        "hepatogastro2000-resected",
    } <= chosen
    assert not any("ehd" in c or c.endswith("-m") for c in chosen)
    assert "hepatogastro2000-nosurgery" not in chosen  # non-surgical arms only when asked for
    assert "hepatogastro2000-nosurgery" in ids(Filters(treatment="any"))


def test_extrahepatic_filter_selects_the_cohorts_across_studies():
    chosen = ids(Filters(extrahepatic="yes"))
    assert {
        "xiang2018-ehd-yes",
        "ccr_ehd-resection",
    } <= chosen  # two surgical arms: a series' and a registry's resected group
    # further_studies.md §10: of 71 LDT patients 23 had liver resection, so the LDT group (treatment 'any') and its
    # non-surgical remainder (median OS 13 months) are not liver-surgery cohorts (further_corrections.md C1, C2)
    assert {c for c in chosen if c.startswith("ccr_ehd")} == {"ccr_ehd-resection"}
    assert {"ccr_ehd-ldt", "ccr_ehd-nonsurgical-ldt", "ccr_ehd-noldt"} <= ids(
        Filters(extrahepatic="yes", treatment="any")
    )
    assert not chosen & {"xiang2018-ehd-no", "mdacc2010-all", "xiang2018-ehd-yes-m"}
    assert ids(Filters(extrahepatic="yes", matched="yes")) == {"xiang2018-ehd-yes-m"}


def test_default_liver_surgery_filter_never_selects_a_non_surgical_or_mixed_cohort():
    """Regression for further_corrections.md C1/C2: a cohort only partly operated, or not operated, is never
    shown as liver surgery, whatever the subgroup filters."""
    vocabulary = EV.vocabulary[EV.vocabulary["dimension"] == "treatment"]
    surgical = set(vocabulary["value"]) - {"any", "no_surgery", "mixed"}
    assert surgical == {"liver_surgery", "resection"}
    for filters in (
        DEFAULT,
        Filters(extrahepatic="yes"),
        Filters(primary_site="pancreas"),
        Filters(compare="extrahepatic"),
    ):
        chosen = select_cohorts(EV.cohorts, filters, broader_map(EV.vocabulary))
        assert set(chosen["treatment"]) <= surgical, filters
        assert "ccr_ehd-nonsurgical-ldt" not in set(chosen["id"]) and "ccr_ehd-ldt" not in set(chosen["id"])


def test_compare_shows_both_arms():
    chosen = ids(Filters(compare="extrahepatic"))
    assert {"xiang2018-ehd-yes", "xiang2018-ehd-no"} <= chosen
    assert "xiang2018-all" not in chosen


def test_r1_filter_finds_the_broader_r1_or_r2_cohort_and_says_so():
    chosen = select_cohorts(EV.cohorts, Filters(margin="r1"), broader_map(EV.vocabulary))
    assert list(chosen["id"]) == ["mdacc2010-r1r2"]
    assert list(chosen["match"]) == ["broader"]


def test_excluded_study_disappears():
    assert "mdacc2010-all" not in ids(Filters(exclude=("mdacc2010",)))
