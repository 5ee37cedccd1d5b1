"""The pages, declared once: title, address, script, and whether the page draws the profile itself."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st


@dataclass(frozen=True)
class PageSpec:
    """A page: its script, title and address; whether it draws the patient profile itself (the board: the sidebar
    then keeps only what the page does not draw), and whether it opens at '/'."""

    script: str
    title: str
    url_path: str
    draws_profile: bool = False
    default: bool = False
    pins_rows: bool = False  # the page says itself which of its rows changed since a link's evidence version


PAGES = (
    PageSpec("app_pages/overview.py", "Overview", "overview", default=True),
    PageSpec("app_pages/board.py", "Tumour board", "board", draws_profile=True, pins_rows=True),
    PageSpec("app_pages/survival.py", "Survival", "survival", pins_rows=True),
    PageSpec("app_pages/forest.py", "Forest plots", "forest", pins_rows=True),
    PageSpec("app_pages/evidence_table.py", "Evidence", "evidence"),
    PageSpec("app_pages/unit.py", "Our unit", "unit"),
    PageSpec("app_pages/methods.py", "Methods & limits", "methods"),
    PageSpec("app_pages/changes.py", "What changed", "changes"),
)
BY_PATH = {p.url_path: p for p in PAGES}


def navigation() -> tuple[st.Page, PageSpec]:
    """Streamlit's navigation over the registry, in the header (the sidebar is folded in presenter view)."""
    page = st.navigation(
        [st.Page(p.script, title=p.title, url_path=p.url_path, default=p.default) for p in PAGES], position="top"
    )
    return page, BY_PATH.get(page.url_path, PAGES[0])
