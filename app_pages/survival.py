"""Survival: curves per study and arm from reported landmarks and medians, our pooled values,
and published reviews beside them (never re-pooled)."""

import pandas as pd
import streamlit as st

from components.figures.risk_strip import LEGEND_WORDS as RISK_LEGEND
from components.widgets.chart import chart_with_words
from components.widgets.r_script import r_script_download
from components.widgets.reviews import other_reviews, survival_reviews
from components.widgets.static_table import show_table
from components.widgets.tables import discrepancy_notes
from export.plotted import survival_points
from export.r_scripts import survival_view_script
from shell import cached, pinned, url_state
from stats.agreement import RULE as TWO_STUDY_RULE
from views.filters import FILTER_LABELS, SUBGROUP_DIMENSIONS
from views.survival import describe_survival, not_pooled_rows, pooled_rows, pooling_caveats, secondary_pool_note
from views.text import inert

ev, labels = cached.get_evidence(), cached.get_labels()
filters = url_state.current()
endpoint = labels.value("endpoint", filters.endpoint)
title = st.empty()  # the title says what the cohorts received, known once the view is built
left, right = st.columns([3, 2])
left.selectbox(
    "Compare groups by",
    ("none", *SUBGROUP_DIMENSIONS, "matched"),
    **url_state.bind("compare"),
    format_func=lambda d: "No comparison (one curve per study)" if d == "none" else FILTER_LABELS[d],
)
right.toggle(
    "Include secondary-only studies in the pool",
    **url_state.bind("secondary"),
    help="Studies known only from another paper's table: their numbers were copied by that paper and are not checked against the original. Left out of the pool by default.",
)
filters = url_state.current()
view = cached.survival(filters)
title.title(inert(view.title))
pinned.banner(
    [p.row_id for c in (*view.curves, *view.contrast) for p in c.points]
    + [c.cohort_id for c in (*view.curves, *view.contrast)]
)
for notice in view.notices:
    st.info(inert(notice))
if view.curves or view.contrast:
    fig = cached.survival_chart(filters)
    words = describe_survival(view, labels)
    chart_with_words(fig, "survival", words, filters, plotted=lambda: survival_points(view))
    st.caption(
        "Filled markers: values reported in the source (hover for the locator). Dashed lines between them are a model "
        "(derived: log-linear between two reported points) and stop at the last reported time; a cohort with one reported point "
        "gets no line. Triangles: median not reached, placed at the median follow-up the source states. "
        "Open markers: reported but not used for the line because the source contradicts itself. Grey dotted: whole cohorts, for contrast."
        + (
            " Black squares: pooled value with its 95% CI (thick) and 95% prediction interval (thin)."
            if view.pooled
            else ""
        )
        + (
            " Thin, pale curves with hollow markers: secondary source (numbers known only from another paper's table; lower certainty)."
            if view.secondary_studies
            else ""
        )
        + " "
        + RISK_LEGEND
    )
for note in (view.origin_note, *view.not_shown):
    if note:
        st.caption(inert(note))
if len(view.readout):
    st.header("Readout at 1, 3, 5 and 10 years")
    show_table(view.readout, label="Readout at 1, 3, 5 and 10 years")
    if view.small_groups:
        small = "; ".join(view.small_groups)
        st.caption(inert(f"Small groups (fewer than 30 patients; survival estimates imprecise): {small}."))
if view.pooled:
    st.header("Pooled across studies (derived)")
    show_table(pd.DataFrame(pooled_rows(view, labels)), label="Pooled across studies (derived)")
    if any(p.secondary_included for p in view.pooled):
        st.warning(
            "These pooled values include secondary-only studies (numbers copied by another paper, unchecked against the original). Switch them off to pool primary series only."
        )
    if note := secondary_pool_note(view, labels):
        st.caption(inert(note))
    for caveat in pooling_caveats(view, labels):
        st.caption(inert(caveat))
    r_script_download(
        survival_view_script(view, labels, ev.version, url_state.share_link(filters), cached.SURVIVAL_POOLING),
        "survival_pools",
        "these pools",
    )
if view.not_pooled:
    st.header("Not pooled: the studies disagree")
    show_table(pd.DataFrame(not_pooled_rows(view, labels)), label="Not pooled: the studies disagree")
    st.caption(TWO_STUDY_RULE)
survival_reviews(
    view.reviews,
    view.pooled,
    labels,
    endpoint,
    subgroup_filters=bool(filters.active_subgroups()),
    comparing_groups=filters.compare != "none",
    not_pooled=view.not_pooled,
)
other_reviews(
    view.other_reviews,
    labels,
    f"Other published review results for {inert(endpoint)} ({len(view.other_reviews)}): comparisons and counts, not "
    "survival at a time; not re-pooled",
)
discrepancy_notes(ev, [*(p.row_id for c in view.curves for p in c.points), *(c.cohort_id for c in view.curves)])
st.caption(
    "Observational, retrospective series: survival reflects who was selected for surgery as much as what surgery did."
)
