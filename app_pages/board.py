"""Tumour board: one patient profile, the evidence that matches it, a link and a record for the minutes."""

import streamlit as st

from components.widgets.board import (
    coverage_notes,
    factor_tables,
    gap_list,
    headline,
    profile_form,
    readout_tables,
    share_box,
    symptom_panel,
)
from components.widgets.chart import show_chart
from components.widgets.downloads import Download, figure_offers, prepared_downloads
from components.widgets.tables import discrepancy_notes
from export import nothing_to_export_reason
from export.board_summary import board_files, board_summary
from shell import cached, url_state
from views.board import CONTRAST_ROW, describe_figure
from views.limits import LIMITS

ev, labels = cached.get_evidence(), cached.get_labels()
st.title("Tumour board")
with st.container(border=True):
    profile_form(cached.get_allowed(), labels, url_state.bind)
filters = url_state.current()
view = cached.board(filters)
for note in view.contradictions:
    st.warning(f"Profile check: {note}")
coverage_notes(view.coverage)
headline(view, labels)
st.caption(LIMITS)

st.subheader(f"{labels.value('endpoint', filters.endpoint)} of the closest matching cohorts")
words = describe_figure(view, labels)
fig = None
if view.survival.curves or view.survival.contrast:
    fig = cached.board_chart(filters)
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
link = url_state.share_link(filters)
share_box(link)
now = url_state.now()
reason = nothing_to_export_reason(board_summary(view, None, words, ev, link, now))
if reason and fig is None:
    st.info(f"Nothing to export. {reason}")
else:
    offers = {
        **(figure_offers("board_survival") if fig is not None else {}),
        "pdf": Download(
            "One-page PDF for the minutes", primary=True, file_name="nelm_board_summary.pdf", mime="application/pdf"
        ),
    }
    prepared_downloads(
        "board",
        filters,
        "Prepare PNG, SVG and PDF for the minutes",
        lambda: board_files(view, fig, words, ev, link, now),
        offers,
    )
