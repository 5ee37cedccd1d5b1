"""Survival: curves per study and arm from reported landmarks and medians."""

import streamlit as st

import cache
import state
from components.palette import study_colours
from components.survival_plot import survival_figure
from components.tables import discrepancy_notes
from views.filters import SUBGROUP_DIMENSIONS

ev, labels = cache.get_evidence(), cache.get_labels()
filters = state.current()
endpoint = labels.value("endpoint", filters.endpoint)
st.title(f"Survival after liver surgery: {endpoint}")
st.selectbox(
    "Compare groups by", ("none", *SUBGROUP_DIMENSIONS, "matched"), key=state.widget_key("compare"),
    format_func=lambda d: "No comparison (one curve per study)" if d == "none" else labels.value("factor", d) if ("factor", d) in labels.values else d.replace("_", " ").capitalize(),
)
filters = state.current()
view = cache.survival(filters)
for notice in view.notices:
    st.info(notice)
if view.curves or view.contrast:
    fig = survival_figure(view, study_colours(ev.studies["id"]))
    st.plotly_chart(fig, width="stretch", key="survival_chart")
    st.caption(
        "Filled markers: values reported in the source (hover for the locator). Lines between them are reconstructed "
        "(derived: piecewise-constant hazard between reported points) and stop at the last reported time. "
        "Open markers: reported but not used for the line because the source contradicts itself. Grey dotted: whole cohorts, for contrast."
    )
if len(view.readout):
    st.subheader("Readout at 1, 3, 5 and 10 years")
    st.dataframe(view.readout, hide_index=True, width="stretch")
    if view.small_groups:
        st.caption("Small groups (fewer than 30 patients; survival estimates imprecise): " + "; ".join(view.small_groups) + ".")
if view.pooled:
    st.subheader("Pooled across studies (derived)")
    st.dataframe(
        [{"Year": p.time_years, "Pooled survival": f"{100 * p.estimate:.1f}%", "95% CI": f"{100 * p.ci_lower:.1f}–{100 * p.ci_upper:.1f}%",
          "Studies (k)": p.k, "I²": f"{p.i2:.0f}%", "τ²": f"{p.tau2:.3f}", "Method": p.method, "Studies": ", ".join(labels.study(s) for s in p.studies)} for p in view.pooled],
        hide_index=True, width="stretch",
    )
discrepancy_notes(ev, [p.row_id for c in view.curves for p in c.points])
st.caption("Observational, retrospective series: survival reflects who was selected for surgery as much as what surgery did.")
