"""Tumour board: one patient profile, the bottom line for it, the feature lines, the curves, a link and the minutes."""

from dataclasses import replace

import streamlit as st

from components.figures.local_series import with_unit
from components.figures.risk_strip import LEGEND_WORDS as RISK_LEGEND
from components.widgets.board import (
    bottom_line_box,
    coverage_notes,
    feature_lines,
    gap_list,
    minutes_fields,
    presenter_switch,
    profile_form,
    readout_tables,
    share_box,
    symptom_panel,
)
from components.widgets.chart import plotted_download, show_chart
from components.widgets.citations import reference_downloads
from components.widgets.downloads import Download, figure_offers, prepared_downloads
from components.widgets.findings import findings_table
from components.widgets.local_series import unit_panel
from components.widgets.tables import discrepancy_notes
from export import nothing_to_export_reason
from export.board_summary import board_files, board_summary
from export.plotted import survival_points
from shell import cached, local_data, pinned, url_state
from views.board import CONTRAST_ROW, describe_figure, entered_features, treatment_chosen
from views.certainty import graded
from views.limits import LIMITS
from views.local_series import BOARD_NOT_POOLED, series_facts
from views.text import inert

ev, labels = cached.get_evidence(), cached.get_labels()
title, switch = st.columns([4, 1], vertical_alignment="bottom")
title.title("Tumour board")
presenter_switch(switch, url_state.bind)
summary = st.empty()  # filled after the form, so that it shows this run's profile
# open on arrival when nothing is entered; then as the reader leaves it (a changed `expanded` would make a new element)
opens = st.session_state.setdefault("profile_opens", not entered_features(url_state.current(), labels))
with st.expander("Patient profile", expanded=opens, key="profile_open"):
    profile_form(cached.get_allowed(), labels, url_state.bind)
filters = url_state.current()
entered = entered_features(filters, labels)
summary.markdown("**Patient:** " + (" · ".join(inert(e) for e in entered) if entered else "nothing entered yet"))
view = cached.board(filters)
pinned.banner(view.row_ids)
for note in view.contradictions:
    st.warning(f"Profile check: {inert(note)}")


def answer(view, filters) -> None:
    """The board for an entered profile: bottom line first, then features, certainty, curves, gaps, link and minutes."""
    findings = cached.board_findings_for(filters)
    view = graded(view, findings)
    bottom_line_box(view.bottom_line)
    coverage_notes(view.coverage)
    st.caption(LIMITS)

    endpoint = labels.value("endpoint", filters.endpoint)
    st.header("What each entered feature means for this patient")
    feature_lines(view.factors, endpoint)
    findings_table(findings)

    st.header(f"{inert(endpoint)} of the closest matching cohorts")
    words = describe_figure(view, labels)
    unit = None  # the unit's own series beside the evidence, when this session holds one (overall survival)
    if local_data.current() is not None:
        os_view = view if filters.endpoint == "OS" else cached.board(replace(filters, endpoint="OS"))
        unit = local_data.view(filters, os_view.survival, "board", never_pooled=BOARD_NOT_POOLED)
    overlay = unit is not None and filters.endpoint == "OS"  # the unit's data are overall survival
    fig = None
    if view.survival.curves or view.survival.contrast:
        fig = cached.board_chart(filters)
        fig = with_unit(fig, unit, filters.presenter, fig.layout.height) if overlay else fig
        show_chart(fig, "board_chart", words)
        plotted_download("board", lambda: survival_points(view.survival, unit if overlay else None))
    st.caption(inert(words) + (f" {RISK_LEGEND}" if fig is not None else ""))
    readout_tables(view.readout, CONTRAST_ROW)
    if unit is not None:
        unit_panel(unit, labels, series_facts(unit, local_data.current()))
    symptom_panel(view.symptom_control)

    st.header("What the evidence does not cover for this profile")
    gap_list(view.gaps)
    discrepancy_notes(ev, view.row_ids)

    st.header("Share and record")
    link = url_state.share_link(filters)
    share_box(link)
    cited = set(view.survival.study_ids) | {c.study_id for c in view.survival.contrast}
    cited |= {r.study_id for f in view.factors for r in f.all_rows if r.study_id}
    board_studies = ev.studies[ev.studies["id"].isin(cited)]
    reference_downloads(board_studies, f"the {len(board_studies)} studies on this board", "references_board")
    case = minutes_fields()
    now = url_state.now()
    reason = nothing_to_export_reason(board_summary(view, None, words, ev, link, now))
    if reason and fig is None:
        st.info(f"Nothing to export. {inert(reason)}")
    else:
        offers = {
            **(figure_offers("board_survival") if fig is not None else {}),
            "pdf": Download(
                "One-page PDF for the minutes", primary=True, file_name="nelm_board_summary.pdf", mime="application/pdf"
            ),
        }
        paper = cached.board_chart(replace(filters, presenter=True))
        paper = with_unit(paper, unit, True, paper.layout.height) if overlay and fig is not None else paper
        prepared_downloads(
            "board",
            (filters, case, local_data.token()),
            "Prepare PNG, SVG and PDF for the minutes",
            lambda: board_files(
                view,
                fig,
                f"{words} {RISK_LEGEND}",
                ev,
                link,
                now,
                case,
                paper,
                findings,
                unit,
            ),
            offers,
            private=unit is not None,
        )


if view.bottom_line:
    answer(view, filters)
else:
    st.info(
        ("Only the planned liver treatment is entered. " if treatment_chosen(filters) else "")
        + "Enter what is known about the "
        + ("tumour" if treatment_chosen(filters) else "patient")
        + " in the profile above: the bottom line, the closest cohorts and one line per feature appear here."
    )
    st.caption(LIMITS)
