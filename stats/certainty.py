"""GRADE certainty of a body of evidence, proposed from its numbers by rules written once (issue 17).

Overall prognosis (survival at a time) follows Iorio et al., BMJ 2015;350:h870; prognostic factors follow Foroutan et
al., J Clin Epidemiol 2020;121:62-70. For both, a body of observational evidence starts at **high** certainty and is
rated down in five domains: risk of bias, inconsistency, imprecision, indirectness and publication bias, by one level
for a serious concern and two for a very serious one, to no lower than very low. Rating up (large effect,
dose-response) is not proposed by a rule: a curator may do so only through an override's rationale.

The thresholds below are the app's, stated on the Methods & limits page; a curator can override any domain for an
outcome, and both the rule's proposal and the override are shown.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from scipy import stats as sp

LEVELS = ("very low", "low", "moderate", "high")
SYMBOLS = {"high": "⊕⊕⊕⊕", "moderate": "⊕⊕⊕◯", "low": "⊕⊕◯◯", "very low": "⊕◯◯◯"}
STEPS = {"not_serious": 0, "serious": 1, "very_serious": 2}
DOMAIN_LABELS = {
    "risk_of_bias": "Risk of bias",
    "inconsistency": "Inconsistency",
    "imprecision": "Imprecision",
    "indirectness": "Indirectness",
    "publication_bias": "Publication bias",
}

# Risk of bias: shares of the pooled weight (equal shares when nothing is pooled)
HIGH_RISK_SERIOUS = 0.25  # from studies at high risk in at least one QUIPS domain
HIGH_RISK_VERY_SERIOUS = 0.50
NOT_LOW_SERIOUS = 0.50  # from studies not at low risk in every domain
# Inconsistency
I2_SERIOUS = 50.0  # percent
I2_VERY_SERIOUS = 75.0
SURVIVAL_PI_WIDTH = 0.30  # a 95% prediction interval for survival spanning more than 30 percentage points
# Imprecision
SURVIVAL_CI_SERIOUS = 0.20  # a survival CI wider than 20 percentage points
SURVIVAL_CI_VERY_SERIOUS = 0.40
HR_IMPORTANT_HIGH = 1.25  # clinically important hazard ratios either side of 1
HR_IMPORTANT_LOW = 0.80
# Indirectness
OLD_ERA_END = 2000  # accrual ended before WHO grading and modern cross-sectional imaging
MAJORITY = 0.50
INDIRECT_VERY_SERIOUS = 3  # features the evidence does not match before indirectness is very serious
# Publication bias (Cochrane Handbook 13.3.5.4: too few studies for a funnel plot or a test below 10)
MIN_STUDIES_FOR_SMALL_STUDY_TEST = 10
EGGER_ALPHA = 0.10


@dataclass(frozen=True)
class StudyEvidence:
    """One study's share of a body of evidence, with what the rules read from it."""

    label: str
    weight: float  # share of the pooled weight (0–1); equal shares when nothing is pooled
    risk: str  # overall QUIPS risk: 'low' (all domains low), 'high' (any domain high), else 'moderate'
    lower: float | None  # the study's 95% CI on the outcome's scale (survival fraction or hazard ratio)
    upper: float | None
    accrual_end: int | None = None
    log_estimate: float | None = None  # for the small-study test: effect and SE on the pooled scale
    se: float | None = None


@dataclass(frozen=True)
class BodyOfEvidence:
    """What is graded: one outcome, its studies and its summary. `kind` is 'survival' or 'hazard_ratio'."""

    kind: str
    studies: tuple[StudyEvidence, ...]
    estimate: float | None
    ci_lower: float | None
    ci_upper: float | None
    pooled: bool
    i2: float | None = None
    pi_lower: float | None = None
    pi_upper: float | None = None
    indirect: tuple[str, ...] = ()  # ways the cohorts differ from the selected population, in words


@dataclass(frozen=True)
class DomainRating:
    domain: str
    proposed: str  # the rule's rating: not_serious / serious / very_serious
    reason: str  # the rule's reading of the numbers, one line
    override: str = ""  # a curator's rating, when one is recorded
    override_reason: str = ""

    @property
    def rating(self) -> str:
        return self.override or self.proposed

    @property
    def label(self) -> str:
        return DOMAIN_LABELS[self.domain]


@dataclass(frozen=True)
class Certainty:
    level: str
    domains: tuple[DomainRating, ...]

    @property
    def symbols(self) -> str:
        return SYMBOLS[self.level]

    @property
    def text(self) -> str:
        return f"{self.symbols} {self.level}"

    @property
    def footnotes(self) -> tuple[str, ...]:
        """One line per domain that rates down (or that a curator changed), saying why."""
        out = []
        for d in self.domains:
            if d.override and d.override != d.proposed:
                out.append(
                    f"{d.label}: {d.override.replace('_', ' ')} (curator's override; the rule proposed "
                    f"{d.proposed.replace('_', ' ')}: {d.reason}). {d.override_reason}"
                )
            elif STEPS[d.rating]:
                out.append(f"{d.label}: {d.rating.replace('_', ' ')}, {d.reason}.")
        return tuple(out)


