"""Widgets of the tumour-board page: the profile form, the factor tables, the gaps, the share link.
Tables are static HTML (components.widgets.static_table): every row and column visible on a shared screen, and far
cheaper to redraw on each profile change than st.dataframe's grid or st.table's Markdown cells."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from components.widgets.folded import folded
from components.widgets.static_table import show_table
from export.summary import CaseDetails
from views.board import PROFILE_FIELDS, PROFILE_HELP, value_label
from views.text import counted, inert

FORM_COLUMNS = 4


def profile_form(allowed: dict[str, tuple[str, ...]], labels, bind: Callable[[str], dict]) -> None:
    """One select per profile field, four to a row, then the endpoint; 'Not known' is every field's first choice.
    `bind(name)` gives a widget its key in the view's state (shell.url_state)."""
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


def presenter_switch(box, bind: Callable[[str], dict]) -> None:
    """Beside the title, not in the clinical form: how the page is shown, not who the patient is."""
    box.toggle(
        "Presenter view", **bind("presenter"), help="Larger type and markers for screen sharing; kept in the link."
    )


BOTTOM_LINE_STYLE = {
    "reported": "font-weight:600",
    "derived": "color:#5f6368;font-size:0.9em",  # secondary to what the sources report; 6.0:1 on white
    "missing": "font-style:italic",
    "plain": "",
}


def bottom_line_box(lines) -> None:
    """One sentence per endpoint, reported values in bold and derived ones in smaller grey type after them."""
    with st.container(border=True):
        st.markdown("**Bottom line** · what the published series report for patients like this")
        for line in lines:
            text = "".join(
                f'<span style="{BOTTOM_LINE_STYLE[p.kind]}">{inert(p.text)}</span>'
                if BOTTOM_LINE_STYLE[p.kind]
                else inert(p.text)
                for p in line.parts
            )
            certainty = f' <span style="{BOTTOM_LINE_STYLE["derived"]}">Certainty: {inert(line.certainty)}.</span>'
            st.markdown(f"{text}{certainty if line.basis != 'none' else ''}", unsafe_allow_html=True)


def feature_lines(factors, endpoint_label: str) -> None:
    """One line per entered feature: which way it points for this patient, the estimate to quote first with how many
    studies and patients stand behind the direction; the rows behind it, and evidence about other groups, one click away."""
    if not factors:
        return
    for factor in factors:
        head, direction, detail = factor.line(endpoint_label)
        st.markdown(f"**{inert(head)}** — **{inert(direction)}**{inert(detail)}")
        if factor.direction_note or factor.note:
            st.caption(
                inert(
                    " ".join(
                        t for t in (f"Why: {factor.direction_note}." if factor.direction_note else "", factor.note) if t
                    )
                )
            )
        if factor.rows and (
            box := folded(f"The {counted(len(factor.rows), 'estimate')} behind it", f"rows_{factor.field}")
        ):
            with box:
                show_table(_factor_frame(factor.rows), label=factor.label)
        if factor.other_rows and (
            box := folded(
                f"Other evidence on {_in_sentence(factor.label)} ({len(factor.other_rows)}): other groups, endpoints or populations",
                f"other_{factor.field}",
            )
        ):
            with box:
                show_table(_factor_frame(factor.other_rows))


def _in_sentence(label: str) -> str:
    """'Primary tumour site' -> 'primary tumour site'; a name like 'Ki-67 index' keeps its capital."""
    first = label.split()[0]
    named = any(ch.isdigit() for ch in first) or first[1:] != first[1:].lower()
    return label if named else label[0].lower() + label[1:]


def minutes_fields() -> CaseDetails:
    """Case label, meeting date and presenter for the PDF: plain session widgets, outside the URL state."""
    st.markdown("**For the minutes** (optional, printed on the PDF)")
    case, day, who = st.columns(3)
    label = case.text_input("Case label", key="minutes_case", max_chars=80, placeholder="e.g. Board 14, case 3")
    meeting = day.date_input("Meeting date", value=None, key="minutes_date", format="YYYY-MM-DD")
    presenter = who.text_input("Presented by", key="minutes_presenter", max_chars=80)
    st.caption(
        "These three fields go on the PDF only: they are never put in the link, the address bar or a server log, and "
        "are forgotten when this browser session ends. Do not type names or numbers that identify the patient."
    )
    return CaseDetails(label, meeting, presenter)


def readout_tables(readout: pd.DataFrame, contrast_marker: str) -> None:
    """Matching cohorts first and in full; the whole cohorts folded away (they are the grey lines)."""
    contrast = readout["Matches the profile on"] == contrast_marker
    if (~contrast).any():
        show_table(readout[~contrast], label="Cohorts matching the profile")
    if contrast.any():
        with st.expander(f"Whole cohorts for contrast ({int(contrast.sum())}): 5- and 10-year values"):
            show_table(readout[contrast].drop(columns="Matches the profile on"), label="Whole cohorts for contrast")


def coverage_notes(coverage) -> None:
    """What the evidence does not cover for this patient: said first, above the figure."""
    if coverage:
        st.warning("\n\n".join(inert(c) for c in coverage))


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
    st.header("Symptom control after liver surgery (functional tumours)")
    show_table(
        pd.DataFrame([{"What": r.what, "Value (reported)": r.value, "n": r.n, "Source": r.source} for r in rows]),
        label="Symptom control after liver surgery",
    )


def gap_list(gaps) -> None:
    if gaps:
        st.markdown("\n".join(f"- {inert(g)}" for g in gaps))
    else:
        st.markdown("- Every filled-in field has cohorts and estimates from more than one study.")


def share_box(link: str) -> None:
    """st.code carries Streamlit's own copy-to-clipboard button: one click copies the link."""
    st.markdown(
        "**Copy link to this view**: point at the box and click the copy icon at its top right (or select the text)"
    )
    st.code(link, language=None, wrap_lines=True)
