"""Sections that are only drawn while the reader has them open."""

from __future__ import annotations

import streamlit as st


def folded(label: str, key: str, box=st):
    """An expander whose content is drawn only while it is open (it reruns the page when toggled).

    Returns the expander to draw into, or None while it is closed (docs/decisions/0007-drawn-only-when-open.md)."""
    section = box.expander(label, key=key, on_change="rerun")
    return section if section.open else None
