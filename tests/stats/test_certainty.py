"""Each GRADE rule on hand-made bodies of evidence, at and either side of its threshold (issue 17)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from stats.certainty import (
    BodyOfEvidence,
    StudyEvidence,
    egger_test,
    grade,
    imprecision,
    inconsistency,
    indirectness,
    publication_bias,
    risk_of_bias,
    study_risk,
)


def study(label="A", weight=1.0, risk="moderate", lower=0.6, upper=0.8, accrual_end=2010, **kw):
    return StudyEvidence(label, weight, risk, lower, upper, accrual_end, **kw)


def survival(studies, estimate=0.7, lower=0.65, upper=0.75, **kw):
    return BodyOfEvidence("survival", tuple(studies), estimate, lower, upper, True, **kw)


def hr(lower, upper, studies=None, **kw):
    return BodyOfEvidence("hazard_ratio", tuple(studies or [study()]), 1.5, lower, upper, True, **kw)


def test_study_risk_is_high_if_any_domain_is_high_and_low_only_if_all_are():
    assert study_risk(["low"] * 5 + ["high"]) == "high"
    assert study_risk(["low"] * 6) == "low"
    assert study_risk(["low"] * 5 + ["moderate"]) == "moderate"


@pytest.mark.parametrize(
    ("high_share", "expected"), [(0.24, "not_serious"), (0.25, "serious"), (0.49, "serious"), (0.50, "very_serious")]
)
def test_risk_of_bias_follows_the_weight_from_high_risk_studies(high_share, expected):
    body = survival([study("H", high_share, "high"), study("L", 1 - high_share, "low")])
    assert risk_of_bias(body).proposed == expected


def test_risk_of_bias_is_not_serious_when_most_weight_is_at_low_risk():
    assert risk_of_bias(survival([study("L", 0.51, "low"), study("M", 0.49, "moderate")])).proposed == "not_serious"
    assert risk_of_bias(survival([study("L", 0.49, "low"), study("M", 0.51, "moderate")])).proposed == "serious"
    assert risk_of_bias(survival([study("L", 0.8, "low"), study("H", 0.2, "high")])).proposed == "not_serious"


def test_risk_of_bias_reason_names_the_high_risk_studies():
    rating = risk_of_bias(survival([study("Du 2015", 0.6, "high"), study("L", 0.4, "low")]))
    assert rating.reason == "60% of the pooled weight from studies at high risk (Du 2015)"


def test_inconsistency_by_i2():
    overlapping = [study("A", 0.5, lower=0.6, upper=0.8), study("B", 0.5, lower=0.7, upper=0.9)]
    assert inconsistency(survival(overlapping, i2=49.9)).proposed == "not_serious"
    assert inconsistency(survival(overlapping, i2=50.0)).proposed == "serious"
    assert inconsistency(survival(overlapping, i2=80.0)).proposed == "serious"  # one signal alone is not very serious


def test_inconsistency_very_serious_needs_i2_75_and_a_second_signal():
    apart = [study("A", 0.5, lower=0.5, upper=0.6), study("B", 0.5, lower=0.61, upper=0.8)]
    assert inconsistency(survival(apart, i2=74.9)).proposed == "serious"
    rating = inconsistency(survival(apart, i2=75.0))
    assert rating.proposed == "very_serious"
    assert "the CIs of A and B do not overlap" in rating.reason


def test_inconsistency_survival_prediction_interval_width():
    two = [study("A", 0.5), study("B", 0.5)]
    assert inconsistency(survival(two, i2=10.0, pi_lower=0.5, pi_upper=0.8)).proposed == "not_serious"
    assert inconsistency(survival(two, i2=10.0, pi_lower=0.5, pi_upper=0.81)).proposed == "serious"


def test_inconsistency_hazard_ratio_prediction_interval_crossing_one():
    two = [study("A", 0.5, lower=1.1, upper=2.0), study("B", 0.5, lower=1.2, upper=2.5)]
    assert inconsistency(hr(1.1, 2.0, two, i2=10.0, pi_lower=0.9, pi_upper=2.4)).proposed == "serious"
    assert inconsistency(hr(1.1, 2.0, two, i2=10.0, pi_lower=1.01, pi_upper=2.4)).proposed == "not_serious"


def test_one_study_cannot_be_inconsistent():
    assert inconsistency(survival([study()])).reason == "one study: consistency cannot be judged"


@pytest.mark.parametrize(
    ("lower", "upper", "expected"),
    [(0.60, 0.80, "not_serious"), (0.60, 0.8001, "serious"), (0.40, 0.80, "serious"), (0.40, 0.8001, "very_serious")],
)
def test_imprecision_survival_ci_width(lower, upper, expected):
    assert imprecision(survival([study()], lower=lower, upper=upper)).proposed == expected


@pytest.mark.parametrize(
    ("lower", "upper", "expected"),
    [
        (1.05, 3.0, "not_serious"),  # excludes 1
        (0.85, 1.20, "not_serious"),  # includes 1, but no important effect
        (0.85, 1.30, "serious"),  # includes 1 and 1.25
        (0.79, 1.20, "serious"),  # includes 1 and 0.80
        (0.80, 1.25, "not_serious"),  # at both thresholds, not beyond
        (0.70, 1.40, "very_serious"),  # includes 1, 0.80 and 1.25
    ],
)
def test_imprecision_hazard_ratio_against_one_and_important_effects(lower, upper, expected):
    assert imprecision(hr(lower, upper)).proposed == expected


def test_one_cohorts_survival_is_imprecise_because_its_ci_ignores_censoring():
    one = BodyOfEvidence("survival", (study(),), 0.7, 0.65, 0.75, False)
    assert imprecision(one).proposed == "serious"
    assert imprecision(replace(one, pooled=True)).proposed == "not_serious"


def test_nothing_to_grade_is_refused():
    with pytest.raises(ValueError, match="no study to grade"):
        grade(BodyOfEvidence("survival", (), None, None, None, False))


def test_imprecision_without_a_summary_estimate_is_serious():
    body = BodyOfEvidence("hazard_ratio", (study("A"), study("B")), None, None, None, False)
    assert imprecision(body).proposed == "serious"


def test_indirectness_counts_the_ways_the_cohorts_differ():
    assert indirectness(survival([study()])).proposed == "not_serious"
    assert indirectness(survival([study()], indirect=("grade not reported",))).proposed == "serious"
    three = ("a", "b", "c")
    assert indirectness(survival([study()], indirect=three[:2])).proposed == "serious"
    assert indirectness(survival([study()], indirect=three)).proposed == "very_serious"


def test_indirectness_by_era_above_half_the_weight():
    half = [study("Old", 0.5, accrual_end=1999), study("New", 0.5, accrual_end=2010)]
    assert indirectness(survival(half)).proposed == "not_serious"
    most = [study("Old", 0.51, accrual_end=1999), study("New", 0.49, accrual_end=2010)]
    assert "51% of the weight from series accrued before 2000" in indirectness(survival(most)).reason


def test_publication_bias_is_not_assessable_below_ten_studies():
    nine = [study(str(i), 1.0) for i in range(9)]
    rating = publication_bias(survival(nine))
    assert rating.proposed == "not_serious"
    assert rating.reason.startswith("not assessable with 9 studies (fewer than 10")


# R 4.x, metafor 4.x: regtest(yi, sei^2, model = "lm") -> t = 6.5471, df = 9, p = 0.000106 (printed 0.0001)
YI = [0.10, 0.35, -0.05, 0.42, 0.61, 0.20, 0.05, 0.80, 0.33, 0.15, 0.52]
SEI = [0.10, 0.25, 0.12, 0.30, 0.40, 0.15, 0.11, 0.45, 0.22, 0.14, 0.35]


def test_egger_test_equals_metafor_regtest():
    _, p = egger_test(YI, SEI)
    assert p == pytest.approx(0.000106, abs=5e-7)


def test_publication_bias_from_ten_studies_uses_egger():
    studies = [study(str(i), 1.0, log_estimate=y, se=s) for i, (y, s) in enumerate(zip(YI, SEI, strict=True))]
    rating = publication_bias(survival(studies))
    assert rating.proposed == "serious" and rating.reason.endswith("(small-study effect)")
    assert egger_test(YI, SEI)[1] < 0.10


def test_certainty_starts_high_and_rates_down_to_very_low_at_most():
    clean = survival([study("L", 1.0, "low")], lower=0.65, upper=0.75)
    assert grade(clean).level == "high"
    assert grade(clean).text == "⊕⊕⊕⊕ high"
    worst = survival(
        [study("H", 0.6, "high", lower=0.2, upper=0.3), study("L", 0.4, "low", lower=0.7, upper=0.9)],
        lower=0.2,
        upper=0.9,
        i2=90.0,
        indirect=("a", "b", "c"),
    )
    assert grade(worst).level == "very low"


def test_an_override_replaces_the_rule_and_both_are_shown():
    body = survival([study("L", 1.0, "low")], lower=0.6, upper=0.85)  # imprecision: serious by rule
    assert grade(body).level == "moderate"
    overridden = grade(body, {"imprecision": ("not_serious", "The CI excludes any survival that would change a plan.")})
    assert overridden.level == "high"
    (note,) = overridden.footnotes
    assert note.startswith("Imprecision: not serious (curator's override; the rule proposed serious: the 95% CI spans")
    assert note.endswith("The CI excludes any survival that would change a plan.")


def test_footnotes_give_one_line_per_downgrade():
    body = survival([study("H", 1.0, "high")], lower=0.5, upper=0.75)
    assert grade(body).footnotes == (
        "Risk of bias: very serious, 100% of the pooled weight from studies at high risk (H).",
        "Imprecision: serious, the 95% CI spans 25.0 percentage points (more than 20).",
    )
    assert grade(replace(body, studies=(study("L", 1.0, "low"),))).level == "moderate"


def test_publication_bias_with_equally_precise_studies_says_egger_cannot_be_computed():
    same = [study(str(i), 1.0, log_estimate=0.1 * i, se=0.2) for i in range(12)]  # e.g. copies of one cohort size
    rating = publication_bias(survival(same))
    assert (rating.proposed, rating.reason) == (
        "not_serious",
        "every study equally precise: Egger's test cannot be computed",
    )
