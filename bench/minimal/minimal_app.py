"""The baseline for bench/browser_latency.py: one selectbox and one Plotly chart."""

import numpy as np
import plotly.graph_objects as go
import streamlit as st

choice = st.selectbox("Series", ["a", "b", "c"], key="series")
rng = np.random.default_rng({"a": 1, "b": 2, "c": 3}[choice])
x = np.linspace(0, 10, 200)
st.plotly_chart(go.Figure(go.Scatter(x=x, y=np.cumsum(rng.normal(size=200)), mode="lines")), key="chart")
