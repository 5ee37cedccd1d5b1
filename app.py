"""NELM evidence dashboard: routes pages and frames them (sidebar filters, footer)."""

from __future__ import annotations

import streamlit as st

import cache
import state
from components.footer import render_footer
from components.presenter import apply_layout_style
from components.sidebar import render_filters
from process_heap import freeze_startup_objects

st.set_page_config(
    page_title="NELM resection evidence", page_icon="🩺", layout="wide",
    initial_sidebar_state="collapsed" if state.presenter_requested() else "auto",
)

ev = cache.get_evidence()
labels = cache.get_labels()
studies = {sid: labels.study(sid) for sid in ev.studies["id"]}
state.init(cache.get_allowed(), set(studies))
freeze_startup_objects()

pages = [
    st.Page("app_pages/overview.py", title="Overview", url_path="overview", default=True),
    st.Page("app_pages/board.py", title="Tumour board", url_path="board"),
    st.Page("app_pages/survival.py", title="Survival", url_path="survival"),
    st.Page("app_pages/forest.py", title="Forest plots", url_path="forest"),
    st.Page("app_pages/evidence_table.py", title="Evidence", url_path="evidence"),
    st.Page("app_pages/methods.py", title="Methods & limits", url_path="methods"),
]
page = st.navigation(pages, position="top")
state.begin_run(page.url_path)
render_filters(cache.get_allowed(), labels, studies, board=page.url_path == "board")
apply_layout_style(presenter=state.current().presenter)
for notice in state.notices():
    st.warning(notice)
try:
    page.run()
except Exception as err:  # a page must never show a traceback to a surgeon
    st.error(f"This view could not be drawn ({type(err).__name__}: {err}). Change a filter or reload; the evidence itself is unaffected.")
state.keep_undrawn()
state.publish(state.current())
render_footer(cache.footer())
