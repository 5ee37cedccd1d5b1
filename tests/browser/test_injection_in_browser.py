"""A crafted link shows its text as text (issue 18): no live link, no image fetched from elsewhere, no dialog, no
red 'URGENT' banner; whatever the link carried is echoed escaped and cut short."""

from __future__ import annotations

from urllib.parse import quote, urlsplit

import pytest

from tests.support.browser import screenshot, wait_for_app
from tests.support.markup import PAYLOADS

pytestmark = pytest.mark.browser

# an unknown parameter named by a phishing link; the rest carry a payload each (tests/support/markup.PAYLOADS)
FIELDS = ("primary_site", "margin", "grade", "timing", "factor", "subgroup_by")
QUERY = {
    PAYLOADS[0]: "1",
    **dict(
        zip(
            FIELDS,
            (
                PAYLOADS[1],
                PAYLOADS[2],
                PAYLOADS[3],
                PAYLOADS[6],
                "<script>alert(2)</script>",
                "[a](https://evil.example)",
            ),
            strict=True,
        )
    ),
}


@pytest.mark.parametrize("path", ["", "board", "forest"])
def test_a_crafted_link_is_echoed_as_text_and_fetches_nothing(page, app_url, path):
    requested, dialogs = [], []
    page.on("request", lambda r: requested.append(r.url))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    query = "&".join(f"{quote(k)}={quote(v)}" for k, v in QUERY.items())
    page.goto(f"{app_url}/{path}?{query}")
    wait_for_app(page)
    app_host = urlsplit(app_url).netloc
    assert [u for u in requested if urlsplit(u).netloc not in (app_host, "")] == []
    assert dialogs == []
    # the page's own links may carry the query string; none may lead to, or load from, another host
    hosts = page.eval_on_selector_all(
        "a[href], img[src]", "els => els.map(e => new URL(e.href || e.src, location.href).host)"
    )
    assert set(hosts) <= {app_host}, set(hosts)
    assert page.locator("main strong", has_text="URGENT").count() == 0
    # as a reader sees them (a zero-width space keeps an address from being linked)
    notices = [n.replace("\u200b", "") for n in page.locator("[data-testid='stAlertContainer']").all_inner_texts()]
    assert any(
        "Ignored unknown URL parameter “[Session expired – log in again](https://evil.example/login)”" in n
        for n in notices
    ), notices
    assert any("primary_site=“![x](https://evil.example/pixel.png)”" in n for n in notices), notices
    screenshot(page, f"injection-{path or 'overview'}")
