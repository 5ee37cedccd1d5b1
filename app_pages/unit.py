"""Our unit: a team's own series (patients uploaded as CSV, or summary numbers typed in) beside the published evidence,
selected by the same filters; held in this browser session only."""

from dataclasses import replace

import pandas as pd
import streamlit as st

from components.figures.local_series import funnel_figure, with_unit
from components.widgets.board import share_box
from components.widgets.chart import chart_with_words
from components.widgets.folded import folded
from components.widgets.local_series import LINK_NOTE, PRIVACY, refusal, summary_form, upload_status
from components.widgets.static_table import show_table
from export.plotted import survival_points
from local_series.template import TEMPLATE_CSV
from shell import cached, local_data, url_state
from stats.local_survival import MIN_GROUP
from views.local_series import (
    LOCAL_MARK,
    MAX_DRAWN_STEPS,
    comparison_rows,
    describe_unit,
    readout_rows,
    series_facts,
    subgroup_tests,
)
from views.text import inert

ev, labels = cached.get_evidence(), cached.get_labels()
st.title("Our unit against the published evidence")
st.info(PRIVACY)
how = st.radio(
    "Your data",
    ("Patients (CSV upload)", "Summary numbers"),
    horizontal=True,
    key="local_input",
    help="A CSV of one row per patient gives a Kaplan–Meier curve with its CI; summary numbers give points only.",
)
if how == "Patients (CSV upload)":
    left, right = st.columns([3, 2])
    upload = left.file_uploader(
        "Patient-level CSV: follow-up time (time_months or time_years), event (1 death, 0 censored), optional profile "
        "columns",
        type=["csv", "txt"],
        key=local_data.uploader_key(),
    )
    right.download_button(
        "Template (CSV)", TEMPLATE_CSV, "nelm_unit_template.csv", "text/csv", on_click="ignore", key="unit_template"
    )
    right.button("Load a synthetic example (made-up patients)", on_click=local_data.load_example, key="unit_example")
    right.caption(
        "Columns: time_months or time_years; event; optional primary_site, extrahepatic, margin, grade, ki67 (class or "
        "percent), functional, primary_resected, extent, cytoreduction, resection_date. Value names as in the "
        "sidebar's filters; empty = not recorded."
    )
    if upload is not None:
        if (refused := local_data.read_upload(upload)) is not None:
            refusal(refused, local_data.current())
else:
    summary_form(cached.get_allowed(), labels, local_data.keep)


def show(data) -> None:
    """The unit's series under the sidebar's filters, beside the published evidence (overall survival)."""

    filters = url_state.current()
    published = replace(filters, endpoint="OS")
    survival = cached.survival(published)
    view = local_data.view(published, survival, "unit")
    upload_status(view, series_facts(view, data))
    st.button("Clear my data", on_click=local_data.clear, type="primary", key="unit_clear")
    st.markdown(f"**{inert(describe_unit(view))}**")
    for note in view.notes:
        st.caption(inert(note))
    if view.applied:
        st.caption(inert("Filters applied to your patients: " + "; ".join(view.applied) + "."))
    if view.not_applied:
        st.warning(
            inert("Filters not applied to your data: " + "; ".join(n.rstrip(".") for n in view.not_applied) + ".")
        )

    st.header("Your survival beside the published curves")
    fig = with_unit(cached.survival_chart(published), view, filters.presenter)
    words = describe_unit(view)
    chart_with_words(
        fig,
        "unit_survival",
        words,
        (published, local_data.token()),
        private=True,
        plotted=lambda: survival_points(survival, view),
    )
    drawn = (
        "Solid purple step line: your patients' Kaplan–Meier estimate (derived, lifelines) with its 95% CI band "
        "(log-log), numbers at risk under the axis."
        + (f" Drawn at {MAX_DRAWN_STEPS} evenly spaced times (values exact at each)." if view.curve.thinned else "")
        if view.curve is not None
        else "Purple diamonds joined by a dotted line: the values you entered (no CI: summary numbers carry no censoring)."
    )
    st.caption(
        drawn
        + " Dashed lines: published series (a model between reported points); black squares: the pooled value with 95% "
        f"CI and prediction interval. Yours is {LOCAL_MARK} and never enters a pool."
    )
    show_table(pd.DataFrame(readout_rows(view)), label="Your survival at 1, 3, 5 and 10 years beside the pooled values")

    st.header("Funnel plot: 5-year survival against series size")
    if view.funnel is None:
        st.info(inert(view.funnel_reason))
    else:
        funnel = view.funnel
        chart_with_words(
            funnel_figure(funnel, filters.presenter),
            "unit_funnel",
            "Funnel plot: " + words,
            (published, local_data.token()),
            private=True,
        )
        st.caption(
            inert(
                f"Around the {funnel.target_text}: 95% (dashed) and 99.8% (solid) control limits, p0 ± z·√(p0(1 − p0)/n) "
                "(Spiegelhalter, Stat Med 2005). Your series sits at its effective size (S(1 − S)/SE², Greenwood: the "
                "number of patients all followed to 5 years that would be as precise); published series sit at their "
                "number of patients, their censoring not being reported, so each is less precise than its place "
                "suggests. The limits hold chance alone: real differences between series (era, selection, case mix) "
                "and the pooled value's own uncertainty put more series outside them. Paler points are secondary "
                "sources, not in the pooled target. A point outside the limits is a question to look into, not a "
                "verdict."
            )
        )
        if funnel.not_placed:
            st.caption(inert("Not on the plot: " + "; ".join(funnel.not_placed) + "."))

    if view.kind == "patients":
        st.header("Your own subgroups")
        if box := folded(
            f"Log-rank tests across your subgroups (groups of {MIN_GROUP} or more patients)", "unit_logrank_open"
        ):
            rows = comparison_rows(subgroup_tests(view), labels)
            if rows:
                with box:
                    show_table(pd.DataFrame(rows), label="Log-rank tests across your subgroups")
                box.caption(
                    "Unadjusted comparisons within your series (lifelines' log-rank, as R survival::survdiff); several "
                    "tests on one series: expect about one in twenty to reach p < 0.05 by chance."
                )
            else:
                box.caption("Your patients have no profile column with two or more recorded values.")

    st.header("Link to this view")
    share_box(url_state.share_link(filters))
    st.caption(LINK_NOTE)


data = local_data.current()
if data is None:
    st.info("No data of yours is loaded: upload a CSV, type summary numbers or load the synthetic example.")
    st.caption(LINK_NOTE)
else:
    try:
        show(data)
    except Exception as error:  # logged here, without its message: the frame's boundary would log the message too
        incident = (
            str(error)
            if isinstance(error, local_data.LocalDataFailed)
            else local_data.logged_without_data("unit", error)
        )
        st.error(
            f"This view of your data could not be drawn (incident {incident}). Change a filter or clear your data; "
            "the server's log names the incident without any of your data."
        )
