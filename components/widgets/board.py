"""Widgets of the tumour-board page: the profile form, the factor tables, the gaps, the share link.
Tables are static HTML (components.widgets.static_table): every row and column visible on a shared screen, and far
cheaper to redraw on each profile change than st.dataframe's grid or st.table's Markdown cells."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from components.widgets.static_table import show_table
from views.board import PROFILE_FIELDS, PROFILE_HELP, value_label

FORM_COLUMNS = 4


def profile_form(allowed: dict[str, tuple[str, ...]], labels, bind: Callable[[str], dict]) -> None:
    """One select per profile field, four to a row, then the endpoint and the presenter switch;
    'Not known' is every field's first choice. `bind(name)` gives a widget its key in the view's state (shell.url_state)."""
    columns = st.columns(FORM_COLUMNS)
    for i, (name, title) in enumerate(PROFILE_FIELDS):
        columns[i % FORM_COLUMNS].selectbox(
            title,
            allowed[name],
            **bind(name),
            format_func=lambda v, n=name: value_label(labels, n, v),
            help=PROFILE_HELP.get(name),
        )
    slot = len(PROFILE_FIELDS)
    columns[slot % FORM_COLUMNS].selectbox(
        "Endpoint", allowed["endpoint"], **bind("endpoint"), format_func=lambda v: labels.value("endpoint", v)
    )
    columns[(slot + 1) % FORM_COLUMNS].toggle(
        "Presenter view", **bind("presenter"), help="Larger type and markers for screen sharing; kept in the link."
    )


def readout_tables(readout: pd.DataFrame, contrast_marker: str) -> None:
    """Matching cohorts first and in full; the whole cohorts folded away (they are the grey lines)."""
    contrast = readout["Matches the profile on"] == contrast_marker
    if (~contrast).any():
        show_table(readout[~contrast], label="Cohorts matching the profile")
    if contrast.any():
        with st.expander(f"Whole cohorts for contrast ({int(contrast.sum())}): 5- and 10-year values"):
            show_table(readout[contrast].drop(columns="Matches the profile on"), label="Whole cohorts for contrast")


def headline(view, labels) -> None:
    """The board's answer at a glance: how much evidence matches, and how it is flawed."""
    cols = st.columns(4)
    cols[0].metric(
        "Cohorts matching the profile",
        len(view.matched),
        help="Cohorts whose defining features all hold for this patient; drawn in colour below.",
    )
    cols[1].metric(
        "Closest cohort shares",
        f"{view.best_match} field{'' if view.best_match == 1 else 's'}",
        help="How many of the filled-in profile fields the closest cohort is defined by; 0 = only whole cohorts.",
    )
    cols[2].metric(
        f"Factor estimates ({view.factor_studies} studies)",
        sum(len(f.rows) for f in view.factors),
        help="Hazard ratios and survival comparisons for the filled-in fields (below).",
    )
    cols[3].metric(
        "Source contradictions",
        len(view.discrepancies),
        help="Recorded places where a source disagrees with itself about these numbers (listed at the end).",
    )


def coverage_notes(coverage) -> None:
    """What the evidence does not cover for this patient: said first, above the figure."""
    if coverage:
        st.warning("\n\n".join(coverage))


def factor_tables(factors) -> None:
    """Per factor: which way it points for this patient, the estimates about the patient's own group, and the rest
    (other groups, other populations) folded under 'other evidence'."""
    if not factors:
        st.info("No profile field is filled in, so no prognostic factor is shown. Fill in what is known above.")
        return
    for factor in factors:
        st.markdown(
            f"**{factor.label}: {factor.patient_value}** — for this patient: **{factor.direction}**. {factor.summary}."
        )
        if factor.direction_note:
            st.caption(f"Why: {factor.direction_note}.")
        if factor.note:
            st.caption(factor.note)
        if factor.rows:
            show_table(_factor_frame(factor.rows), label=factor.label)
        if factor.other_rows:
            with st.expander(
                f"Other evidence on {factor.label.lower()} ({len(factor.other_rows)}): other groups or other populations"
            ):
                show_table(_factor_frame(factor.other_rows))


def _factor_frame(rows) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "For this patient": r.direction_for_patient,
                "Study": r.study_label,
                "Endpoint": r.endpoint,
                "Estimate": r.value,
                "Comparison (as the source names it)": r.comparison,
                "This patient": r.patient_group,
                "Analysis": r.analysis + (" (adjusted)" if r.adjusted else ""),
                "n": r.n,
                "Reported or derived": r.provenance,
                "Source": r.source,
            }
            for r in rows
        ]
    )


def symptom_panel(rows) -> None:
    """Symptom relief and the symptom-free interval after liver surgery: for a functional tumour, whatever the endpoint."""
    if not rows:
        return
    st.subheader("Symptom control after liver surgery (functional tumours)")
    show_table(
        pd.DataFrame([{"What": r.what, "Value (reported)": r.value, "n": r.n, "Source": r.source} for r in rows]),
        label="Symptom control after liver surgery",
    )


def gap_list(gaps) -> None:
    if gaps:
        st.markdown("\n".join(f"- {g}" for g in gaps))
    else:
        st.markdown("- Every filled-in field has cohorts and estimates from more than one study.")


def share_box(link: str) -> None:
    """st.code carries Streamlit's own copy-to-clipboard button: one click copies the link."""
    st.markdown(
        "**Copy link to this view**: point at the box and click the copy icon at its top right (or select the text)"
    )
    st.code(link, language=None, wrap_lines=True)
