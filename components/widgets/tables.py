"""Small widget helpers shared by pages."""

from __future__ import annotations

import streamlit as st

from views.catalog import catalog
from views.text import inert


def discrepancy_notes(ev, row_ids) -> None:
    """Flag every recorded source contradiction that touches the rows on screen."""
    ids = set(row_ids)
    if not ids:
        return
    hits = catalog(ev).touching(ids)
    if not hits:
        return
    # Open when short; a long list stays one click away, its count in the title, so it never hides the page.
    with st.expander(f"⚑ {len(hits)} source contradiction(s) touch these numbers", expanded=len(hits) <= 2):
        for d in hits:
            st.markdown(
                f"**{inert(d['summary'])}**  \n"
                f"_A_ ({inert(d['locator_a'])}): “{inert(d['statement_a'])}”  \n"
                f"_B_ ({inert(d['locator_b'])}): “{inert(d['statement_b'])}”  \n"
                f"What the app does: {inert(d['app_treatment'])}"
            )
