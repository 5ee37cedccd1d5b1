"""A link shared in a meeting is often the first request a freshly started server sees. It must open the page inside
the app's frame: shared sidebar filters, the page's own content, the footer (docs/decisions/0003-app-pages-not-pages.md)."""

from __future__ import annotations

import pytest

from tests.support.browser import screenshot, wait_for_app
from tools.local_server import served

pytestmark = pytest.mark.browser


@pytest.fixture
def fresh_server(chromium_path):
    with served() as url:  # waits on /_stcore/health only: no page has been requested yet
        yield url


def test_a_deep_link_is_the_first_request_and_shows_the_sidebar(page, fresh_server):
    page.goto(f"{fresh_server}/survival?extrahepatic=no")
    wait_for_app(page)
    sidebar = page.locator("[data-testid='stSidebar']")
    extrahepatic = sidebar.get_by_role("combobox", name="Extrahepatic disease")
    assert extrahepatic.is_visible()
    assert extrahepatic.input_value() == "Liver-only disease"  # the link's filter reached the shared sidebar
    assert page.get_by_role("heading", name="Survival").first.is_visible()
    assert "Evidence table version" in page.inner_text("body")
    screenshot(page, "deep_link_first_request")
