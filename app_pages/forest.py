"""Forest plots: hazard ratios per prognostic factor, pooled when comparable."""

import math

import pandas as pd
import streamlit as st

import cache
import state
from components.forest_plot import forest_figure
from components.palette import study_colours
from components.tables import discrepancy_notes
from views.filters import ANALYSES, POOLING_METHODS

ev, labels = cache.get_evidence(), cache.get_labels()
filters = state.current()
st.title(f"Prognostic factors: {labels.value('endpoint', filters.endpoint)}")
options = cache.factors(filters.endpoint)
if options.empty:
    st.info(f"No study reports an effect estimate for {labels.value('endpoint', filters.endpoint)}. Choose another endpoint in the sidebar.")
    st.stop()
keys = options["comparison_key"].tolist()
if state.current().factor not in keys:
    state.set_value("factor", keys[0])
described = {r["comparison_key"]: f"{labels.value('factor', r['factor'])}: {r['level']} — {r['estimates']} estimate(s), {r['studies']} stud{'y' if r['studies'] == 1 else 'ies'}" for r in options.to_dict("records")}
left, mid, right = st.columns([3, 1.2, 1.2])
left.selectbox("Factor", keys, key=state.widget_key("factor"), format_func=described.get)
mid.radio("Pool", ANALYSES, key=state.widget_key("analysis"), format_func=lambda a: f"{a} estimates", help="Univariable and multivariable estimates are never pooled together.")
right.selectbox("Method", POOLING_METHODS, key=state.widget_key("method"), help="τ² estimator: REML (default), DerSimonian–Laird, Paule–Mandel, or fixed effect.")
right.toggle("Hartung–Knapp (HKSJ)", key=state.widget_key("hksj"))
filters = state.current()
view = cache.forest(filters, filters.factor)
for notice in view.notices:
    st.info(notice)
st.plotly_chart(forest_figure(view, study_colours(ev.studies["id"])), width="stretch", key="forest_chart")
st.caption("Filled squares are pooled; open grey squares are shown but not pooled (reason in the table). Every estimate is as reported; SEs are derived from the reported 95% CI.")
table = pd.DataFrame(
    [{"Study": r.study_label, "Level": r.level, "Reference": r.reference, "Analysis": r.analysis, "n": "not stated" if r.n is None else str(r.n),
      "Events": "not stated" if r.events is None else str(r.events), "HR (95% CI) as printed": "not stated" if r.estimate is None else f"{r.estimate:g}" + ("" if r.ci_lower is None else f" ({r.ci_lower:g}–{r.ci_upper:g})"),
      "p": r.p_text, "Label in source": r.measure_as_stated, "Provenance": r.provenance, "Pooled": "yes" if r.pooled else f"no — {r.why_not_pooled}", "Source": r.locator} for r in view.rows]
)
st.dataframe(table, hide_index=True, width="stretch")
if view.pooled is not None:
    p = view.pooled
    est, lo, hi = (math.exp(v) for v in (p.estimate, p.ci_lower, p.ci_upper))
    cols = st.columns(4)
    cols[0].metric("Pooled HR (derived)", f"{est:.2f}", help=f"{p.method}, {'HKSJ t-test' if p.test == 'knha' else 'z-test'}")
    cols[1].metric("95% CI", f"{lo:.2f}–{hi:.2f}")
    cols[2].metric("I²", f"{p.i2:.0f}%", help=f"τ² = {p.tau2:.3f}; Q = {p.q:.2f} on {p.q_df} df, p = {p.q_p:.3g}")
    pi = "not defined (k < 3)" if p.k < 3 else f"{math.exp(p.pi_lower):.2f}–{math.exp(p.pi_upper):.2f}"
    cols[3].metric("95% prediction interval", pi)
    if view.leave_one_out is not None:
        st.subheader("Leave one out")
        st.dataframe(view.leave_one_out, hide_index=True, width="stretch")
discrepancy_notes(ev, [r.effect_id for r in view.rows])
st.caption("Hazard ratios come from retrospective series with different adjustment sets; a pooled value is a summary of published associations, not a causal effect.")
