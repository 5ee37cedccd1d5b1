"""Small widget helpers shared by pages."""

from __future__ import annotations

import streamlit as st

from views.catalog import catalog


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
                f"**{d['summary']}**  \n"
                f"_A_ ({d['locator_a']}): “{d['statement_a']}”  \n"
                f"_B_ ({d['locator_b']}): “{d['statement_b']}”  \n"
                f"What the app does: {d['app_treatment']}"
            )
