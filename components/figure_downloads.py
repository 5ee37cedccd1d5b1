"""PNG and SVG downloads of one figure, rendered by Kaleido when asked for.

A fragment, so that asking for the files reruns only these controls, not the page's statistics and
charts. Files are kept in the session for the view they were made for and dropped when the view changes."""

from __future__ import annotations

from collections.abc import Hashable

import streamlit as st

from .export import ExportUnavailable, figure_png, figure_svg

SIZE = (1280, 720)  # the screen-share size the app is designed for


@st.fragment
def figure_downloads(fig, stem: str, view_key: Hashable) -> None:
    """`stem` names the files (nelm_<stem>.png); `view_key` identifies the view the figure shows."""
    store = f"figure_files_{stem}"
    if st.button(f"Prepare PNG and SVG of this figure ({SIZE[0]}×{SIZE[1]})", key=f"prepare_{stem}",
                 help="Rendered on the server by Chromium; takes a second or two."):
        try:
            st.session_state[store] = (view_key, {"png": figure_png(fig, *SIZE, scale=2), "svg": figure_svg(fig, *SIZE)})
        except ExportUnavailable as err:
            st.error(f"Figure export is not available on this server: {err}")
    prepared = st.session_state.get(store)
    if not prepared or prepared[0] != view_key:
        return
    files = prepared[1]
    left, right = st.columns(2)
    left.download_button("Figure (PNG)", files["png"], f"nelm_{stem}.png", "image/png", on_click="ignore", key=f"png_{stem}")
    right.download_button("Figure (SVG)", files["svg"], f"nelm_{stem}.svg", "image/svg+xml", on_click="ignore", key=f"svg_{stem}")
