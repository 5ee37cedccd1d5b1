"""1,020 generated links over the six pages (170 each, issue 18): any parameter names, known and unknown, with
allowed values, near misses and injection payloads. No page raises or shows an error box, and every notice
renders as plain text (no link, image, emphasis or HTML)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.apptest import ALLOWED, PAGES, run
from tests.support.markup import LIVE, PAYLOADS, assert_shown_as_text, rendered
from views.filters import FILTERS

NAMES = [f.name for f in FILTERS]
VALUES = sorted({v for values in ALLOWED.values() for v in values})
value = st.one_of(
    st.sampled_from(VALUES),
    st.sampled_from(PAYLOADS),
    st.text(min_size=0, max_size=80),
    st.sampled_from(["1", "0", "true", "", "mdacc2010,xiang2018", "nobody", "extrahepatic:yes_vs_no", "%00", "../"]),
)
name = st.one_of(st.sampled_from(NAMES), st.sampled_from(PAYLOADS), st.text(min_size=1, max_size=40))
links = st.dictionaries(name, value, max_size=6)


@pytest.mark.parametrize("page", PAGES)
@settings(max_examples=170, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(params=links)
def test_a_generated_link_never_breaks_a_page_or_injects_markup(page, params):
    at = run(page, params={k: v for k, v in params.items() if "\x00" not in k + v})
    assert not at.error, [e.value for e in at.error]
    for notice in at.warning:
        assert_shown_as_text(notice.value)
    # the page's own Markdown may be bold; none of it, nor any info, caption or error, may link or load anything
    for element in (*at.markdown, *at.info, *at.caption, *at.error, *at.title, *at.header):
        html = rendered(str(element.value))
        assert not any(tag in html for tag in LIVE), html
