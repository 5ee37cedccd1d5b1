"""Evidence: every table, searchable and filterable, with source and locator; CSV download."""

import streamlit as st

from shell import cached
from views.evidence_table import TABLE_TITLES, flagged_table

ev, labels = cached.get_evidence(), cached.get_labels()
st.title("The evidence table")
st.caption(
    f"Version {ev.version}, curated {ev.curated_on}. Every row carries its source document, locator and the source's own words."
)
left, mid, right = st.columns([1.2, 2, 1.5])
name = left.selectbox("Table", list(TABLE_TITLES), format_func=TABLE_TITLES.get, key="evidence_table_name")
query = mid.text_input("Search (any column)", key="evidence_search", placeholder="e.g. extrahepatic, Table 5, 10-year")
studies = right.multiselect("Studies", list(ev.studies["id"]), format_func=labels.study, key="evidence_studies")
table = flagged_table(ev, name, query, studies)
st.write(f"{len(table)} row(s). ⚑ = a recorded source contradiction touches this row (see the Discrepancies table).")
st.dataframe(table, hide_index=True, width="stretch", height=560)
st.download_button(
    "Download these rows as CSV",
    table.to_csv(index=False).encode("utf-8"),
    file_name=f"nelm_{name}_{ev.version}.csv",
    mime="text/csv",
)
