"""Evidence: every table in readable words, searchable (the search is in the link), each row with its source and
locator; the rows as shown and the raw table as CSV."""

import streamlit as st

from components.widgets.citations import reference_downloads
from export.spreadsheet import csv_bytes
from shell import cached, url_state
from views.evidence_table import TABLE_TITLES, flagged_table, readable_table
from views.text import counted

ev, labels = cached.get_evidence(), cached.get_labels()
st.title("The evidence table")
st.caption(
    f"Version {ev.version}, curated {ev.curated_on}. Every row carries its source, where in it, and the source's own words."
)
st.info(
    "This page shows every row of the chosen table, whatever the sidebar's filters say: narrow it with the search and "
    "the studies below. The search is kept in the link."
)
left, mid, right = st.columns([1.2, 2, 1.5])
left.selectbox("Table", list(TABLE_TITLES), **url_state.bind("table"), format_func=TABLE_TITLES.get)
mid.text_input("Search the table", **url_state.bind("search"), placeholder="e.g. extrahepatic, Table 5, Xiang 2018")
studies = right.multiselect("Studies", list(ev.studies["id"]), format_func=labels.study, key="evidence_studies")
filters = url_state.current()
table = readable_table(ev, filters.table, labels, filters.search, studies)
st.write(
    f"{counted(len(table), 'row')}. ⚑ = a recorded source contradiction touches this row (see the Discrepancies table)."
)
st.dataframe(table, hide_index=True, width="stretch", height=560)
shown, raw = st.columns(2)
shown.download_button(
    "Download these rows as shown (CSV)",
    csv_bytes(table),
    file_name=f"nelm_{filters.table}_{ev.version}.csv",
    mime="text/csv",
)
raw.download_button(
    "Download the raw table with ids (CSV)",
    csv_bytes(flagged_table(ev, filters.table, "", studies)),
    file_name=f"nelm_{filters.table}_{ev.version}_raw.csv",
    mime="text/csv",
)
whole = cached.evidence_files()
book, bundle = st.columns(2)
book.download_button(
    "The whole evidence as one workbook (Excel)",
    whole["xlsx"],
    file_name=f"nelm_evidence_{ev.version}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    on_click="ignore",
    help="A sheet per table and a 'Columns' sheet explaining every column.",
)
bundle.download_button(
    "The whole evidence as CSV files (zip)",
    whole["zip"],
    file_name=f"nelm_evidence_{ev.version}.zip",
    mime="application/zip",
    on_click="ignore",
    help="One UTF-8 CSV per table, columns.csv and a README.",
)
raw_rows = flagged_table(ev, filters.table, "", studies).loc[table.index]
if filters.table == "reviews":  # a review's rows name the primary studies it includes
    ids = {i for refs in raw_rows["includes_studies"].dropna() for i in str(refs).split(";") if i}
else:
    ids = set(raw_rows["id" if filters.table == "studies" else "study_id"]) if len(raw_rows) else set()
shown_studies = ev.studies[ev.studies["id"].isin(ids)]
reference_downloads(shown_studies, f"the {len(shown_studies)} studies in these rows", f"references_{filters.table}")
