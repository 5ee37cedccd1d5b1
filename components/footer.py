"""Footer on every page: the sources and the evidence table's version and date."""

from __future__ import annotations

import streamlit as st

LIMITS = (
    "All series are retrospective and observational: patients selected for surgery differ from those who were not, "
    "so differences in survival are not effects of surgery. Evidence, not advice."
)


def render_footer(ev, labels) -> None:
    st.divider()
    studies = ev.studies
    cites = "; ".join(f"{labels.study(s['id'])}: {s['citation']}" for s in studies.to_dict("records"))
    st.caption(f"Evidence table version {ev.version}, curated {ev.curated_on}. {LIMITS}")
    st.caption(f"Sources ({len(studies)}): " + "; ".join(labels.study(s) for s in studies["id"]) + ". † citation partly unconfirmed.")
    with st.expander("Full citations of the sources"):
        st.caption(cites)
