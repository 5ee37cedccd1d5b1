"""Keeps Python's garbage collector off the objects that live as long as the server process.

gc.freeze() moves the imports and the evidence into a permanent generation that collections skip, including the full
one Streamlit runs after every script run; objects made later (views, figures, sessions) are collected as before.
Why and the figures: docs/decisions/0005-garbage-collection.md.
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
