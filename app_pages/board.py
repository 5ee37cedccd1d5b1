"""Tumour board: one patient profile, the evidence that matches it, a link and a record for the minutes."""

import streamlit as st

import cache
import state
from components.board import (
    coverage_notes,
    factor_tables,
    gap_list,
    headline,
    profile_form,
    readout_tables,
    share_box,
    symptom_panel,
)
from components.board_export import export_controls
from components.chart import show_chart
from components.footer import LIMITS
from components.tables import discrepancy_notes
from views.board import CONTRAST_ROW, describe_figure

ev, labels = cache.get_evidence(), cache.get_labels()
st.title("Tumour board")
with st.container(border=True):
    profile_form(cache.get_allowed(), labels)
filters = state.current()
view = cache.board(filters)
for note in view.contradictions:
    st.warning(f"Profile check: {note}")
coverage_notes(view.coverage)
headline(view, labels)
st.caption(LIMITS)

st.subheader(f"{labels.value('endpoint', filters.endpoint)} of the closest matching cohorts")
words = describe_figure(view, labels)
fig = None
if view.survival.curves or view.survival.contrast:
    fig = cache.board_chart(filters)
    show_chart(fig, "board_chart", words)
st.caption(words)
readout_tables(view.readout, CONTRAST_ROW)
symptom_panel(view.symptom_control)

st.subheader("Profile factors the evidence links to survival")
factor_tables(view.factors)

st.subheader("What the evidence does not cover for this profile")
gap_list(view.gaps)
discrepancy_notes(ev, view.row_ids)

st.subheader("Share and record")
link = state.share_link(filters)
share_box(link)
export_controls(view, fig, words, filters, ev, link)
