"""Issue 17 as a person sees it: the certainty of 10-year overall survival read off the Overview screen, and how a
left-out study changes it."""

from __future__ import annotations

import pytest

from tests.support.browser import screenshot, wait_for_app

pytestmark = pytest.mark.browser


def certainty_of(page, outcome: str) -> str:
    table = page.locator("table[aria-label^='Summary of findings']")
    row = table.locator("tr", has=page.locator("td", has_text=outcome)).first
    headers = [h.strip() for h in table.locator("thead th").all_inner_texts()]
    return row.locator("td").nth(headers.index("Certainty")).inner_text().strip()


def test_certainty_of_ten_year_survival_on_screen(page, app_url):
    page.goto(app_url)
    wait_for_app(page)
    assert certainty_of(page, "Overall survival at 10 years") == "⊕⊕◯◯ low"
    assert certainty_of(page, "Overall survival at 5 years") == "⊕⊕⊕◯ moderate"
    screenshot(page, "issue17-overview-findings")

    page.goto(f"{app_url}/?exclude=mdacc2010")
    wait_for_app(page)
    assert certainty_of(page, "Overall survival at 10 years") == "⊕◯◯◯ very low"
    assert page.get_by_text("The filters changed the certainty of").count() == 1
    screenshot(page, "issue17-overview-findings-without-mdacc")
