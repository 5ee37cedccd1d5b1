"""Methods and limits: how every derived number is computed, with references."""

import streamlit as st

st.title("Methods and limits")
st.markdown(
    """
### Where the numbers come from
Each value in the evidence table was extracted from the source document (the shipped copy is in `evidence/sources/`),
with its **locator** (abstract section, table, figure legend, paragraph) and the source's own words. Two independent
extractions of each seed document were compared field by field; disagreements were resolved against the document.
A value the source does not state is **missing**, never guessed. Where a source contradicts itself, both statements are
kept and flagged (⚑), with what the app does about it.

### What the app derives (always labelled *derived*)
| Derived number | Method | Reference |
|---|---|---|
| Curve between reported points | Piecewise-constant hazard (log-linear survival) through S(0) = 1, every reported landmark and the median (S = 0.5); drawn only as far as the last reported time. If the reported points cannot all be true (e.g. a median shorter than a time at which survival is still above 50%), the curve follows the landmarks and the median is shown, flagged, but not used. | — |
| Approximate confidence band | From reported CIs (interpolated on the complementary log–log scale), else from n with a binomial (Greenwood-type) approximation. | Kalbfleisch & Prentice 2002 |
| Standard error of a log hazard ratio | From the reported 95% CI: SE = (ln U − ln L) / (2 × 1.96). | Tierney et al. 2007, *Trials* 8:16 |
| Log hazard ratio from a p-value | O − E = √V · z, V = events/4 (or events·n₁·n₂/(n₁+n₂)²). | Tierney et al. 2007; Parmar et al. 1998, *Stat Med* 17:2815 |
| Hazard ratio from survival proportions | HR ≈ ln S₁(t) / ln S₂(t) at a common time. | Parmar et al. 1998 |
| Pooled hazard ratio | Random-effects meta-analysis of log HRs: REML (default), DerSimonian–Laird, Paule–Mandel or fixed effect; optional Hartung–Knapp–Sidik–Jonkman; 95% prediction interval; τ², I², H², Q; leave-one-out. Univariable and multivariable estimates are never pooled together. Checked against R metafor. | Viechtbauer 2010, *J Stat Softw* 36(3) |
| Pooled survival at a time point | Random-effects pooling of reported landmarks on a transformed scale, weighted by each study's n, in the manner of R metaSurvival. | Combescure et al. 2014, *Stat Med* 33:2521 |
| Individual patient data from a digitised Kaplan–Meier curve | Guyot algorithm, then lifelines Kaplan–Meier, log-rank and Cox. | Guyot et al. 2012, *BMC Med Res Methodol* 12:9 |

### Limits of this evidence
- **Selection bias.** Every series is retrospective and reports patients *selected* for surgery (fit, resectable, often liver-only disease). Their survival is not what an unselected patient would have, and comparisons with unoperated patients mostly measure who was chosen.
- **Immortal time and lead time.** Survival is counted from surgery; patients had to live long enough to be operated. Comparisons of "resected vs not" inherit this.
- **Small subgroups.** Many subgroups have fewer than 30 patients (six lung/thymus primaries, eight unknown primaries); their estimates are imprecise, and n is shown next to every estimate.
- **Overlapping cohorts.** Several papers draw on the same multi-institutional database; they are not independent and are not pooled as if they were.
- **Different adjustment sets.** Multivariable hazard ratios are adjusted for different covariates in each paper.
- **Abstract-only sources.** Several entries are read from abstracts; numbers the abstract does not give are missing.

The app gives evidence, not advice. It makes no recommendation to operate.
"""
)
