"""Sections that are only drawn while the reader has them open."""

from __future__ import annotations

import streamlit as st


def folded(label: str, key: str, box=st):
    """An expander whose content is drawn only while it is open (it reruns the page when toggled).

    Returns the expander to draw into, or None while it is closed. A closed expander drawn in full
    still costs the browser its content on every filter change; the readers who open it are few."""
    section = box.expander(label, key=key, on_change="rerun")
    return section if section.open else None
