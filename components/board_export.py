"""Export controls of the tumour-board page: the figure as PNG and SVG, the one-page PDF for the minutes.
Files are made when asked for (Chromium renders them; a second or two) and kept for this view only."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import streamlit as st

from .board_summary import board_summary
from .export import ExportUnavailable, figure_png, figure_svg, nothing_to_export_reason, summary_pdf

KEY = "board_exports"


@st.fragment  # preparing the files reruns these controls only, not the page
def export_controls(view, fig, words: str, filters, ev, link: str) -> None:
    """`words` is the figure described in a sentence: its caption in the PDF."""
    reason = nothing_to_export_reason(board_summary(view, None, words, ev, link, _now()))
    if reason and fig is None:
        st.info(f"Nothing to export. {reason}")
        return
    if st.button("Prepare PNG, SVG and PDF for the minutes", key="board_prepare_exports"):
        try:
            st.session_state[KEY] = (filters, _files(view, fig, words, ev, link))
        except ExportUnavailable as err:
            st.error(f"Export is not available on this server: {err}")
    prepared = st.session_state.get(KEY)
    if prepared and prepared[0] == filters:
        files = prepared[1]
        cols = st.columns(3)
        if "png" in files:
            cols[0].download_button("Figure (PNG)", files["png"], "nelm_board_survival.png", "image/png", on_click="ignore")
            cols[1].download_button("Figure (SVG)", files["svg"], "nelm_board_survival.svg", "image/svg+xml", on_click="ignore")
        cols[2].download_button("One-page PDF for the minutes", files["pdf"], "nelm_board_summary.pdf", "application/pdf",
                                on_click="ignore", type="primary")


def _files(view, fig, words: str, ev, link: str) -> dict[str, bytes]:
    files = {}
    if fig is not None:
        files["png"] = figure_png(fig, 1280, 720, scale=2)
        files["svg"] = figure_svg(fig, 1280, 720)
        pdf_png = figure_png(fig, 960, 540, scale=2)
    else:
        pdf_png = None
    files["pdf"] = summary_pdf(board_summary(view, pdf_png, words, ev, link, _now()))
    return files


def _now() -> datetime:
    try:
        zone = ZoneInfo(st.context.timezone) if st.context.timezone else UTC
    except (ZoneInfoNotFoundError, ValueError):
        zone = UTC
    return datetime.now(zone)