def study_risk(judgements) -> str:
    """Overall QUIPS risk of a study from its domain judgements: high if any is high, low only if all are low."""
    judgements = list(judgements)
    if not judgements:
        return "moderate"
    if "high" in judgements:
        return "high"
    return "low" if all(j == "low" for j in judgements) else "moderate"


def _beyond(value: float, limit: float) -> bool:
    """value > limit, ignoring floating-point noise (0.8 − 0.6 is 0.20000000000000007)."""
    return value - limit > 1e-9


def _shares(studies) -> list[float]:
    total = sum(s.weight for s in studies)
    return [s.weight / total if total > 0 else 1 / len(studies) for s in studies]


def _names(studies) -> str:
    return ", ".join(s.label for s in studies)


def _share_words(share: float, chosen, body: BodyOfEvidence) -> str:
    """'60% of the pooled weight' for a pool; '2 of 3 studies' when nothing is pooled (each counts the same)."""
    if body.pooled:
        return f"{100 * share:.0f}% of the pooled weight from studies"
    k = len(body.studies)
    return f"{len(chosen)} of {k} {'study' if k == 1 else 'studies'}"


def risk_of_bias(body: BodyOfEvidence) -> DomainRating:
    shares = _shares(body.studies)
    high = sum(w for s, w in zip(body.studies, shares, strict=True) if s.risk == "high")
    not_low = sum(w for s, w in zip(body.studies, shares, strict=True) if s.risk != "low")
    at_high = [s for s in body.studies if s.risk == "high"]
    not_at_low = [s for s in body.studies if s.risk != "low"]
    if high >= HIGH_RISK_SERIOUS:
        rating = "very_serious" if high >= HIGH_RISK_VERY_SERIOUS else "serious"
        return DomainRating(
            "risk_of_bias", rating, f"{_share_words(high, at_high, body)} at high risk ({_names(at_high)})"
        )
    if not_low >= NOT_LOW_SERIOUS:
        return DomainRating(
            "risk_of_bias",
            "serious",
            f"{_share_words(not_low, not_at_low, body)} at moderate or high risk in at least one QUIPS domain",
        )
    at_low = [s for s in body.studies if s.risk == "low"]
    return DomainRating("risk_of_bias", "not_serious", f"{_share_words(1 - not_low, at_low, body)} at low risk")


def _non_overlapping(studies) -> tuple[StudyEvidence, StudyEvidence] | None:
    with_ci = [s for s in studies if s.lower is not None and s.upper is not None]
    for i, a in enumerate(with_ci):
        for b in with_ci[i + 1 :]:
            if a.upper < b.lower or b.upper < a.lower:
                return a, b
    return None


def inconsistency(body: BodyOfEvidence) -> DomainRating:
    if len(body.studies) < 2:
        return DomainRating("inconsistency", "not_serious", "one study: consistency cannot be judged")
    signals = []
    if body.i2 is not None and body.i2 >= I2_SERIOUS:
        signals.append(f"I² = {body.i2:.0f}%")
    apart = _non_overlapping(body.studies)
    if apart:
        signals.append(f"the CIs of {apart[0].label} and {apart[1].label} do not overlap")
    if body.pi_lower is not None and body.pi_upper is not None:
        if body.kind == "survival" and _beyond(body.pi_upper - body.pi_lower, SURVIVAL_PI_WIDTH):
            signals.append(
                f"the 95% prediction interval spans {100 * (body.pi_upper - body.pi_lower):.1f} percentage points"
            )
        if (
            body.kind == "hazard_ratio"
            and body.ci_lower is not None
            and body.ci_upper is not None
            and not (body.ci_lower <= 1 <= body.ci_upper)
            and body.pi_lower <= 1 <= body.pi_upper
        ):
            signals.append("the 95% prediction interval includes 1 where the CI does not")
    if not signals:
        i2 = f"I² = {body.i2:.0f}%, " if body.i2 is not None else ""
        return DomainRating("inconsistency", "not_serious", f"{i2}study CIs overlap")
    very = body.i2 is not None and body.i2 >= I2_VERY_SERIOUS and len(signals) >= 2
    return DomainRating("inconsistency", "very_serious" if very else "serious", "; ".join(signals))


