"""What a person sees: every page loads with no exception box; filters change the plotted
data; a URL with filters reproduces the same plotted data. Screenshots go to artifacts/."""

from __future__ import annotations

import pytest

from tests.support.browser import plotted_data, screenshot, wait_for_app

pytestmark = pytest.mark.browser
PAGES = [
    "",
    "board",
    "survival",
    "forest",
    "evidence",
    "unit",
    "methods",
]  # the Overview is the default page, served at /


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_without_an_exception(page, app_url, path):
    page.goto(f"{app_url}/{path}")
    wait_for_app(page)
    assert page.locator("[data-testid='stException']").count() == 0
    assert "Traceback" not in page.content()
    assert page.get_by_text("Page not found").count() == 0
    screenshot(page, f"page-{path or 'overview'}")


def plotted_at(page, url: str) -> list:
    page.goto(url)
    wait_for_app(page)
    return plotted_data(page)


def test_survival_filter_changes_the_plotted_data(page, app_url):
    before, after = plotted_at(page, f"{app_url}/survival"), plotted_at(page, f"{app_url}/survival?extrahepatic=yes")
    assert before and after and before != after
    names = [t["name"] for chart in after for t in chart]
    assert any("Extrahepatic metastasis" in (n or "") for n in names)


def test_sidebar_filter_change_updates_the_url_and_the_chart(page, app_url):
    before = plotted_at(page, f"{app_url}/survival")
    page.locator("[data-testid='stSidebar']").get_by_role("combobox", name="Extrahepatic disease").click()
    page.get_by_role("option", name="Liver-only disease").click()
    wait_for_app(page)
    page.wait_for_function("() => location.search.includes('extrahepatic=no')", timeout=20_000)
    after = plotted_data(page)
    assert after != before
    screenshot(page, "survival-liver-only")


def test_a_copied_link_reproduces_the_view(browser, app_url):
    url = f"{app_url}/survival?compare=primary_resected&matched=yes"
    views = []
    for _ in range(2):
        context = browser.new_context(viewport={"width": 1280, "height": 720})
        pg = context.new_page()
        pg.goto(url)
        wait_for_app(pg)
        views.append(plotted_data(pg))
        context.close()
    assert views[0] and views[0] == views[1]


def test_forest_filter_changes_the_plotted_data(page, app_url):
    before, after = plotted_at(page, f"{app_url}/forest"), plotted_at(page, f"{app_url}/forest?endpoint=RFS")
    assert before and after and before != after
    screenshot(page, "forest-rfs")


def test_bad_url_parameters_fall_back_with_a_visible_notice(page, app_url):
    page.goto(f"{app_url}/survival?extrahepatic=perhaps&nonsense=1")
    wait_for_app(page)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.get_by_text("extrahepatic=“perhaps” is not one of").count() >= 1


def test_page_links_in_the_header_stay_usable_with_the_sidebar_collapsed_and_keep_the_filters(page, app_url):
    """Presenter view collapses the sidebar; the pages are still one click away, and a switch keeps the view."""
    page.goto(f"{app_url}/survival?extrahepatic=no&presenter=1")
    wait_for_app(page)
    assert page.locator("[data-testid='stSidebar']").get_attribute("data-collapsed") == "true"
    nav = page.locator("header [data-testid='stTopNav']")
    assert nav.get_by_role("link", name="Forest plots").is_visible()
    nav.get_by_role("link", name="Forest plots").click()
    page.wait_for_url("**/forest?*", timeout=20_000)
    wait_for_app(page)
    page.wait_for_function(
        "() => location.search.includes('extrahepatic=no') && location.search.includes('presenter=1')", timeout=20_000
    )
    assert page.get_by_role("heading", name="Prognostic factors: Overall survival").is_visible()
    assert page.locator("[data-testid='stSidebar']").get_attribute("data-collapsed") == "true"
    screenshot(page, "forest-after-header-link")
