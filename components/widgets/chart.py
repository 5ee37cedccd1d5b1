"""Drawing a Plotly figure on a page."""

from __future__ import annotations

from collections.abc import Callable, Hashable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from export.spreadsheet import csv_bytes
from views.text import inert

from .downloads import figure_downloads
from .folded import folded


def show_chart(fig: go.Figure, key: str, alt: str) -> None:
    """The chart sits in a container of its own. Drawn straight into the page, every element that
    arrived after it in a rerun (tables, notes, the footer) re-rendered its parent, handed Plotly a
    new config and made it draw the whole figure a second time: measured on the Forest page, two
    draws per filter change, one with the container."""
    st.container().plotly_chart(fig, width="stretch", key=key, alt=alt)


def chart_with_words(
    fig: go.Figure,
    stem: str,
    words: str,
    view_key: Hashable,
    private: bool = False,
    plotted: Callable[[], pd.DataFrame] | None = None,
) -> None:
    """A page's main figure: the chart, the figure in words (drawn while open), the plotted data and its downloads."""
    show_chart(fig, f"{stem}_chart", words)
    if words_box := folded("The figure in words", f"{stem}_words_open"):
        words_box.markdown(inert(words))
    if plotted is not None:
        plotted_download(stem, plotted)
    figure_downloads(fig, stem, view_key, private)


def plotted_download(stem: str, plotted: Callable[[], pd.DataFrame]) -> None:
    """'The plotted data (CSV)': every point with its study, n, provenance and locator, made only when clicked."""
    st.download_button(
        "The plotted data (CSV)",
        lambda: csv_bytes(plotted()),
        f"nelm_{stem}_plotted_data.csv",
        "text/csv",
        on_click="ignore",
        key=f"{stem}_plotted",
        help="One row per plotted point: study, cohort, n, time, value, reported or derived (and how), locator.",
    )