def imprecision(body: BodyOfEvidence) -> DomainRating:
    if body.ci_lower is None or body.ci_upper is None:
        return DomainRating(
            "imprecision", "serious", f"no summary estimate of {len(body.studies)} studies: precision cannot be judged"
        )
    if body.kind == "survival":
        width = body.ci_upper - body.ci_lower
        text = f"the 95% CI spans {100 * width:.1f} percentage points"
        if _beyond(width, SURVIVAL_CI_VERY_SERIOUS):
            return DomainRating("imprecision", "very_serious", text)
        if _beyond(width, SURVIVAL_CI_SERIOUS):
            return DomainRating("imprecision", "serious", text + f" (more than {100 * SURVIVAL_CI_SERIOUS:.0f})")
        if not body.pooled:
            return DomainRating(
                "imprecision",
                "serious",
                "one cohort: its CI is derived from its size and ignores censoring, so it is too narrow to judge by",
            )
        return DomainRating("imprecision", "not_serious", text)
    lower, upper = body.ci_lower, body.ci_upper
    ci = f"95% CI {lower:.2f}–{upper:.2f}"
    if lower <= 1 <= upper:
        crosses_low, crosses_high = lower < HR_IMPORTANT_LOW, upper > HR_IMPORTANT_HIGH
        if crosses_low and crosses_high:
            return DomainRating(
                "imprecision",
                "very_serious",
                f"the {ci} includes 1 and both {HR_IMPORTANT_LOW:.2f} and {HR_IMPORTANT_HIGH:.2f}",
            )
        if crosses_low or crosses_high:
            limit = HR_IMPORTANT_LOW if crosses_low else HR_IMPORTANT_HIGH
            return DomainRating("imprecision", "serious", f"the {ci} includes 1 and {limit:.2f}")
        return DomainRating("imprecision", "not_serious", f"the {ci} excludes clinically important effects")
    return DomainRating("imprecision", "not_serious", f"the {ci} excludes 1")


def indirectness(body: BodyOfEvidence) -> DomainRating:
    shares = _shares(body.studies)
    reasons = list(body.indirect)
    old = sum(
        w
        for s, w in zip(body.studies, shares, strict=True)
        if s.accrual_end is not None and s.accrual_end < OLD_ERA_END
    )
    if old > MAJORITY:
        reasons.append(f"{100 * old:.0f}% of the weight from series accrued before {OLD_ERA_END}")
    if not reasons:
        return DomainRating("indirectness", "not_serious", "the cohorts match the selected population")
    rating = "very_serious" if len(reasons) >= INDIRECT_VERY_SERIOUS else "serious"
    return DomainRating("indirectness", rating, "; ".join(reasons))


def egger_test(log_estimates, ses) -> tuple[float, float]:
    """Egger's regression test for funnel-plot asymmetry: the intercept of y/se on 1/se by least squares, with its
    t-test on k − 2 df: the same t and p as metafor::regtest(model = "lm") (tests/stats/test_certainty.py).
    Returns (intercept, two-sided p)."""
    y, se = np.asarray(log_estimates, dtype=float), np.asarray(ses, dtype=float)
    fit = sp.linregress(1 / se, y / se)
    t = fit.intercept / fit.intercept_stderr
    return float(fit.intercept), float(2 * sp.t.sf(abs(t), len(y) - 2))


def publication_bias(body: BodyOfEvidence) -> DomainRating:
    k = len(body.studies)
    if k < MIN_STUDIES_FOR_SMALL_STUDY_TEST:
        return DomainRating(
            "publication_bias",
            "not_serious",
            f"not assessable with {k} {'study' if k == 1 else 'studies'} (fewer than "
            f"{MIN_STUDIES_FOR_SMALL_STUDY_TEST}; Cochrane Handbook 13.3.5.4): not rated down, not ruled out",
        )
    usable = [s for s in body.studies if s.log_estimate is not None and s.se and s.se > 0]
    if len(usable) < MIN_STUDIES_FOR_SMALL_STUDY_TEST:
        return DomainRating("publication_bias", "not_serious", "fewer than 10 studies with an SE: not assessable")
    if len({round(s.se, 12) for s in usable}) < 2:  # Egger regresses on precision: it needs two different SEs
        return DomainRating(
            "publication_bias", "not_serious", "every study equally precise: Egger's test cannot be computed"
        )
    _, p = egger_test([s.log_estimate for s in usable], [s.se for s in usable])
    if p < EGGER_ALPHA:
        return DomainRating("publication_bias", "serious", f"Egger's test p = {p:.3f} (small-study effect)")
    return DomainRating("publication_bias", "not_serious", f"Egger's test p = {p:.2f}")


RULES = (risk_of_bias, inconsistency, imprecision, indirectness, publication_bias)


def grade(body: BodyOfEvidence, overrides: dict[str, tuple[str, str]] | None = None) -> Certainty:
    """Certainty of `body`: high, rated down by each domain's rating (the curator's override where one is given).

    overrides : domain -> (rating, rationale).
    """
    if not body.studies:
        raise ValueError("no study to grade: a body of evidence needs at least one study")
    domains = []
    for rule in RULES:
        rating = rule(body)
        if overrides and rating.domain in overrides:
            override, why = overrides[rating.domain]
            rating = replace(rating, override=override, override_reason=why)
        domains.append(rating)
    steps = sum(STEPS[d.rating] for d in domains)
    return Certainty(LEVELS[max(0, len(LEVELS) - 1 - steps)], tuple(domains))
