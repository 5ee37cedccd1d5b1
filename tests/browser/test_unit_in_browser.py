"""A unit's series in a real browser: a CSV chosen through the file chooser gives its 5-year survival on screen; a
malformed one is refused with its line and column; the copied link, opened in a new browser, carries none of it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.browser import AXE_RULES, screenshot, wait_for_app

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "local_series" / "synthetic_example_unit.csv"
MALFORMED = ROOT / "tests" / "local" / "data" / "unknown_margin.csv"


def _choose(page, path: Path) -> None:
    with page.expect_file_chooser() as chooser:
        page.get_by_test_id("stFileUploaderDropzone").get_by_test_id("stBaseButton-secondary").click()
    chooser.value.set_files(str(path))
    page.wait_for_timeout(500)
    wait_for_app(page)


def test_an_uploaded_series_shows_its_five_year_survival_and_the_link_does_not_carry_it(page, browser, app_url):
    page.goto(f"{app_url}/unit?cytoreduction=complete")  # a filter the example has no column for: all 120 patients
    wait_for_app(page)
    _choose(page, EXAMPLE)
    main = page.get_by_test_id("stMain")
    # R survfit(Surv(years, event) ~ 1, conf.type = "log-log"): 0.7773 (0.6818–0.8473) at 5 years
    main.get_by_text("5-year survival 77.7% (68.2–84.7)", exact=False).first.wait_for()
    assert (
        "Extent of cytoreduction: Complete cytoreduction (your data have no 'cytoreduction' column)"
        in main.inner_text()
    )
    cells = main.locator("table").first.locator("tr", has_text="77.7% (68.2–84.7)")
    assert cells.count() == 1 and cells.first.locator("td").first.inner_text() == "5"
    screenshot(page, "unit-uploaded")
    link = main.get_by_test_id("stCode").inner_text().strip()
    assert "cytoreduction=complete" in link and "/unit" in link
    other = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        fresh = other.new_page()
        fresh.goto(link)
        wait_for_app(fresh)
        shown = fresh.get_by_test_id("stMain").inner_text()
        assert "No data of yours is loaded" in shown
        assert "77.7%" not in shown and "synthetic_example_unit" not in shown
    finally:
        other.close()


def test_a_malformed_file_is_refused_with_its_line_and_column_and_nothing_is_loaded(page, app_url):
    page.goto(f"{app_url}/unit")
    wait_for_app(page)
    _choose(page, MALFORMED)
    error = page.get_by_test_id("stAlertContentError").inner_text()
    assert "The file was not loaded; nothing of it is used." in error
    assert "unknown_margin.csv, line 3, column margin: 'R3' is not one of the allowed values" in error
    assert "No data of yours is loaded" in page.get_by_test_id("stMain").inner_text()


def test_the_page_with_a_series_has_no_serious_accessibility_violation(page, app_url):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(f"{app_url}/unit")
    wait_for_app(page)
    page.get_by_role("button", name="Load a synthetic example (made-up patients)").click()
    page.get_by_text("Funnel plot: 5-year survival against series size").wait_for()
    wait_for_app(page)
    violations = Axe().run(page, options=AXE_RULES).response["violations"]
    serious = [f"{v['id']}: {v['help']}" for v in violations if v["impact"] in ("serious", "critical")]
    assert not serious, serious
    assert not [v["id"] for v in violations if v["id"] == "heading-order"]
