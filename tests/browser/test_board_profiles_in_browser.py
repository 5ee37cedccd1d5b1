"""Issue 15 in a real browser: a G3 pancreatic profile entered by clicks puts the grade sentence first and says which
way grade points for this patient; the functional debulking board is not empty and shows symptom control."""

from __future__ import annotations

import pytest

from tests.support.browser import screenshot, wait_for_app

pytestmark = pytest.mark.browser


def _choose(pg, control: str, option: str) -> None:
    pg.locator("[data-testid='stMain']").get_by_role("combobox", name=control, exact=True).click()
    pg.get_by_role("option", name=option, exact=True).click()
    wait_for_app(pg)


def test_a_g3_profile_entered_by_clicks_reads_the_grade_sentence_and_the_direction(page, app_url):
    page.goto(f"{app_url}/board")
    wait_for_app(page)
    _choose(page, "Primary tumour site", "Pancreas")
    _choose(page, "Grade", "G3")
    page.wait_for_function("() => location.search.includes('grade=g3')", timeout=20_000)
    main = page.locator("[data-testid='stMain']")
    warning = main.locator("[data-testid='stAlert']").first.inner_text()
    assert "No cohort restricted to G3" in warning and "overstate survival" in warning
    assert "Du 2015" in warning and "72%" in warning  # the high-grade series, with its treatment mix
    assert main.get_by_text("Grade: G3 — worse than G1 or G2", exact=False).count() == 1
    assert main.get_by_text("Primary tumour site: Pancreas — conflicting", exact=False).count() == 1
    # a factor row's direction, read off its table cell once the rows behind the grade line are opened: Asano
    # (NET-G1/2 did better, adjusted) puts a G3 patient on the worse side
    grade_rows = main.locator("[data-testid='stExpander'] summary", has_text="behind it")
    grade_rows.nth(1).click()  # the second feature line (after primary site) is grade
    wait_for_app(page)
    cells = main.locator("table tr", has_text="Asano").first.locator("td").all_inner_texts()
    assert cells[0] == "worse" and "multivariable (adjusted)" in cells

    screenshot(page, "issue15-board-g3-pancreas")


def test_a_functional_debulking_board_shows_curves_and_symptom_control(page, app_url):
    page.goto(
        f"{app_url}/board?primary_site=small_bowel&functional=yes&primary_resected=no&extrahepatic=nodes&cytoreduction=gt70"
    )
    wait_for_app(page)
    main = page.locator("[data-testid='stMain']")
    assert main.get_by_text("Symptom control after liver surgery (functional tumours)").count() == 1
    assert main.get_by_text("96%", exact=True).count() >= 1
    assert page.locator(".js-plotly-plot").count() == 1
    screenshot(page, "issue15-board-functional")
