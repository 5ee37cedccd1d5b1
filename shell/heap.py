"""Keeps Python's garbage collector off the objects that live as long as the server process.

The app imports pandas, scipy, lifelines, pandera and Plotly and loads the evidence: about 190,000
objects that are never freed. A full (generation-2) collection walks every one of them, 130–185 ms
on this machine. Streamlit forces one after every script run (runner.postScriptGC, left at its
default), so every filter change that bench/browser_latency.py timed stalled that long before its
last messages reached the browser (the minimal app's smaller heap costs ~30-40 ms a sweep).
gc.freeze() moves the objects alive now into a permanent generation that collections skip; objects
made later (views, figures, sessions) are collected as before.
"""

from __future__ import annotations

import gc

import streamlit as st


@st.cache_resource(show_spinner=False)
def freeze_startup_objects() -> int:
    """Once per process, after the imports and the evidence: returns how many objects were frozen."""
    gc.collect()  # what the imports and loading left as garbage is freed now, not frozen forever
    gc.freeze()
    return gc.get_freeze_count()
