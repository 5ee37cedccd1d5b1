"""Methods and limits: how every derived number is computed, with references."""

import streamlit as st

from stats import certainty as grade_rules
from stats.agreement import I2_LIMIT

st.title("Methods and limits")
st.markdown(
    f"""
## Where the numbers come from
Each value in the evidence table was extracted from the source document (the shipped copy is in `evidence/sources/`),
with its **locator** (abstract section, table, figure legend, paragraph) and the source's own words. Two independent
extractions of each seed document were compared field by field; disagreements were resolved against the document.
A value the source does not state is **missing**, never guessed. Where a source contradicts itself, both statements are
kept and flagged (⚑), with what the app does about it.

## What the app derives (always labelled *derived*)
| Derived number | Method | Reference |
|---|---|---|
| Curve between reported points | Piecewise-constant hazard (log-linear survival) through S(0) = 1, every reported landmark and the median (S = 0.5); drawn **dashed**, only as far as the last reported time. **A line needs two reported points above 0%**: a cohort with one reported value (a median alone, one landmark) is shown as that point only, and no 1-, 3-, 5- or 10-year value is read off it; a segment into 0% is not drawn, because when survival reached 0% is not reported. Every derived readout value names the two reported points it lies between ("log-linear between 75.5% at 1 y and the median (50%) at 3.1 y"); the first segment, from 100% at time 0 to the first reported value, is drawn so the curve starts at 100% but nothing is read off it, because it rests on that one value. If the reported points cannot all be true (e.g. a median shorter than a time at which survival is still above 50%), the curve follows the landmarks and the median is shown, flagged, but not used. | Parmar et al. 1998 |
| "Median not reached" | A result, not a gap: drawn as a triangle at 50% at the median follow-up the source states (the study's, when the arm's is not given), or named in the legend and readout when no follow-up is stated. Nothing is derived from it. | — |
| Time origin | Each reported point records the event its time is counted from, in the source's words where it says so. Most abstracts do not say; the readout's *Time counted from* column says *not stated*, and groups defined by a recurrence (where survival may be counted from surgery or from the recurrence) carry a warning. | — |
| Approximate confidence band | From reported CIs (interpolated on the complementary log–log scale), else from n with a binomial (Greenwood-type) approximation. | Kalbfleisch & Prentice 2002 |
| Standard error of a log hazard ratio | From the reported 95% CI: SE = (ln U − ln L) / (2 × 1.96). | Tierney et al. 2007, *Trials* 8:16 |
| Log hazard ratio from a p-value | O − E = √V · z, V = events/4 (or events·n₁·n₂/(n₁+n₂)²). | Tierney et al. 2007; Parmar et al. 1998, *Stat Med* 17:2815 |
| Hazard ratio from survival proportions | HR ≈ ln S₁(t) / ln S₂(t) at a common time. Its SE comes from the comparison's reported p-value where the source gives one (SE = ln HR / z, z = Φ⁻¹(1 − p/2); a bound "p < x" gives the widest CI it allows), which keeps the censoring the authors' test saw. Without a p-value the SE is binomial, and the row says its CI assumes no censoring and is too narrow. | Parmar et al. 1998; Tierney et al. 2007 |
| Pooled hazard ratio | Random-effects meta-analysis of log HRs: REML (default), DerSimonian–Laird, Paule–Mandel or fixed effect; optional Hartung–Knapp–Sidik–Jonkman; 95% prediction interval (t(k − 2), below); τ², I², H², Q; leave-one-out. Univariable and multivariable estimates are never pooled together, nor two estimates from one database. Checked against R metafor. | Viechtbauer 2010, *J Stat Softw* 36(3) |
| "Treated with liver surgery" | Each source's operated cohort, as the source counts it (intention to treat): MD Anderson 2010's 172 "operated" include 13 found unresectable at laparotomy and one cholecystectomy only (flagged ⚑ on the Evidence page). Cohorts in which only some patients had liver surgery (*mixed*), or none, are never pooled. | — |
| Pooled survival at a time point | Random-effects pooling (REML by default) of the landmarks studies report at the same time (1, 5, 10 years…), on the arcsine–square-root scale with a continuity correction, each study weighted by its cohort n (censoring ignored, so late-time CIs are too narrow), back-transformed. **Only cohorts treated with liver surgery** (resection and/or ablation) are pooled: arms not operated, partly operated or treated systemically are drawn as comparison curves (with *Treatment received = Any*) and never pooled, and the page title says so. Only whole groups with a stated n that match the filters exactly, and only where two or more studies report that time; interpolated values are never pooled. **Secondary-only studies** (numbers known only from another paper's table) are left out unless *Include secondary-only studies in the pool* is switched on, and the pooled table says which were left out or included. | Combescure et al. 2014, *Stat Med* 33:2521 |
| Patients counted once | Studies drawing on one database or institution (the international multi-institutional NELM database; Mayo Clinic; Iowa; the US registries; a possible JNETS/Asano overlap) form an **overlap group**, stated by the source or inferred by the curators (the Evidence page says which). Two studies of one group never enter one pool: the primary source with the largest cohort stays, and the one left out is named. A patient total over studies that may share patients is given as a range: at least the largest study of each group, at most all patients. | — |
| When two studies are not pooled | Two studies that disagree, with I² above {I2_LIMIT:.0f}% or 95% confidence intervals that do not overlap, are shown side by side with "the studies disagree; not pooled", on the Survival and Forest pages, the board and the PDF. A pool of two that disagree would describe neither population. Three or more studies are pooled and their spread shown. | Cochrane Handbook §10.10.2 |
| 95% prediction interval | Beside every pooled CI: μ̂ ± t(k − 2)·√(SE² + τ̂²), back-transformed, where new settings like those pooled (another centre, another series) would be expected to fall. The t quantile on k − 2 degrees of freedom, not the normal one that metafor's `predict()` prints, because τ² is itself estimated from few studies: with five series t(3) = 3.18 against z = 1.96, and a normal interval would claim a precision five series cannot give. No interval is given from fewer than three studies, or under a fixed-effect model. | Higgins et al. 2009, *J R Stat Soc A* 172:137; Riley et al. 2011, *BMJ* 342:d549 |
| Test for subgroup differences (Forest page) | Each subgroup (analysis type, a cohort dimension such as primary site, or a study column such as single vs multi-centre) pooled on its own with its **own τ²** (separate-τ² model); then Cochran's Q between the subgroup estimates, Q_b = Σ (μ̂_g − μ̄)² / SE_g², on G − 1 df (χ²), as R meta with `tau.common = FALSE`. A common-τ² model (metafor `rma(yi, vi, mods = ~ factor(group))`, Wald QM) is implemented in the statistics package but not shown. No test when fewer than two subgroups have an estimate, or when one cohort gives estimates in two subgroups (e.g. a study's univariable and multivariable HR), because the subgroups would not be independent. With few studies the test has little power: no difference found is not evidence of none. | Borenstein & Higgins 2013, *Prev Sci* 14:134; Viechtbauer 2010 |
| Individual patient data from a digitised Kaplan–Meier curve | Guyot algorithm (numbers at risk and digitised curve points → event and censoring times), then lifelines Kaplan–Meier, log-rank and Cox. Implemented and tested in the statistics package; no page uses reconstructed data yet, so no number shown in the app comes from it. | Guyot et al. 2012, *BMC Med Res Methodol* 12:9 |
| Summary survival curve across studies | metaSurvival-style: conditional survival in each interval between common times, pooled jointly by multivariate DerSimonian–Laird on the arcsine scale, multiplied into a curve; CI by the delta method. Implemented and tested against R metaSurvival; not drawn on any page yet (the Survival page pools single time points). | Combescure et al. 2014 |

## Published reviews and meta-analyses
Reviews are a different kind of evidence: each summarises studies it chose, some of them ours. Their results are kept in
their own table and shown **beside** our pooled values for comparison (*published review, not re-pooled*), never pooled
again with the primary studies. The app says what each number is: a *median of study values* or a *range across studies*
is not a pooled estimate; a review's pooled hazard or odds ratio is the review's own meta-analysis. A review result is matched
to the screen through the data only: its endpoint must be the one shown (endpoints never mix). For survival at a time point,
the time is read from the review's wording ("5-year overall survival"), because the reviews table has no time column;
for the Forest page, the reviews table has no column linking a result to a factor, so review ratios are listed for the
endpoint, apart from the forest plot, and not presented as evidence about the factor on screen. **Overlap:** where a review
lists its included studies, the app names those of ours; otherwise it says so, and it compares the review's search end year
with our studies' publication years (a study published after the search ended cannot be in the review).

## How sure is each number: risk of bias and certainty (GRADE)
**Risk of bias per study** uses QUIPS, the tool for prognostic studies (Hayden et al. 2013, *Ann Intern Med*
158:280): study participation, attrition, prognostic factor measurement, outcome measurement, confounding, and
statistical analysis and reporting, each judged low, moderate or high from the source's own words (quoted on the
Evidence page, *Risk of bias* table). A domain the source says nothing about is **moderate, "not reported"** by rule:
most of our sources are abstracts, so most domains are. A study is at *high* risk if any domain is high, at *low* risk
only if every domain is low. Two assessors judged every study independently: they agreed on 149 of 156 judgements
(95.5%, Cohen's κ 0.84); each disagreement was resolved against the source in writing
(`evidence/extraction/risk_of_bias/`).

Which domains count depends on the number graded. For **survival at a time** (overall prognosis) only participation,
attrition, outcome measurement, and analysis and reporting count: survival at 5 years does not rest on adjustment or
on how a factor was measured (Iorio et al. 2015). For a **factor's hazard ratio** all six count, and an *unadjusted*
(univariable) estimate is at high risk of confounding whatever else the study did. Because most sources are
abstracts, every study has at least one domain judged moderate: every outcome is rated down once for risk of bias, and
the rule can move further only through the share of weight from studies at high risk. Participation judges how each
study chose its patients; it is not counted again under indirectness, which judges how far the graded cohorts are from
the population selected here (a cohort not treated with liver surgery never enters a surgical pool in the first place).

**Certainty** follows GRADE for overall prognosis (Iorio et al. 2015, *BMJ* 350:h870) for survival at 5 and 10 years,
and GRADE for prognostic factors (Foroutan et al. 2020, *J Clin Epidemiol* 121:62) for hazard ratios. A body of
observational series **starts at high** certainty and is rated down one level for each serious concern and two for a
very serious one, to very low at most. The app proposes each domain's rating from the numbers on the screen, by these
rules; a curator may override a domain with a written rationale, and the summary of findings then shows both.

| Domain | Rated down one level (serious) | Two levels (very serious) |
|---|---|---|
| Risk of bias | ≥ {100 * grade_rules.HIGH_RISK_SERIOUS:.0f}% of the pooled weight from studies at high risk, or ≥ {100 * grade_rules.NOT_LOW_SERIOUS:.0f}% from studies not at low risk (equal shares when nothing is pooled) | ≥ {100 * grade_rules.HIGH_RISK_VERY_SERIOUS:.0f}% of the weight from studies at high risk |
| Inconsistency | any of: I² ≥ {grade_rules.I2_SERIOUS:.0f}%; two studies' 95% CIs that do not overlap; a survival prediction interval wider than {100 * grade_rules.SURVIVAL_PI_WIDTH:.0f} percentage points; a hazard-ratio prediction interval that includes 1 where the CI does not. One study: not judged | I² ≥ {grade_rules.I2_VERY_SERIOUS:.0f}% and a second of these |
| Imprecision | survival: 95% CI wider than {100 * grade_rules.SURVIVAL_CI_SERIOUS:.0f} percentage points, or one cohort's value (its CI, derived from its size, ignores censoring and is too narrow); hazard ratio: a CI that includes 1 and a clinically important effect ({grade_rules.HR_IMPORTANT_LOW:.2f} or {grade_rules.HR_IMPORTANT_HIGH:.2f}) | survival CI wider than {100 * grade_rules.SURVIVAL_CI_VERY_SERIOUS:.0f} points; HR CI including 1, {grade_rules.HR_IMPORTANT_LOW:.2f} and {grade_rules.HR_IMPORTANT_HIGH:.2f} |
| Indirectness | on the board, each entered feature the graded cohort is not defined by (a whole cohort standing in is defined by none); anywhere, more than half the weight from series accrued before {grade_rules.OLD_ERA_END} | {grade_rules.INDIRECT_VERY_SERIOUS} or more such differences |
| Publication bias | from {grade_rules.MIN_STUDIES_FOR_SMALL_STUDY_TEST} studies: Egger's regression test p < {grade_rules.EGGER_ALPHA:.2f} | — |

**Why there is no funnel plot or Egger test here.** With fewer than {grade_rules.MIN_STUDIES_FOR_SMALL_STUDY_TEST}
studies a funnel plot cannot be read and tests for small-study effects have too little power to tell asymmetry from
chance (Cochrane Handbook §13.3.5.4; Sterne et al. 2011, *BMJ* 343:d4002). With the curated evidence no outcome
reaches 10 studies, so publication bias is **not assessable**: it is not rated down, and it is not ruled out. Small
series with good results are the ones most likely to be published.

Only a number the page shows is graded: a pool, or one cohort's reported value. Where studies disagree and are not
pooled, or estimates have no confidence interval, the table says *not graded* and names them; there is no one number
to be sure of.

The certainty follows the filters: a subgroup with fewer studies, more spread or a population further from the
question changes the rating, and the summary of findings says when a filter changed it.

## Secondary-only numbers
A study whose numbers are known only because another paper quoted them (evidence level *secondary_only*) has not been read
in its original. Its curves are drawn thinner and paler with hollow markers, its values carry *secondary source* in the
legend, hover and readout, and it is left out of every pool by default.

## Our unit: a team's own series beside the evidence
A unit's patients (CSV: follow-up time, death or censored, optional profile columns) or summary numbers stay in the
browser session: never stored on the server's disk, in a cache shared between users, in a log or in a link; gone when
the tab closes or on *Clear my data*. Columns that look like identifiers are refused. The sidebar's filters select the
unit's patients where a column carries the field (a patient's value within the filter's, as for cohorts); the page
names every filter it could not apply. Local data are **never pooled** with the published series.

| Number | Method | Reference |
|---|---|---|
| The unit's survival curve | Kaplan–Meier (lifelines) with its 95% CI on the log(−log) scale, numbers at risk under the axis; equal to R `survfit(Surv(time, event) ~ 1, conf.type = "log-log")`. No value beyond the longest follow-up. | Kaplan & Meier 1958; Kalbfleisch & Prentice 2002 |
| Median follow-up | Reverse Kaplan–Meier (censoring as the event). | Schemper & Smith 1996, *Control Clin Trials* 17:343 |
| Funnel plot | 5-year survival against the number of patients, around the pooled 5-year survival of the current filters (p0), with control limits p0 ± z·√(p0(1 − p0)/n) at 95% (z = 1.96) and 99.8% (z = 3.09). A point between them is an *alert*, beyond 99.8% an *alarm*: a question about case mix, selection, era and data, not a verdict. Censoring makes every point less precise than its n suggests. | Spiegelhalter 2005, *Stat Med* 24:1185 |
| Subgroups of the unit's own patients | Log-rank test across a profile column's groups of 10 or more patients (R `survdiff`); smaller groups named, not tested. Unadjusted; several tests on one series. | Peto & Peto 1972 |

## Limits of this evidence
- **Selection bias.** Every series is retrospective and reports patients *selected* for surgery (fit, resectable, often liver-only disease). Their survival is not what an unselected patient would have, and comparisons with unoperated patients mostly measure who was chosen.
- **Immortal time and lead time.** Survival is counted from surgery; patients had to live long enough to be operated. Comparisons of "resected vs not" inherit this.
- **Small subgroups.** Many subgroups have fewer than 30 patients (six lung/thymus primaries, eight unknown primaries); their estimates are imprecise, and n is shown next to every estimate.
- **Overlapping cohorts.** Several papers draw on the same multi-institutional database or institution; most of these links are inferred from authors, centres and periods, because abstracts rarely name their database. They are never pooled together and their patients are counted once, but a link the curators missed would still count patients twice.
- **Time origin.** Most abstracts do not say from when they count survival (the operation, diagnosis of the metastases, or a recurrence); curves from different origins are not strictly comparable.
- **Different adjustment sets.** Multivariable hazard ratios are adjusted for different covariates in each paper.
- **Abstract-only sources.** Several entries are read from abstracts; numbers the abstract does not give are missing.

The app gives evidence, not advice. It makes no recommendation to operate.
"""
)
