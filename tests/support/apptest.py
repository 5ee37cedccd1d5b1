"""Run the app through Streamlit's AppTest on one page, with query parameters and widget state, and read what it shows."""

from __future__ import annotations

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

import evidence
from tests.support.html_tables import page_tables
from views.filters import allowed_values

APP = Path(__file__).resolve().parents[2] / "app.py"
ALLOWED = allowed_values(evidence.load().vocabulary)
PAGES = [
    "app_pages/overview.py",
    "app_pages/board.py",
    "app_pages/survival.py",
    "app_pages/forest.py",
    "app_pages/evidence_table.py",
    "app_pages/unit.py",
    "app_pages/methods.py",
    "app_pages/changes.py",
]


def run(page: str = "app_pages/overview.py", params: dict | None = None, state: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    if page != "app_pages/overview.py":
        at.switch_page(page)
        at.run()
    for key, value in (state or {}).items():
        at.session_state[key] = value
    if state:
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")  # a backslash-escaped punctuation mark (views.text.inert)


def shown(markdown) -> str:
    """Markdown as the reader sees it: an escaped punctuation mark is the mark itself."""
    return ESCAPED.sub(r"\1", str(markdown))


def _markdown(at: AppTest) -> str:
    parts = (
        [e.value for e in at.markdown]
        + [e.value for e in at.info]
        + [e.value for e in at.warning]
        + [str(e.value) for e in at.title]
    )
    parts += [df.value.to_csv() for df in at.dataframe] + [t.to_csv() for t in page_tables(at)]
    return "\n".join(str(p) for p in parts)


def texts(at: AppTest) -> str:
    return shown(_markdown(at))


def plain_texts(at: AppTest) -> str:
    """texts() as a reader sees them: the HTML some Markdown carries for emphasis taken out (before escaped marks
    such as '\\<' become text)."""
    return shown(re.sub(r"<[^>]+>", "", _markdown(at)))


def forget_the_loaded_evidence() -> None:
    """The process's caches hold one evidence table; a test that swaps it (NELM_EVIDENCE_DIR) calls this before and
    after, so that none is kept."""
    import streamlit as st

    from shell import cached

    cached._load.cache_clear()
    st.cache_resource.clear()
    st.cache_data.clear()
