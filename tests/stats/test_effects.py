"""Derived log hazard ratios against the Tierney (2007) / Parmar (1998) formulas evaluated in R.

Each expected number is R arithmetic (quoted above it; tests/reference/make_reference.R prints
them). Tolerance 1e-9: closed forms, R printed 10 significant digits.
"""

from __future__ import annotations

import math

import pytest

from stats.effects import from_ci, from_p_value, from_survival_proportions, implied_p_from_ci

R_DIGITS = 1e-9


def test_se_from_a_95_ci():
    # (log(9.2) - log(1.7)) / (2 * qnorm(0.975))
    se_from_95_ci = 0.4307669035
    effect = from_ci(3.9, 1.7, 9.2)
    assert effect.se == pytest.approx(se_from_95_ci, abs=R_DIGITS)
    assert effect.log_hr == math.log(3.9) and effect.hr == pytest.approx(3.9)
    assert effect.reported and effect.method == "from 95% CI (Tierney 2007)" and "Tierney" in effect.reference
    assert effect.inputs == {"hr": 3.9, "lower": 1.7, "upper": 9.2, "level": 0.95}


def test_se_from_a_90_ci():
    # (log(2.4) - log(1.1)) / (2 * qnorm(0.95))
    se_from_90_ci = 0.2371513625
    effect = from_ci(1.6, 1.1, 2.4, level=0.90)
    assert effect.se == pytest.approx(se_from_90_ci, abs=R_DIGITS) and effect.method == "from 90% CI (Tierney 2007)"


def test_p_implied_by_a_ci():
    # 2 * pnorm(-abs(log(15.63)) / ((log(56.8) - log(4.30)) / (2 * qnorm(0.975))))
    implied_p = 2.973331253e-05
    assert implied_p_from_ci(15.63, 4.30, 56.8) == pytest.approx(implied_p, rel=1e-9)


def test_hr_from_p_value_with_unequal_arms():
    # V <- 120*70*50/120^2; c(-qnorm(1 - 0.03/2)/sqrt(V), 1/sqrt(V))
    from_p_unequal = dict(log_hr=-0.401822658, se=0.18516402)
    effect = from_p_value(0.03, 120, n1=70, n2=50, hr=0.7)
    assert effect.log_hr == pytest.approx(from_p_unequal["log_hr"], abs=R_DIGITS)
    assert effect.se == pytest.approx(from_p_unequal["se"], abs=R_DIGITS)
    assert not effect.reported and effect.method == "from p-value and events (Tierney 2007)"


def test_hr_from_p_value_with_equal_arms_and_one_sided():
    # V <- 100/4; c(qnorm(1 - 0.05/2)/sqrt(V), 1/sqrt(V))
    from_p_equal = dict(log_hr=0.3919927969, se=0.2)
    effect = from_p_value(0.05, 100, direction=+1)
    assert (effect.log_hr, effect.se) == pytest.approx((from_p_equal["log_hr"], from_p_equal["se"]), abs=R_DIGITS)
    assert from_p_value(0.05, 100, direction=-1).log_hr == pytest.approx(-from_p_equal["log_hr"], abs=R_DIGITS)
    # V <- 100/4; qnorm(1 - 0.05)/sqrt(V)   (one-sided p)
    from_p_one_sided = 0.3289707254
    assert from_p_value(0.05, 100, direction=1, two_sided=False).log_hr == pytest.approx(from_p_one_sided, abs=R_DIGITS)


def test_hr_from_survival_proportions():
    # log(log(0.6)/log(0.45)); sqrt((1-s1)/(n1*s1*log(s1)^2) + (1-s2)/(n2*s2*log(s2)^2)) with n1=80, n2=90
    from_survival = dict(log_hr=-0.4467163191, se=0.2307249407)
    effect = from_survival_proportions(0.6, 0.45, 80, 90)
    assert effect.log_hr == pytest.approx(from_survival["log_hr"], abs=R_DIGITS)
    assert effect.se == pytest.approx(from_survival["se"], abs=R_DIGITS)
    assert "proportional hazards" in effect.assumptions
    no_n = from_survival_proportions(0.6, 0.45)
    assert no_n.se is None and no_n.ci_lower is None


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: from_ci(3.0, 1.7, 2.2), "outside its CI"),
        (lambda: from_ci(-0.2, -0.5, 0.1), "positive"),
        (lambda: from_p_value(0.0001, 50), "exactly one of direction"),
        (lambda: from_p_value(1.0, 50, direction=1), "strictly between 0 and 1"),
        (lambda: from_p_value(0.04, 50, n1=30, direction=1), "both arm sizes"),
        (lambda: from_survival_proportions(1.0, 0.5), "strictly between 0 and 1"),
    ],
)
def test_bad_inputs_say_what_to_do(call, message):
    with pytest.raises(ValueError, match=message):
        call()
