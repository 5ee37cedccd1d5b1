"""Page layout for a room: tighter top margin always; in presenter view larger type, high contrast
and figures sized to fill one 1280×720 screen each. CSS is the only way Streamlit offers to change
type size per session (the theme's font size is global and fixed at start-up)."""

from __future__ import annotations

import streamlit as st

from components.widgets.footer import CSS_CLASS as FOOTER_CLASS
from components.widgets.footer import STYLE as FOOTER_STYLE
from components.widgets.static_table import CSS_CLASS as TABLE_CLASS
from components.widgets.static_table import STYLE as TABLE_STYLE

# Streamlit leaves ~6rem above the title; at 1280×720 that is a tenth of the screen.
_ALWAYS = """
[data-testid="stMainBlockContainer"] { padding-top: 2.2rem; }
[data-testid="stCaptionContainer"] { color: #595959; opacity: 1; }  /* Streamlit's grey is 3.9:1 on white; WCAG AA asks 4.5:1 */
[data-testid="stMain"] h2 { font-size: 1.5rem; padding-top: 0.75rem; }  /* sections are h2 under the page's h1, sized as before */
"""
_PRESENTER = f"""
html {{ font-size: 20px; }}
[data-testid="stMainBlockContainer"] {{ padding-left: 2rem; padding-right: 2rem; max-width: 100%; }}
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li, [data-testid="stCaptionContainer"] {{ color: #000 !important; }}
[data-testid="stCaptionContainer"] {{ font-size: 0.95rem; opacity: 1 !important; }}  /* Streamlit fades captions to 60% */
.{FOOTER_CLASS}, table.{TABLE_CLASS} {{ color: #000; }}
"""


def apply_layout_style(presenter: bool) -> None:
    st.html(f"<style>{_ALWAYS}{TABLE_STYLE}{FOOTER_STYLE}{_PRESENTER if presenter else ''}</style>")
