"""Reading text as Streamlit's Markdown would render it, and the payloads a crafted link or evidence row may carry
(issue 18): shared by the unit, fuzz and browser tests of text safety."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

GFM = MarkdownIt("gfm-like")

PAYLOADS = (
    "[Session expired – log in again](https://evil.example/login)",
    "![x](https://evil.example/pixel.png)",
    ":red[**URGENT**] call 555",
    "<img src=https://evil.example/i.png onerror=alert(1)>",
    "https://evil.example/login",
    "www.evil.example",
    "evil.com/login and mail me@evil.com",
    '=HYPERLINK("https://evil.example","Click")',
    "# Heading\n\n* list",
    "$\\LaTeX$ `code`",
)


TAGS = (
    "<a ",
    "<img",
    "<strong",
    "<em",
    "<h1",
    "<h2",
    "<h3",
    "<h4",
    "<h5",
    "<h6",
    "<li",
    "<code",
    "<script",
    "<del",
    "<s>",
    "<blockquote",
    "<table",
    "<pre",
)
LIVE = ("<a ", "<img", "<script")  # what our own Markdown never holds: a link, an image or a script


def rendered(markdown: str) -> str:
    return GFM.render(markdown)


def assert_plain(html: str) -> None:
    for tag in TAGS:
        assert tag not in html, html


DIRECTIVE = re.compile(r"(?<!\\):[a-z]+(-[a-z]+)?(?<!\\)\[")  # Streamlit's :red[…] and :material/…: unescaped


def assert_shown_as_text(markdown: str) -> None:
    """Rendered, no tag a reader would see as a link, image, emphasis or HTML; and no Streamlit colour directive."""
    assert_plain(rendered(markdown))
    assert not DIRECTIVE.search(markdown), markdown
