"""The tumour-board page through AppTest: the profile in the URL drives the page, every profile
value runs, impossible profiles get a notice, presenter view and the link carry over."""

from __future__ import annotations

import pytest

from tests.support.apptest import ALLOWED, plain_texts, run, texts
from views.board import PROFILE_FIELDS

BOARD = "app_pages/board.py"
CASE = {"primary_site": "pancreas", "primary_resected": "yes", "extrahepatic": "no", "ki67": "3to20", "margin": "r1"}


def test_the_board_runs_for_the_example_case_and_shows_the_matching_cohorts():
    at = run(BOARD, params=CASE)
    shown = texts(at)
    assert "69.3% (reported)" in shown and "66.8% (reported)" in shown
    assert "No study reports patients with this combination" in shown
    assert at.session_state["filters"].margin == "r1"
    # the bottom line replaces the four counters: survival.csv reports 69.3% and 66.8% at 10 years for Xiang 2018's
    # intrahepatic-only and primary-resected cohorts, nothing at 5 years; each is defined by one of the 5 entered fields
    said = plain_texts(at)
    assert "Overall survival: 5 years not reported; 10 years 66.8–69.3% reported" in said
    assert "The closest cohorts each match 1 of 5 entered features" in said
    assert not at.metric


@pytest.mark.parametrize(("name", "title"), PROFILE_FIELDS)
def test_every_value_of_every_profile_field_runs(name, title):
    at = run(BOARD)
    for value in ALLOWED[name]:
        at.session_state[f"f_{name}"] = value
        at.run()
        assert not at.exception and not at.error, (name, value)


def test_an_impossible_profile_gets_a_notice_not_an_exception():
    at = run(BOARD, params={"margin": "r0", "treatment": "no_surgery"})
    assert any("no liver surgery is planned" in w.value for w in at.warning)


def test_a_profile_no_cohort_matches_is_said_plainly():
    at = run(BOARD, params={"primary_site": "thyroid"})
    assert "No cohort that matches this profile reports Overall survival" in texts(at)


def test_a_change_of_profile_changes_the_numbers_shown():
    at = run(BOARD, params={"extrahepatic": "no"})
    before = texts(at)
    at.session_state["f_extrahepatic"] = "yes"
    at.run()
    after = texts(at)
    assert "69.3% (reported)" in before and "37.5% (reported)" in after and "69.3% (reported)" not in after


def test_presenter_view_comes_from_the_url_and_is_kept_in_the_link():
    at = run(BOARD, params={**CASE, "presenter": "1"})
    assert at.session_state["filters"].presenter is True
    link = at.code[0].value
    assert "presenter=1" in link and "primary_site=pancreas" in link


def test_an_unknown_profile_value_falls_back_with_a_notice():
    at = run("app_pages/overview.py", params={"margin": "r9", "timing": "later"})
    warnings = " ".join(w.value for w in at.warning)
    assert "margin=“r9”" in warnings and "timing=“later”" in warnings


def test_the_profile_survives_a_switch_to_the_survival_page_and_back():
    at = run(BOARD, params=CASE)
    at.switch_page("app_pages/survival.py").run()
    assert at.session_state["filters"].primary_site == "pancreas"
    at.switch_page(BOARD).run()
    assert at.session_state["filters"].margin == "r1" and at.session_state["filters"].ki67 == "3to20"


def test_the_case_details_for_the_minutes_never_reach_the_link():
    at = run(BOARD, params=CASE, state={"minutes_case": "Board 14, case 3", "minutes_presenter": "Dr A. Example"})
    assert at.text_input(key="minutes_case").value == "Board 14, case 3"
    in_url = " ".join(f"{k}={v}" for k, v in at.query_params.items())
    assert "Board 14" not in in_url and "Example" not in in_url and "minutes" not in in_url
    assert "Board 14" not in next(c.value for c in at.code)  # the share link


def test_the_empty_board_opens_with_one_line_of_guidance_and_no_counters():
    at = run(BOARD)
    assert [i.value for i in at.info][0].startswith("Enter what is known about the patient in the profile above")
    assert not at.metric and "Bottom line" not in texts(at)


def test_a_board_with_only_the_treatment_entered_says_the_tumour_is_still_to_be_described():
    at = run(BOARD, params={"treatment": "resection"})
    guidance = [i.value for i in at.info][0]
    assert guidance.startswith("Only the planned liver treatment is entered")
    assert "No profile field is filled in" not in texts(at)
