"""Forest plots: hazard ratios per prognostic factor, pooled when comparable; a test of whether
subgroups differ; published meta-analyses beside the pool (never re-pooled)."""

import math

import pandas as pd
import streamlit as st

from components.figures.risk_strip import LEGEND_WORDS as RISK_LEGEND
from components.widgets.chart import chart_with_words
from components.widgets.r_script import r_script_download
from components.widgets.reviews import other_reviews
from components.widgets.static_table import show_table
from components.widgets.tables import discrepancy_notes
from export.plotted import forest_points
from export.r_scripts import ratio_pool_script
from shell import cached, pinned, url_state
from views.filters import ANALYSES, POOLING_METHODS
from views.forest import as_printed, describe_forest, leave_one_out_rows, subgroup_rows
from views.reviews import review_rows
from views.text import ECHO_LIMIT, counted, inert

SUBGROUP_BY = url_state.widget_key("subgroup_by")

ev, labels = cached.get_evidence(), cached.get_labels()
filters = url_state.current()
endpoint_words = inert(labels.value("endpoint", filters.endpoint))
st.title(f"Prognostic factors: {endpoint_words}")
options = cached.factors(filters.endpoint)
if options.empty:
    st.info(f"No study reports an effect estimate for {endpoint_words}. Choose another endpoint in the sidebar.")
    st.stop()
keys = options["comparison_key"].tolist()
if url_state.current().factor not in keys:
    url_state.set_value("factor", keys[0])
described = {
    r[
        "comparison_key"
    ]: f"{labels.value('factor', r['factor'])}: {r['level']} — {counted(r['estimates'], 'estimate')}, {counted(r['studies'], 'study', 'studies')}"
    for r in options.to_dict("records")
}
summary = cached.factor_summary(filters.endpoint, filters.exclude)
st.header("Every reported factor at a glance")
st.caption(
    "One row per factor and study, adjusted (multivariable) estimates first; the direction is the one the source "
    "states or its numbers show for the named level against its reference. Open a factor below for its forest plot."
)
if summary.empty:
    st.info(
        f"Every estimate for {endpoint_words.lower()} comes from a study left out in the "
        "sidebar (Leave out studies). Put a study back to see its estimates."
    )
    st.stop()
show_table(
    summary.drop(columns="comparison_key"), label=f"Prognostic factors for {labels.value('endpoint', filters.endpoint)}"
)
st.header("One factor in detail")
left, mid = st.columns([3, 1.4])
left.selectbox("Open a factor's forest plot", keys, **url_state.bind("factor"), format_func=described.get)
mid.radio(
    "Pool",
    ANALYSES,
    **url_state.bind("analysis"),
    format_func=lambda a: f"{a} estimates",
    help="Univariable and multivariable estimates are never pooled together.",
)
with st.expander("Analysis options: how studies are weighted and the confidence interval computed"):
    st.selectbox(
        "Between-study variance (τ²) estimator",
        POOLING_METHODS,
        **url_state.bind("method"),
        help="How much the true effects are allowed to differ between studies. REML (restricted maximum likelihood) is "
        "metafor's default; DL (DerSimonian–Laird) is the older standard; PM (Paule–Mandel) is robust with few studies; "
        "FE assumes every study estimates one and the same effect.",
    )
    st.toggle(
        "Hartung–Knapp–Sidik–Jonkman confidence interval",
        **url_state.bind("hksj"),
        help="A t-based interval that widens when the studies disagree; recommended when there are few studies.",
    )
filters = url_state.current()
view = cached.forest(filters)
pinned.banner([r.effect_id for r in view.rows])
for notice in view.notices:
    st.info(inert(notice))
