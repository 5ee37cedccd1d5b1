"""Drawing a Plotly figure on a page."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st


def show_chart(fig: go.Figure, key: str, alt: str) -> None:
    """The chart sits in a container of its own. Drawn straight into the page, every element that
    arrived after it in a rerun (tables, notes, the footer) re-rendered its parent, handed Plotly a
    new config and made it draw the whole figure a second time: measured on the Forest page, two
    draws per filter change, one with the container."""
    st.container().plotly_chart(fig, width="stretch", key=key, alt=alt)