fig = cached.forest_chart(filters)
words = describe_forest(view)
chart_with_words(fig, "forest", words, filters, plotted=lambda: forest_points(view))
st.caption(
    "Filled squares are pooled; open grey squares are shown but not pooled (reason in the table). Every estimate is as reported; SEs are derived from the reported 95% CI."
    + (
        " Hollow grey diamonds below the pool: published meta-analyses' own results, shown for comparison and not re-pooled."
        if view.reviews
        else ""
    )
    + " "
    + RISK_LEGEND
)
table = pd.DataFrame(
    [
        {
            "Study": r.study_label,
            "Level": r.level,
            "Reference": r.reference,
            "Analysis": r.analysis,
            "n": "not stated" if r.n is None else str(r.n),
            "Events": "not stated" if r.events is None else str(r.events),
            "HR (95% CI) as printed": as_printed(r),
            "p": r.p_text,
            "Label in source": r.measure_as_stated,
            "Provenance": r.provenance,
            "Pooled": "yes" if r.pooled else f"no — {r.why_not_pooled}",
            "Source": r.locator,
        }
        for r in view.rows
    ]
)
show_table(table, label="Estimates for this factor")
if view.pooled is not None:
    p = view.pooled
    est, lo, hi = (math.exp(v) for v in (p.estimate, p.ci_lower, p.ci_upper))
    cols = st.columns(4)
    cols[0].metric(
        "Pooled HR (derived)", f"{est:.2f}", help=f"{p.method}, {'HKSJ t-test' if p.test == 'knha' else 'z-test'}"
    )
    cols[1].metric("95% CI", f"{lo:.2f}–{hi:.2f}")
    cols[2].metric("I²", f"{p.i2:.0f}%", help=f"τ² = {p.tau2:.3f}; Q = {p.q:.2f} on {p.q_df} df, p = {p.q_p:.3g}")
    spread = view.prediction
    pi = f"{math.exp(spread.lower):.2f}–{math.exp(spread.upper):.2f}" if spread.available else "not estimable"
    cols[3].metric(
        "95% prediction interval", pi, help=spread.reason or f"Derived: {spread.method}; t with {spread.df} df."
    )
    pooled_rows = [r for r in view.rows if r.pooled]
    r_script_download(
        ratio_pool_script(
            "HR",
            [r.study_label for r in pooled_rows],
            [r.log_estimate for r in pooled_rows],
            [r.se for r in pooled_rows],
            filters.method,
            filters.hksj,
            (f"Evidence table version {ev.version}; the view: {url_state.share_link(filters)}",)
            + tuple(
                f"{r.study_label}: {r.measure_as_stated} {r.estimate} ({r.provenance}; {r.locator})"
                for r in pooled_rows
            ),
        ),
        "forest_pool",
        "the pooled HR",
    )
    if view.leave_one_out is not None:
        st.header("Leave one out")
        show_table(pd.DataFrame(leave_one_out_rows(view)), label="Leave one out")
st.header("Do subgroups differ? (derived)")
groupings = dict(view.subgroup_options)
if not groupings:
    st.markdown(
        "No split of these estimates gives two or more subgroups with an estimate that can be weighted: there is no subgroup difference to test."
    )
else:
    if (asked := st.session_state.get(SUBGROUP_BY)) not in ("", *groupings):
        st.session_state[SUBGROUP_BY] = ""  # a link or a factor change asked for a split these estimates do not have
        st.info(f"No subgroup split \u201c{inert(asked, ECHO_LIMIT)}\u201d for these estimates; showing none.")
    chosen = st.selectbox(
        "Compare subgroups by",
        ("", *groupings),
        **url_state.bind("subgroup_by"),
        format_func=lambda g: "No subgroup comparison" if not g else groupings[g],
    )
    if chosen:
        test = cached.forest_by_subgroup(filters, chosen).subgroups
        if test.tested:
            show_table(pd.DataFrame(subgroup_rows(test)), label="Subgroups")
            st.markdown(f"**Test for subgroup differences:** {inert(test.text)}")
            st.caption(
                inert(" ".join(test.notes))
                + " Few studies give the test little power: no difference found is not evidence of none."
            )
        else:
            st.markdown(inert(test.message))
        if test.left_out:
            left_out = "; ".join(test.left_out)
            st.caption(inert(f"Not in this split (no value for it, or two estimates from one study): {left_out}."))
if view.reviews:
    st.header("Published meta-analyses for this factor (not re-pooled)")
    show_table(pd.DataFrame(review_rows(view.reviews, labels)), label="Published meta-analyses for this factor")
other_reviews(
    view.endpoint_reviews,
    labels,
    f"Published meta-analyses for {endpoint_words} ({len(view.endpoint_reviews)}): not re-pooled, and not about this "
    "factor unless their comparison says so",
    "Each review's own result, for comparison; never pooled with the studies above, which some of them contain."
    + (
        ""
        if view.reviews_linkable
        else " The reviews table has no column linking a result to a factor, so these are matched on the endpoint only."
    ),
)
discrepancy_notes(ev, [r.effect_id for r in view.rows])
st.caption(
    "Hazard ratios come from retrospective series with different adjustment sets; a pooled value is a summary of published associations, not a causal effect."
)
